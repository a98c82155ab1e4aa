// Shell: the hall display's content — every section of one venue computed from the figures the
// portal's home and section pages already use (each module's index.ts), scoped to the venue's
// government subtree, serialised once and kept in memory a few seconds per venue, so a thousand
// screens polling the same venue cost one computation and one JSON string (with its ETag). Also the
// settings of a venue (which sections, in which order, how long; the kiosk's idle timeout):
// checked at the boundary (parseSettings, PURE part) and written with its audit entry.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { platformView, type Db } from '../../schema.ts';
import { countVisibleSince, latestVisible } from '../disclosures/index.ts';
import { latestPublicReplies, periodFigures, formatRate, type OnTimeOptions } from '../interaction/index.ts';
import { yearFigures } from '../applications/index.ts';
import { serviceFigures, venueServiceFigures } from '../service-map/index.ts';
import { countRegions } from '../regions/index.ts';
import { countPublishedCatalogs } from '../catalogs/index.ts';
import type { RatingResults } from '../ratings/index.ts';
import { getChannelSettings } from './settings.repository.ts';
import { findChannelVenue, type ChannelVenue } from './venues.ts';
import { DISPLAY_SECONDS_MAX, DISPLAY_SECONDS_MIN, DISPLAY_SECTIONS, KIOSK_IDLE_MAX, KIOSK_IDLE_MIN, type DisplaySection, type DisplaySlot } from './vocabulary.ts';
import { displayStrings as s } from './display.strings.ts';

export interface Figure { label: string; value: string; unit: string }
export interface ListLine { title: string; meta: string }
export interface SectionContent { figures: Figure[]; listTitle: string; list: ListLine[]; note: string }
export interface DisplaySnapshot {
  version: string;
  venue: { name: string };
  slots: { section: DisplaySection; label: string; seconds: number }[];
  sections: Record<DisplaySection, SectionContent>;
}
/** A snapshot with its JSON text and ETag, shared by every client of the venue until it expires. */
export interface SnapshotEntry { snapshot: DisplaySnapshot; json: string; etag: string }

/** One venue's kept snapshot and the computation under way, if any. */
interface MemoEntry { at: number; ready: SnapshotEntry | null; loading: Promise<SnapshotEntry | null> | null }

export interface DisplayDeps {
  db: Db;
  clock: Clock;
  onTime: OnTimeOptions;
  ratings: RatingResults;
  /** How many open API operations (数据开放); read from the OpenAPI document by the routes. */
  apiOperations: () => number;
  /** How long one venue's snapshot is kept (ms). */
  cacheMs: number;
  /** At most this many venues' snapshots are kept (the least recently asked for is dropped first); default 500. */
  maxVenues?: number;
}

const LIST = 6;
// A 村（居）委会 is no administrative organ (it receives no 依申请公开, publishes under 村务公开): a
// village's screen shows its township's government, the village included.
const GOVERNMENT_KINDS = new Set(['government', 'township_government']);
const n = (v: number) => v.toLocaleString('zh-CN');
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : s.none);

/** The government whose subtree a venue's screen shows: the venue's organisation's nearest government (人民政府、乡镇街道) ancestor or itself; else the organisation. */
export async function governmentPath(db: Db, orgPath: string): Promise<string> {
  const parts = orgPath.split('/').filter(Boolean);
  const prefixes = parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
  const rows = await db.selectFrom('organisation').select(['path', 'kind']).where('path', 'in', prefixes).execute();
  const gov = rows.filter((r) => GOVERNMENT_KINDS.has(r.kind)).sort((a, b) => b.path.length - a.path.length)[0];
  return gov?.path ?? orgPath;
}

/** At most this many item groups on the screen (the calling system's groups, by position). */
const QUEUE_GROUPS = 5;
/** The recent wait is the mean of this many latest calls of the day. */
const RECENT_CALLS = 5;

/**
 * 排队叫号 of one venue today (issue 22 §2), from the queue tickets the queue module writes: per item
 * group the number called last, how many wait, and the mean wait of its latest calls. No ticket
 * today: no figures and 「暂无排队数据」 (never zeros that could be read as an empty hall).
 */
