// Shell: the 依申请公开 figures of the public 依申请公开 section — applications received this year and,
// of them, those answered (a decision made: 已作出答复, 已送达, 已办结) — one range of the
// received_on index (every government of the installation; no applicant data leaves this file).
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { likePrefix } from '../../platform/db/like.ts';

export interface YearFigures { year: number; received: number; answered: number; withdrawn: number; open: number }

/** `orgPath`: only the applications to organisations of one subtree (the hall display of a venue). */
export async function yearFigures(db: Db, year: number, orgPath?: string): Promise<YearFigures> {
  let q = db.selectFrom('application_case');
  if (orgPath) q = q.where(sql<boolean>`org_path like ${likePrefix(orgPath)} escape '\\'`);
  const r = await q.select([
    sql<number>`count(*)`.as('received'),
    sql<number>`sum(case when decided_on is not null then 1 else 0 end)`.as('answered'),
    sql<number>`sum(case when decided_on is null and stage = 'withdrawn' then 1 else 0 end)`.as('withdrawn'),
  ]).where('received_on', '>=', `${year}-01-01`).where('received_on', '<=', `${year}-12-31`).executeTakeFirstOrThrow();
  const received = Number(r.received);
  const answered = Number(r.answered ?? 0);
  const withdrawn = Number(r.withdrawn ?? 0);
  return { year, received, answered, withdrawn, open: received - answered - withdrawn };
}
