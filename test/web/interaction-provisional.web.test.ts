// 暂定 deadlines of 民心直通车 messages and 12345 work orders (issue 15 item 2), on SQLite and
// PostgreSQL: a working-day deadline counted into 2027 before the 2027 notice is loaded counts
// weekends and the statutory holidays of 《全国年节及纪念日放假办法》第二条 only (元旦 2027-01-01
// skipped) and is marked 暂定 on the staff pages, the public status page and the exports; loading
// the year (calendar API → onChange, or the start-up/hourly job after replaceYear) recounts it —
// approved extensions kept, the hotline's own 计划完成时间 never touched — with a `due_recomputed`
// event (before/after) audited as the system, and nothing when nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { message, tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { replaceYear } from '../../src/platform/calendar/calendar.repository.ts';
import { platformView } from '../../src/schema.ts';
import { createWorkOrders, parseHotlineCsv, provisionalDeadlineHooks, submitMessage } from '../../src/modules/interaction/index.ts';
import { act } from '../../src/modules/interaction/interaction.service.ts';
import { markProvisional } from '../../migrations/0018_message_due_provisional.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

// 2027 by the lunar calendar: 除夕 02-05, 春节 02-06..08, 清明 04-05, 端午 06-09, 中秋 09-15 — plus,
// as the test notice's 调休, 2027-01-04 (Mon) off as well.
const NOTICE_2027 = [
  ['2027-01-01', '元旦'], ['2027-01-04', '元旦'], ['2027-02-05', '春节'], ['2027-02-06', '春节'], ['2027-02-07', '春节'], ['2027-02-08', '春节'],
  ['2027-04-05', '清明节'], ['2027-05-01', '劳动节'], ['2027-05-02', '劳动节'], ['2027-06-09', '端午节'], ['2027-09-15', '中秋节'],
  ['2027-10-01', '国庆节'], ['2027-10-02', '国庆节'], ['2027-10-03', '国庆节'],
].map(([date, name]) => ({ date: date as string, kind: 'holiday' as const, name: name as string }));

const HEADER = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';
const ORDERS = `${HEADER}
ZD20261230001,8015,关于小区供暖问题,暖气不热,2026-12-30 09:00:00,,投诉,待签收
ZD20261230002,8016,关于道路积水问题,路面积水,2026-12-30 10:00:00,2027-01-06 17:00:00,投诉,待签收`;

const received = fixedClock('2026-12-24T02:00:00Z');
const today = fixedClock('2026-12-30T02:00:00Z');

type Row = { reference: string; due_on: string | null; original_due_on: string | null; due_provisional: number | string; due_explanation: string };

/** Messages A (复杂 15 days), B (一般 5 days + 5 extension) received 2026-12-24; orders C (no 计划完成时间) and D (计划完成时间 2027-01-06) called 2026-12-30. */
async function setUp(t: TestDb) {
  const db = t.db;
  const dispatcher = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.minhu'))!.id, 'token'))!;
  const handler = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.mzj'))!.id, 'token'))!;
  const submit = async (title: string) => {
    const m = message({ title });
    const r = await submitMessage({ db, clock: received }, {
      org: m.org, category: m.category, title: m.title, content: m.content, address: '', lat: null, lng: null,
      contactName: '刘先生', contactPhone: '13912345678', contactEmail: '', isPublic: true, source: 'api',
    });
    assert.ok(r.ok);
    return r;
  };
  const a = await submit('时光街路灯不亮（复杂）');
  await act({ db, clock: today }, { actor: dispatcher }, a.reference, { type: 'accept', on: '2026-12-24', class: 'complex' });
  const b = await submit('滏阳路路灯不亮（延期）');
  await act({ db, clock: today }, { actor: dispatcher }, b.reference, { type: 'accept', on: '2026-12-24', class: 'normal' });
  await act({ db, clock: today }, { actor: dispatcher }, b.reference, { type: 'assign', on: '2026-12-24', org: '130427-mzj' });
  await act({ db, clock: today }, { actor: handler }, b.reference, { type: 'sign', on: '2026-12-24' });
  await act({ db, clock: today }, { actor: dispatcher }, b.reference, { type: 'extend', on: '2026-12-28', days: 5, approved_by: '王主任' });
  const w = await createWorkOrders({ db, clock: today }, { actorId: null, label: 'test' }, '130427', parseHotlineCsv(ORDERS).rows);
  assert.ok(w.ok);
  const [c, d] = w.created;
  return { a: { reference: a.reference, code: a.trackingCode as string }, b: b.reference, c: c as string, d: d as string };
}