export async function queueContent(db: Db, venueId: number, today: string): Promise<SectionContent> {
  const [groups, tickets] = await Promise.all([
    db.selectFrom('qu_group').select(['code', 'name']).where('venue_id', '=', venueId).orderBy('position').orderBy('code').execute(),
    db.selectFrom('qu_ticket').select(['group_code', 'number', 'status', 'issued_at', 'called_at']).where('venue_id', '=', venueId).where('day_on', '=', today).execute(),
  ]);
  if (!tickets.length) return { figures: [], listTitle: s.queue.list, list: [], note: s.queue.empty };
  const names = new Map(groups.map((g) => [g.code, g.name]));
  const codes = [...groups.map((g) => g.code), ...[...new Set(tickets.map((x) => x.group_code))].filter((c) => !names.has(c)).sort()];
  const rows = codes.map((code) => {
    const mine = tickets.filter((x) => x.group_code === code);
    const called = mine.filter((x) => x.called_at).sort((a, b) => (a.called_at! < b.called_at! ? 1 : a.called_at! > b.called_at! ? -1 : 0));
    const recent = called.slice(0, RECENT_CALLS).map((x) => (Date.parse(x.called_at!) - Date.parse(x.issued_at)) / 60_000).filter((m) => Number.isFinite(m) && m >= 0);
    return {
      code, name: names.get(code) ?? code, calling: called[0]?.number ?? null, waiting: mine.filter((x) => x.status === 'waiting').length,
      wait: recent.length ? Math.round(recent.reduce((a, b) => a + b, 0) / recent.length) : null, any: mine.length > 0,
    };
  }).filter((r) => r.any).slice(0, QUEUE_GROUPS);
  return {
    figures: [
      { label: s.queue.waitingTotal, value: n(rows.reduce((a, r) => a + r.waiting, 0)), unit: s.queue.unit },
      ...rows.map((r) => ({ label: s.queue.calling(r.name, r.code), value: r.calling ?? s.queue.notYet, unit: s.queue.waiting(r.waiting) })),
    ],
    listTitle: s.queue.list,
    list: rows.map((r) => ({ title: `${r.name}（${r.code}）`, meta: `${s.queue.waiting(r.waiting)} · ${r.wait === null ? s.queue.waitUnknown : s.queue.recentWait(r.wait)}` })),
    note: s.queue.hint,
  };
}

/** A 12-month window ending today (the ratings summary). */
function lastYear(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4)) - 1;
  return { from: `${y}${today.slice(4, 8)}01`, to: today };
}

export class DisplayService {
  private memo = new Map<string, MemoEntry>();

  constructor(private readonly deps: DisplayDeps) {}

  /**
   * The venue's snapshot (null: no such venue), from memory while younger than cacheMs. When it is
   * older, the first request starts the next computation and every request (that one included) is
   * answered the kept snapshot until the new one is ready — no screen waits for a recomputation;
   * requests before the first one share its load. A failed load keeps the old snapshot; an unknown
   * venue is not kept (the map holds existing venues only).
   */
  snapshotOf(publicId: string): Promise<SnapshotEntry | null> {
    const hit = this.memo.get(publicId);
    // most recently asked for last (Map order): a crawler walking every venue's screen cannot make
    // the process keep thousands of snapshots, and the screens really running stay in memory
    if (hit) { this.memo.delete(publicId); this.memo.set(publicId, hit); }
    if (hit && Date.now() - hit.at < this.deps.cacheMs) return hit.ready ? Promise.resolve(hit.ready) : hit.loading!;
    if (hit?.ready) {
      if (!hit.loading) this.load(publicId, hit);
      return Promise.resolve(hit.ready);
    }
    if (hit?.loading) return hit.loading;
    const entry: MemoEntry = { at: Date.now(), ready: null, loading: null };
    this.memo.set(publicId, entry);
    const max = Math.max(1, this.deps.maxVenues ?? 500);
    for (const [id, e] of this.memo) {
      if (this.memo.size <= max) break;
      if (!e.loading) this.memo.delete(id);
    }
    return this.load(publicId, entry);
  }

  private load(publicId: string, entry: MemoEntry): Promise<SnapshotEntry | null> {
    const loading = (async () => {
      const venue = await findChannelVenue(this.deps.db, publicId);
      return venue ? this.compute(venue) : null;
    })();
    entry.loading = loading;
    loading.then((v) => {
      entry.loading = null;
      if (v) { entry.ready = v; entry.at = Date.now(); } else if (this.memo.get(publicId) === entry) this.memo.delete(publicId);
    }, () => {
      entry.loading = null;
      if (!entry.ready && this.memo.get(publicId) === entry) this.memo.delete(publicId);
    });
    return loading;
  }

  /** How many venues' snapshots (or their first computation) are kept now. */
  get keptVenues(): number { return this.memo.size; }

  /** Forget one venue's snapshot (after its settings are saved in this process). */
  forget(venuePublicId: string): void { this.memo.delete(venuePublicId); }

