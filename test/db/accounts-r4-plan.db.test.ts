// Review r4 (issue 21 §2): /me looks for claimable submissions on every view. With `account_id IS
// NULL` written plainly, SQLite (no statistics) walks the account_id index over every unlinked row
// instead of the phone / ID number indexes of migration 0037: with 100,000 applications /me took
// over a second. The claimable queries must be driven by the match indexes on SQLite, and still
// return only unlinked matching rows on both dialects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { forEachDialect } from '../support/db.ts';
import { applicationAccounts } from '../../src/modules/applications/index.ts';
import { messageAccounts } from '../../src/modules/interaction/index.ts';
import { ratingAccounts } from '../../src/modules/ratings/index.ts';
import { enquiryAccounts } from '../../src/modules/enquiries/index.ts';
import type { Db } from '../../src/schema.ts';

/** The compiled SQL of every query `run` makes (parameters inlined as literals for EXPLAIN). */
async function compiled(db: Db, run: (db: Db) => Promise<unknown>): Promise<string[]> {
  const nodes: RootOperationNode[] = [];
  const plugin: KyselyPlugin = { transformQuery: (a) => { nodes.push(a.node); return a.node; }, transformResult: async (a) => a.result };
  const plugged = db.withPlugin(plugin) as Db;
  await run(plugged);
  return nodes.map((n) => {
    const c = db.getExecutor().compileQuery(n, { queryId: 'x' } as never);
    let i = 0;
    return c.sql.replace(/\?/g, () => { const v = c.parameters[i++]; return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`; });
  });
}

forEachDialect('accounts r4: claimable queries use the match indexes', (get) => {
  test('each source\'s claimable query is driven by its phone / ID number index, never the account_id one (SQLite)', async () => {
    const { db, dialect } = get();
    const match = { phone: '13900000311', idNumber: '130427199001011230', uscc: null };
    const cases: [string, (d: Db) => Promise<unknown>, RegExp][] = [
      ['application', (d) => applicationAccounts.claimable(d, match), /application_case_applicant_(phone|id_number)/],
      ['message', (d) => messageAccounts.claimable(d, match), /message_contact_phone/],
      ['rating', (d) => ratingAccounts.claimable(d, match), /rating_rater_phone/],
      ['enquiry', (d) => enquiryAccounts.claimable(d, match), /enquiry_contact_phone/],
    ];
    for (const [kind, run, index] of cases) {
      assert.deepEqual(await run(db), [], `${kind}: nothing to claim in an empty table`);
      if (dialect !== 'sqlite') continue;
      const [query] = await compiled(db, run);
      const plan = (await sql.raw<{ detail: string }>(`explain query plan ${query!}`).execute(db)).rows.map((r) => r.detail).join(' | ');
      assert.match(plan, index, `${kind}: ${plan}`);
      assert.doesNotMatch(plan, /_account\b/, `${kind}: ${plan}`);
    }
  });
});
