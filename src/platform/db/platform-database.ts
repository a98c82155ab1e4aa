// The tables that platform code reads and writes. Modules declare theirs beside their code;
// src/schema.ts joins them all into the one Database type.
import type { Kysely } from 'kysely';
import type { AuditLogTable } from '../audit/audit.table.ts';
import type { StaffSessionTable } from '../auth/session.table.ts';
import type { CalendarDayTable, CalendarYearTable } from '../calendar/calendar.table.ts';
import type { JobScheduleTable } from '../jobs/jobs.table.ts';
import type { CaptchaSpentTable } from '../captcha/captcha.table.ts';
import type { RateLimitHitTable } from '../web/rate-limit.table.ts';

export interface InstallStateTable {
  key: string;
  value: string;
}

export interface PlatformDatabase {
  audit_log: AuditLogTable;
  staff_session: StaffSessionTable;
  calendar_year: CalendarYearTable;
  calendar_day: CalendarDayTable;
  install_state: InstallStateTable;
  job_schedule: JobScheduleTable;
  captcha_spent: CaptchaSpentTable;
  rate_limit_hit: RateLimitHitTable;
}

export type PlatformDb = Kysely<PlatformDatabase>;
