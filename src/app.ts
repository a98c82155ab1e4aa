// Composition root: opens nothing itself — takes the database, clock and config, builds the
// server and registers every module.
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock/clock.ts';
import { initCaptcha, purgeSpentCaptchas } from './platform/captcha/captcha.ts';
import { purgeExpiredSessions } from './platform/auth/sessions.ts';
import { JobRunner, type JobDefinition } from './platform/jobs/jobs.ts';
import { createServer, type App } from './platform/web/server.tsx';
import { databaseRateLimitStore, purgeRateLimits } from './platform/web/rate-limit-store.ts';
import { platformView, type Db } from './schema.ts';
import { identityRoutes } from './modules/identity/index.ts';
import { regionRoutes } from './modules/regions/index.ts';
import { calendarRoutes } from './modules/calendar/index.ts';
import { portalRoutes } from './modules/portal/index.ts';
import { catalogRoutes } from './modules/catalogs/index.ts';
import { applicationRoutes } from './modules/applications/index.ts';
import { lifeEventRoutes, listingRoutes, serviceMapRoutes, type PageBlocks } from './modules/service-map/index.ts';
import { appointmentJobs, bookingRoutes, slotRoutes } from './modules/appointments/index.ts';
import { attendanceRoutes } from './modules/appointments/index.ts';
import { forecastJobs, forecastRoutes, queueRoutes } from './modules/queue/index.ts';
import { handbookRoutes } from './modules/handbook/index.ts';
import { interactionRoutes, notificationJobs, provisionalDeadlineHooks, useMessageDatasetSettings } from './modules/interaction/index.ts';
import { disclosurePublicRoutes, disclosureStaffRoutes } from './modules/disclosures/index.ts';
import { reportRoutes } from './modules/reports/index.ts';
import { searchJobs, searchRoutes } from './modules/search/index.ts';
import { boardRoutes } from './modules/boards/index.ts';
import { participationRoutes } from './modules/participation/index.ts';
import { supervisionAssessmentRoutes } from './modules/supervision/index.ts';
import { problemJobs, supervisionInspectRoutes, supervisionJobs, supervisionProblemRoutes } from './modules/supervision/index.ts';
import { supervisionBulletinRoutes } from './modules/supervision/index.ts';
import { ratingRoutes } from './modules/ratings/index.ts';
import { supervisionFigureRoutes } from './modules/supervision/index.ts';
import { ratingChannelRoutes } from './modules/ratings/index.ts';
import { ratingResultRoutes, RatingResults } from './modules/ratings/index.ts';
import { enquiryFigures, enquiryRoutes } from './modules/enquiries/index.ts';
import { AssistantService, assistantApiRoutes, assistantJobs, assistantPageRoutes, faqRoutes, handoffJobs, handoffRoutes } from './modules/assistant/index.ts';
import { accountJobs, accountRoutes } from './modules/accounts/index.ts';
import { openDataRoutes } from './modules/opendata/index.ts';
import { initPii } from './platform/auth/pii.ts';
import { deliverDue, providersFrom } from './modules/interaction/index.ts';
import { kioskRoutes, kioskStatusRoutes, kioskGuideRoutes, deskRoutes, displayRoutes, zoneRoutes, zoneVenueBlock } from './modules/channels/index.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /**
   * Runs the background jobs. main.ts passes one and starts it once listening; without one the app
   * makes its own and never starts it (tests run jobs by hand). Stopped when the app closes.
   */
  jobs?: JobRunner;
}

/** The origins map tiles load from (for the CSP img-src): {s} subdomains become a wildcard. */
function tileHosts(url: string): string[] {
  const m = /^(https?:\/\/)([^/]+)/.exec(url);
  return m ? [`${m[1]}${(m[2] as string).replace(/\{s\}/g, '*')}`] : [];
}

