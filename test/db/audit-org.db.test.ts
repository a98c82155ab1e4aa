// audit_log.org_code on SQLite and PostgreSQL: every write files its entry under the row's
// organisation, and the backfill of migration 0011 gives entries written before it the same answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { backfillAuditOrg } from '../../migrations/0012_audit_org.ts';

forEachDialect('audit organisation', (get) => {
  const snapshot = async () => (await get().db.selectFrom('audit_log').select(['id', 'entity', 'org_code']).orderBy('id').execute());

  test('the demo writes file their entries under the organisation of the row written', async () => {
    const rows = await snapshot();
    const byEntity = (e: string) => rows.filter((r) => r.entity === e);
    for (const entity of ['disclosure', 'application_case', 'message']) {
      assert.ok(byEntity(entity).length > 0, `demo has ${entity} entries`);
      assert.ok(byEntity(entity).every((r) => r.org_code), `every ${entity} entry has an organisation`);
    }
    const records = new Map((await get().db.selectFrom('disclosure').select(['id', 'org_code']).execute()).map((r) => [String(r.id), r.org_code]));
    const entries = await get().db.selectFrom('audit_log').select(['entity_id', 'org_code']).where('entity', '=', 'disclosure').execute();
    assert.deepEqual(entries.filter((e) => records.get(e.entity_id) !== e.org_code), [], 'each disclosure entry names its record\'s organisation');
  });

  test('the backfill of entries without an organisation agrees with what the writes recorded', async () => {
    const recorded = await snapshot();
    await get().db.updateTable('audit_log').set({ org_code: null }).execute();
    await backfillAuditOrg(get().db as unknown as Kysely<unknown>);
    const filled = await snapshot();
    // boards (0022), consultations (0020), 咨询登记 (0032) and the assistant's FAQ, settings and hand-offs (0033) came after the backfill: their entries are written with an organisation, never backfilled
    const mismatches = filled.filter((r, i) => r.org_code !== recorded[i]!.org_code && !(r.entity === 'staff_user') && !r.entity.startsWith('board_') && !r.entity.startsWith('consultation') && r.entity !== 'enquiry' && !r.entity.startsWith('as_'));
    assert.deepEqual(mismatches, []);
    // A user's entries go to their first grant's organisation.
    assert.ok(filled.filter((r) => r.entity === 'staff_user').every((r) => r.org_code), 'staff_user entries filled');
  });

  test('an annual report entry (ORG/YEAR) and a hotline import (the organisation itself) are filled too', async () => {
    const db = get().db;
    await db.insertInto('audit_log').values([
      { at: '2026-01-01T00:00:00.000Z', actor_id: null, actor_label: '命令行', action: 'annual_report.publish', entity: 'annual_report', entity_id: '440105/2025', before_json: null, after_json: null, request_id: null, org_code: null },
      { at: '2026-01-01T00:00:00.000Z', actor_id: null, actor_label: '命令行', action: 'hotline.import', entity: 'message', entity_id: '440309', before_json: null, after_json: null, request_id: null, org_code: null },
      { at: '2026-01-01T00:00:00.000Z', actor_id: null, actor_label: '命令行', action: 'calendar_day_saved', entity: 'calendar_day', entity_id: '2026-12-30', before_json: null, after_json: null, request_id: null, org_code: null },
    ]).execute();
    await backfillAuditOrg(db as unknown as Kysely<unknown>);
    const rows = await db.selectFrom('audit_log').select(['action', 'org_code']).where('at', '=', '2026-01-01T00:00:00.000Z').orderBy('id').execute();
    assert.deepEqual(rows, [
      { action: 'annual_report.publish', org_code: '440105' },
      { action: 'hotline.import', org_code: '440309' },
      { action: 'calendar_day_saved', org_code: null },
    ]);
  });
}, withDemo);
