// Shell: the 好差评 results — the filters of the statistics pages and API read and checked, the
// figures of each table computed (statistics.queries.ts → statistics.ts), and the venue scores the
// service map ranks by (an injected provider: service-map never imports this module).
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { findOrganisation } from '../identity/index.ts';
import { bayesianAverage, priorMean, round2 } from './bayes.ts';
import { figuresOf, starTotals, threeLevelFigures, type Figures, type ThreeLevelFigures } from './statistics.ts';
import { namesOf, threeLevelCounts, type GroupBy, type StatsFilter } from './statistics.queries.ts';
import { RatingStore } from './rating-store.ts';
import { resultStrings as s } from './results.strings.ts';

export interface StatsParams {
  org: { code: string; name: string; path: string } | null;
  venue: { publicId: string; name: string } | null;
  item: { publicId: string; name: string } | null;
  from: string;
  to: string;
}

export type ParamError = { field: 'org' | 'venue' | 'item' | 'from' | 'to'; code: string; message: string; status: 400 | 403 };

/** The longest period one request may ask for (ten years). */
const MAX_DAYS = 3660;

/** The default period: the first day of the month eleven months back … today (twelve months). */
export function defaultPeriod(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 11;
  const yy = m <= 0 ? y - 1 : y;
  const mm = m <= 0 ? m + 12 : m;
  return { from: `${yy}-${String(mm).padStart(2, '0')}-01`, to: today };
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * Reads org/venue/item/from/to (each one string). `grant` (staff pages): the subtrees the caller
 * may see — an organisation outside them is 403, never its figures.
 */
export async function readParams(db: Db, q: Record<string, string | undefined>, today: string, grant: readonly string[] | null = null): Promise<{ ok: true; value: StatsParams } | { ok: false; error: ParamError }> {
  const fail = (field: ParamError['field'], code: string, message: string, status: 400 | 403 = 400) => ({ ok: false as const, error: { field, code, message, status } });
  const def = defaultPeriod(today);
  const from = (q.from ?? '').trim() || def.from;
  const to = (q.to ?? '').trim() || def.to;
  if (!isLocalDate(from)) return fail('from', 'invalid_date', s.errors.badDate(s.filters.from));
  if (!isLocalDate(to)) return fail('to', 'invalid_date', s.errors.badDate(s.filters.to));
  if (from > to) return fail('to', 'invalid_period', s.errors.toBeforeFrom);
  if (daysBetween(from, to) > MAX_DAYS) return fail('from', 'period_too_long', s.errors.tooLong);
  let org: StatsParams['org'] = null;
  const orgCode = (q.org ?? '').trim();
  if (orgCode) {
    const o = await findOrganisation(db, orgCode.slice(0, 100));
    if (!o || o.disabled) return fail('org', 'unknown_org', s.errors.unknownOrg(orgCode.slice(0, 50)));
    if (grant && !grant.some((p) => p === '/' || o.path.startsWith(p))) return fail('org', 'org_outside_grant', s.errors.outsideGrant, 403);
    org = { code: o.code, name: o.name, path: o.path };
  }
  let venue: StatsParams['venue'] = null;
  const venueId = (q.venue ?? '').trim();
  if (venueId) {
    const v = await db.selectFrom('sm_venue').select(['public_id', 'name']).where('public_id', '=', venueId.slice(0, 100)).executeTakeFirst();
    if (!v) return fail('venue', 'unknown_venue', s.errors.unknownVenue(venueId.slice(0, 50)));
    venue = { publicId: v.public_id, name: v.name };
  }
  let item: StatsParams['item'] = null;
  const itemId = (q.item ?? '').trim();
  if (itemId) {
    const i = await db.selectFrom('sm_item').select(['public_id', 'name']).where('public_id', '=', itemId.slice(0, 100)).executeTakeFirst();
    if (!i) return fail('item', 'unknown_item', s.errors.unknownItem(itemId.slice(0, 50)));
    item = { publicId: i.public_id, name: i.name };
  }
  return { ok: true, value: { org, venue, item, from, to } };
}

export interface NamedFigures extends Figures { name: string }

export interface StatsView {
  params: StatsParams;
  total: Figures;
  /** Ratings in the filter removed on an upheld appeal (left out of every figure). */
  excluded: number;
  /** The prior mean of the ranking scores (the installation's mean stars). */
  prior: number;
  orgs: NamedFigures[];
  venues: NamedFigures[];
  items: NamedFigures[];
  months: Figures[];
  /** How many rows each ranked list has in all (a page's lists hold only the first ones shown). */
  listed?: Partial<Record<GroupBy, number>>;
  /** Staff pages only: windows ("venue/window code") and 工号. */
  windows?: NamedFigures[];
  staff?: NamedFigures[];
  /** 民心直通车 replies and 12345 orders: their own 3-level rating, beside (never in) the figures above. */
  threeLevel: ThreeLevelFigures[];
}

export interface VenueScore { score: number; count: number }

const NO_SCORES: ReadonlyMap<string, VenueScore> = new Map();

/** The ratings module's results: statistics and the venue scores of the map, with short caches. */
export class RatingResults {
  private priorMemo: { at: number; value: number } | null = null;
  private scoresMemo: { at: number; value: Map<string, VenueScore> } | null = null;
  private scoresLoading: Promise<Map<string, VenueScore>> | null = null;

  /** cacheMs: how long the prior and the venue scores are kept (the map asks at most that often). */
  /** Every rating's counted fields in memory (rating-store.ts), following the database within a second. */
  readonly store: RatingStore;

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly cacheMs = 60_000) {
    this.store = new RatingStore(db);
  }

  /** The installation's mean stars (prior of every ranking), kept cacheMs. */
  async prior(): Promise<number> {
    const now = Date.now();
    if (this.priorMemo && now - this.priorMemo.at < this.cacheMs) return this.priorMemo.value;
    const value = priorMean(await this.store.starTotals());
    this.priorMemo = { at: now, value };
    return value;
  }

  /**
   * The figures of the filter. `tables`: the ranked lists wanted (the API needs none); `nameLimit`:
   * how many of each ranked list get their name looked up (a page shows the first 10 or 50; the CSV all).
   */
  async compute(p: StatsParams, paths: readonly string[] | null, opts: { staff: boolean; tables?: boolean; nameLimit?: number }): Promise<StatsView> {
    const scope = p.org ? [p.org.path] : paths;
    const f: StatsFilter = { paths: scope, venue: p.venue?.publicId ?? null, item: p.item?.publicId ?? null, from: p.from, to: p.to };
    const prior = await this.prior();
    const tables = opts.tables ?? true;
    const groups: GroupBy[] = ['month', ...(tables ? ['org', 'venue', 'item'] as const : []), ...(tables && opts.staff ? ['window', 'staff'] as const : [])];
    const [{ by, total, excluded }, three] = await Promise.all([
      this.store.tallies(f, groups),
      threeLevelCounts(this.db, { paths: scope, from: p.from, to: p.to }),
    ]);
    const listed: Partial<Record<GroupBy, number>> = {};
    const named = async (g: GroupBy) => {
      // Ranked by the Bayesian score (cheap for 30,000 venues); full figures and names only for the rows shown.
      const scored = (by[g] ?? []).map((t) => ({ t, ...starTotals(t) })).map((x) => ({ t: x.t, count: x.count, score: round2(bayesianAverage(x, prior)) }))
        .sort((a, b) => b.score - a.score || b.count - a.count || (a.t.key < b.t.key ? -1 : a.t.key > b.t.key ? 1 : 0));
      listed[g] = scored.length;
      const list = scored.slice(0, opts.nameLimit ?? scored.length).map((x) => figuresOf(x.t, prior));
      const names = g === 'org' || g === 'venue' || g === 'item' ? await namesOf(this.db, g, list.map((x) => x.key)) : new Map<string, string>();
      return list.map((x) => Object.assign(x, { name: names.get(x.key) ?? x.key }));
    };
    const months = (by.month ?? []).map((t) => figuresOf(t, prior)).sort((a, b) => a.key.localeCompare(b.key));
    const view: StatsView = {
      params: p, total: figuresOf(total, prior), excluded, prior: round2(prior),
      orgs: tables ? await named('org') : [], venues: tables ? await named('venue') : [], items: tables ? await named('item') : [], months,
      threeLevel: [threeLevelFigures('message', three.message), threeLevelFigures('hotline', three.hotline)],
    };
    if (tables && opts.staff) {
      view.windows = await named('window');
      view.staff = await named('staff');
    }
    view.listed = listed;
    return view;
  }

  /**
   * The Bayesian average and the count of each venue's counted ratings (venues without any are
   * absent): the service map's ranking and venue pages. Kept cacheMs; a stale copy is answered
   * while the next one loads, and none (the imported ratings) before the first is ready, so a map
   * query never waits for the count (`wait`: the caller waits for the first, e.g. a test or the bench).
   */
  async venueScores(opts: { wait?: boolean } = {}): Promise<ReadonlyMap<string, VenueScore>> {
    const now = Date.now();
    const fresh = this.scoresMemo && now - this.scoresMemo.at < this.cacheMs;
    if (fresh) return this.scoresMemo!.value;
    if (!this.scoresLoading) {
      this.scoresLoading = (async () => {
        try {
          const { byVenue, all } = await this.store.venueTotals();
          const m = priorMean(all);
          const value = new Map<string, VenueScore>();
          for (const [id, t] of byVenue) value.set(id, { score: round2(bayesianAverage(t, m)), count: t.count });
          this.scoresMemo = { at: Date.now(), value };
          return value;
        } finally {
          this.scoresLoading = null;
        }
      })();
    }
    // Before the first count is ready the map ranks by the imported ratings (never waits for the load).
    if (!this.scoresMemo) this.scoresLoading.catch(() => undefined);
    return this.scoresMemo ? this.scoresMemo.value : opts.wait ? this.scoresLoading : NO_SCORES;
  }

  /** Forgets the caches (tests; after a bulk load). */
  clear(): void {
    this.priorMemo = null;
    this.scoresMemo = null;
  }

  get today(): string { return this.clock.today(); }
}