async function rowOf(t: TestDb, reference: string): Promise<Row> {
  return t.db.selectFrom('message').select(['reference', 'due_on', 'original_due_on', 'due_provisional', 'due_explanation']).where('reference', '=', reference).executeTakeFirstOrThrow();
}

async function recomputeEvents(t: TestDb, reference: string) {
  const rows = await t.db.selectFrom('message_event').innerJoin('message', 'message.id', 'message_event.message_id')
    .select(['message_event.data_json', 'message_event.actor_label', 'message_event.actor_id']).where('message.reference', '=', reference).where('message_event.type', '=', 'due_recomputed').orderBy('message_event.seq').execute();
  return rows.map((r) => ({ ...(JSON.parse(r.data_json) as { reason: string; before: unknown; after: unknown; originalDueOn: string }), actor: r.actor_label, actorId: r.actor_id }));
}

/** Before the 2027 notice: 元旦 (statutory) skipped, weekends skipped, everything counted into 2027 暂定. */
async function assertProvisional(t: TestDb, refs: Awaited<ReturnType<typeof setUp>>) {
  const a = await rowOf(t, refs.a.reference);
  // 复杂 15 working days from Thu 2026-12-24: 12-25, 12-28..31, (01-01 元旦), 01-04..08, 01-11..15
  assert.deepEqual([a.due_on, Number(a.due_provisional)], ['2027-01-15', 1]);
  assert.match(a.due_explanation, /2027 年节假日安排尚未录入/);
  const b = await rowOf(t, refs.b);
  // 一般 5 (12-31, within 2026: final) + 5 extension days → 2027-01-08, 暂定
  assert.deepEqual([b.original_due_on, b.due_on, Number(b.due_provisional)], ['2026-12-31', '2027-01-08', 1]);
  const c = await rowOf(t, refs.c);
  // 一般 5 working days from Wed 2026-12-30: 12-31, (01-01 元旦), 01-04..07
  assert.deepEqual([c.due_on, Number(c.due_provisional)], ['2027-01-07', 1]);
  const d = await rowOf(t, refs.d);
  assert.deepEqual([d.due_on, Number(d.due_provisional)], ['2027-01-06', 0], 'the hotline\'s 计划完成时间 is never 暂定');
}

/** After the notice (2027-01-04 off as well): recounted, final; the extension kept; the 计划完成时间 untouched. */
async function assertRecounted(t: TestDb, refs: Awaited<ReturnType<typeof setUp>>, reason: RegExp) {
  const a = await rowOf(t, refs.a.reference);
  assert.deepEqual([a.due_on, Number(a.due_provisional)], ['2027-01-18', 0]);
  assert.doesNotMatch(a.due_explanation, /暂定|尚未录入/);
  const b = await rowOf(t, refs.b);
  assert.deepEqual([b.original_due_on, b.due_on, Number(b.due_provisional)], ['2026-12-31', '2027-01-11', 0]);
  assert.match(b.due_explanation, /经批准延期 5 个工作日/);
  const c = await rowOf(t, refs.c);
  assert.deepEqual([c.due_on, Number(c.due_provisional)], ['2027-01-08', 0]);
  assert.equal((await rowOf(t, refs.d)).due_on, '2027-01-06');
  assert.deepEqual(await recomputeEvents(t, refs.d), [], 'no event for the 计划完成时间');
  const [ea, more] = await recomputeEvents(t, refs.a.reference);
  assert.equal(more, undefined);
  assert.ok(ea);
  assert.match(ea.reason, reason);
  assert.deepEqual([ea.before, ea.after, ea.actorId, ea.actor], [{ dueOn: '2027-01-15', provisional: true }, { dueOn: '2027-01-18', provisional: false }, null, '系统（工作日历变更）']);
  const [eb] = await recomputeEvents(t, refs.b);
  assert.deepEqual([eb?.before, eb?.after, eb?.originalDueOn], [{ dueOn: '2027-01-08', provisional: true }, { dueOn: '2027-01-11', provisional: false }, '2026-12-31']);
  const audits = await t.db.selectFrom('audit_log').select(['entity_id', 'actor_id', 'actor_label', 'org_code', 'before_json', 'after_json']).where('action', '=', 'message.due_recomputed').orderBy('entity_id').execute();
  assert.deepEqual(audits.map((x) => x.entity_id).sort(), [refs.a.reference, refs.b, refs.c].sort());
  assert.ok(audits.every((x) => x.actor_id === null && x.actor_label === '系统（工作日历变更）' && x.org_code === '130427'));
  const auditA = audits.find((x) => x.entity_id === refs.a.reference);
  assert.deepEqual(JSON.parse(auditA?.before_json ?? 'null'), { dueOn: '2027-01-15', provisional: true });
  assert.equal(JSON.parse(auditA?.after_json ?? 'null').dueOn, '2027-01-18');
}

