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
import { conversationAccounts } from '../../src/modules/assistant/index.ts';
import { createConversation } from '../../src/modules/assistant/conversations.repository.ts';
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
      // the hand-off's phone is inside JSON (no index): only the open hand-offs (an index led by state) are read
      ['consultation', (d) => conversationAccounts.claimable(d, match), /as_conversation_(queue|deadline) \(state=/],
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

  test('an open hand-off with the phone is claimable and claimed once; a bot-only conversation is not', async () => {
    const { db } = get();
    const at = new Date('2026-03-02T02:00:00Z');
    const init = { channel: 'web' as const, regionCode: null, venuePublicId: null, orgCode: null, orgPath: null };
    const open = await createConversation(db, at, init);
    const bot = await createConversation(db, at, init);
    const contact = JSON.stringify({ name: '王五', phone: '13900000321' });
    await db.updateTable('as_conversation').set({ state: 'waiting', handoff_requested_at: at.toISOString(), handoff_contact_json: contact }).where('public_id', '=', open.publicId).execute();
    await db.updateTable('as_conversation').set({ handoff_contact_json: contact }).where('public_id', '=', bot.publicId).execute();
    const m = { phone: '13900000321', idNumber: null, uscc: null };
    assert.deepEqual((await conversationAccounts.claimable(db, m)).map((r) => r.ref), [open.publicId]);
    assert.equal(await conversationAccounts.claim(db, 77, m, [open.publicId, bot.publicId]), 1);
    assert.equal(await conversationAccounts.claim(db, 78, m, [open.publicId]), 0, 'never re-claimed by another account');
    assert.deepEqual((await conversationAccounts.claimable(db, m)), []);
  });
});
