// Shell: the service map's commands and the nearest-venues query. The VenueFinder keeps the
// venue index and the calendar in memory, checks the database at most once a second for a new
// `venues_version` (reload) and for queue reports written by other processes (applied in place),
// so several processes stay consistent with the database within a second.
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { platformView } from '../../schema.ts';
import { findOrganisation, hasRoleOver, type Actor } from '../identity/index.ts';
import { dayInfoMemo } from './opening-hours.ts';
import { VenueIndex, type NearestQuery, type RankedVenue } from './venue-index.ts';
import { findVenue, loadIndexedVenues, queueChangesSince, readVersion, setQueue, venuesOfferingItem } from './service-map.repository.ts';
import { shortRegionCode } from '../../platform/geo/region-code.ts';
import { smStrings as s } from './service-map.strings.ts';

const REFRESH_MS = 1000;
/** Items whose offering venues are kept in memory (cleared whenever the venue set changes). */
const ITEM_CACHE_SIZE = 20_000;
/** A calendar change through another process shows in opening hours within a second. */
const CALENDAR_REFRESH_MS = 1000;

/** The 好差评 score of each rated venue (public id → Bayesian average and count), from the ratings module. */
export type VenueScores = () => Promise<ReadonlyMap<string, { score: number; count: number }>>;

export class VenueFinder {
  private scores: ReadonlyMap<string, { score: number; count: number }> | null = null;
  private index: VenueIndex | null = null;
  private version = -1;
  private calendar: WorkingCalendar | null = null;
  private checkedAt = 0;
  private calendarAt = 0;
  private queueSeen = '';
  private refreshing: Promise<void> | null = null;
  private readonly itemVenues = new Map<string, number[] | null>();

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly venueScores?: VenueScores) {}

  /** Reloads what changed in the database (at most once a second unless forced). */
  async refresh(force = false): Promise<void> {
    const nowMs = Date.now();
    if (!force && this.index && nowMs - this.checkedAt < REFRESH_MS) return;
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      try {
        const v = await readVersion(this.db);
        if (!this.index || v !== this.version || force) {
          const venues = await loadIndexedVenues(this.db);
          this.index = new VenueIndex(venues);
          this.scores = null;
          this.version = v;
          this.itemVenues.clear();
          this.queueSeen = venues.reduce((m, x) => (x.queueUpdatedAt && x.queueUpdatedAt > m ? x.queueUpdatedAt : m), '');
        } else {
          for (const q of await queueChangesSince(this.db, this.queueSeen)) {
            this.index.setQueue(q.id, q.waiting, q.minutes, q.at);
            if (q.at && q.at > this.queueSeen) this.queueSeen = q.at;
          }
        }
        if (!this.calendar || force || nowMs - this.calendarAt > CALENDAR_REFRESH_MS) {
          this.calendar = await loadCalendar(platformView(this.db));
          this.calendarAt = nowMs;
        }
        // The provider keeps its own cache (a new map at most every minute): applied when it changes.
        if (this.venueScores) {
          const scores = await this.venueScores();
          if (scores !== this.scores) { this.index.setRatingScores(scores); this.scores = scores; }
        }
        this.checkedAt = nowMs;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** The venues near a point, ranked; `itemPublicId` restricts to venues offering the item. */
  async nearest(q: Omit<NearestQuery, 'venueIds'> & { itemPublicId: string | null }): Promise<{ results: RankedVenue[]; itemFound: boolean }> {
    await this.refresh();
    let venueIds: number[] | null = null;
    if (q.itemPublicId) {
      let cached = this.itemVenues.get(q.itemPublicId);
      if (cached === undefined) {
        cached = await venuesOfferingItem(this.db, q.itemPublicId);
        if (this.itemVenues.size >= ITEM_CACHE_SIZE) this.itemVenues.delete(this.itemVenues.keys().next().value as string);
        this.itemVenues.set(q.itemPublicId, cached);
      }
      venueIds = cached;
      if (!venueIds) return { results: [], itemFound: false };
    }
    const index = this.index as VenueIndex;
    return { results: index.nearest({ ...q, venueIds }, dayInfoMemo(this.calendar as WorkingCalendar)), itemFound: true };
  }

  async calendarNow(): Promise<WorkingCalendar> {
    await this.refresh();
    return this.calendar as WorkingCalendar;
  }

  /** Applies a queue report written by this process at once (others see it within a second). */
  noteQueue(venueId: number, waiting: number, minutes: number, at: string): void {
    this.index?.setQueue(venueId, waiting, minutes, at);
  }

  get now(): Date { return this.clock.now(); }

  /** A venue's 好差评 score from the ratings, or null (show the imported rating, labelled as such). */
  async ratingOf(publicId: string): Promise<{ score: number; count: number } | null> {
    await this.refresh();
    return this.scores?.get(publicId) ?? null;
  }

  async countyCentres(): Promise<ReturnType<VenueIndex['countyCentres']>> {
    await this.refresh();
    return (this.index as VenueIndex).countyCentres();
  }
}

export const QUEUE_ROLES = ['admin', 'supervisor', 'editor', 'case_handler'] as const;

/** The organisation path of a venue's owner: from the organisation table, else derived from its code. */
export async function orgPathOf(db: Db, orgCode: string): Promise<string> {
  const org = await findOrganisation(db, orgCode);
  if (org) return org.path;
  const [gov, dept] = orgCode.split('-') as [string, string | undefined];
  const full = gov.padEnd(12, '0');
  const chain: string[] = [];
  for (const len of [2, 4, 6, 9, 12]) {
    const c = shortRegionCode(full.slice(0, len).padEnd(12, '0'));
    if (!chain.includes(c)) chain.push(c);
    if (c === gov) break;
  }
  return `/${chain.join('/')}/${dept ? `${orgCode}/` : ''}`;
}

export type QueueResult =
  | { ok: true; venueId: number; waiting: number; waitMinutes: number; updatedAt: string }
  | { ok: false; status: 404 | 403; code: string; message: string };

/** Sets a venue's live queue (from its call system). Role + organisation scope; audited. */
export async function reportQueue(deps: { db: Db; clock: Clock; finder: VenueFinder }, actor: Actor, publicId: string, waiting: number, waitMinutes: number, requestId: string | null): Promise<QueueResult> {
  const { db, clock } = deps;
  const venue = await findVenue(db, publicId);
  if (!venue) return { ok: false, status: 404, code: 'venue_not_found', message: s.venueNotFound(publicId) };
  const path = await orgPathOf(db, venue.orgCode);
  if (!hasRoleOver(actor, QUEUE_ROLES, path)) return { ok: false, status: 403, code: 'forbidden', message: s.errors.queueForbidden };
  const now = clock.now();
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    await setQueue(trx, venue.id, waiting, waitMinutes, at);
    await recordAudit(platformView(trx), now, {
      actorId: actor.userId, actorLabel: actor.username, action: 'venue.queue', entity: 'sm_venue', entityId: venue.publicId,
      before: { waiting: venue.queueWaiting, wait_minutes: venue.queueWaitMinutes }, after: { waiting, wait_minutes: waitMinutes }, requestId, orgCode: venue.orgCode,
    });
  });
  deps.finder.noteQueue(venue.id, waiting, waitMinutes, at);
  return { ok: true, venueId: venue.id, waiting, waitMinutes, updatedAt: at };
}