  private async compute(venue: ChannelVenue): Promise<SnapshotEntry> {
    const { db, clock, onTime } = this.deps;
    const now = clock.now();
    const today = clock.today();
    const year = Number(today.slice(0, 4));
    const since = new Date(Date.UTC(year, 0, 1) - 8 * 3600_000).toISOString();
    const gov = await governmentPath(db, venue.orgPath);
    // A 政务公开专区 or terminal inside a hall lists the items of the hall that hosts it.
    let itemVenueId = venue.id;
    if (venue.hostVenueId) {
      const own = await venueServiceFigures(db, venue.id);
      if (own.items === 0) {
        const host = await findChannelVenue(db, venue.hostVenueId);
        if (host) itemVenueId = host.id;
      }
    }
    const period = lastYear(today);
    const [settings, records, thisYear, items, itemNames, whole, regions, catalogs, apps, month, replies, rating, queue] = await Promise.all([
      getChannelSettings(db, venue.publicId),
      latestVisible(db, now.toISOString(), LIST, gov),
      countVisibleSince(db, now.toISOString(), since, gov),
      venueServiceFigures(db, itemVenueId),
      db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id').where('sm_venue_item.venue_id', '=', itemVenueId)
        .select(['sm_item.name', sql<number>`case when sm_item.online_url is not null or sm_item.mobile_url is not null then 1 else 0 end`.as('online')])
        .orderBy('sm_item.name').limit(LIST).execute(),
      serviceFigures(db),
      countRegions(db),
      countPublishedCatalogs(db),
      yearFigures(db, year, gov),
      periodFigures(db, clock, onTime, { paths: [gov] }),
      latestPublicReplies(db, LIST, gov),
      this.deps.ratings.compute({ org: null, venue: null, item: null, ...period }, [gov], { staff: false, tables: false }),
      queueContent(db, venue.id, today),
    ]);
    const queueKnown = venue.queueWaiting !== null && !!venue.queueUpdatedAt && venue.queueUpdatedAt >= new Date(Date.parse(`${today}T00:00:00+08:00`)).toISOString();
    const sections: Record<DisplaySection, SectionContent> = {
      disclosure: {
        figures: [{ label: s.disclosure.thisYear, value: n(thisYear), unit: s.disclosure.unit }],
        listTitle: s.disclosure.list,
        list: records.map((r) => ({ title: r.title, meta: `${r.publisher} ${r.publishedOn}` })),
        note: records.length ? '' : s.disclosure.empty,
      },
      services: {
        figures: [
          { label: s.services.items, value: n(items.items), unit: s.services.unit },
          { label: s.services.online, value: n(items.online), unit: items.items > 0 ? `${s.services.unit} · ${s.services.share(pct(items.online, items.items))}` : s.services.unit },
          ...(queueKnown ? [
            { label: s.services.queue, value: n(venue.queueWaiting ?? 0), unit: s.services.queueUnit },
            ...(venue.queueWaitMinutes !== null ? [{ label: s.services.wait, value: n(venue.queueWaitMinutes), unit: s.services.waitUnit }] : []),
          ] : []),
        ],
        listTitle: s.services.list,
        list: itemNames.map((i) => ({ title: i.name, meta: Number(i.online) ? s.services.online_tag : s.services.window_tag })),
        note: queueKnown ? '' : s.services.queueUnknown,
      },
      data: {
        figures: [
          { label: s.data.regions, value: n(regions), unit: s.data.unit },
          { label: s.data.venues, value: n(whole.venues), unit: s.data.unit },
          { label: s.data.items, value: n(whole.items), unit: s.data.unit },
          { label: s.data.catalogs, value: n(catalogs), unit: s.data.unit },
          { label: s.data.apis, value: n(this.deps.apiOperations()), unit: s.data.unit },
        ],
        listTitle: s.data.list, list: [], note: s.data.hint,
      },
      applications: {
        figures: [
          { label: s.applications.received, value: n(apps.received), unit: s.applications.unit },
          { label: s.applications.answered, value: n(apps.answered), unit: s.applications.unit },
          { label: s.applications.open, value: n(apps.open), unit: s.applications.unit },
        ],
        listTitle: s.applications.list, list: [], note: s.applications.hint,
      },
      interaction: {
        figures: [
          { label: s.interaction.received, value: n(month.total.received), unit: s.interaction.unit },
          { label: s.interaction.replied, value: n(month.total.replied), unit: s.interaction.unit },
          { label: s.interaction.rate, value: month.total.rate === null ? s.interaction.rateNone : formatRate(month.total.rate), unit: '' },
        ],
        listTitle: s.interaction.list,
        list: replies.map((r) => ({ title: r.title, meta: r.repliedOn })),
        note: replies.length ? '' : s.interaction.empty,
      },
      ratings: {
        figures: [
          { label: s.ratings.count, value: n(rating.total.count), unit: s.ratings.unit },
          { label: s.ratings.good, value: rating.total.goodRate === null ? s.ratings.none : `${Math.round(rating.total.goodRate * 1000) / 10}%`, unit: '' },
          { label: s.ratings.bad, value: n(rating.total.badCount), unit: s.ratings.unit },
          { label: s.ratings.rectified, value: rating.total.rectifyRate === null ? s.ratings.none : `${Math.round(rating.total.rectifyRate * 1000) / 10}%`, unit: '' },
        ],
        listTitle: s.ratings.list, list: [], note: s.ratings.hint,
      },
      queue,
    };
    const slots = settings.display.map((d) => ({ section: d.section, label: labelOf(DISPLAY_SECTIONS, d.section), seconds: d.seconds }));
    const body = { venue: { name: venue.name }, slots, sections };
    const version = createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 16);
    const snapshot: DisplaySnapshot = { version, ...body };
    return { snapshot, json: JSON.stringify(snapshot), etag: `"d-${version}"` };
  }
}