export async function buildApp(deps: AppDeps): Promise<App> {
  // On PostgreSQL several processes may serve one site: their rate limits count together.
  const rateLimitStore = deps.config.databaseUrl ? databaseRateLimitStore(platformView(deps.db)) : undefined;
  const app = await createServer({ logger: deps.logger, site: deps.config.site, trustProxy: deps.config.trustProxy, extraImgSrc: tileHosts(deps.config.mapTileUrl), apiRateLimitPerMinute: deps.config.apiRateLimitPerMinute, ...(rateLimitStore ? { rateLimitStore } : {}) });
  const { db, clock } = deps;
  const jobs = deps.jobs ?? new JobRunner(platformView(db), { log: app.log });
  await initCaptcha(platformView(db));
  await identityRoutes(app, { db, clock, sessionIdleMinutes: deps.config.sessionIdleMinutes, refusePublishedPassword: !deps.config.demoData });
  // Residents' and enterprises' accounts (issue 21): the gk_me session hook runs before every page.
  await initPii(platformView(db), deps.config.publicAccounts.piiKey);
  const outboxProviders = providersFrom(deps.config.interaction.notify);
  const accountDeps = {
    db, clock, config: deps.config.publicAccounts,
    smsCodeInLog: deps.config.demoData && deps.config.interaction.notify.provider === 'console',
    deliverNow: async () => {
      if (!outboxProviders.length || !deps.config.interaction.notify.worker) return;
      // a backlog (e.g. the demo's 39 pending messages) must not hold a sign-in code back: a few batches, oldest first
      try {
        for (let round = 0; round < 5; round++) {
          const r = await deliverDue(db, clock, outboxProviders, { batch: 20 });
          if (r.sent + r.retried + r.failed < 20) break;
        }
      } catch (err) { app.log.error({ err }, 'outbox delivery failed'); }
    },
  };
  await accountRoutes(app, accountDeps);
  await regionRoutes(app, { db });
  const applications = await applicationRoutes(app, { db, clock, countStartDay: deps.config.countStartDay });
  // A calendar change moves the due dates of open cases, and the 暂定 deadlines of open messages.
  const messages = provisionalDeadlineHooks(db, clock, app.log);
  const onCalendarChange = async (years: number[], reason: string) => { await applications.onCalendarChange(years, reason); await messages.onCalendarChange(years, reason); };
  await calendarRoutes(app, { db, clock, countStartDay: deps.config.countStartDay, onChange: onCalendarChange });
  await catalogRoutes(app, { db, clock });
  // The map ranks venues by their 好差评 (ratings module: Bayesian average, cached a minute) — injected, so service-map never imports ratings.
  const ratingResults = new RatingResults(db, clock);
  // Blocks of other modules on the venue and item pages (issue 22: queue, appointments, prediction; issue 19: 公开专区).
  const zoneBlock = zoneVenueBlock(db);
  const blocks: PageBlocks = { venue: [{ order: 50, render: (ref) => zoneBlock(ref.publicId) }], item: [] };
  const venueFinder = await serviceMapRoutes(app, { db, clock, tileUrl: deps.config.mapTileUrl, tileAttribution: deps.config.mapTileAttribution, venueScores: () => ratingResults.venueScores(), blocks });
  await listingRoutes(app, { db, clock });
  await lifeEventRoutes(app, { db, clock });
  await handbookRoutes(app, { db, clock });
  // Appointments (预约) and the live queue with its prediction (issue 22).
  const appointmentDeps = { db, clock, blocks, deliverNow: accountDeps.deliverNow };
  await slotRoutes(app, appointmentDeps);
  await bookingRoutes(app, appointmentDeps);
  await attendanceRoutes(app, appointmentDeps);
  const queueDeps = { db, clock, blocks, finder: venueFinder, remote: deps.config.queueRemote };
  await queueRoutes(app, queueDeps);
  const forecasts = await forecastRoutes(app, queueDeps);
  // A message converted to 依申请公开 is counted under the same clock rules (DEADLINE_COUNT_START_DAY).
  const applicationIntake = async (...a: Parameters<typeof applications.registerIn>) => {
    const r = await applications.registerIn(...a);
    return r.ok ? { ok: true as const, reference: r.result.reference, trackingCode: r.result.trackingCode } : r;
  };
  await interactionRoutes(app, { db, clock, sessionIdleMinutes: deps.config.sessionIdleMinutes, config: deps.config.interaction, applicationIntake });
  await disclosureStaffRoutes(app, { db, clock, indexFormat: deps.config.disclosureIndexFormat, countStartDay: deps.config.countStartDay });
  await reportRoutes(app, { db, clock, indexFormat: deps.config.disclosureIndexFormat, countStartDay: deps.config.countStartDay });
  // A final policy's public page links back to its consultation and feedback report.
  const participation = await participationRoutes(app, { db, clock });
  await disclosurePublicRoutes(app, { db, clock, recordBacklinks: participation.backlinks, pageCacheBytes: deps.config.publicPageCacheMb * 1024 * 1024 });
  const search = await searchRoutes(app, { db, clock, snapshotDir: deps.config.searchSnapshotDir, resultCache: deps.config.searchResultCache, logWorker: deps.config.searchLogWorker });
  await boardRoutes(app, { db, clock });
  await kioskRoutes(app, { db, clock, search });
  await supervisionAssessmentRoutes(app, { db, clock, onTime: deps.config.interaction.onTime });
  // 问题清单 and 整改台账 (supervision)
  await supervisionProblemRoutes(app, { db, clock });
  await supervisionBulletinRoutes(app, { db, clock, indexFormat: deps.config.disclosureIndexFormat, countStartDay: deps.config.countStartDay, onTime: deps.config.interaction.onTime });
  await ratingRoutes(app, { db, clock });
  await ratingChannelRoutes(app, { db, clock });
  await ratingResultRoutes(app, { db, clock, results: ratingResults });
  await kioskStatusRoutes(app, { db, clock, ratingResults, messageRateMax: deps.config.interaction.messageRateMax });
  await kioskGuideRoutes(app, { db, clock });
  // The window desk (/staff/desk): the search module's items, and walk-in applications through the applications module's registration.
  await deskRoutes(app, { db, clock, search, registerIn: applications.registerIn });
  // The home page shows the search module's hot words and items, and the interaction figures under its 按时办结率 settings.
  await portalRoutes(app, { db, clock, hot: () => search.hot(), onTime: deps.config.interaction.onTime, cacheSeconds: deps.config.portalCacheSeconds });
  // 月检查: the feeds-and-pages rule asks this server itself (no network) for each path's status.
  const supervisionDeps = { db, clock, onTime: deps.config.interaction.onTime, probe: async (path: string) => (await app.inject({ method: 'GET', url: path })).statusCode };
  await supervisionInspectRoutes(app, supervisionDeps);
  // 监督检查统计 (office dashboard) and the public 按时公开、答复、办结情况 page.
  await supervisionFigureRoutes(app, { db, clock, onTime: deps.config.interaction.onTime });
  // 咨询登记: an enquiry turned into an application registers it through the same intake as a converted message.
  await enquiryRoutes(app, { db, clock, applicationIntake });
  // 政务公开专区: public list by county and level, staff figures (open-now from the service map's index, 咨询登记 from enquiries).
  await zoneRoutes(app, { db, clock, finder: venueFinder, consultations: async (ids, from, to) => new Map((await enquiryFigures(db, ids, from, to)).map((f) => [f.venuePublicId, f.total])) });
  // 信息屏 of each venue (/display/{venue}) and its settings (channels).
  await displayRoutes(app, { db, clock, onTime: deps.config.interaction.onTime, ratings: ratingResults, cacheMs: deps.config.displayCacheSeconds * 1000 });
  // 7×24 智能客服: answers from the search index and the service map's data; FAQ; hand-off to staff.
  const assistantDeps = { db, clock, search, finder: venueFinder, config: deps.config.assistant };
  const assistant = new AssistantService(assistantDeps);
  await assistantApiRoutes(app, { ...assistantDeps, assistant });
  await assistantPageRoutes(app, { ...assistantDeps, assistant });
  await faqRoutes(app, assistantDeps);
  await handoffRoutes(app, assistantDeps);
  // 数据开放 (issue 23): every module's datasets — /data, the files, the CKAN Action API, DCAT-AP.
  // The message-statistics dataset counts 按时办结率 under the installation's settings, as of the app's clock.
  useMessageDatasetSettings(db, { onTime: deps.config.interaction.onTime });
  await openDataRoutes(app, { db, clock, config: deps.config.openData, site: deps.config.site });

  // Background jobs: each runs once per period across every process on this database (platform/jobs).
  // Per-process followers (the search change log, the service-map venue index) are not jobs.
  const background: JobDefinition[] = [
    ...notificationJobs(db, clock, deps.config.interaction.notify),
    ...applications.jobs,
    ...messages.jobs,
    ...searchJobs(search),
    ...problemJobs({ db, clock }),
    ...supervisionJobs(supervisionDeps),
    ...handoffJobs(assistantDeps),
    ...assistantJobs(assistantDeps),
    ...accountJobs(accountDeps),
    ...appointmentJobs(appointmentDeps),
    ...forecastJobs(forecasts),
    { name: 'platform.purge-sessions', everyMs: 3_600_000, firstRunAfterMs: 0, run: async () => { const n = await purgeExpiredSessions(platformView(db), clock.now()); return n ? { purged: n } : undefined; } },
    { name: 'platform.purge-captchas', everyMs: 3_600_000, run: async () => { await purgeSpentCaptchas(platformView(db), clock.now()); } },
    // (only the PostgreSQL deployment counts rate limits in the database)
    ...(rateLimitStore ? [{ name: 'platform.purge-rate-limits', everyMs: 3_600_000, run: async () => { await purgeRateLimits(platformView(db), Date.now()); } }] : []),
  ];
  for (const job of background) jobs.register(job);
  app.addHook('onClose', async () => { await jobs.stop(); });
  await app.ready();
  return app;
}
