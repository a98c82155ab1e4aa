// Shell: the counted fields of every rating in this process's memory, so the statistics of a
// county or of the whole installation are one pass over typed arrays (a few ms for 1,000,000
// ratings) instead of several GROUP BYs over the table. Loaded on first use; then every query
// first reads, at most once a second, the ratings changed since the last look and the new ones (id
// above the largest seen), so every process follows the database within a second. "Changed since"
// is updated_at ≥ the newest seen minus LOOKBACK_MS (index rating_updated, migration 0028): a write
// need not carry a newer updated_at than the newest already seen — two writes in one millisecond
// (or a fixed clock), a transaction that took its time before a later one committed, another
// process's clock a little behind — and re-reading the last few seconds costs little (put is
// idempotent). The database stays the source of truth (statistics.queries.ts answers the same
// tallies in SQL; test/db/ratings-results.db.test.ts checks both agree).
import type { Db } from '../../schema.ts';
import { emptyTally, type Tally } from './statistics.ts';
import { isNamed } from './rating-input.ts';
import type { GroupBy, StatsFilter } from './statistics.queries.ts';

const REFRESH_MS = 1000;
/** How far before the newest updated_at seen each look starts again (see the header). */
export const LOOKBACK_MS = 10_000;
const LOAD_BATCH = 50_000;
const DAY_MS = 86_400_000;

/** Interns strings to small integers (organisations, venues, items, windows, 工号). */
class Interner {
  readonly keys: string[] = [];
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let i = this.ids.get(key);
    if (i === undefined) { i = this.keys.length; this.keys.push(key); this.ids.set(key, i); }
    return i;
  }
  find(key: string): number | undefined { return this.ids.get(key); }
}

const F_EXCLUDED = 1;
const F_NAMED_BAD = 2;
const F_CALLED = 4;
const F_RECTIFIED = 8;

const dayOf = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
/** Months since year 0: 2026-03 → 2026 × 12 + 2. */
const monthOf = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

interface Row {
  id: number; org_code: string; org_path: string; venue_public_id: string | null; item_public_id: string | null; window_code: string | null; staff_no: string | null;
  level: number; is_bad: number; rater_name: string | null; rater_phone: string | null; rated_on: string; called_back_on: string | null; rectified_on: string | null; excluded: number; updated_at: string;
}

/** seenAt − LOOKBACK_MS as the same ISO form updated_at is written in. */
function lookbackFrom(seenAt: string): string {
  const ms = Date.parse(seenAt);
  return Number.isFinite(ms) ? new Date(ms - LOOKBACK_MS).toISOString() : '';
}

function grow<T extends Int32Array | Uint8Array | Uint16Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

export class RatingStore {
  private n = 0;
  private slot = new Map<number, number>();
  private org = new Int32Array(1024);
  private venue = new Int32Array(1024);
  private item = new Int32Array(1024);
  private win = new Int32Array(1024);
  private staff = new Int32Array(1024);
  private day = new Int32Array(1024);
  private month = new Int32Array(1024);
  private rectDays = new Int32Array(1024);
  private level = new Uint8Array(1024);
  private flags = new Uint8Array(1024);
  private readonly orgs = new Interner();
  private readonly orgPaths: string[] = [];
  private readonly venues = new Interner();
  private readonly items = new Interner();
  private readonly windows = new Interner();
  private readonly staffNos = new Interner();
  private seenAt = '';
  /** Where the next look goes on when the last one filled a batch ((updated_at, id) keyset); null = from seenAt − LOOKBACK_MS. */
  private cursor: { at: string; id: number } | null = null;
  private maxId = 0;
  private loaded = false;
  private checkedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  get size(): number { return this.n; }