const eventCount = async (t: TestDb) => Number((await t.db.selectFrom('message_event').select(({ fn }) => fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

forEachDialect('暂定 message deadlines, recounted when the calendar API loads the year', (get) => {
  let t: TestApp;
  let refs: Awaited<ReturnType<typeof setUp>>;
  let cookie: string;
  let platformBearer: { authorization: string };
  before(async () => {
    t = await buildTestApp(get(), today);
    refs = await setUp(get());
    cookie = await signIn(t.app, 'cixian.minhu');
    platformBearer = { authorization: `Bearer ${await tokenFor(get().db, 'platform')}` };
  });
  after(async () => t.app.close());

  test('before the notice: 暂定 stored and shown on the staff list and detail, the status API and page, and both exports', async () => {
    await assertProvisional(get(), refs);
    const list = await t.app.inject({ url: '/staff/messages?view=all', headers: { cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<td>2027-01-15（暂定）<\/td>/);
    assert.match(list.body, /<td>2027-01-08（暂定）<\/td>/);
    const detail = await t.app.inject({ url: `/staff/messages/${refs.a.reference}`, headers: { cookie } });
    assert.match(detail.body, /2027-01-15<strong>（暂定）<\/strong>/);
    const hotline = await t.app.inject({ url: '/staff/messages/hotline', headers: { cookie } });
    assert.match(hotline.body, /<td>2027-01-07（暂定）<\/td>/);
    assert.match(hotline.body, /<td>2027-01-06<\/td>/);
    const api = (await t.app.inject({ url: `/api/v1/messages/${refs.a.reference}?tracking_code=${refs.a.code}` })).json();
    assert.deepEqual([api.due_on, api.due_provisional], ['2027-01-15', true]);
    const page = await t.app.inject({ method: 'POST', url: '/interaction/status', cookies: { gk_csrf: CSRF }, payload: { _csrf: CSRF, reference: refs.a.reference, tracking_code: refs.a.code }, remoteAddress: '10.77.0.1' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2027-01-15<strong>（暂定）<\/strong>/);
    const csv = await t.app.inject({ url: '/staff/messages/hotline.csv', headers: { cookie } });
    assert.match(csv.body, /答复期限,期限暂定,办结日期/);
    assert.match(csv.body, /ZD20261230001,.*,2027-01-07,暂定,/);
    assert.match(csv.body, /ZD20261230002,.*,2027-01-06,,/);
    const pub = await t.app.inject({ url: `/interaction/messages.csv?q=${encodeURIComponent('时光街路灯不亮（复杂）')}` });
    assert.match(pub.body, /答复期限,期限暂定,回应/);
    assert.match(pub.body, new RegExp(`${refs.a.reference},.*,2026-12-24,2027-01-15,暂定,`));
  });

  test('PUT /api/v1/calendar/years/2027 recounts them (extension kept, 计划完成时间 untouched), logged and audited as the system; no 暂定 any more', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: platformBearer, payload: { source: '测试通知', days: NOTICE_2027 } });
    assert.equal(res.statusCode, 200, res.body);
    await assertRecounted(get(), refs, /^工作日历：录入 2027 年节假日安排（测试通知）$/);
    const detail = await t.app.inject({ url: `/staff/messages/${refs.a.reference}`, headers: { cookie } });
    assert.match(detail.body, /<dd>2027-01-18<br\/>/);
    assert.match(detail.body, /按工作日历重新计算办理期限（系统（工作日历变更））：工作日历：录入 2027 年节假日安排（测试通知）；办理期限 2027-01-15（暂定） → 2027-01-18/);
    const hotline = await t.app.inject({ url: '/staff/messages/hotline', headers: { cookie } });
    assert.match(hotline.body, /<td>2027-01-08<\/td>/);
    assert.doesNotMatch(hotline.body, /（暂定）/);
    const api = (await t.app.inject({ url: `/api/v1/messages/${refs.a.reference}?tracking_code=${refs.a.code}` })).json();
    assert.deepEqual([api.due_on, api.due_provisional], ['2027-01-18', false]);
    const csv = await t.app.inject({ url: '/staff/messages/hotline.csv', headers: { cookie } });
    assert.match(csv.body, /ZD20261230001,.*,2027-01-08,,/);
  });

  test('idempotent: loading the same year again, or the job, adds no event and no audit row', async () => {
    const events = await eventCount(get());
    const audits = (await get().db.selectFrom('audit_log').select('id').where('action', '=', 'message.due_recomputed').execute()).length;
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: platformBearer, payload: { source: '测试通知', days: NOTICE_2027 } });
    assert.equal(res.statusCode, 200, res.body);
    const job = provisionalDeadlineHooks(get().db, today, { info: () => {}, error: () => {} }).jobs[0];
    assert.equal(await job?.run(), undefined);
    assert.equal(await eventCount(get()), events);
    assert.equal((await get().db.selectFrom('audit_log').select('id').where('action', '=', 'message.due_recomputed').execute()).length, audits);
  });
}, withDemo);

forEachDialect('暂定 message deadlines, recounted by the start-up/hourly job after replaceYear', (get) => {
  let refs: Awaited<ReturnType<typeof setUp>>;
  before(async () => { refs = await setUp(get()); });

  test('the job does nothing while 2027 is missing, recounts once the year is stored, then nothing again', async () => {
    const job = provisionalDeadlineHooks(get().db, today, { info: () => {}, error: () => {} }).jobs[0];
    assert.equal(job?.name, 'interaction.recompute-provisional');
    const events = await eventCount(get());
    assert.equal(await job?.run(), undefined, 'still 暂定, same dates: no event');
    assert.equal(await eventCount(get()), events);
    await assertProvisional(get(), refs);
    // as `gongkai calendar` or the bundled data at start-up would: no onChange
    await replaceYear(platformView(get().db), { year: 2027, source: '测试通知', days: NOTICE_2027 }, today.now());
    assert.deepEqual(await job?.run(), { changed: 3 });
    await assertRecounted(get(), refs, /^工作日历已载入新的年份$/);
    assert.equal(await job?.run(), undefined);
    assert.equal(await eventCount(get()), events + 3);
  });
}, withDemo);

// A log written before the flag existed (no `provisional` in its events): migration 0018 marks the
// stored row from its due date's year, the job recounts it, and a later action keeps the mark.
forEachDialect('暂定 message deadlines stored before migration 0018', (get) => {
  test('the migration marks open counted deadlines in a year without data (not a 计划完成时间); the job recounts them', async () => {
    const db = get().db;
    const refs = await setUp(get());
    const ids = (await db.selectFrom('message').select('id').where('reference', 'in', [refs.a.reference, refs.d]).execute()).map((r) => r.id);
    // as stored by the version before: no flag in the events, the column at its default
    for (const e of await db.selectFrom('message_event').select(['id', 'data_json']).where('message_id', 'in', ids).execute()) {
      const data = JSON.parse(e.data_json) as Record<string, unknown>;
      delete data.provisional;
      await db.updateTable('message_event').set({ data_json: JSON.stringify(data) }).where('id', '=', e.id).execute();
    }
    await db.updateTable('message').set({ due_provisional: 0 }).execute();
    await markProvisional(db as never);
    assert.equal(Number((await rowOf(get(), refs.a.reference)).due_provisional), 1);
    assert.equal(Number((await rowOf(get(), refs.d)).due_provisional), 0, '计划完成时间 2027-01-06 is the platform\'s, not counted');
    // a later action that does not touch the deadline keeps the mark
    const dispatcher = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.minhu'))!.id, 'token'))!;
    await act({ db, clock: today }, { actor: dispatcher }, refs.a.reference, { type: 'supervise', on: '2026-12-30', note: '请尽快办理' });
    assert.equal(Number((await rowOf(get(), refs.a.reference)).due_provisional), 1);
    await replaceYear(platformView(db), { year: 2027, source: '测试通知', days: NOTICE_2027 }, today.now());
    const job = provisionalDeadlineHooks(db, today, { info: () => {}, error: () => {} }).jobs[0];
    await job?.run();
    const a = await rowOf(get(), refs.a.reference);
    assert.deepEqual([a.due_on, Number(a.due_provisional)], ['2027-01-18', 0]);
    assert.deepEqual((await recomputeEvents(get(), refs.a.reference)).map((e) => [e.before, e.after]), [[{ dueOn: '2027-01-15', provisional: true }, { dueOn: '2027-01-18', provisional: false }]]);
    assert.equal((await rowOf(get(), refs.d)).due_on, '2027-01-06');
  });
}, withDemo);
