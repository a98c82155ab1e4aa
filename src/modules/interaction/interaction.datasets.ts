// Shell: the open dataset `message-statistics` (issue 23 数据开放) — 民心直通车 messages and 12345
// work orders per handling organisation, month and source, the same 办理情况统计 as
// /interaction/statistics (statistics.ts `aggregate`): received, 交办, 反馈, 办结 of the items
// received in the month; 应办结, 按期办结, 未到期 and 按时办结率 of the items due in it, counted by
// closureOnTimeByPath (org-figures.ts — the grouped form of the same rule, which the supervision
// figures and the public on-time page use). Plus 平均答复天数 (calendar days from receipt to the first
// reply, over the items received in the month that have one).
//
// Statistics only: no titles, contents, names, phones or addresses ever leave the message table here.
// One month at a time: a grouped query over the month's received_on range and one over its deadline
// range (message_due_figures_idx), so memory holds one month's organisations, whatever the size.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { csvChunks, jsonlChunks } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { likePrefix } from '../../platform/db/like.ts';
import type { Database, Db } from '../../schema.ts';
import { monthRange, type OnTimeOptions } from './deadlines.ts';
import { datasetStrings as s } from './datasets.strings.ts';
import { closureOnTimeByPath } from './org-figures.ts';

/** What the figures need besides the database and the request's now: the installation's 按时办结率 options. */
export interface MessageDatasetSettings { onTime: OnTimeOptions }

/** The configuration defaults (config.ts ON_TIME_BASIS=deadline, ON_TIME_EXTENSIONS_MOVE_DEADLINE=true). */
const DEFAULT_SETTINGS: MessageDatasetSettings = { onTime: { basis: 'deadline', extensionsMoveDeadline: true } };
const settings = new WeakMap<object, MessageDatasetSettings>();

/**
 * The app's settings for this database (app.ts calls it with config.interaction.onTime): a
 * DatasetSource is given the database and the time only, so the settings are kept per database instance.
 */
export function useMessageDatasetSettings(db: Db, value: MessageDatasetSettings): void {
  settings.set(db, value);
}

const settingsOf = (db: Db): MessageDatasetSettings => settings.get(db) ?? DEFAULT_SETTINGS;

export const MESSAGE_STATISTICS_COLUMNS = [
  'month', 'org_code', 'org_name', 'source', 'source_label', 'received', 'assigned', 'replied', 'closed', 'avg_reply_days', 'due', 'on_time', 'pending', 'on_time_rate',
] as const;

export interface MessageStatisticsRow {
  /** YYYY-MM */
  month: string;
  org_code: string;
  org_name: string;
  /** 'messages' (民心直通车留言: every channel but 12345) or 'hotline' (12345 工单) — statistics.ts SourceKind. */
  source: 'messages' | 'hotline';
  source_label: string;
  received: number;
  assigned: number;
  replied: number;
  closed: number;
  /** Mean calendar days from receipt to reply over the items received in the month with a reply; null without one. */
  avg_reply_days: number | null;
  due: number;
  on_time: number;
  pending: number;
  /** 按时办结率 in percent with one decimal (as the statistics page's CSV), null when nothing was due. */
  on_time_rate: number | null;
}

const isPg = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;
const handling = sql<string>`coalesce(assignee_path, org_path)`;
const kindOf = sql<string>`case when source = 'hotline' then 'hotline' else 'messages' end`;

/** The subtree of a government scope ('/' = everything). */
const rootOf = (scope: DatasetScope): string => (scope.kind === 'government' ? scope.government.path : '/');

/** The rows of the scope: handled by an organisation of the subtree (every row for the installation). */
const inScope = (root: string) => (root === '/' ? sql<boolean>`1 = 1` : sql<boolean>`${handling} like ${likePrefix(root)} escape '\\'`);

/** The months 'YYYY-MM' from the month of `from` to the month of `to`. */
function monthsBetween(from: LocalDate, to: LocalDate): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) return out;
    out.push(key);
    if (++m > 12) { m = 1; y++; }
  }
}

/** Does the scope hold any message? Index seeks on the receiving and handling paths of the government's organisations. */
async function anyMessage(db: Db, root: string): Promise<boolean> {
  if (root === '/') return !!(await db.selectFrom('message').select('id').limit(1).executeTakeFirst());
  const paths = (await db.selectFrom('organisation').select('path').where(sql<boolean>`path like ${likePrefix(root)} escape '\\'`).execute()).map((o) => o.path);
  if (!paths.length) return false;
  if (paths.length > 500) {
    // A province-wide subtree: the first message found ends the search.
    return !!(await db.selectFrom('message').select('id').where(inScope(root)).limit(1).executeTakeFirst());
  }
  for (const col of ['org_path', 'assignee_path'] as const) {
    if (await db.selectFrom('message').select('id').where(col, 'in', paths).limit(1).executeTakeFirst()) return true;
  }
  return false;
}

/** The first day received and the newest change in the scope (walks of the received_on and updated_at indexes, stopping at the first row of the scope). */
async function bounds(db: Db, root: string): Promise<{ first: LocalDate; updatedAt: string } | null> {
  if (!(await anyMessage(db, root))) return null;
  const first = await db.selectFrom('message').select('received_on').where(inScope(root)).orderBy('received_on').limit(1).executeTakeFirst();
  const last = await db.selectFrom('message').select('updated_at').where(inScope(root)).orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  if (!first || !last) return null;
  return { first: first.received_on, updatedAt: last.updated_at };
}

