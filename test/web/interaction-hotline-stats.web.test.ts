// 按时办结率 and 12345 work orders over HTTP, on the demo data as of Saturday 2026-12-05 (the day the
// issue was reported): only what is due counts (磁县行政审批局's one extended message is not yet due,
// so it shows 「—」, not 0.0 %); months, quarters and years; 12345 orders and messages apart and
// together; public figures per government, staff figures scoped to the grant row by row; the
// 12345-only list and CSV with 创建工号, 来电时间 and 工单状态; re-import by API updates, another
// government's 工单编号 is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { loadDemo } from '../../src/demo.ts';
import { identityService } from '../../src/modules/identity/index.ts';

const clock = fixedClock('2026-12-05T02:00:00Z');
const PASSWORD = 'hotline-test-password-2026';

/** CSV rows (after the header) keyed by 单位代码 ('' = 合计). */
function csvRows(body: string): Map<string, string[]> {
  const lines = body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
  return new Map(lines.map((l) => l.split(',')).map((c) => [c[2] ?? '', c]));
}
const COL = { received: 4, due: 8, onTime: 9, pending: 10, rate: 11 } as const;

forEachDialect('按时办结率 and 12345 work orders over HTTP', (get) => {
  let t: TestApp;
  let cixian: string;
  let haizhu: string;
  let cixianToken: string;
  let haizhuToken: string;
  before(async () => {
    // the site's sponsor (every page's footer) must not name either county
    t = await buildTestApp(get(), clock, { SITE_SPONSOR: '测试主办单位' });
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    const made = await identityService.createUser(deps, { cli: true }, { username: 'haizhu.minhu', displayName: '海珠区民呼中心', role: 'supervisor', orgCode: '440105', password: PASSWORD });
    assert.ok(made.ok);
    cixian = await signIn(t.app, 'cixian.minhu');
    haizhu = await signIn(t.app, 'haizhu.minhu', PASSWORD);
    cixianToken = await tokenFor(get().db, 'cixian.minhu');
    haizhuToken = await tokenFor(get().db, 'haizhu.minhu');
    // 海珠区's own 12345 order and message, so its figures are not empty.
    const hz = await t.app.inject({ method: 'POST', url: '/api/v1/staff/hotline/work-orders', headers: { authorization: `Bearer ${haizhuToken}` }, payload: { org: '440105', work_order_no: 'HZ2026120100001', operator_no: '6001', title: '江南西路井盖松动', content: '江南西路井盖松动，来电人 13912345670', called_at: '2026-12-01 10:00:00', planned_at: '2026-12-03 17:00:00', order_type: '投诉', status: '办理中' } });
    assert.equal(hz.statusCode, 201, hz.body);
  });
  after(async () => t.app.close());

  test('the reported case: 磁县行政审批局 has nothing due in December (its message is due 12-11) → 「—」 and 1 未到期, not 0.0 %', async () => {
    const csv = await t.app.inject({ url: '/interaction/statistics.csv?period=2026-12&org=130427' });
    assert.equal(csv.statusCode, 200);
    const row = csvRows(csv.body).get('130427-xzspj');
    assert.ok(row, csv.body);
    assert.deepEqual([row[COL.due], row[COL.onTime], row[COL.pending], row[COL.rate]], ['0', '0', '1', '']);
    const page = await t.app.inject({ url: '/interaction/statistics?period=2026-12&org=130427' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<th scope="row">磁县行政审批局<\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td><td>—<\/td>/);
    // The chart has a text alternative holding every figure, and the CSV link sits next to the table.
    assert.match(page.body, /<svg role="img" aria-labelledby="rate-chart-t rate-chart-d"/);
    assert.match(page.body, /<desc id="rate-chart-d">各单位按时办结率：[^<]*磁县人民政府 0\.0%（0\/1）/);
    assert.match(page.body, /href="\/interaction\/statistics\.csv\?period=2026-12&amp;source=all&amp;org=130427"/);
  });

  const periods = ['2026-12', '2026-Q4', '2026', '2025-Q4'];
  for (const period of periods) {
    test(`${period}: 12345 orders + messages = together, for received, 应办结, 按期 and 未到期`, async () => {
      const total = async (source: string) => {
        const res = await t.app.inject({ url: `/interaction/statistics.csv?period=${period}&source=${source}&org=130427` });
        assert.equal(res.statusCode, 200, res.body);
        return csvRows(res.body).get('')!;
      };
      const [all, hotline, messages] = [await total('all'), await total('hotline'), await total('messages')];
      for (const c of [COL.received, COL.due, COL.onTime, COL.pending]) assert.equal(Number(all[c]), Number(hotline[c]) + Number(messages[c]), `column ${c}`);
      assert.match(all[1]!, /留言和 12345 工单/);
    });
  }

  test('December as of 12-05: every open item due on or after today is 未到期, every one due before is missed', async () => {
    const db = get().db;
    const open = await db.selectFrom('message').select(['due_on']).where('org_code', '=', '130427').where('stage', 'in', ['submitted', 'accepted', 'assigned', 'in_progress', 'replied', 'awaiting_review', 'responded', 'rated'])
      .where('due_on', '>=', '2026-12-01').where('due_on', '<=', '2026-12-31').execute();
    const res = await t.app.inject({ url: '/interaction/statistics.csv?period=2026-12&org=130427' });
    const sum = csvRows(res.body).get('')!;
    assert.equal(Number(sum[COL.pending]), open.filter((m) => m.due_on! >= '2026-12-05').length);
    assert.ok(Number(sum[COL.pending]) > 0);
  });

  test('bad period, source or government: 400 with a Chinese message, on the page, the CSV and the staff page', async () => {
    for (const [q, text] of [['period=2026-Q5', /统计期间应为 YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）/], ['period=2026-13', /统计期间应为/], ['source=phone', /统计范围只能是 all、hotline 或 messages/], ['org=999999', /找不到该政府/], ['period=2026-12&period=2025', null]] as const) {
      for (const url of [`/interaction/statistics?${q}`, `/interaction/statistics.csv?${q}`]) {
        const res = await t.app.inject({ url });
        if (!text) { assert.equal(res.statusCode, 200, url); continue; } // a key sent twice is read as its first value
        assert.equal(res.statusCode, 400, url);
        assert.match(res.body, text);
      }
    }
    const staff = await t.app.inject({ url: '/staff/messages/statistics.csv?period=x', headers: { cookie: cixian } });
    assert.equal(staff.statusCode, 400);
    assert.match(staff.body, /统计期间应为/);
  });

  // A form re-renders with 400, an error summary and the values kept (not a dead-end error page).
  test('a typo in 统计期间 re-renders the statistics form: 400, the error summary on the field, the typed value and the other choices kept, no figures', async () => {
    for (const [url, headers] of [['/interaction/statistics?period=2026-13&source=hotline&org=130427', {}], ['/staff/messages/statistics?period=2026-13&source=hotline', { cookie: cixian }]] as const) {
      const res = await t.app.inject({ url, headers });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, /class="error-summary"/, url);
      assert.match(res.body, /<input[^>]*name="period"[^>]*value="2026-13"/, url);
      assert.match(res.body, /aria-invalid="true"/, url);
      assert.match(res.body, /<option value="hotline" selected/, url);
      assert.doesNotMatch(res.body, /<table class="stats-table"/, url);
    }
    const gov = await t.app.inject({ url: '/interaction/statistics?period=2026-12&org=999999' });
    assert.equal(gov.statusCode, 400);
    assert.match(gov.body, /找不到该政府/);
    assert.match(gov.body, /<input[^>]*name="period"[^>]*value="2026-12"/);
  });

  test('public figures per government: 海珠区 alone shows none of 磁县\'s units, and the reverse', async () => {
    const hz = await t.app.inject({ url: '/interaction/statistics.csv?period=2026-12&org=440105' });
    assert.deepEqual([...csvRows(hz.body).keys()].sort(), ['', '440105']);
    const cx = await t.app.inject({ url: '/interaction/statistics?period=2026-12&org=130427' });
    assert.doesNotMatch(cx.body, /海珠区(人民政府)?<\/th>/);
    assert.match(cx.body, /磁州镇人民政府/);
  });

  test('staff figures are scoped to the grant: 海珠区\'s supervisor sees nothing of 磁县, 磁县\'s nothing of 海珠区', async () => {
    const hz = await t.app.inject({ url: '/staff/messages/statistics?period=2026', headers: { cookie: haizhu } });
    assert.equal(hz.statusCode, 200);
    assert.doesNotMatch(hz.body, /磁县|磁州镇/);
    const hzCsv = await t.app.inject({ url: '/staff/messages/statistics.csv?period=2026', headers: { cookie: haizhu } });
    assert.deepEqual([...csvRows(hzCsv.body).keys()].sort(), ['', '440105']);
    const cx = await t.app.inject({ url: '/staff/messages/statistics.csv?period=2026-Q4&source=hotline', headers: { cookie: cixian } });
    assert.equal(cx.statusCode, 200);
    assert.doesNotMatch(cx.body, /440105|海珠/);
    assert.ok(csvRows(cx.body).has('130427'));
    // the source by its Chinese label gives the same figures (shared code-or-label parser)
    const byLabel = await t.app.inject({ url: `/staff/messages/statistics.csv?period=2026-Q4&source=${encodeURIComponent('12345 工单')}`, headers: { cookie: cixian } });
    assert.equal(byLabel.body, cx.body);
    assert.equal((await t.app.inject({ url: '/staff/messages/statistics.csv?period=2026-Q4&source=傳真', headers: { cookie: cixian } })).statusCode, 400);
    // a handler of 磁县民政局 sees only what its grant covers
    const mzj = await signIn(t.app, 'cixian.mzj');
    const dept = await t.app.inject({ url: '/staff/messages/statistics.csv?period=2026-Q4', headers: { cookie: mzj } });
    assert.ok([...csvRows(dept.body).keys()].every((k) => k === '' || k === '130427-mzj'), dept.body);
    assert.equal((await t.app.inject({ url: '/staff/messages/statistics' })).statusCode, 401);
  });

  test('12345 list and CSV: 工单编号, 创建工号, 来电时间 and 工单状态; phones masked in the CSV; 海珠区 sees only its own', async () => {
    const page = await t.app.inject({ url: '/staff/messages/hotline', headers: { cookie: cixian } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<th scope="col">创建工号<\/th><th scope="col">工单标题<\/th><th scope="col">来电时间<\/th>/);
    assert.match(page.body, />DH993211202511270004<\/a><\/td><td>8015<\/td><td>关于道路施工扰民<\/td><td>2026-11-23 21:33:35<\/td><td>2026-11-26 17:00:00<\/td><td>投诉<\/td><td>办理中<\/td>/);
    assert.doesNotMatch(page.body, /HZ2026120100001/);
    const csv = await t.app.inject({ url: '/staff/messages/hotline.csv', headers: { cookie: cixian } });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, /^\uFEFF工单编号,编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态,/);
    assert.match(csv.body, /DH993211202511270005,RX-\d{8}-\w{5},8019,关于增设公交站点,[^,]*,2026-11-29 08:21:48,2026-12-02 17:00:00,建议,待签收,/);
    assert.doesNotMatch(csv.body, /HZ2026120100001/);
    const hz = await t.app.inject({ url: '/staff/messages/hotline.csv', headers: { cookie: haizhu } });
    assert.match(hz.body, /HZ2026120100001,.*,6001,江南西路井盖松动,江南西路井盖松动，来电人 139\*\*\*\*5670,2026-12-01 10:00:00/);
    assert.doesNotMatch(hz.body, /13912345670|DH9932/);
    const hzPage = await t.app.inject({ url: '/staff/messages/hotline', headers: { cookie: haizhu } });
    assert.doesNotMatch(hzPage.body, /DH9932|磁县/);
    // an editor has no handling role
    assert.equal((await t.app.inject({ url: '/staff/messages/hotline.csv', headers: { cookie: await signIn(t.app, 'cixian.editor') } })).statusCode, 403);
  });

  test('the detail page shows what the hotline sent; handling updates 工单状态; a re-import by API updates it and logs the change', async () => {
    const db = get().db;
    const m = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'DH993211202511270005').executeTakeFirstOrThrow();
    const url = `/staff/messages/${m.reference}`;
    const page = await t.app.inject({ url, headers: { cookie: cixian } });
    assert.match(page.body, /<dt>工单状态<\/dt><dd>待签收<\/dd><dt>创建工号<\/dt><dd>8019<\/dd><dt>来电时间<\/dt><dd>2026-11-29 08:21:48<\/dd>/);
    // 交办 by form: 工单状态 becomes 已派单, on the list too.
    const assigned = await postForm(t.app, `${url}/actions`, cixian, { type: 'assign', on: '2026-12-05', org: '130427-mzj' });
    assert.equal(assigned.statusCode, 303, assigned.body);
    assert.match((await t.app.inject({ url, headers: { cookie: cixian } })).body, /<dt>工单状态<\/dt><dd>已派单<\/dd>/);
    assert.match((await t.app.inject({ url: '/staff/messages?view=all', headers: { cookie: cixian } })).body, /已交办，待签收（12345：已派单）/);
    // The platform's newer export: 办理中, 计划完成时间 moved to 12-09.
    const order = { org: '130427', work_order_no: 'DH993211202511270005', operator_no: '8019', title: '关于增设公交站点', content: m.content, called_at: '2026-11-29 08:21:48', planned_at: '2026-12-09 17:00:00', order_type: '建议', status: '办理中' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/hotline/work-orders', headers: { authorization: `Bearer ${cixianToken}` }, payload: order });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { reference: m.reference, updated: true });
    const after = await db.selectFrom('message').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    assert.deepEqual([after.external_status, after.due_on, after.assignee_org], ['办理中', '2026-12-09', '130427-mzj']);
    const log = (await t.app.inject({ url, headers: { cookie: cixian } })).body;
    assert.match(log, /12345 平台更新工单/);
    assert.match(log, /工单状态：已派单 → 办理中/);
    assert.match(log, /计划完成时间：2026-12-02 17:00:00 → 2026-12-09 17:00:00/);
  });

  test('another government\'s 工单编号: 409 work_order_foreign naming 工单编号; nothing of 磁县\'s order changes', async () => {
    const db = get().db;
    const before = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'DH993211202511270004').executeTakeFirstOrThrow();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/hotline/work-orders', headers: { authorization: `Bearer ${haizhuToken}` }, payload: { org: '440105', work_order_no: 'DH993211202511270004', operator_no: '6001', title: '冒用工单', content: '冒用磁县的工单编号', called_at: '2026-12-01 10:00:00', order_type: '投诉', status: '已办结' } });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'work_order_foreign');
    assert.match(res.json().message, /^工单编号：DH993211202511270004 已由其他单位登记，不属于海珠区人民政府/);
    assert.ok(!res.body.includes('磁县'), 'the other county is not named');
    assert.deepEqual(await db.selectFrom('message').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow(), before);
  });

  // The same new 工单编号 sent at once (a client retrying): one order; a request that loses the race
  // is 409 work_order_conflict (retry), never work_order_foreign (which says another government owns it).
  test('API: the same new 工单编号 sent concurrently gives one order; a request losing the race is 409 work_order_conflict', async () => {
    const payload = { org: '130427', work_order_no: 'RC2026120400001', operator_no: '8061', title: '关于路灯', content: '路灯不亮', called_at: '2026-12-04 10:00:00', order_type: '求助', status: '办理中' };
    const results = await Promise.all([1, 2, 3, 4].map(() => t.app.inject({ method: 'POST', url: '/api/v1/staff/hotline/work-orders', headers: { authorization: `Bearer ${cixianToken}` }, payload })));
    for (const r of results) {
      if (r.statusCode === 409) assert.equal(r.json().code, 'work_order_conflict', r.body);
      else assert.ok([200, 201].includes(r.statusCode), r.body);
    }
    assert.equal(results.filter((r) => r.statusCode === 201).length, 1);
    const stored = await get().db.selectFrom('message').select('reference').where('work_order_no', '=', 'RC2026120400001').execute();
    assert.equal(stored.length, 1);
  });

  // A county's 12345 line passes tens of thousands of orders: the export holds every one (it stopped
  // at the newest 20 000), each once, even when they share one 来电时间 (the order falls back to id).
  test('the 12345 CSV holds every order of the grant, past 20 000, each once', async () => {
    const db = get().db;
    const N = 20_001;
    const model = await db.selectFrom('message').selectAll().where('work_order_no', '=', 'HZ2026120100001').executeTakeFirstOrThrow();
    const cols = Object.keys(model).filter((c) => c !== 'id');
    const value = (c: string) => (c === 'reference' ? `'BULK-' || n.i` : c === 'work_order_no' ? `'BULK' || n.i` : c === 'tracking_hash' ? `'bulk-hash-' || n.i` : `m.${c}`);
    await sql.raw(`insert into message (${cols.join(', ')}) with recursive n(i) as (select 1 union all select i + 1 from n where i < ${N}) select ${cols.map(value).join(', ')} from n, message m where m.work_order_no = 'HZ2026120100001'`).execute(db);
    try {
      const res = await t.app.inject({ url: '/staff/messages/hotline.csv', headers: { cookie: haizhu } });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-disposition'] as string, /hotline-work-orders-2026-12-05\.csv/);
      const lines = res.body.trim().split('\r\n');
      assert.equal(lines.filter((l) => l.startsWith('BULK')).length, N);
      assert.equal(new Set(lines.map((l) => l.split(',')[0])).size, lines.length, 'no order twice');
      assert.equal(res.body.split('\uFEFF').length, 2, 'one byte-order mark');
      assert.ok(lines.some((l) => l.startsWith('HZ2026120100001,')));
      assert.ok(lines.every((l) => !l.startsWith('DH9932')), 'nothing outside the grant');
    } finally {
      await db.deleteFrom('message').where('work_order_no', 'like', 'BULK%').execute();
    }
  });
}, async (t) => { await loadDemo(t.db, clock); });
