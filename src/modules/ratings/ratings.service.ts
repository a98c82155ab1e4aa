// Shell: 政务服务「好差评」 submission and the 差评 workflow's commands. Every write runs in one
// transaction (rating + its events + the audit row of a staff write). Phones are masked wherever
// shown or logged (the audit masks them itself).
import { randomInt } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, identityService, parseOrgCode, type Actor, type Organisation } from '../identity/index.ts';
import { checkRatingInput, INPUT_CODES, isNamed, type CheckedRating, type RatingInput } from './rating-input.ts';
import * as repo from './ratings.repository.ts';
import { ratingStrings } from './ratings.strings.ts';
import { initialState } from './workflow.ts';

export type { RatingInput };

export interface RatingDeps {
  db: Db;
  clock: Clock;
}

/** Who submits: a staff member entering a paper form or a 12345 callback, or the public (optionally through a rating link). */
export type RatingSubmitter = { actor: Actor } | { public: true; linkId?: number };

export type SubmitResult = { ok: true; publicId: string } | { ok: false; code: string; errors: Record<string, string> };

/** Roles that may enter a rating on a unit's behalf (paper form, 12345 callback). */
export const ENTRY_ROLES = ['admin', 'supervisor', 'case_handler'] as const;

const s = ratingStrings.input;

