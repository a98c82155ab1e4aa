// Review r4 (issue 21 §5): a signed-in person's assistant conversation is linked to the account from
// its first question (createConversation with accountId), hand-off or not; the PIPL export, the
// count kept on closing and the owner's list must cover every linked conversation, not only 转人工.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createConversation } from '../../src/modules/assistant/conversations.repository.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

forEachDialect('accounts r4: the export covers every conversation linked to the account', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), clock); }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('a conversation without 转人工 is in /me/export.json and on the owner\'s consultations page, not another\'s', async () => {
    const db = get().db;
    const me = await signInResident(db, { phone: '13900000211', name: '王五' });
    const other = await signInResident(db, { phone: '13900000212' });
    const conv = await createConversation(db, clock.now(), { channel: 'web', regionCode: null, venuePublicId: null, orgCode: null, orgPath: null, accountId: me.accountId });
    await db.insertInto('as_turn').values({ conversation_id: (await db.selectFrom('as_conversation').select('id').where('public_id', '=', conv.publicId).executeTakeFirstOrThrow()).id, seq: 1, role: 'user', text: '怎么办理社保卡', created_at: clock.now().toISOString() } as never).execute();

    const json = await t.app.inject({ url: '/me/export.json', headers: { cookie: me.cookie } });
    assert.equal(json.statusCode, 200);
    const data = json.json() as { records: { kind: string; items: { ref: string; detail?: { turns?: { text: string }[] } }[] }[] };
    const item = data.records.find((g) => g.kind === 'consultation')?.items.find((i) => i.ref === conv.publicId);
    assert.ok(item, 'the linked conversation is exported');
    assert.equal(item.detail?.turns?.[0]?.text, '怎么办理社保卡');

    const page = await t.app.inject({ url: `/me/consultations/${conv.publicId}`, headers: { cookie: me.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /怎么办理社保卡/);
    const theirs = await t.app.inject({ url: `/me/consultations/${conv.publicId}`, headers: { cookie: other.cookie } });
    assert.equal(theirs.statusCode, 404);
    const otherJson = (await t.app.inject({ url: '/me/export.json', headers: { cookie: other.cookie } })).body;
    assert.ok(!otherJson.includes(conv.publicId), 'never in another account\'s export');
  });
}, withDemo);
