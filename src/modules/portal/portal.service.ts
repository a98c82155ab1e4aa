// Shell: what the home page and the five section pages show, read from each module through its
// index.ts (each module keeps its own query), optionally kept in memory for a few seconds
// (PORTAL_CACHE_SECONDS) — per process, so a new record shows within that time everywhere.
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { ORG_LEVELS, countVisibleSince, latestInterpretations, latestOfGenres, latestOfLevel, latestVisible, type HomeRecord, type InterpretedPolicy, type OrgLevel } from '../disclosures/index.ts';
import { latestPublicReplies, periodFigures, type PeriodFigures, type PublicReply } from '../interaction/index.ts';
import { publishedReports, reportTitle } from '../reports/index.ts';
import { yearFigures, type YearFigures } from '../applications/index.ts';
import { serviceFigures, type ServiceFigures } from '../service-map/index.ts';
import { listLinks, type PortalLink } from './portal.repository.ts';

/** 通知公告: the two genres of notices. */
const NOTICE_GENRES = ['notice', 'announcement'] as const;

export interface HotLists { queries: { query: string; count: number }[]; items: { rank: number; title: string; count: number }[] }
export type OnTimeOptions = Parameters<typeof periodFigures>[2];

export interface PortalDeps {
  db: Db;
  clock: Clock;
  /** The search module's hot words and most clicked service items (search.service.ts hot()). */
  hot: () => Promise<HotLists>;
  /** 按时办结率 settings of the interaction module (config ON_TIME_*). */
  onTime: OnTimeOptions;
  cacheMs: number;
}

export interface ReportLine { orgCode: string; orgName: string; year: number; title: string; href: string }

export interface HomeData {
  byLevel: { level: OrgLevel; records: HomeRecord[] }[];
  notices: HomeRecord[];
  interpretations: InterpretedPolicy[];
  hot: HotLists;
  figures: PeriodFigures;
  replies: PublicReply[];
  reports: ReportLine[];
  links: PortalLink[];
}

const HOME_LIMIT = 6;

export class PortalService {
  private memo = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly deps: PortalDeps) {}

  /**
   * The value of `key`, from memory when younger than the cache time. The load itself is kept, so
   * the requests that arrive while it runs (e.g. when the kept value expires under load) share it
   * instead of each reading every block again; a failed load is not kept.
   */
  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const ms = this.deps.cacheMs;
    if (ms <= 0) return load();
    const hit = this.memo.get(key);
    if (hit && Date.now() - hit.at < ms) return hit.value as Promise<T>;
    const value = load();
    const entry = { at: Date.now(), value };
    this.memo.set(key, entry);
    value.then(() => { entry.at = Date.now(); }, () => { if (this.memo.get(key) === entry) this.memo.delete(key); });
    return value;
  }

  /** Forget what is kept (after a write of this process, e.g. the entrances). */
  forget(): void {
    this.memo.clear();
  }

  async reports(limit: number): Promise<ReportLine[]> {
    return (await publishedReports(this.deps.db, { limit })).map((r) => ({ orgCode: r.org_code, orgName: r.org_name, year: r.year, title: reportTitle(r.org_name, r.year), href: `/openness/reports/annual/${encodeURIComponent(r.org_code)}/${r.year}` }));
  }

  home(): Promise<HomeData> {
    return this.cached('home', async () => {
      const { db, clock } = this.deps;
      const now = clock.now().toISOString();
      const [byLevel, notices, interpretations, hot, figures, replies, reports, links] = await Promise.all([
        Promise.all(ORG_LEVELS.map(async (level) => ({ level, records: await latestOfLevel(db, now, level, HOME_LIMIT) }))),
        latestOfGenres(db, now, NOTICE_GENRES, 8),
        latestInterpretations(db, now, 5),
        this.deps.hot(),
        periodFigures(db, clock, this.deps.onTime),
        latestPublicReplies(db, 5),
        this.reports(6),
        listLinks(db),
      ]);
      return { byLevel, notices, interpretations, hot, figures, replies, reports, links };
    });
  }

  openness(): Promise<{ latest: HomeRecord[]; year: number; thisYear: number; byLevel: { level: OrgLevel; records: HomeRecord[] }[]; interpretations: InterpretedPolicy[]; reports: ReportLine[] }> {
    return this.cached('openness', async () => {
      const { db, clock } = this.deps;
      const now = clock.now();
      const year = Number(clock.today().slice(0, 4));
      // The year's start in China (UTC+8): published_at is an instant.
      const since = new Date(Date.UTC(year, 0, 1) - 8 * 3600_000).toISOString();
      const [latest, thisYear, byLevel, interpretations, reports] = await Promise.all([
        latestVisible(db, now.toISOString(), 10),
        countVisibleSince(db, now.toISOString(), since),
        Promise.all(ORG_LEVELS.map(async (level) => ({ level, records: await latestOfLevel(db, now.toISOString(), level, 5) }))),
        latestInterpretations(db, now.toISOString(), 5),
        this.reports(5),
      ]);
      return { latest, year, thisYear, byLevel, interpretations, reports };
    });
  }

  services(): Promise<{ hot: HotLists; figures: ServiceFigures }> {
    return this.cached('services', async () => {
      const [hot, figures] = await Promise.all([this.deps.hot(), serviceFigures(this.deps.db)]);
      return { hot, figures };
    });
  }

  applications(): Promise<YearFigures> {
    return this.cached('applications', () => yearFigures(this.deps.db, Number(this.deps.clock.today().slice(0, 4))));
  }

  interaction(): Promise<{ figures: PeriodFigures; yearFigures: PeriodFigures; replies: PublicReply[] }> {
    return this.cached('interaction', async () => {
      const { db, clock, onTime } = this.deps;
      const [figures, year, replies] = await Promise.all([periodFigures(db, clock, onTime), periodFigures(db, clock, onTime, { period: clock.today().slice(0, 4) }), latestPublicReplies(db, 10)]);
      return { figures, yearFigures: year, replies };
    });
  }
}
