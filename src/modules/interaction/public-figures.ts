// Shell: the 民心直通车 figures other pages show (the public home page, the 互动交流 section) — the
// same 办理情况统计 as /interaction/statistics (statistics.ts aggregate over repo.statRows, every
// government, messages and 12345 orders together), for one period; and the latest public replies.
import type { Clock } from '../../platform/clock/clock.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import type { Db } from '../../schema.ts';
import { sql } from 'kysely';
import { likePrefix } from '../../platform/db/like.ts';
import { parsePeriod, type OnTimeOptions, type Period } from './deadlines.ts';
import * as repo from './interaction.repository.ts';
import { aggregate, type SourceKind, type StatRecord, type StatsRow } from './statistics.ts';

/** A statistics row as a record of statistics.ts: rejected and converted items are never due; 12345 orders imported closed without 办结时间 have no known closing day. */
export function statRecordOf(r: repo.StatRow): StatRecord {
  return {
    org: r.org, name: r.name, source: r.source, receivedOn: r.receivedOn, assignedOn: r.assignedOn, repliedOn: r.repliedOn, closedOn: r.closedOn, dueOn: r.dueOn, originalDueOn: r.originalDueOn,
    rated: !['rejected', 'converted_to_application'].includes(r.stage) && !r.closedOnEstimated,
  };
}

export interface PeriodFigures { period: Period; source: SourceKind; total: StatsRow }

/**
 * The public page's total for a period ('2026-11', '2026-Q4', '2026'; this month by default):
 * received, replied, closed, and 按时办结率 (`rate`, null when nothing was due) — exactly the 合计 row of
 * /interaction/statistics?period=…&source=… .
 */
export async function periodFigures(db: Db, clock: Clock, onTime: OnTimeOptions, opts: { period?: string; source?: SourceKind; paths?: string[] } = {}): Promise<PeriodFigures> {
  const today = clock.today();
  const period = parsePeriod(opts.period ?? today.slice(0, 7));
  if (!period) throw new Error(`bad period ${opts.period ?? ''}`);
  const source = opts.source ?? 'all';
  const records = (await repo.statRows(db, period.from, period.to, { paths: opts.paths ?? null, source: 'all' })).map(statRecordOf);
  return { period, source, total: aggregate(records, period, source, onTime, today).total };
}

export interface PublicReply { reference: string; title: string; repliedOn: string; href: string }

/**
 * The newest public replies: public, not sensitive, accepted messages that have a reply, newest reply
 * first — walking (is_public, replied_on) backwards (migration 0023). Titles masked as on the list.
 */
export async function latestPublicReplies(db: Db, limit: number, orgPath?: string): Promise<PublicReply[]> {
  let q = repo.publicMessages(db);
  if (orgPath) q = q.where(sql<boolean>`org_path like ${likePrefix(orgPath)} escape '\\'`);
  const rows = await q.select(['reference', 'title', 'replied_on'])
    .where('replied_on', 'is not', null).where('response', 'is not', null)
    .orderBy('is_public', 'desc').orderBy('replied_on', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ reference: r.reference, title: maskPersonalData(r.title), repliedOn: r.replied_on ?? '', href: `/interaction/messages/${encodeURIComponent(r.reference)}` }));
}
