// Migrations 0033 (assistant tables) and 0034 (the hand-off contact column) — and the accounts'
// 0035/0036 after them — go down and up again on
// both dialects: 0034's down removes only its column (rows kept), 0033's down removes the four
// tables, and applying both again gives a working store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { forEachDialect } from '../support/db.ts';
import * as m0033 from '../../migrations/0033_assistant.ts';
import * as m0034 from '../../migrations/0034_assistant_handoff.ts';
import * as m0035 from '../../migrations/0035_accounts.ts';
import * as m0036 from '../../migrations/0036_account_link_base.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createConversation, findConversation } from '../../src/modules/assistant/conversations.repository.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

forEachDialect('assistant migrations 0033/0034 down and up', (get) => {
  // (a probe query, not introspection: on PostgreSQL that lists the tables of every test schema)
  const has = async (table: string, column = '*'): Promise<boolean> => {
    try { await sql`select ${sql.raw(column)} from ${sql.table(table)} where 1 = 0`.execute(get().db); return true; } catch { return false; }
  };

  test('0034 down drops handoff_contact_json keeping the rows; 0033 down drops the tables; up again works', async () => {
    const db = get().db as unknown as Kysely<unknown>;
    const c = await createConversation(get().db, clock.now(), { channel: 'web', regionCode: null, venuePublicId: null, orgCode: null, orgPath: null });
    assert.ok(await has('as_conversation', 'handoff_contact_json'));

    // the accounts migrations after them first (0035 adds as_conversation.account_id)
    await m0036.down(db);
    await m0035.down(db);
    assert.equal(await has('as_conversation', 'account_id'), false);
    assert.equal(await has('pa_account'), false);
    await m0034.down(db);
    assert.equal(await has('as_conversation', 'handoff_contact_json'), false);
    assert.ok(await has('as_conversation', 'public_id'));
    const kept = await sql<{ n: number }>`select count(*) as n from as_conversation where public_id = ${c.publicId}`.execute(db);
    assert.equal(Number(kept.rows[0]?.n), 1, 'the conversation survives 0034 down');

    await m0033.down(db);
    for (const t of ['as_conversation', 'as_turn', 'as_faq', 'as_setting']) assert.equal(await has(t), false, `${t} dropped`);

    await m0033.up(db);
    await m0034.up(db);
    await m0035.up(db);
    await m0036.up(db);
    assert.ok(await has('as_conversation', 'handoff_contact_json'));
    assert.ok(await has('as_conversation', 'account_id'));
    assert.ok(await has('pa_account', 'link_base'));
    const again = await createConversation(get().db, clock.now(), { channel: 'web', regionCode: null, venuePublicId: null, orgCode: null, orgPath: null });
    assert.equal((await findConversation(get().db, again.publicId))?.publicId, again.publicId);
  });
});
