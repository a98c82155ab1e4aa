// The owner's submissions (issue 21 §2) on SQLite and PostgreSQL: each module's account queries
// through RECORD_SOURCES — earlier submissions matched by the verified phone, ID number (opened
// from its sealed form) or 统一社会信用代码, claimed in one transaction only while still unlinked
// and still matching (a crafted reference of someone else's is never claimed, a row linked to
// another account never moves), the owner's view strictly theirs, unlinking on closing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { signInResident } from '../support/resident.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { submitMessage } from '../../src/modules/interaction/index.ts';
import { submitRating } from '../../src/modules/ratings/index.ts';
import { createEnquiry } from '../../src/modules/enquiries/index.ts';
import { RECORD_SOURCES, sourceOf } from '../../src/modules/accounts/records.ts';
import { accountMatch, claimableRecords, claimRecords } from '../../src/modules/accounts/me.service.ts';
import { residentOf } from '../../src/modules/accounts/sessions.ts';
import type { TestDb } from '../support/db.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { appendTurns, createConversation } from '../../src/modules/assistant/conversations.repository.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const ID = '130427199001011230';
const USCC = '91130427MA0K7P9Q8L';
let address = 0;

/** Submissions through the modules' real entry points (the public API for applications). */
async function submitAll(t: TestApp, db: TestDb['db'], phone: string, opts: { idNumber?: string; uscc?: string; tag: string }) {
  const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/applications', remoteAddress: `10.77.0.${++address}`, payload });
  const applicant = opts.uscc
    ? { type: 'legal_person', subtype: '商业企业', name: `磁县${opts.tag}有限公司`, id_number: opts.uscc, phone, email: 'a@example.com' }
    : { type: 'natural_person', name: '张三丰', id_number: opts.idNumber ?? ID, phone, email: 'a@example.com' };
  const a = await post({ org: '130427', applicant, description: `申请公开磁县2025年财政预算执行情况（${opts.tag}）。`, delivery: 'email' });
  assert.equal(a.statusCode, 201, a.body);
  const m = await submitMessage({ db, clock }, { org: '130427', category: 'street_lights', title: `路灯不亮（${opts.tag}）`, content: '时光街东段路灯连续一周不亮。', address: '', lat: '', lng: '', contactName: '刘建国', contactPhone: phone, contactEmail: '', isPublic: 'no', source: 'web' });
  assert.ok(m.ok);
  const r = await submitRating({ db, clock }, { orgCode: '130427100', venuePublicId: 'CX-BM-130427100', channel: 'web', level: '2', reasons: ['attitude'], raterName: '刘建国', raterPhone: phone, text: `态度不好（${opts.tag}）` }, { public: true });
  assert.ok(r.ok, JSON.stringify(r));
  const actor = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.gkb'))!.id, 'token'))!;
  const e = await createEnquiry({ db, clock }, { actor }, { channel: 'window', venue: 'CX-GKZQ', topic: `社保证明怎么打印（${opts.tag}）`, asked_at: '2026-03-02 09:30', contact_name: '刘建国', contact_phone: phone, answer: '可在自助机打印。' });
  assert.ok(e.ok, JSON.stringify(e));
  return { application: a.json().reference as string, message: m.ok ? m.reference : '', rating: r.ok ? r.publicId : '', enquiry: e.ok ? e.publicId : '' };
}

