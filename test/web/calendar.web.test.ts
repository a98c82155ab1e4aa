// The working-day calendar on SQLite and PostgreSQL: a year loaded through the page or the API must
// hold every statutory holiday of 《全国年节及纪念日放假办法》第二条 (2024-11-10 revision from 2025) as
// a day off, or it is refused naming the missing days, nothing saved; a statutory day of a loaded year
// cannot be deleted or made 调休上班; a provisional due date skips the statutory days and is
// recomputed when the notice is loaded (issue 15 item 2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { registerOffline } from '../../src/modules/applications/index.ts';
import { replaceYear } from '../../src/platform/calendar/calendar.repository.ts';
import { platformView } from '../../src/schema.ts';

const clock = fixedClock('2026-12-07T02:00:00Z');
// 2027 by the lunar calendar: 除夕 02-05, 春节 02-06..08, 清明 04-05, 端午 06-09, 中秋 09-15
const STATUTORY_2027: [string, string][] = [
  ['2027-01-01', '元旦'], ['2027-02-05', '春节'], ['2027-02-06', '春节'], ['2027-02-07', '春节'], ['2027-02-08', '春节'],
  ['2027-04-05', '清明节'], ['2027-05-01', '劳动节'], ['2027-05-02', '劳动节'], ['2027-06-09', '端午节'], ['2027-09-15', '中秋节'],
  ['2027-10-01', '国庆节'], ['2027-10-02', '国庆节'], ['2027-10-03', '国庆节'],
];
const without = (...dates: string[]) => STATUTORY_2027.filter(([d]) => !dates.includes(d)).map(([date, name]) => ({ date, kind: 'holiday', name }));

