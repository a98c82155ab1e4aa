// The audit log names the organisation of each row written (audit_log.org_code), so a county
// admin's /staff/audit shows only their subtree (docs/model/identity.md). Entries already written
// are filled in where the entity tells the organisation; install-wide entries stay empty (seen by
// platform administrators only).
import { sql, type Kysely } from 'kysely';

/** One backfill per entity: SQL that gives the organisation code of the row named by entity_id. */
const BACKFILL: Record<string, string> = {
  organisation: 'audit_log.entity_id',
  application_target: 'audit_log.entity_id',
  disclosure_guide: 'audit_log.entity_id',
  staff_user: '(SELECT g.org_code FROM role_grant g WHERE CAST(g.user_id AS TEXT) = audit_log.entity_id ORDER BY g.id LIMIT 1)',
  application_case: '(SELECT c.org_code FROM application_case c WHERE c.reference = audit_log.entity_id)',
  disclosure: '(SELECT d.org_code FROM disclosure d WHERE CAST(d.id AS TEXT) = audit_log.entity_id)',
  catalog: '(SELECT c.org_code FROM catalog c WHERE CAST(c.id AS TEXT) = audit_log.entity_id)',
  message: '(SELECT m.org_code FROM message m WHERE m.reference = audit_log.entity_id)',
  message_routing_rule: '(SELECT r.org_code FROM message_routing_rule r WHERE CAST(r.id AS TEXT) = audit_log.entity_id)',
  sm_venue: '(SELECT v.org_code FROM sm_venue v WHERE v.public_id = audit_log.entity_id)',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('org_code', 'text').execute();
  await db.schema.createIndex('audit_log_org_idx').on('audit_log').columns(['org_code', 'id']).execute();
  await backfillAuditOrg(db);
}

/** Fills audit_log.org_code where it is empty and the entity names a row that has an organisation. */
export async function backfillAuditOrg(db: Kysely<unknown>): Promise<void> {
  for (const [entity, expr] of Object.entries(BACKFILL)) {
    await sql`UPDATE audit_log SET org_code = ${sql.raw(expr)} WHERE entity = ${entity} AND org_code IS NULL`.execute(db);
  }
  // A hotline import is logged against the organisation itself.
  await sql`UPDATE audit_log SET org_code = entity_id WHERE entity = 'message' AND org_code IS NULL AND entity_id IN (SELECT code FROM organisation)`.execute(db);
  // Annual reports are named 'ORG/YEAR'.
  const reports = await sql<{ id: number; entity_id: string }>`SELECT id, entity_id FROM audit_log WHERE entity = 'annual_report'`.execute(db);
  for (const r of reports.rows) {
    const org = r.entity_id.split('/')[0];
    if (org) await sql`UPDATE audit_log SET org_code = ${org} WHERE id = ${r.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_org_idx').execute();
  await db.schema.alterTable('audit_log').dropColumn('org_code').execute();
}