forEachDialect('accounts: the owner\'s submissions and claims', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), clock); }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('matched by phone and ID number, claimed once in one transaction, never another account\'s; unlinked on closing', async () => {
    const db = get().db;
    const mine = await submitAll(t, db, '13900000001', { tag: 'A' });
    // someone else's, with another phone and ID number
    const theirs = await submitAll(t, db, '13900000002', { tag: 'B', idNumber: '11010519491231002X' });
    // an application by the same ID number with another phone: matched by the ID number alone
    const byId = await t.app.inject({ method: 'POST', url: '/api/v1/applications', remoteAddress: '10.77.1.1', payload: { org: '130427', applicant: { type: 'natural_person', name: '张三丰', id_number: ID, phone: '13700000000', email: 'b@example.com' }, description: '申请公开磁县2025年教育经费。', delivery: 'email' } });
    assert.equal(byId.statusCode, 201, byId.body);

    const a = await signInResident(db, { phone: '13900000001', name: '张三丰', idNumber: ID });
    const b = await signInResident(db, { phone: '13900000002', name: '李四' });
    const rowA = await db.selectFrom('pa_account').selectAll().where('id', '=', a.accountId).executeTakeFirstOrThrow();
    const rowB = await db.selectFrom('pa_account').selectAll().where('id', '=', b.accountId).executeTakeFirstOrThrow();
    const resA = residentOf(rowA, 'sms');
    assert.equal(accountMatch(db, resA).idNumber, ID, 'the sealed ID number is opened for matching');

    const found = await claimableRecords(db, resA);
    const refs = found.map((r) => `${r.kind}:${r.ref}`).sort();
    assert.deepEqual(refs, [`application:${byId.json().reference}`, `application:${mine.application}`, `enquiry:${mine.enquiry}`, `message:${mine.message}`, `rating:${mine.rating}`].sort());
    assert.deepEqual(found.find((r) => r.ref === mine.application)!.matchedBy, ['phone', 'id_number']);
    assert.deepEqual(found.find((r) => r.ref === byId.json().reference)!.matchedBy, ['id_number']);

    // B claims its own application first; A's crafted claim of B's rows (and a made-up one) claims nothing
    assert.equal(await claimRecords(db, residentOf(rowB, 'sms'), new Map([['application', [theirs.application]]]), clock.now()), 1);
    const crafted = new Map([['application', [theirs.application, 'YSQ-20260302-ZZZZZ']], ['message', [theirs.message]], ['rating', [theirs.rating]], ['enquiry', [theirs.enquiry]]] as const);
    assert.equal(await claimRecords(db, resA, new Map(crafted), clock.now()), 0);
    assert.equal((await db.selectFrom('application_case').select('account_id').where('reference', '=', theirs.application).executeTakeFirstOrThrow()).account_id, b.accountId);
    assert.equal((await db.selectFrom('message').select('account_id').where('reference', '=', theirs.message).executeTakeFirstOrThrow()).account_id, null);
    assert.equal((await db.selectFrom('pa_activity').selectAll().where('account_id', '=', a.accountId).where('kind', '=', 'claim').execute()).length, 0);

    // A claims all of its own (lower-case reference typed too); the activity records the count
    const chosen = new Map([['application', [mine.application.toLowerCase(), byId.json().reference]], ['message', [mine.message]], ['rating', [mine.rating]], ['enquiry', [mine.enquiry]]] as const);
    assert.equal(await claimRecords(db, resA, new Map(chosen), clock.now()), 5);
    assert.equal(await claimRecords(db, resA, new Map(chosen), clock.now()), 0, 'a second claim changes nothing');
    assert.deepEqual(await claimableRecords(db, resA), []);
    const activity = await db.selectFrom('pa_activity').select('detail').where('account_id', '=', a.accountId).where('kind', '=', 'claim').execute();
    assert.deepEqual(activity.map((x) => x.detail), ['认领以前提交的办件 5 件']);

    const lists = Object.fromEntries(await Promise.all(RECORD_SOURCES.map(async (src) => [src.kind, (await src.list(db, a.accountId)).map((r) => r.ref)])));
    assert.deepEqual(lists.application.sort(), [mine.application, byId.json().reference].sort());
    assert.deepEqual([lists.message, lists.rating, lists.enquiry, lists.consultation], [[mine.message], [mine.rating], [mine.enquiry], []]);
    assert.match((await sourceOf('message').list(db, a.accountId))[0]!.href, /^\/me\/messages\/LY-/);

    // the owner's view: theirs only
    const d = await sourceOf('rating').detail!(db, a.accountId, mine.rating);
    assert.equal(d?.body, '态度不好（A）');
    assert.equal(await sourceOf('rating').detail!(db, b.accountId, mine.rating), null);
    assert.equal(await sourceOf('application').detail!(db, a.accountId, theirs.application), null);
    assert.equal(await sourceOf('message').exportOne!(db, b.accountId, mine.message), null);
    const exported = await sourceOf('message').exportOne!(db, a.accountId, mine.message);
    assert.equal(exported?.reference, mine.message);
    assert.equal('tracking_hash' in (exported ?? {}), false);

    // closing: every link removed, the rows kept
    const unlinked = await Promise.all(RECORD_SOURCES.map((src) => src.unlink(db, a.accountId)));
    assert.equal(unlinked.reduce((x, y) => x + y, 0), 5);
    assert.equal((await db.selectFrom('message').select('id').where('reference', '=', mine.message).execute()).length, 1);
    assert.deepEqual(await sourceOf('application').list(db, a.accountId), []);
    assert.ok(RECORD_SOURCES.every((src) => src.retention.length > 10));
  });

  test('a 转人工 conversation with the person\'s phone is claimable, then theirs: its turns shown, nobody else\'s', async () => {
    const db = get().db;
    const o = await db.selectFrom('organisation').select(['code', 'path']).where('code', '=', '130427').executeTakeFirstOrThrow();
    const c = await createConversation(db, clock.now(), { channel: 'web', regionCode: '130427', venuePublicId: null, orgCode: o.code, orgPath: o.path });
    await inTransaction(db, (trx) => appendTurns(trx, c, clock.now(), [{ role: 'user', text: '城乡居民医保怎么交' }, { role: 'assistant', text: '没有找到。', outcome: 'no_match' }]));
    const h = await t.app.inject({ method: 'POST', url: `/api/v1/assistant/conversations/${c.publicId}/handoff`, remoteAddress: '10.77.2.1', payload: { mode: 'live', contact: { name: '王五', phone: '13900000031' } } });
    assert.equal(h.statusCode, 201, h.body);
    const p = await signInResident(db, { phone: '13900000031' });
    const other = await signInResident(db, { phone: '13900000032' });
    const res = residentOf(await db.selectFrom('pa_account').selectAll().where('id', '=', p.accountId).executeTakeFirstOrThrow(), 'sms');
    const resOther = residentOf(await db.selectFrom('pa_account').selectAll().where('id', '=', other.accountId).executeTakeFirstOrThrow(), 'sms');
    assert.deepEqual((await claimableRecords(db, resOther)).map((r) => r.ref), []);
    assert.equal(await claimRecords(db, resOther, new Map([['consultation', [c.publicId]]]), clock.now()), 0);
    assert.deepEqual((await claimableRecords(db, res)).map((r) => [r.kind, r.ref]), [['consultation', c.publicId]]);
    assert.equal(await claimRecords(db, res, new Map([['consultation', [c.publicId]]]), clock.now()), 1);
    const d = await sourceOf('consultation').detail!(db, p.accountId, c.publicId);
    assert.ok(d?.events.some((e) => e.label === '我：城乡居民医保怎么交'), JSON.stringify(d));
    assert.equal(await sourceOf('consultation').detail!(db, other.accountId, c.publicId), null);
    assert.deepEqual((await sourceOf('consultation').list(db, p.accountId)).map((r) => r.href), [`/me/consultations/${c.publicId}`]);
  });

  test('an enterprise matches its 统一社会信用代码 (filed as 法人), not a person\'s ID number', async () => {
    const db = get().db;
    const filed = await submitAll(t, db, '13900000003', { tag: 'C', uscc: USCC });
    const e = await signInResident(db, { phone: '13600000009', kind: 'enterprise', uscc: USCC, orgName: '磁县测试有限公司' });
    const row = await db.selectFrom('pa_account').selectAll().where('id', '=', e.accountId).executeTakeFirstOrThrow();
    const res = residentOf(row, 'oidc');
    const found = await claimableRecords(db, res);
    assert.deepEqual(found.map((r) => [r.kind, r.ref, r.matchedBy]), [['application', filed.application, ['uscc']]]);
    assert.equal(await claimRecords(db, res, new Map([['application', [filed.application]]]), clock.now()), 1);
    const listed = await sourceOf('application').list(db, e.accountId);
    assert.equal(listed[0]?.applicantCode, USCC);
  });
}, withDemo);