/** Crockford-style alphabet without I, L, O, U, 0 and 1 (read over the phone). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A rating's public id: 'PJ' + 12 random characters (30^12 ≈ 5 × 10^17). */
export function newRatingPublicId(): string {
  let out = 'PJ';
  for (let i = 0; i < 12; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** The county (区县) whose time limits apply to an organisation: 130427-mzj → 130427; a town → its county. */
export function countyOf(orgCode: string): string {
  const parsed = parseOrgCode(orgCode);
  return parsed ? parsed.regionCode.slice(0, 6) : orgCode;
}

/** The short form of a 12-digit region code (130427000000 → 130427, 130427100000 → 130427100). */
function shortRegion(code: string): string {
  const c = code.padEnd(12, '0');
  for (const len of [2, 4, 6, 9]) if (/^0+$/.test(c.slice(len))) return c.slice(0, len);
  return c;
}

/** Same subtree either way: a hall of the county government rated for one of its departments, or a town's venue for the county. */
function related(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

interface Placed {
  org: Organisation;
}

/** The checks that need the database: the organisation, its venue, item and window, the re-rated rating. */
async function place(db: Db, r: CheckedRating, by: RatingSubmitter): Promise<{ ok: true; value: Placed } | { ok: false; code: string; errors: Record<string, string> }> {
  const org = await findOrganisation(db, r.orgCode);
  if (!org || org.disabled) return { ok: false, code: INPUT_CODES.org, errors: { org: s.orgUnknown(r.orgCode.slice(0, 40)) } };
  if ('actor' in by) {
    const scopes = await identityService.officeScopes(db, by.actor, ENTRY_ROLES);
    if (!scopes.some((p) => org.path.startsWith(p))) return { ok: false, code: 'rating_not_your_unit', errors: { org: s.orgOutOfScope } };
  }
  const errors: Record<string, string> = {};
  const codes: string[] = [];
  if (r.venuePublicId) {
    const v = await repo.findVenueOrg(db, r.venuePublicId);
    const vOrg = v ? await findOrganisation(db, v.orgCode) : null;
    if (!v || !(vOrg ? related(vOrg.path, org.path) : related(shortRegion(v.regionCode), shortRegion(org.regionCode)))) {
      errors.venue = s.venueUnknown(r.venuePublicId);
      codes.push('rating_venue_unknown');
    } else if (r.windowCode) {
      const w = await repo.findWindow(db, r.venuePublicId, r.windowCode);
      if (!w || !w.active) {
        errors.window = s.windowUnknown(r.windowCode);
        codes.push('rating_window_unknown');
      }
    }
  }
  if (r.itemPublicId) {
    const region = await repo.findItemRegion(db, r.itemPublicId);
    const ok = region !== null && (related(shortRegion(region), shortRegion(org.regionCode)) || (!!r.venuePublicId && (await repo.venueOffersItem(db, r.venuePublicId, r.itemPublicId))));
    if (!ok) {
      errors.item = s.itemUnknown(r.itemPublicId);
      codes.push('rating_item_unknown');
    }
  }
  if (r.reratingOf) {
    const prev = await repo.findRatingByPublicId(db, r.reratingOf);
    if (!prev || prev.org_code !== org.code) {
      errors.rerating_of = s.reratingUnknown(r.reratingOf);
      codes.push('rating_rerating_unknown');
    } else if (!['replied', 'closed'].includes(prev.state)) {
      errors.rerating_of = s.reratingNotReplied;
      codes.push('rating_rerating_not_replied');
    }
  }
  if (codes.length) return { ok: false, code: codes[0]!, errors };
  return { ok: true, value: { org } };
}

/**
 * Submits one rating from any channel. The input is checked at the boundary (rating-input.ts),
 * then against the database; the rating and its first event (`rated`) are written in one
 * transaction. A 差评 goes to the responsible unit (谁办理、谁负责): `callback_due` for a named
 * rater (回访), `rectify_due` for an anonymous one, with due dates on the county's working-day
 * calendar (rating_setting or DEFAULT_SETTINGS).
 */
export async function submitRating(deps: RatingDeps, input: RatingInput, by: RatingSubmitter): Promise<SubmitResult> {
  const now = deps.clock.now();
  const today = localDateOf(now);
  const reasons = (await repo.listReasons(deps.db)).filter((r) => r.active);
  const checked = checkRatingInput(input, { today, reasons });
  if (!checked.ok) return checked;
  const r = checked.value;
  const placed = await place(deps.db, r, by);
  if (!placed.ok) return placed;
  const { org } = placed.value;
  const settings = await repo.getSettings(deps.db, countyOf(org.code));
  const cal = await loadCalendar(platformView(deps.db));
  const start = initialState(r.bad, isNamed(r), today, settings, cal);
  const at = now.toISOString();
  const actorName = 'actor' in by ? by.actor.username : 'public';
  for (let attempt = 0; ; attempt++) {
    const publicId = newRatingPublicId();
    try {
      await inTransaction(deps.db, async (trx) => {
        const row = await trx.insertInto('rating').values({
          public_id: publicId, org_code: org.code, org_path: org.path, subject: r.subject,
          venue_public_id: r.venuePublicId, item_public_id: r.itemPublicId, window_code: r.windowCode, staff_no: r.staffNo, case_ref: r.caseRef,
          channel: r.channel, level: r.level, is_bad: r.bad ? 1 : 0, indicators_json: JSON.stringify(r.indicators), reasons_json: JSON.stringify(r.reasons),
          text: r.text, rater_name: r.raterName, rater_phone: r.raterPhone, rated_on: r.ratedOn, rated_at: at,
          entered_by: 'actor' in by ? by.actor.username : null, state: start.state, callback_due_on: start.callbackDueOn, rectify_due_on: start.rectifyDueOn,
          excluded: 0, rerating_of: r.reratingOf, created_at: at, updated_at: at,
        }).returning('id').executeTakeFirstOrThrow();
        const payload = { level: r.level, channel: r.channel, bad: r.bad, ...('public' in by && by.linkId !== undefined ? { link_id: by.linkId } : {}), ...(r.reratingOf ? { rerating_of: r.reratingOf } : {}) };
        await trx.insertInto('rating_event').values({
          rating_id: Number(row.id), seq: 1, kind: 'rated', on_date: r.ratedOn, payload_json: JSON.stringify(payload),
          actor: actorName, actor_org_code: null, at,
        }).execute();
        if ('actor' in by) {
          await recordAudit(platformView(trx), now, {
            actorId: by.actor.userId, actorLabel: by.actor.username, action: 'rating.enter', entity: 'rating', entityId: publicId, orgCode: org.code,
            after: { subject: r.subject, channel: r.channel, level: r.level, reasons: r.reasons, rated_on: r.ratedOn, rater_name: r.raterName, rater_phone: r.raterPhone, state: start.state },
          });
        }
      });
      return { ok: true, publicId };
    } catch (e) {
      if (attempt < 3 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}