  /** Reads what changed since the last look (everything the first time); at most once a second unless forced. */
  async refresh(force = false): Promise<void> {
    if (!force && this.loaded && this.checkedAt && Date.now() - this.checkedAt < REFRESH_MS) return;
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        const base = () => this.db.selectFrom('rating').select(['id', 'org_code', 'org_path', 'venue_public_id', 'item_public_id', 'window_code', 'staff_no', 'level', 'is_bad', 'rater_name', 'rater_phone', 'rated_on', 'called_back_on', 'rectified_on', 'excluded', 'updated_at']);
        let more = false;
        if (!this.loaded) {
          // First load: by id in batches (keyset), the newest (updated_at, id) remembered.
          let after = 0;
          for (;;) {
            const rows = await base().where('id', '>', after).orderBy('id').limit(LOAD_BATCH).execute() as Row[];
            for (const r of rows) this.put(r);
            if (rows.length < LOAD_BATCH) break;
            after = Number(rows[rows.length - 1]!.id);
          }
          this.loaded = true;
        } else {
          // Changes: written since a little before the newest seen (index rating_updated), and new
          // rows by id whatever their updated_at — two range reads, never a scan.
          const maxId = this.maxId;
          const cursor = this.cursor;
          let q = base();
          if (cursor) q = q.where((eb) => eb.or([eb('updated_at', '>', cursor.at), eb.and([eb('updated_at', '=', cursor.at), eb('id', '>', cursor.id)])]));
          else if (this.seenAt) q = q.where('updated_at', '>=', lookbackFrom(this.seenAt));
          const changed = await q.orderBy('updated_at').orderBy('id').limit(LOAD_BATCH).execute() as Row[];
          const added = await base().where('id', '>', maxId).orderBy('id').limit(LOAD_BATCH).execute() as Row[];
          for (const r of changed) this.put(r);
          for (const r of added) this.put(r);
          const last = changed[changed.length - 1];
          this.cursor = changed.length === LOAD_BATCH && last ? { at: last.updated_at, id: Number(last.id) } : null;
          more = changed.length === LOAD_BATCH || added.length === LOAD_BATCH;
        }
        // a full batch of changes: look again at the next query
        this.checkedAt = more ? 0 : Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private put(r: Row): void {
    const id = Number(r.id);
    if (id > this.maxId) this.maxId = id;
    let i = this.slot.get(id);
    if (i === undefined) {
      i = this.n++;
      this.slot.set(id, i);
      const size = this.n;
      this.org = grow(this.org, size); this.venue = grow(this.venue, size); this.item = grow(this.item, size); this.win = grow(this.win, size);
      this.staff = grow(this.staff, size); this.day = grow(this.day, size); this.month = grow(this.month, size); this.rectDays = grow(this.rectDays, size); this.level = grow(this.level, size); this.flags = grow(this.flags, size);
    }
    const o = this.orgs.id(r.org_code);
    this.orgPaths[o] = r.org_path;
    this.org[i] = o;
    this.venue[i] = r.venue_public_id ? this.venues.id(r.venue_public_id) : -1;
    this.item[i] = r.item_public_id ? this.items.id(r.item_public_id) : -1;
    this.win[i] = r.window_code ? this.windows.id(`${r.venue_public_id ?? ''}/${r.window_code}`) : -1;
    this.staff[i] = r.staff_no ? this.staffNos.id(r.staff_no) : -1;
    const d = dayOf(r.rated_on);
    this.day[i] = d;
    this.month[i] = monthOf(r.rated_on);
    this.level[i] = Number(r.level);
    const bad = Number(r.is_bad) === 1;
    // named as rating-input.ts isNamed (a name and a phone: the workflow calls back only those)
    const named = bad && isNamed({ raterName: r.rater_name, raterPhone: r.rater_phone });
    const rectified = bad && !!r.rectified_on;
    this.flags[i] = (Number(r.excluded) === 1 ? F_EXCLUDED : 0) | (named ? F_NAMED_BAD : 0) | (named && r.called_back_on ? F_CALLED : 0) | (rectified ? F_RECTIFIED : 0);
    this.rectDays[i] = rectified ? dayOf(r.rectified_on as string) - d : 0;
    if (r.updated_at > this.seenAt) this.seenAt = r.updated_at;
  }

  /** The organisations inside the filter's subtrees, as a mask over the interned organisations; null = all. */
  private orgMask(paths: readonly string[] | null): Uint8Array | null {
    if (!paths || paths.includes('/')) return null;
    const mask = new Uint8Array(this.orgs.keys.length);
    for (let o = 0; o < mask.length; o++) if (paths.some((p) => (this.orgPaths[o] as string).startsWith(p))) mask[o] = 1;
    return mask;
  }

  /**
   * The tallies of each asked grouping (and 'total'), and how many ratings in the filter were
   * excluded — the same as statistics.queries.ts tallies/excludedCount, in one pass.
   */
  async tallies(f: StatsFilter, groups: readonly GroupBy[]): Promise<{ by: Record<string, Tally[]>; total: Tally; excluded: number }> {
    await this.refresh();
    const total = emptyTally('total');
    let excluded = 0;
    if (f.paths && !f.paths.length) return { by: Object.fromEntries(groups.map((g) => [g, []])), total, excluded };
    const mask = this.orgMask(f.paths);
    const venue = f.venue ? this.venues.find(f.venue) ?? -2 : -1;
    const item = f.item ? this.items.find(f.item) ?? -2 : -1;
    const from = dayOf(f.from);
    const to = dayOf(f.to);
    const monthFrom = monthOf(f.from);
    // One flat accumulator per grouping, indexed by the interned key (months: from the first month of the period).
    const accs = groups.map((g) => {
      const keys = g === 'org' ? this.org : g === 'venue' ? this.venue : g === 'item' ? this.item : g === 'window' ? this.win : g === 'staff' ? this.staff : this.month;
      const size = g === 'org' ? this.orgs.keys.length : g === 'venue' ? this.venues.keys.length : g === 'item' ? this.items.keys.length : g === 'window' ? this.windows.keys.length : g === 'staff' ? this.staffNos.keys.length : monthOf(f.to) - monthFrom + 1;
      return { g, keys, base: g === 'month' ? monthFrom : 0, size, stars: new Int32Array(size * 5), named: new Int32Array(size), called: new Int32Array(size), rect: new Int32Array(size), days: new Float64Array(size) };
    });
    const G = accs.length;
    const t = { stars: new Float64Array(5), named: 0, called: 0, rect: 0, days: 0 };
    for (let i = 0; i < this.n; i++) {
      const d = this.day[i] as number;
      if (d < from || d > to) continue;
      if (mask && !mask[this.org[i] as number]) continue;
      if (venue !== -1 && this.venue[i] !== venue) continue;
      if (item !== -1 && this.item[i] !== item) continue;
      const fl = this.flags[i] as number;
      if (fl & F_EXCLUDED) { excluded++; continue; }
      const lv = (this.level[i] as number) - 1;
      if (lv < 0 || lv > 4) continue;
      const days = this.rectDays[i] as number;
      t.stars[lv]!++;
      if (fl & F_NAMED_BAD) t.named++;
      if (fl & F_CALLED) t.called++;
      if (fl & F_RECTIFIED) { t.rect++; t.days += days; }
      for (let gi = 0; gi < G; gi++) {
        const a = accs[gi]!;
        const k = (a.keys[i] as number) - a.base;
        if (k < 0 || k >= a.size) continue;
        a.stars[k * 5 + lv]!++;
        if (fl & F_NAMED_BAD) a.named[k]!++;
        if (fl & F_CALLED) a.called[k]!++;
        if (fl & F_RECTIFIED) { a.rect[k]!++; a.days[k]! += days; }
      }
    }
    total.byStars = [t.stars[0]!, t.stars[1]!, t.stars[2]!, t.stars[3]!, t.stars[4]!];
    total.namedBad = t.named; total.namedBadCalledBack = t.called; total.rectified = t.rect; total.rectifyDays = t.days;
    const by: Record<string, Tally[]> = {};
    for (const a of accs) {
      const keyName = (k: number): string => {
        switch (a.g) {
          case 'org': return this.orgs.keys[k] as string;
          case 'venue': return this.venues.keys[k] as string;
          case 'item': return this.items.keys[k] as string;
          case 'window': return this.windows.keys[k] as string;
          case 'staff': return this.staffNos.keys[k] as string;
          default: { const m = k + a.base; return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`; }
        }
      };
      const list: Tally[] = [];
      for (let k = 0; k < a.size; k++) {
        const o = k * 5;
        const sA = a.stars;
        if (!(sA[o]! + sA[o + 1]! + sA[o + 2]! + sA[o + 3]! + sA[o + 4]!)) continue;
        list.push({ key: keyName(k), byStars: [sA[o]!, sA[o + 1]!, sA[o + 2]!, sA[o + 3]!, sA[o + 4]!], namedBad: a.named[k]!, namedBadCalledBack: a.called[k]!, rectified: a.rect[k]!, rectifyDays: a.days[k]! });
      }
      by[a.g] = list;
    }
    return { by, total, excluded };
  }

  /** Σ stars and count per venue over every counted rating, and over all of them (the map's prior). */
  async venueTotals(): Promise<{ byVenue: Map<string, { sum: number; count: number }>; all: { sum: number; count: number } }> {
    await this.refresh();
    const sum = new Float64Array(this.venues.keys.length);
    const cnt = new Int32Array(this.venues.keys.length);
    const all = { sum: 0, count: 0 };
    for (let i = 0; i < this.n; i++) {
      const v = this.venue[i] as number;
      if (v < 0 || (this.flags[i] as number) & F_EXCLUDED) continue;
      const lv = this.level[i] as number;
      sum[v] = (sum[v] as number) + lv; cnt[v] = (cnt[v] as number) + 1;
      all.sum += lv; all.count++;
    }
    const byVenue = new Map<string, { sum: number; count: number }>();
    for (let v = 0; v < cnt.length; v++) if ((cnt[v] as number) > 0) byVenue.set(this.venues.keys[v] as string, { sum: sum[v] as number, count: cnt[v] as number });
    return { byVenue, all };
  }

  /** Σ stars and count of every counted rating (the rankings' prior). */
  async starTotals(): Promise<{ sum: number; count: number }> {
    await this.refresh();
    const all = { sum: 0, count: 0 };
    for (let i = 0; i < this.n; i++) {
      if ((this.flags[i] as number) & F_EXCLUDED) continue;
      all.sum += this.level[i] as number; all.count++;
    }
    return all;
  }
}
