// Shell: SQL for letters as issued (application_letter), their yearly 发文字号 serials and the
// per-organisation prefix. Writers take the caller's transaction.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../schema.ts';
import type { ApplicationLetterTable } from './applications.table.ts';

export type LetterRow = Selectable<ApplicationLetterTable>;

/**
 * The next 发文字号 serial of an organisation and year, atomically: INSERT … ON CONFLICT DO UPDATE …
 * RETURNING takes the row lock on PostgreSQL and the write lock on SQLite, so two offices issuing
 * at once never get the same number (as the 索引号 serials of disclosures).
 */
export async function nextLetterSerial(db: Db, orgCode: string, year: number): Promise<number> {
  const r = await db
    .insertInto('application_letter_counter')
    .values({ scope_key: `${orgCode}:${year}`, last_serial: 1 })
    .onConflict((oc) => oc.column('scope_key').doUpdateSet({ last_serial: sql<number>`application_letter_counter.last_serial + 1` }))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return Number(r.last_serial);
}

/** Stores an issued letter; a letter already issued for the same event is kept (returns false). */
export async function insertLetter(db: Db, row: Insertable<ApplicationLetterTable>): Promise<boolean> {
  const r = await db.insertInto('application_letter').values(row).onConflict((oc) => oc.columns(['case_id', 'kind', 'event_seq']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Fills in the 发文字号 and facts of a letter row claimed by insertLetter (same transaction). */
export async function completeLetter(db: Db, caseId: number, kind: string, eventSeq: number, values: { doc_serial: number | null; doc_number: string | null; facts_json: string; letter_json: string }): Promise<void> {
  await db.updateTable('application_letter').set(values).where('case_id', '=', caseId).where('kind', '=', kind).where('event_seq', '=', eventSeq).execute();
}

export async function findLetter(db: Db, caseId: number, kind: string, eventSeq: number): Promise<LetterRow | null> {
  return (await db.selectFrom('application_letter').selectAll().where('case_id', '=', caseId).where('kind', '=', kind).where('event_seq', '=', eventSeq).executeTakeFirst()) ?? null;
}

/** Organisations (other than `exceptOrg`) that have set `prefix`, and those whose name is one of `names`, with whether they set a prefix. */
export async function prefixHolders(db: Db, prefix: string, names: string[], exceptOrg: string): Promise<{ code: string; name: string; kind: string; path: string; configured: string | null }[]> {
  const configured = await db.selectFrom('application_letter_prefix').innerJoin('organisation', 'organisation.code', 'application_letter_prefix.org_code')
    .select(['organisation.code', 'organisation.name', 'organisation.kind', 'organisation.path', 'application_letter_prefix.prefix as configured'])
    .where('application_letter_prefix.prefix', '=', prefix).where('organisation.code', '!=', exceptOrg).execute();
  const named = names.length ? await db.selectFrom('organisation').leftJoin('application_letter_prefix', 'application_letter_prefix.org_code', 'organisation.code')
    .select(['organisation.code', 'organisation.name', 'organisation.kind', 'organisation.path', 'application_letter_prefix.prefix as configured'])
    .where('organisation.name', 'in', names).where('organisation.code', '!=', exceptOrg).execute() : [];
  return [...configured, ...named];
}

export async function getPrefix(db: Db, orgCode: string): Promise<string | null> {
  return (await db.selectFrom('application_letter_prefix').select('prefix').where('org_code', '=', orgCode).executeTakeFirst())?.prefix ?? null;
}

export async function savePrefix(db: Db, orgCode: string, prefix: string | null, at: Date): Promise<void> {
  if (prefix === null) {
    await db.deleteFrom('application_letter_prefix').where('org_code', '=', orgCode).execute();
    return;
  }
  await db.insertInto('application_letter_prefix').values({ org_code: orgCode, prefix, updated_at: at.toISOString() })
    .onConflict((oc) => oc.column('org_code').doUpdateSet({ prefix, updated_at: at.toISOString() })).execute();
}