forEachDialect('the working-day calendar and the statutory holidays', (get) => {
  let t: TestApp;
  let bearer: { authorization: string };
  let cookie: string;
  const year2027 = async () => ({
    years: (await get().db.selectFrom('calendar_year').select('year').where('year', '=', 2027).execute()).length,
    days: (await get().db.selectFrom('calendar_day').select('date').where('year', '=', 2027).execute()).length,
    audits: (await get().db.selectFrom('audit_log').select('id').where('entity', '=', 'calendar_year').execute()).length,
  });

  before(async () => {
    t = await buildTestApp(get(), clock);
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    const platform = (await findUserByUsername(get().db, 'platform'))!.id;
    bearer = { authorization: `Bearer ${await identityService.createApiToken(deps, { cli: true }, platform, 'test')}` };
    cookie = await signIn(t.app, 'platform');
  });
  after(async () => t.app.close());

  test('the page offers the next year\'s statutory holidays as form lines, and flags a stored year that lacks one', async () => {
    const res = await t.app.inject({ url: '/staff/calendar', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /2027 年法定节假日/);
    assert.match(res.body, /2027-01-01 放假 元旦\n2027-02-05 放假 春节\n2027-02-06 放假 春节/);
    // stored by an older version (the repository does not check): 2028 with 元旦 only
    await replaceYear(platformView(get().db), { year: 2028, source: '旧数据', days: [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }] }, clock.now());
    const old = await t.app.inject({ url: '/staff/calendar?year=2028', headers: { cookie } });
    assert.match(old.body, /该年数据不完整，缺少法定节假日：2028-01-25（春节·除夕）、2028-01-26（春节·正月初一）/);
    const ok = await t.app.inject({ url: '/staff/calendar?year=2026', headers: { cookie } });
    assert.doesNotMatch(ok.body, /该年数据不完整/);
    await get().db.deleteFrom('calendar_day').where('year', '=', 2028).execute();
    await get().db.deleteFrom('calendar_year').where('year', '=', 2028).execute();
  });

  const cases: { name: string; days: { date: string; kind: string; name: string }[]; missing: string[] }[] = [
    { name: 'only 元旦', days: without(...STATUTORY_2027.slice(1).map(([d]) => d)), missing: STATUTORY_2027.slice(1).map(([d]) => d) },
    { name: 'no 除夕 (new in the 2024 revision)', days: without('2027-02-05'), missing: ['2027-02-05'] },
    { name: '5月2日 entered as 调休上班', days: [...without('2027-05-02'), { date: '2027-05-02', kind: 'makeup_working_day', name: '劳动节' }], missing: ['2027-05-02'] },
    { name: 'no 清明 and no 中秋', days: without('2027-04-05', '2027-09-15'), missing: ['2027-04-05', '2027-09-15'] },
  ];
  for (const c of cases) {
    test(`API: a 2027 year with ${c.name} is refused 409 naming the missing days; nothing saved`, async () => {
      const before = await year2027();
      const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: bearer, payload: { source: '测试通知', days: c.days } });
      assert.equal(res.statusCode, 409, res.body);
      const body = res.json();
      assert.equal(body.code, 'calendar_incomplete');
      assert.deepEqual(body.reasons.map((r: string) => /缺少法定节假日：(\d{4}-\d{2}-\d{2})（/.exec(r)?.[1]), c.missing);
      assert.match(body.message, /^缺少法定节假日：2027-/);
      assert.deepEqual(await year2027(), before);
    });
  }

  test('API message names 除夕 in Chinese', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: bearer, payload: { source: '测试通知', days: without('2027-02-05') } });
    assert.deepEqual(res.json().reasons, ['缺少法定节假日：2027-02-05（春节·除夕）']);
  });

  test('page: an incomplete year re-renders 400 with the missing days and the values kept; nothing saved', async () => {
    const before = await year2027();
    const lines = without('2027-02-05', '2027-02-06').map((d) => `${d.date} 放假 ${d.name}`).join('\n');
    const res = await postForm(t.app, '/staff/calendar/years', cookie, { year: '2027', source: '国务院办公厅关于2027年部分节假日安排的通知（测试）', days: lines });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /缺少法定节假日：2027-02-05（春节·除夕）、2027-02-06（春节·正月初一）/);
    assert.match(res.body, /国务院办公厅关于2027年部分节假日安排的通知（测试）/);
    assert.match(res.body, /2027-10-03 放假 国庆节/);
    assert.deepEqual(await year2027(), before);
  });

  test('a provisional case received 2026-12-04 is due 2027-01-04 (元旦 skipped), recomputed when a complete 2027 is loaded', async () => {
    const gkb = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'cixian.gkb'))!.id, 'token'))!;
    const r = await registerOffline({ db: get().db, clock }, gkb, {
      org: '130427', channel: 'in_person', received_on: '2026-12-04',
      applicant: { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111' },
      description: '申请公开磁县2026年供暖补贴发放名单。', delivery: 'pickup',
    });
    assert.ok(r.ok);
    assert.equal(r.result.dueOn, '2027-01-04');
    const row = () => get().db.selectFrom('application_case').select(['due_on', 'due_provisional', 'due_explanation']).where('reference', '=', r.result.reference).executeTakeFirstOrThrow();
    assert.equal(Number((await row()).due_provisional), 1);
    assert.match((await row()).due_explanation, /按周末和法定节假日计算/);

    // the complete year (statutory days plus the 调休 of a test notice: 2027-01-04 off as well)
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: bearer, payload: { source: '测试通知', days: [...without(), { date: '2027-01-04', kind: 'holiday', name: '元旦' }] } });
    assert.equal(res.statusCode, 200, res.body);
    const after = await row();
    assert.equal(after.due_on, '2027-01-05');
    assert.equal(Number(after.due_provisional), 0);
    assert.equal((await year2027()).days, 14);
  });

  test('a statutory day of a loaded year cannot be deleted or made 调休上班 (API 409 / page 400); another day can', async () => {
    const del = await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2027-02-05', headers: bearer });
    assert.equal(del.statusCode, 409);
    assert.equal(del.json().code, 'calendar_statutory_day');
    assert.match(del.json().message, /2027-02-05（春节·除夕）是法定节假日/);
    const page = await postForm(t.app, '/staff/calendar/days/2027-10-01/delete', cookie);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /2027-10-01（国庆节·10月1日）是法定节假日/);
    const makeup = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/days/2027-05-01', headers: bearer, payload: { kind: 'makeup_working_day', name: '劳动节' } });
    assert.equal(makeup.statusCode, 400);
    assert.match(makeup.json().message, /2027-05-01（劳动节·5月1日）是法定节假日/);
    const kept = await get().db.selectFrom('calendar_day').select(['date', 'kind']).where('date', 'in', ['2027-02-05', '2027-10-01', '2027-05-01']).orderBy('date').execute();
    assert.deepEqual(kept, [{ date: '2027-02-05', kind: 'holiday' }, { date: '2027-05-01', kind: 'holiday' }, { date: '2027-10-01', kind: 'holiday' }]);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/days/2027-01-04', headers: bearer })).statusCode, 204);
  });

  test('the page offers no delete button for a statutory holiday (it would be refused), only for the other days', async () => {
    const res = await t.app.inject({ url: '/staff/calendar?year=2026', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    // 2026-02-17 正月初一 is statutory; 2026-02-20 (a day of the break the notice added) and 2026-02-28 (调休上班) are not
    assert.doesNotMatch(res.body, /action="\/staff\/calendar\/days\/2026-02-17\/delete"/);
    assert.match(res.body, /action="\/staff\/calendar\/days\/2026-02-20\/delete"/);
    assert.match(res.body, /action="\/staff\/calendar\/days\/2026-02-28\/delete"/);
    assert.equal(res.body.match(/法定节假日，不能删除/g)?.length, 13);
  });

  test('the working-days API counts the statutory days of a year not loaded, provisional', async () => {
    const res = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2027-12-30&days=2&provisional=true' });
    assert.equal(res.statusCode, 200);
    // 2027-12-31 (Fri) counts; 2028-01-01 is a Saturday anyway; 2028-01-03 (Mon) is the 2nd
    assert.equal(res.json().due, '2028-01-03');
    const spring = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2028-01-24&days=2&provisional=true' });
    // 2028: 除夕 01-25 (Tue), 春节 01-26..28 — 01-24 + 2 = 01-31 (Mon) and 02-01
    assert.equal(spring.json().due, '2028-02-01');
    assert.equal(spring.json().provisional, true);
    assert.match(spring.json().explanation, /春节 2028-01-25 至 2028-01-28/);
  });
}, withDemo);
