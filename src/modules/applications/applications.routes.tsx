// Shell: registers the 依申请公开 API and pages, and answers calendar changes by recomputing the
// due dates of open cases (each change recorded as an event).
import type { App } from '../../platform/web/server.tsx';
import { applicationApi } from './applications.api.ts';
import { applicationPages } from './applications.pages.tsx';
import * as service from './applications.service.ts';
import { DEFAULT_CLOCK_RULES } from './deadlines.ts';

export interface ApplicationModule {
  /** Pass to the calendar module's `onChange`: recomputes open cases and records it. */
  onCalendarChange: (years: number[], reason: string) => Promise<void>;
}

export async function applicationRoutes(app: App, options: Omit<service.ApplicationDeps, 'rules'> & { countStartDay?: boolean }): Promise<ApplicationModule> {
  const deps: service.ApplicationDeps = { db: options.db, clock: options.clock, rules: { ...DEFAULT_CLOCK_RULES, countStartDay: options.countStartDay ?? false } };
  await applicationApi(app, deps);
  await applicationPages(app, deps);
  // A year loaded since the last start (bundled data) turns provisional due dates into final ones.
  await service.recomputeOpenCases(deps, '工作日历已载入新的年份', true);
  return {
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
