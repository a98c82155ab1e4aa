// Slot rules over HTTP (issue 22 §1, §8): PUT/GET /api/v1/staff/venues/{id}/slots (replace all or
// nothing, every problem by row), the exceptions API, the public GET /api/v1/venues/{id}/slots, the
// staff page (/staff/venues/{venue}/slots: 400 keeps values, 303 on save, exceptions, preview, CSV,
// bookings left outside the rules), and the "可预约时段" blocks of the venue and item pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

// Monday 2026-09-28 09:00 Beijing; 国庆 2026-10-01..07; 调休 Saturday 2026-10-10.
const clock = fixedClock('2026-09-28T01:00:00Z');
const VENUE = 'CX-ZWFW';
const FOREIGN = 'LH-ZWFW';

forEachDialect('slot rules over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let items: string[] = [];
  let foreignItem = '';
  let editor = '';

  before(async () => {
    t = await buildTestApp(get(), clock, { API_RATE_LIMIT_PER_MINUTE: '100000' });
    for (const u of ['cixian.gkb', 'cixian.editor', 'cixian.reviewer', 'cixian.window', 'longhua.admin']) tokens[u] = await tokenFor(get().db, u);
    editor = await signIn(t.app, 'cixian.editor');
    const db = get().db;
    items = (await db.selectFrom('sm_venue_item').innerJoin('sm_venue', 'sm_venue.id', 'sm_venue_item.venue_id').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id')
      .select('sm_item.public_id').where('sm_venue.public_id', '=', VENUE).orderBy('sm_item.public_id').limit(2).execute()).map((r) => r.public_id);
    assert.equal(items.length, 2, 'the demo venue offers items');
    const cx = db.selectFrom('sm_venue_item').innerJoin('sm_venue', 'sm_venue.id', 'sm_venue_item.venue_id').select('sm_venue_item.item_id').where('sm_venue.public_id', '=', VENUE);
    foreignItem = (await db.selectFrom('sm_item').select('public_id').where('id', 'not in', cx).orderBy('public_id').executeTakeFirstOrThrow()).public_id;
  });
  after(async () => { await t.app.close(); });

  const auth = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const url = `/api/v1/staff/venues/${VENUE}/slots`;
  const put = (body: unknown, u = 'cixian.gkb', to = url) => t.app.inject({ method: 'PUT', url: to, headers: auth(u), payload: body as Record<string, unknown> });
  const GOOD = () => [
    { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '09:30', capacity: 2 },
    { item: items[0], weekdays: ['周一', '周三'], start: '10:00', end: '10:30', capacity: 1 },
    { item: null, weekdays: [1, 2, 3, 4, 5], start: '09:30', end: '10:00', capacity: 3 },
  ];

  test('PUT replaces the rules and answers them with public ids; GET reads them; audited', async () => {
    const res = await put(GOOD());
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.venue, VENUE);
    assert.deepEqual(body.rules.map((r: { item: string | null; weekdays: number[]; start: string; end: string; capacity: number }) => [r.item, r.weekdays, r.start, r.end, r.capacity]), [
      [null, [1, 2, 3, 4, 5], '09:00', '09:30', 2], [items[0], [1, 3], '10:00', '10:30', 1], [null, [1, 2, 3, 4, 5], '09:30', '10:00', 3],
    ]);
    assert.doesNotMatch(res.body, /"id"/);
    const got = await t.app.inject({ url, headers: auth('cixian.window') });
    assert.equal(got.statusCode, 200, 'a case handler of the county reads them');
    assert.deepEqual(got.json(), body);
    const audits = await get().db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'venue.slot_rules').execute();
    assert.ok(audits.some((a) => a.entity_id === VENUE));
  });

  test('bad rules: every problem by row, nothing saved', async () => {
    const before = (await t.app.inject({ url, headers: auth('cixian.gkb') })).json();
    const res = await put([
      { weekdays: [1], start: '09:00', end: '10:00', capacity: 2 }, // 0 fine
      { weekdays: [1], start: '09:30', end: '10:30', capacity: 2 }, // 1 overlaps row 0
      { weekdays: [0, 8], start: '09:00', end: '09:30', capacity: 2 }, // 2 weekday 0/8
      { weekdays: [2], start: '25:00', end: '09:30', capacity: 2 }, // 3 25:00
      { weekdays: [2], start: '11:00', end: '10:00', capacity: 2 }, // 4 end before start
      { weekdays: [3], start: '09:00', end: '09:30', capacity: 0 }, // 5 capacity 0
      { weekdays: [3], start: '10:00', end: '10:30', capacity: 1_000_000_000 }, // 6 capacity 10^9
      { item: foreignItem, weekdays: [4], start: '09:00', end: '09:30', capacity: 1 }, // 7 item not offered here
      { item: 'NO-SUCH-ITEM', weekdays: [4], start: '10:00', end: '10:30', capacity: 1 }, // 8 unknown item
      { weekdays: [], start: '09:00', end: '09:30', capacity: 1 }, // 9 no weekday
    ]);
    assert.equal(res.statusCode, 400, res.body);
    const b = res.json();
    assert.equal(b.code, 'invalid_rules');
    assert.match(b.message, /[\u4e00-\u9fa5]/);
    const got = b.problems.map((p: { row: number; field: string }) => `${p.row}:${p.field}`);
    assert.deepEqual(got, ['1:start', '2:weekdays', '3:start', '4:end', '5:capacity', '6:capacity', '7:item', '8:item', '9:weekdays']);
    assert.match(b.problems[0].message, /第 1 行/);
    assert.deepEqual((await t.app.inject({ url, headers: auth('cixian.gkb') })).json(), before, 'the rules are unchanged');
    // too many rules
    const many = Array.from({ length: 201 }, (_, i) => ({ weekdays: [1], start: formatMin(i * 5), end: formatMin(i * 5 + 5), capacity: 1 }));
    const tooMany = await put(many);
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json().problems[0].message, /最多设置 200 条/);
    // schema refusals are {code, message} too
    const wrong = await put({ not: 'an array' });
    assert.equal(wrong.statusCode, 400);
    assert.ok(wrong.json().code);
  });

  test('scope: signed out 401, a reviewer 403, a foreign county’s token 403, an unknown venue 404', async () => {
    assert.equal((await t.app.inject({ method: 'PUT', url, payload: GOOD() })).statusCode, 401);
    assert.equal((await put(GOOD(), 'cixian.reviewer')).statusCode, 403);
    assert.equal((await put(GOOD(), 'cixian.window')).statusCode, 403, 'a case handler reads but does not set');
    const foreign = await put(GOOD(), 'longhua.admin');
    assert.equal(foreign.statusCode, 403);
    assert.doesNotMatch(foreign.body, /磁县/);
    assert.equal((await put([], 'cixian.gkb', `/api/v1/staff/venues/${FOREIGN}/slots`)).statusCode, 403);
    assert.equal((await put([], 'cixian.gkb', '/api/v1/staff/venues/NO-SUCH/slots')).statusCode, 404);
  });

  test('public slots: 国庆 closed, 调休 Saturday open, item filter, places left, dates checked, short cache', async () => {
    assert.equal((await put(GOOD())).statusCode, 200);
    const res = await t.app.inject({ url: `/api/v1/venues/${VENUE}/slots?from=2026-09-28&to=2026-10-10` });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['cache-control']), /max-age=30/);
    const slots = res.json().slots as { start: string; end: string; day: string; free: number; capacity: number; item: string | null }[];
    assert.deepEqual([...new Set(slots.map((x) => x.day))], ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    // Monday 09:00 has started (now is 09:00): the first is 09:30
    assert.deepEqual(slots[0], { start: '2026-09-28T01:30:00.000Z', end: '2026-09-28T02:00:00.000Z', day: '2026-09-28', free: 3, capacity: 3, item: null });
    assert.ok(slots.some((x) => x.day === '2026-10-10' && x.item === items[0]), 'the 调休 Saturday takes Monday’s item rule');
    const other = await t.app.inject({ url: `/api/v1/venues/${VENUE}/slots?from=2026-10-10&to=2026-10-10&item=${encodeURIComponent(items[1]!)}` });
    assert.deepEqual(other.json().slots.map((x: { item: string | null }) => x.item), [null, null], 'another item: venue-wide slots only');
    // defaults: today .. +7
    const def = (await t.app.inject({ url: `/api/v1/venues/${VENUE}/slots` })).json();
    assert.deepEqual([def.from, def.to], ['2026-09-28', '2026-10-05']);
    for (const [q, code] of [['from=2026-13-01', 'invalid_date'], ['from=2026-10-01&to=2026-09-01', 'invalid_range'], ['from=2026-10-01&to=2026-11-15', 'range_too_long'], ['to=tomorrow', 'invalid_date']] as const) {
      const r = await t.app.inject({ url: `/api/v1/venues/${VENUE}/slots?${q}` });
      assert.equal(r.statusCode, 400, q);
      assert.equal(r.json().code, code);
    }
    assert.equal((await t.app.inject({ url: '/api/v1/venues/NO-SUCH/slots' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/api/v1/venues/${VENUE}/slots?item=${foreignItem}` })).statusCode, 404);
  });

  test('exceptions API: closed and open days, problems by row, replaces from today', async () => {
    const ex = `/api/v1/staff/venues/${VENUE}/slot-exceptions`;
    const bad = await put([{ day: '2026-09-01', kind: 'closed' }, { day: '2026-10-12', kind: 'maybe' }, { day: '2026-10-13', kind: 'open', as_weekday: 9 }, { day: '2026-10-13', kind: 'closed' }], 'cixian.gkb', ex);
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(bad.json().problems.map((p: { row: number; field: string }) => `${p.row}:${p.field}`), ['0:day', '1:kind', '2:as_weekday', '3:day']);
    const ok = await put([{ day: '2026-10-02', kind: '当天开放预约', as_weekday: '周一', note: '国庆加班' }, { day: '2026-09-29', kind: 'closed', note: '系统升级' }], 'cixian.gkb', ex);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().exceptions, [{ day: '2026-09-29', kind: 'closed', as_weekday: null, note: '系统升级' }, { day: '2026-10-02', kind: 'open', as_weekday: 1, note: '国庆加班' }]);
    const days = (await t.app.inject({ url: `/api/v1/venues/${VENUE}/slots?from=2026-09-29&to=2026-10-03` })).json().slots.map((x: { day: string }) => x.day);
    assert.deepEqual([...new Set(days)], ['2026-09-30', '2026-10-02']);
    assert.equal((await put([], 'longhua.admin', ex)).statusCode, 403);
    assert.equal((await put([], 'cixian.gkb', ex)).statusCode, 200);
    assert.deepEqual((await t.app.inject({ url: ex, headers: auth('cixian.gkb') })).json().exceptions, []);
  });

  test('the staff page: rules form (400 keeps values, 303 on save), exceptions, preview, CSV, bookings outside the rules', async () => {
    assert.equal((await put(GOOD())).statusCode, 200);
    const page = `/staff/venues/${VENUE}/slots`;
    const list = await t.app.inject({ url: '/staff/venues', headers: { cookie: editor } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`href="${page}"`));
    assert.doesNotMatch(list.body, /龙华/);
    const shown = await t.app.inject({ url: page, headers: { cookie: editor } });
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /value="09:30"/);
    assert.match(shown.body, /未来 14 天预览/);
    assert.match(shown.body, /2026-09-29（周二）/);

    // a booking on Tuesday 09:00 (in the rules), then the rules change: it stays and is listed
    const db = get().db;
    const venueId = (await db.selectFrom('sm_venue').select('id').where('public_id', '=', VENUE).executeTakeFirstOrThrow()).id;
    const at = clock.now().toISOString();
    await db.insertInto('ap_appointment').values({ public_id: 'YYSLOTTEST1', venue_id: venueId, item_id: null, item_key: 0, start_at: '2026-09-29T01:00:00.000Z', end_at: '2026-09-29T01:30:00.000Z', day_on: '2026-09-29', name: '王小明', phone: '13800001111', person_key: 'p:x', account_id: null, code_hash: 'h', status: 'booked', channel: 'web', rescheduled_from: null, reminded_at: null, created_at: at, updated_at: at }).execute();
    assert.doesNotMatch((await t.app.inject({ url: page, headers: { cookie: editor } })).body, /规则调整后不在时段内/);

    // a bad form: 400, 错误： title, the typed values kept, problems by row
    const form = { rows: '3', item_0: '', wd_0_1: '1', start_0: '08:00', end_0: '08:30', capacity_0: '4', item_1: '', wd_1_1: '1', start_1: '08:15', end_1: '25:00', capacity_1: '0', start_2: '', end_2: '', capacity_2: '' };
    const bad = await postForm(t.app, page, editor, form);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /第 2 行：时间须为 HH:MM/);
    assert.match(bad.body, /value="08:15"/);
    assert.match(bad.body, /value="25:00"/);
    assert.match(bad.body, /id="wd_1_1" name="wd_1_1" value="1" checked/);
    // a good form: only Monday 08:00 stays (row 1 removed with 删除); 303
    const good = await postForm(t.app, page, editor, { ...form, del_1: '1' });
    assert.equal(good.statusCode, 303, good.body.slice(0, 300));
    assert.equal(good.headers.location, `${page}?done=rules`);
    const rules = (await t.app.inject({ url, headers: auth('cixian.gkb') })).json().rules;
    assert.deepEqual(rules.map((r: { start: string; weekdays: number[]; capacity: number }) => [r.start, r.weekdays, r.capacity]), [['08:00', [1], 4]]);
    const after = await t.app.inject({ url: `${page}?done=rules`, headers: { cookie: editor } });
    assert.match(after.body, /已保存/);
    assert.match(after.body, /规则调整后不在时段内/);
    assert.match(after.body, /YYSLOTTEST1/);
    assert.match(after.body, /王\*\*/);
    assert.doesNotMatch(after.body, /王小明/);
    assert.equal((await db.selectFrom('ap_appointment').select('status').where('public_id', '=', 'YYSLOTTEST1').executeTakeFirstOrThrow()).status, 'booked', 'never cancelled');

    // exceptions on the page: a bad day keeps the values, a good one 303, then deleted
    const exBad = await postForm(t.app, `${page}/exceptions`, editor, { day: '2026-02-30', kind: 'closed', note: '升级' });
    assert.equal(exBad.statusCode, 400);
    assert.match(exBad.body, /value="2026-02-30"/);
    const exOk = await postForm(t.app, `${page}/exceptions`, editor, { day: '2026-10-12', kind: 'closed', note: '机房检修' });
    assert.equal(exOk.statusCode, 303);
    assert.match((await t.app.inject({ url: page, headers: { cookie: editor } })).body, /机房检修/);
    assert.equal((await postForm(t.app, `${page}/exceptions/delete`, editor, { day: '2026-10-12' })).statusCode, 303);
    assert.doesNotMatch((await t.app.inject({ url: page, headers: { cookie: editor } })).body, /机房检修/);

    // CSV of the rules
    const csv = await t.app.inject({ url: `${page}.csv`, headers: { cookie: editor } });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /事项编号,事项名称,星期,开始,结束,名额\r\n,本场所所有事项,周一,08:00,08:30,4/);

    // another county's venue and a reviewer
    const lh = await signIn(t.app, 'longhua.admin');
    assert.equal((await t.app.inject({ url: page, headers: { cookie: lh } })).statusCode, 403);
    assert.equal((await postForm(t.app, page, lh, form)).statusCode, 403);
  });

  test('blocks: the venue page and an item page show the next free slots linking to the booking page', async () => {
    assert.equal((await put(GOOD())).statusCode, 200);
    const venue = await t.app.inject({ url: `/services/venues/${VENUE}` });
    assert.equal(venue.statusCode, 200);
    assert.match(venue.body, /可预约时段/);
    const links = [...venue.body.matchAll(/href="(\/services\/venues\/CX-ZWFW\/book\?[^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    assert.equal(links.length, 6, 'APPOINTMENT_LIMITS.nextShown slots');
    assert.equal(links[0], `/services/venues/${VENUE}/book?start=${encodeURIComponent('2026-09-28T01:30:00.000Z')}`);
    assert.ok(links.includes(`/services/venues/${VENUE}/book?item=${encodeURIComponent(items[0]!)}&start=${encodeURIComponent('2026-09-28T02:00:00.000Z')}`));
    const item = await t.app.inject({ url: `/services/items/${encodeURIComponent(items[0]!)}` });
    assert.equal(item.statusCode, 200);
    assert.match(item.body, /可预约时段/);
    assert.match(item.body, new RegExp(`book\\?item=${items[0]!.replace(/[-]/g, '\\-')}&amp;start=`));
    // no rules: no block
    assert.equal((await put([])).statusCode, 200);
    assert.doesNotMatch((await t.app.inject({ url: `/services/venues/${VENUE}` })).body, /可预约时段/);
    // a venue whose rules are gone (the demo gives 龙华's centre rules): no block either
    await get().db.deleteFrom('ap_slot_rule').where('venue_id', '=', (await get().db.selectFrom('sm_venue').select('id').where('public_id', '=', FOREIGN).executeTakeFirstOrThrow()).id).execute();
    assert.doesNotMatch((await t.app.inject({ url: `/services/venues/${FOREIGN}` })).body, /可预约时段/);
  });
}, withDemo);

function formatMin(m: number): string {
  const v = m % 1440;
  return `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
}
