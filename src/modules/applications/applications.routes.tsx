// Shell: registers the 依申请公开 API and pages, and answers calendar changes by recomputing the
// due dates of open cases (each change recorded as an event).
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { App } from '../../platform/web/server.tsx';
import { applicationApi } from './applications.api.ts';
import { applicationPages } from './applications.pages.tsx';
import * as service from './applications.service.ts';
import { DEFAULT_CLOCK_RULES } from './deadlines.ts';

export interface ApplicationModule {
  /** Pass to the calendar module's `onChange`: recomputes open cases and records it. */
  onCalendarChange: (years: number[], reason: string) => Promise<void>;
  /** Background jobs for the app's job runner (each runs once per period across all processes). */
  jobs: JobDefinition[];
  /**
   * Registers an application inside another module's transaction `db` (a 民心直通车 message or
   * 12345 order converted to 依申请公开) under the same clock rules as this module's own routes.
   */
  registerIn: (db: service.ApplicationDeps['db'], actor: Parameters<typeof service.registerOffline>[1], input: service.RegistrationInput) => ReturnType<typeof service.registerOffline>;
}

/** The job that turns provisional due dates final once their year's calendar is loaded. */
export const RECOMPUTE_PROVISIONAL_JOB = 'applications.recompute-provisional';
/**
 * The job that keeps consultation pauses inside the law (第三十二条、第三十三条第三款): first run at
 * the first start after an upgrade (corrects stored due dates), then hourly (an open consultation
 * whose party's period ran out stops the clock no longer).
 */
export const RECOMPUTE_CONSULTATIONS_JOB = 'applications.recompute-consultations';

export async function applicationRoutes(app: App, options: Omit<service.ApplicationDeps, 'rules'> & { countStartDay?: boolean }): Promise<ApplicationModule> {
  const deps: service.ApplicationDeps = { db: options.db, clock: options.clock, rules: { ...DEFAULT_CLOCK_RULES, countStartDay: options.countStartDay ?? false } };
  await applicationApi(app, deps);
  await applicationPages(app, deps);
  return {
    registerIn: (db, actor, input) => service.registerOffline({ ...deps, db }, actor, input),
    // A year loaded since (bundled data at start, or `gongkai calendar`) turns provisional due dates
    // into final ones: hourly, once in total however many processes run, and at once after a start
    // that loaded a year (main.ts asks the runner for it).
    jobs: [{
      name: RECOMPUTE_PROVISIONAL_JOB, everyMs: 3_600_000, firstRunAfterMs: 0,
      run: async () => { const n = await service.recomputeOpenCases(deps, '工作日历已载入新的年份', true); return n ? { changed: n } : undefined; },
    }, {
      name: RECOMPUTE_CONSULTATIONS_JOB, everyMs: 3_600_000, firstRunAfterMs: 0,
      run: async () => { const n = await service.recomputeConsultationClocks(deps); return n ? { changed: n } : undefined; },
    }],
    onCalendarChange: async (_years, reason) => {
      // The calendar edit is already committed; a failure here must not turn it into an error page.
      try {
        const n = await service.recomputeOpenCases(deps, reason);
        if (n) app.log.info({ changed: n }, 'application due dates recomputed after a calendar change');
      } catch (err) {
        app.log.error({ err }, 'recomputing application due dates failed; run `gongkai applications recompute`');
      }
    },
  };
}
