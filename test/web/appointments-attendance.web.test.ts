// The staff side of appointments at the venue over HTTP (issue 22 §1, §2): /staff/appointments
// lists a venue's day (names, masked phones, counts, CSV) with 已到场 / 爽约 / 撤销 buttons; the API
// takes the code or the label (已到场), refuses an unknown reference (404), a future appointment
// (409 with reasons) and another county's staff (403); the window desk lists today's appointments
// still to come (names masked) with 到场 and the next free slots linked to the booking page; the
// kiosk's item guide shows 可预约时段 with a QR; the hall display's 排队叫号 shows per group the number
// called, how many wait and the recent wait, or 「暂无排队数据」. Rows are inserted directly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, cookiesFrom, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { insertVenue, type TestVenue } from '../support/venue.ts';
import { insertAppointment, insertTicket } from '../support/appointments-rows.ts';
import { tokenFor } from '../support/interaction.ts';

const clock = fixedClock('2026-03-02T02:00:00Z'); // Mon 10:00 Beijing
const DAY = '2026-03-02';

forEachDialect('appointments at the venue: staff list, attendance, desk, kiosk, hall display', (get) => {
  let t: TestApp;
  let v: TestVenue;
  let quiet: TestVenue;
  let foreignVenue: TestVenue;
  const cookies: Record<string, string> = {};
  const refs: Record<string, string> = {};
  let token = '';
  let foreignToken = '';

  before(async () => {
    const { db } = get();
    t = await buildTestApp(get(), clock);
    for (const u of ['cixian.gkb', 'longhua.admin']) cookies[u] = await signIn(t.app, u);
    token = await tokenFor(db, 'cixian.gkb');
    foreignToken = await tokenFor(db, 'longhua.admin');
    v = await insertVenue(db, { publicId: 'V-ATT1', orgCode: '130427' });
    quiet = await insertVenue(db, { publicId: 'V-ATT2', orgCode: '130427', itemPublicId: 'I-V-ATT1' });
    foreignVenue = await insertVenue(db, { publicId: 'V-ATT3', orgCode: '440309', regionCode: '440309' });
    refs.done = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-02T01:00:00.000Z', name: '王小明', phone: '13812345678' });
    refs.race = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-02T01:30:00.000Z', name: '赵丽', phone: '13900001111' });
    refs.later = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-02T07:00:00.000Z', name: '欧阳娜娜', phone: '13700002222' });
    refs.tomorrow = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-03T01:00:00.000Z', name: '孙七' });
    refs.cancelled = await insertAppointment(db, { venueId: v.venueId, itemId: v.itemId, start: '2026-03-02T03:00:00.000Z', status: 'cancelled', name: '周八' });
    refs.foreign = await insertAppointment(db, { venueId: foreignVenue.venueId, start: '2026-03-02T01:00:00.000Z', name: '龙华人' });
    // slots: weekdays 14:00–14:30 (3 places, 1 taken today) for the item; the quiet venue has none
    await db.insertInto('ap_slot_rule').values({ venue_id: v.venueId, item_id: v.itemId, weekdays: '1,2,3,4,5', start_min: 840, end_min: 870, capacity: 3, position: 1, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    await db.insertInto('ap_slot_load').values({ venue_id: v.venueId, item_key: v.itemId, start_at: '2026-03-02T06:00:00.000Z', booked: 1 }).execute();
    // the queue today: group A called A002 last (both waited 30 min), two wait; group B has no ticket today
    await db.insertInto('qu_group').values([{ venue_id: v.venueId, code: 'A', name: '社保医保', position: 1 }, { venue_id: v.venueId, code: 'B', name: '不动产登记', position: 2 }]).execute();
    await insertTicket(db, { venueId: v.venueId, group: 'A', dayOn: DAY, number: 'A001', status: 'finished', issuedAt: '2026-03-02T01:00:00.000Z', calledAt: '2026-03-02T01:30:00.000Z' });
    await insertTicket(db, { venueId: v.venueId, group: 'A', dayOn: DAY, number: 'A002', status: 'called', issuedAt: '2026-03-02T01:20:00.000Z', calledAt: '2026-03-02T01:50:00.000Z' });
    await insertTicket(db, { venueId: v.venueId, group: 'A', dayOn: DAY, number: 'A003', issuedAt: '2026-03-02T01:40:00.000Z' });
    await insertTicket(db, { venueId: v.venueId, group: 'A', dayOn: DAY, number: 'A004', issuedAt: '2026-03-02T01:45:00.000Z' });
    // yesterday's tickets of the quiet venue: not today's queue
    await insertTicket(db, { venueId: quiet.venueId, group: 'A', dayOn: '2026-03-01', number: 'A001', issuedAt: '2026-03-01T01:00:00.000Z' });
  }, { timeout: 120_000 });
  after(async () => t.app.close());

  const bearer = (tk: string) => ({ authorization: `Bearer ${tk}` });

  test('the staff page: the day with names, masked phones, counts, buttons by rule, a venue picker of the caller\'s scope and the CSV', async () => {
    const res = await t.app.inject({ url: `/staff/appointments?venue=V-ATT1&day=${DAY}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.match(res.body, /王小明/);
    assert.match(res.body, /138\*\*\*\*5678/);
    assert.ok(!res.body.includes('13812345678'), 'no whole phone');
    assert.ok(!res.body.includes(refs.tomorrow!), 'another day is not listed');
    assert.match(res.body, /data-count="total">3</);
    assert.match(res.body, /data-count="cancelled">1</);
    // started slot: both buttons; the 15:00 one: 到场 only (爽约 once it started)
    const row = (ref: string) => new RegExp(`<tr data-reference="${ref}"[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    assert.match(row(refs.done!), /value="no_show"/);
    assert.match(row(refs.later!), /value="attended"/);
    assert.doesNotMatch(row(refs.later!), /value="no_show"/);
    assert.match(res.body, /<option value="V-ATT1" selected/);
    assert.ok(!res.body.includes('V-ATT3'), 'the venue picker holds the caller\'s scope only');
    const csv = await t.app.inject({ url: `/staff/appointments.csv?venue=V-ATT1&day=${DAY}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /csv/);
    assert.match(csv.body, /138\*\*\*\*5678/);
    assert.ok(!csv.body.includes('13812345678'));
    // bad input: a foreign venue 403, an unknown one 404, a bad day 400 with the error summary
    assert.equal((await t.app.inject({ url: `/staff/appointments?venue=V-ATT3&day=${DAY}`, headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/staff/appointments?venue=NOPE', headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 404);
    const bad = await t.app.inject({ url: '/staff/appointments?venue=V-ATT1&day=2026-13-45', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
  });

  test('the form marks 爽约 (303 back with a notice), a second click is 409 with the reason, 撤销 takes it back', async () => {
    const c = cookies['cixian.gkb']!;
    const url = `/staff/appointments/${refs.done}/attendance`;
    const first = await postForm(t.app, url, c, { status: 'no_show', venue: 'V-ATT1', day: DAY });
    assert.equal(first.statusCode, 303);
    const notice = await t.app.inject({ url: String(first.headers.location), headers: { cookie: c } });
    assert.match(notice.body, new RegExp(`已登记 ${refs.done} 爽约`));
    const twice = await postForm(t.app, url, c, { status: 'no_show', venue: 'V-ATT1', day: DAY });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /<title>错误：/);
    assert.match(twice.body, /不能再登记/);
    const undo = await postForm(t.app, url, c, { status: '已预约', venue: 'V-ATT1', day: DAY });
    assert.equal(undo.statusCode, 303);
    const row = await get().db.selectFrom('ap_appointment').select('status').where('public_id', '=', refs.done!).executeTakeFirstOrThrow();
    assert.equal(row.status, 'booked');
  });

  test('the API: the label 已到场 is taken; two at once give one 200 and one 409; unknown 404, future 409, foreign 403, bad status 400', async () => {
    const post = (ref: string, status: string, tk = token) => t.app.inject({ method: 'POST', url: `/api/v1/staff/appointments/${ref}/attendance`, headers: bearer(tk), payload: { status } });
    const [a, b] = await Promise.all([post(refs.race!, '已到场'), post(refs.race!, 'attended')]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const okBody = (a.statusCode === 200 ? a : b).json();
    assert.equal(okBody.status.code, 'attended');
    assert.equal(okBody.phone, '139****1111');
    const refused = (a.statusCode === 409 ? a : b).json();
    assert.ok(refused.code && refused.reasons.length === 1, JSON.stringify(refused));
    const unknown = await post('YYNOSUCH1', 'attended');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'appointment_not_found');
    const future = await post(refs.tomorrow!, 'attended');
    assert.equal(future.statusCode, 409);
    assert.equal(future.json().code, 'future');
    const early = await post(refs.later!, 'no_show');
    assert.equal(early.json().code, 'not_started');
    assert.equal((await post(refs.cancelled!, 'attended')).json().code, 'not_booked');
    assert.equal((await post(refs.done!, 'cancelled')).statusCode, 400);
    assert.equal((await post(refs.done!, 'maybe')).statusCode, 400);
    const foreign = await post(refs.done!, 'attended', foreignToken);
    assert.equal(foreign.statusCode, 403);
    assert.equal((await post(refs.foreign!, 'attended')).statusCode, 403);
    const list = await t.app.inject({ url: `/api/v1/staff/appointments?venue=V-ATT1&day=${DAY}`, headers: bearer(token) });
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.equal(body.counts.attended, 1);
    assert.ok(body.appointments.every((x: { phone: string }) => /\*\*\*\*/.test(x.phone)));
    assert.equal((await t.app.inject({ url: '/api/v1/staff/appointments', headers: bearer(token) })).statusCode, 400);
    assert.equal((await t.app.inject({ url: `/api/v1/staff/appointments?venue=V-ATT1&day=03/02`, headers: bearer(token) })).statusCode, 400);
    const audits = await get().db.selectFrom('audit_log').select('action').where('entity', '=', 'ap_appointment').where('entity_id', '=', refs.race!).execute();
    assert.equal(audits.length, 1);
  });

  test('the window desk: today\'s appointments still to come (names masked) with 到场, and the next free slots linking to the booking page', async () => {
    const c = cookies['cixian.gkb']!;
    const place = await postForm(t.app, '/staff/desk/place', c, { venue: 'V-ATT1', window: '' });
    assert.equal(place.statusCode, 303);
    const desk = cookiesFrom(place, c);
    const res = await t.app.inject({ url: '/staff/desk', headers: { cookie: desk } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /今日预约/);
    assert.match(res.body, /欧阳\*\*/);
    assert.ok(!res.body.includes('欧阳娜娜'), 'the name is masked at the counter');
    assert.ok(!res.body.includes(`data-reference="${refs.race}"`), 'an attended one is no longer listed');
    assert.match(res.body, new RegExp(`action="/staff/appointments/${refs.later}/attendance"`));
    assert.match(res.body, /href="\/services\/venues\/V-ATT1\/book\?item=I-V-ATT1&amp;start=2026-03-02T06%3A00%3A00.000Z"/);
    assert.match(res.body, /余 2 个/);
    // 到场 from the desk comes back to the desk
    const arrived = await postForm(t.app, `/staff/appointments/${refs.later}/attendance`, desk, { status: 'attended', venue: 'V-ATT1', day: DAY, back: '/staff/desk' });
    assert.equal(arrived.statusCode, 303);
    assert.equal(arrived.headers.location, '/staff/desk');
    // a foreign place in the back field is not followed
    const undo = await postForm(t.app, `/staff/appointments/${refs.later}/attendance`, desk, { status: 'booked', venue: 'V-ATT1', day: DAY, back: '//evil.example' });
    assert.match(String(undo.headers.location), /^\/staff\/appointments\?venue=V-ATT1/);
  });

  test('the kiosk\'s item guide shows 可预约时段 (no personal data) with a QR; a venue without slots shows none', async () => {
    const res = await t.app.inject({ url: '/kiosk/V-ATT1/items/I-V-ATT1' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /可预约时段/);
    assert.match(res.body, /14:00–14:30/);
    assert.match(res.body, /余 2 个/);
    assert.match(res.body, /kg-slot-qr[\s\S]*?<svg/);
    assert.ok(!res.body.includes('王小明') && !res.body.includes('138****5678'), 'nothing personal on the shared screen');
    const none = await t.app.inject({ url: '/kiosk/V-ATT2/items/I-V-ATT1' });
    assert.equal(none.statusCode, 200);
    assert.ok(!none.body.includes('可预约时段'));
  });

  test('the hall display: 排队叫号 per group (number called, waiting, recent wait); 暂无排队数据 without today\'s tickets', async () => {
    const data = await t.app.inject({ url: '/display/V-ATT1/data' });
    assert.equal(data.statusCode, 200);
    const q = data.json().sections.queue;
    assert.deepEqual(q.figures[0], { label: '等候人数', value: '2', unit: '人' });
    assert.deepEqual(q.figures[1], { label: '社保医保（A）正在叫号', value: 'A002', unit: '等候 2 人' });
    assert.equal(q.figures.length, 2, 'a group without tickets today is left out');
    assert.equal(q.list[0].meta, '等候 2 人 · 最近叫号平均等候约 30 分钟');
    const page = await t.app.inject({ url: '/display/V-ATT1' });
    assert.match(page.body, /id="panel-queue"/);
    assert.match(page.body, /A002/);
    const quietData = (await t.app.inject({ url: '/display/V-ATT2/data' })).json().sections.queue;
    assert.deepEqual(quietData.figures, []);
    assert.equal(quietData.note, '暂无排队数据');
  });
}, withDemo);