/** One month's rows of the scope, ordered by organisation code and source. */
export async function monthRows(db: Db, root: string, month: string, onTime: OnTimeOptions, today: LocalDate): Promise<MessageStatisticsRow[]> {
  const range = monthRange(month);
  if (!range) return [];
  const days = isPg(db) ? sql<number>`(cast(replied_on as date) - cast(received_on as date))` : sql<number>`(julianday(replied_on) - julianday(received_on))`;
  const received = await db.selectFrom('message').where(inScope(root))
    .where('received_on', '>=', range.from).where('received_on', '<=', range.to)
    .select([
      handling.as('path'), kindOf.as('kind'),
      sql<number>`count(*)`.as('received'),
      sql<number>`sum(case when assigned_on is not null then 1 else 0 end)`.as('assigned'),
      sql<number>`sum(case when replied_on is not null then 1 else 0 end)`.as('replied'),
      sql<number>`sum(case when closed_on is not null then 1 else 0 end)`.as('closed'),
      sql<number>`sum(case when replied_on is not null then ${days} else 0 end)`.as('reply_days'),
    ])
    .groupBy([handling, kindOf]).execute();
  type Acc = Omit<MessageStatisticsRow, 'month' | 'org_code' | 'org_name' | 'source_label' | 'avg_reply_days' | 'on_time_rate'> & { path: string; replyDays: number };
  const by = new Map<string, Acc>();
  const accOf = (path: string, kind: 'messages' | 'hotline'): Acc => {
    const key = `${path}\t${kind}`;
    let a = by.get(key);
    if (!a) { a = { path, source: kind, received: 0, assigned: 0, replied: 0, closed: 0, due: 0, on_time: 0, pending: 0, replyDays: 0 }; by.set(key, a); }
    return a;
  };
  for (const r of received) {
    const a = accOf(r.path, r.kind === 'hotline' ? 'hotline' : 'messages');
    a.received += Number(r.received); a.assigned += Number(r.assigned ?? 0); a.replied += Number(r.replied ?? 0); a.closed += Number(r.closed ?? 0); a.replyDays += Number(r.reply_days ?? 0);
  }
  for (const kind of ['messages', 'hotline'] as const) {
    for (const r of await closureOnTimeByPath(db, onTime, { paths: [root], from: range.from, to: range.to, today, source: kind })) {
      if (!r.due && !r.pending && !r.onTime) continue;
      const a = accOf(r.path, kind);
      a.due += r.due; a.on_time += r.onTime; a.pending += r.pending;
    }
  }
  if (!by.size) return [];
  const paths = [...new Set([...by.values()].map((a) => a.path))];
  const orgs = new Map<string, { code: string; name: string }>();
  for (let i = 0; i < paths.length; i += 500) {
    for (const o of await db.selectFrom('organisation').select(['code', 'name', 'path']).where('path', 'in', paths.slice(i, i + 500)).execute()) orgs.set(o.path, o);
  }
  const rows = [...by.values()].map((a): MessageStatisticsRow => {
    const o = orgs.get(a.path) ?? { code: a.path.split('/').filter(Boolean).pop() ?? a.path, name: '' };
    return {
      month, org_code: o.code, org_name: o.name, source: a.source, source_label: s.kinds[a.source] ?? a.source,
      received: a.received, assigned: a.assigned, replied: a.replied, closed: a.closed,
      avg_reply_days: a.replied ? Math.round((a.replyDays / a.replied) * 10) / 10 : null,
      due: a.due, on_time: a.on_time, pending: a.pending,
      on_time_rate: a.due ? Math.round((a.on_time / a.due) * 1000) / 10 : null,
    };
  });
  return rows.sort((x, y) => (x.org_code < y.org_code ? -1 : x.org_code > y.org_code ? 1 : x.source < y.source ? -1 : x.source > y.source ? 1 : 0));
}

/** Every row of the scope, month by month (from the first message received to the current month). */
export async function* messageStatisticsRows(db: Db, scope: DatasetScope, now: Date): AsyncGenerator<MessageStatisticsRow> {
  const { onTime } = settingsOf(db);
  const root = rootOf(scope);
  const today = localDateOf(now);
  const b = await bounds(db, root);
  if (!b || b.first > today) return;
  for (const month of monthsBetween(b.first, today)) yield* await monthRows(db, root, month, onTime, today);
}

const cell = (r: MessageStatisticsRow) => MESSAGE_STATISTICS_COLUMNS.map((c) => r[c]);

async function* mapRows<T>(rows: AsyncIterable<MessageStatisticsRow>, f: (r: MessageStatisticsRow) => T): AsyncGenerator<T> {
  for await (const r of rows) yield f(r);
}

export const messageStatisticsDataset: DatasetSource<Database> = {
  key: 'message-statistics',
  scopes: ['installation', 'government'],
  theme: 'interaction',
  title: s.title,
  description: s.description,
  keywords: s.keywords,
  frequency: 'daily',
  distributions: [
    { file: 'statistics.csv', format: 'CSV', title: s.csv },
    { file: 'statistics.jsonl', format: 'JSONL', title: s.jsonl },
  ],
  async facts(db: Kysely<Database>, scope: DatasetScope, now: Date): Promise<DatasetFacts | null> {
    const b = await bounds(db, rootOf(scope));
    if (!b) return null;
    const today = localDateOf(now);
    return { lastModified: b.updatedAt, rows: null, temporal: { start: b.first, end: b.first > today ? b.first : today } };
  },
  open(db: Kysely<Database>, scope: DatasetScope, file: string, now: Date): AsyncIterable<string> {
    const rows = messageStatisticsRows(db, scope, now);
    return file.endsWith('.csv') ? csvChunks(MESSAGE_STATISTICS_COLUMNS, mapRows(rows, cell)) : jsonlChunks(rows);
  },
};
