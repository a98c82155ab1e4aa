// The assistant's conversation store on SQLite and PostgreSQL: capability ids, turns numbered in
// order, the person's words stored masked, and two appends from the same turn count — one wins,
// nothing is stored twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { appendTurns, createConversation, findConversation, isConversationId, listTurns } from '../../src/modules/assistant/conversations.repository.ts';

const at = new Date('2026-03-02T02:00:00Z');

forEachDialect('assistant conversation store', (get) => {
  test('a conversation has an unguessable id and keeps its turns in order, masked', async () => {
    const db = get().db;
    const c = await createConversation(db, at, { channel: 'web', regionCode: '130427', venuePublicId: null, orgCode: '130427', orgPath: '/13/1304/130427/' });
    assert.ok(isConversationId(c.publicId), c.publicId);
    // one character changed (never to the one it already is) is another, unknown id
    assert.equal(await findConversation(db, `${c.publicId.slice(0, -1)}${c.publicId.endsWith('Q') ? 'R' : 'Q'}`), null);
    assert.equal(await findConversation(db, String(c.id)), null, 'a row number is not an id');
    const r = await inTransaction(db, (trx) => appendTurns(trx, c, at, [{ role: 'user', text: '我的电话13812345678，身份证130427199001011234' }, { role: 'assistant', text: '好的', outcome: 'answer' }]));
    assert.deepEqual(r, { ok: true, firstSeq: 1 });
    const turns = await listTurns(db, c.id);
    assert.deepEqual(turns.map((t) => [t.seq, t.role]), [[1, 'user'], [2, 'assistant']]);
    assert.ok(!turns[0]!.text.includes('13812345678') && !turns[0]!.text.includes('199001011234'), turns[0]!.text);
    const again = await findConversation(db, c.publicId);
    assert.equal(again?.turnCount, 2);
    assert.ok(again!.expiresAt > at.toISOString());
  });

  test('two appends from the same turn count: the second is refused and stores nothing', async () => {
    const db = get().db;
    const c = await createConversation(db, at, { channel: 'api', regionCode: null, venuePublicId: null, orgCode: null, orgPath: null });
    const first = await inTransaction(db, (trx) => appendTurns(trx, c, at, [{ role: 'user', text: '社保' }]));
    const second = await inTransaction(db, (trx) => appendTurns(trx, c, at, [{ role: 'user', text: '社保' }]));
    assert.equal(first.ok, true);
    assert.deepEqual(second, { ok: false, code: 'concurrent' });
    assert.equal((await listTurns(db, c.id)).length, 1);
  });
});