// ---- settings ---------------------------------------------------------------------------------

export interface SettingsInput { display: DisplaySlot[]; kioskIdleSeconds: number }
export type SettingsErrors = Record<string, string>;

const intIn = (raw: unknown, min: number, max: number): number | null => {
  const t = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,4}$/.test(t)) return null;
  const v = Number(t);
  return v >= min && v <= max ? v : null;
};

/** The settings form: for each section `show_{code}` (on), `order_{code}` (1–99), `seconds_{code}`; `idle`. Field names are the error keys. */
export function parseSettingsForm(values: Record<string, string>): { ok: true; value: SettingsInput } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const chosen: { slot: DisplaySlot; order: number }[] = [];
  for (const v of DISPLAY_SECTIONS.values) {
    if (!values[`show_${v.code}`]) continue;
    const order = intIn(values[`order_${v.code}`], 1, 99);
    const seconds = intIn(values[`seconds_${v.code}`], DISPLAY_SECONDS_MIN, DISPLAY_SECONDS_MAX);
    if (order === null) errors[`order_${v.code}`] = s.errors.order(v.label);
    if (seconds === null) errors[`seconds_${v.code}`] = s.errors.seconds(v.label);
    if (order !== null && seconds !== null) chosen.push({ slot: { section: v.code, seconds }, order });
  }
  if (!Object.keys(errors).length && !chosen.length) errors[`show_${DISPLAY_SECTIONS.values[0]!.code}`] = s.errors.noSection;
  if (new Set(chosen.map((c) => c.order)).size !== chosen.length) errors[`order_${chosen[0]!.slot.section}`] = s.errors.duplicateOrder;
  const idle = intIn(values.idle, KIOSK_IDLE_MIN, KIOSK_IDLE_MAX);
  if (idle === null) errors.idle = s.errors.idle;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { display: chosen.sort((a, b) => a.order - b.order).map((c) => c.slot), kioskIdleSeconds: idle! } };
}

/** Writes a venue's settings and its audit entry in one transaction. */
export async function saveSettings(db: Db, clock: Clock, who: Performer, venue: ChannelVenue, input: SettingsInput): Promise<void> {
  const at = clock.now();
  const before = await getChannelSettings(db, venue.publicId);
  const row = { org_code: venue.orgCode, kiosk_idle_seconds: input.kioskIdleSeconds, display_sections_json: JSON.stringify(input.display), updated_by: auditActor(who).actorLabel, updated_at: at.toISOString() };
  await inTransaction(db, async (trx) => {
    await trx.insertInto('channel_setting').values({ venue_public_id: venue.publicId, ...row })
      .onConflict((oc) => oc.column('venue_public_id').doUpdateSet(row)).execute();
    await recordAudit(platformView(trx), at, {
      ...auditActor(who), action: s.audit.action, entity: 'channel_setting', entityId: venue.publicId, orgCode: venue.orgCode,
      before: before.saved ? { kiosk_idle_seconds: before.kioskIdleSeconds, display: before.display } : undefined,
      after: { kiosk_idle_seconds: input.kioskIdleSeconds, display: input.display },
    });
  });
}
