// The office dashboard (监督检查统计) and the public on-time page over HTTP: the office sees its own
// county's problems and rates, never another county's; an organisation outside its scope is 403
// without its figures; a bad period is a 400 with a Chinese message and the value kept; each table
// has its CSV; the public page shows per-government rates with their definitions and no personal data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { identityService } from '../../src/modules/identity/index.ts';

const clock = fixedClock('2026-03-20T02:00:00Z');
const PASSWORD = 'Dashboard-test-2026!';

forEachDialect('监督检查统计 and 按时公开、答复、办结情况 over HTTP', (get) => {
  let t: TestApp;
  let cixian: string;
  let haizhu: string;
  let editor: string;
  before(async () => {
    await withDemo(get());
    t = await buildTestApp(get(), clock, { SITE_SPONSOR: '测试主办单位' });
    const db = get().db;
    const made = await identityService.createUser({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, { username: 'haizhu.gkb', displayName: '海珠区公开办', role: 'supervisor', orgCode: '440105-gkb', password: PASSWORD });
    assert.ok(made.ok);
    cixian = await signIn(t.app, 'cixian.gkb');
    haizhu = await signIn(t.app, 'haizhu.gkb', PASSWORD);
    editor = await signIn(t.app, 'cixian.editor');
    // the demo's own inspection raised problems too: this test counts only the rows it writes
    await db.deleteFrom('sv_problem_event').execute();
    await db.deleteFrom('sv_problem').execute();
    const orgs = new Map((await db.selectFrom('organisation').select(['code', 'path']).execute()).map((o) => [o.code, o.path]));
    let n = 0;
    const problem = (code: string, p: { found: string; due: string; closed: string | null; state: string; title: string }) => {
      n++;
      return db.insertInto('sv_problem').values({
        public_id: `WT-2026-01-${String(n).padStart(5, '0')}`, rule_code: 'late_publication', org_code: code, org_path: orgs.get(code)!, office_org_code: code.slice(0, 6), month: p.found.slice(0, 7),
        fingerprint: `f${n}`, open_key: p.closed || p.state === 'dismissed' ? null : `f${n}`, subject_ref: '', title: p.title, detail: '', evidence_url: null, severity: 'normal', state: p.state,
        found_on: p.found, due_on: p.due, measures: '', rectified_on: p.closed, verify_note: '', closed_on: p.closed, escalated_on: null, inspection_id: null, created_by: 'test', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
      }).execute();
    };
    // 磁县: January 2 found (1 closed in February), February 1 found, March 1 found; 1 dismissed.
    await problem('130427', { found: '2026-01-10', due: '2026-02-10', closed: '2026-02-05', state: 'closed', title: '磁县问题甲' });
    await problem('130427100', { found: '2026-01-12', due: '2026-02-12', closed: null, state: 'open', title: '磁州镇问题乙' });
    await problem('130427100', { found: '2026-02-03', due: '2026-04-03', closed: null, state: 'open', title: '磁州镇问题丙' });
    await problem('130427', { found: '2026-03-02', due: '2026-04-02', closed: null, state: 'open', title: '磁县问题丁' });
    await problem('130427', { found: '2026-03-03', due: '2026-04-03', closed: null, state: 'dismissed', title: '磁县误报' });
    // 海珠区: three open problems in its 来穗局 — more than any 磁县 unit, but never in 磁县's view.
    for (const d of ['2026-01-05', '2026-01-06', '2026-02-07']) await problem('440105-lsz', { found: d, due: '2026-02-01', closed: null, state: 'open', title: '海珠区问题' });
  });
  after(async () => t.app.close());

  test('the office sees its county: the charts with title and table, the counts by month, the units with most open problems', async () => {
    const res = await t.app.inject({ url: '/staff/supervision/dashboard?period=2026-Q1', headers: { cookie: cixian } });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.match(res.body, /<svg role="img" aria-labelledby="problems-chart-t problems-chart-d"/);
    assert.match(res.body, /<svg role="img" aria-labelledby="rates-chart-t rates-chart-d"/);
    // found / closed per month (dismissed left out)
    assert.match(res.body, /<th scope="row">2026-01<\/th><td>2<\/td><td>0<\/td>/);
    assert.match(res.body, /<th scope="row">2026-02<\/th><td>1<\/td><td>1<\/td>/);
    assert.match(res.body, /<th scope="row">2026-03<\/th><td>1<\/td><td>0<\/td>/);
    // 磁州镇 has 2 open (1 overdue), 磁县人民政府 1 open: ranked in that order
    assert.match(res.body, /<th scope="row">磁州镇人民政府<\/th><td>2<\/td><td>1<\/td><\/tr><tr><th scope="row">磁县人民政府<\/th><td>1<\/td><td>0<\/td>/);
    assert.match(res.body, /本期发现问题 4 个，整改销号 1 个；目前未整改 3 个，其中已超过整改时限 1 个/);
    assert.match(res.body, /按时公开率 = /);
    assert.doesNotMatch(res.body, /海珠|来穗|440105/);
  });

  test('the other county\'s office sees only its own; picking the other county is 403 without its figures', async () => {
    const own = await t.app.inject({ url: '/staff/supervision/dashboard?period=2026-Q1', headers: { cookie: haizhu } });
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /海珠区来穗人员服务管理局<\/th><td>3<\/td><td>3<\/td>/);
    assert.doesNotMatch(own.body, /磁县|磁州|130427/);
    for (const url of ['/staff/supervision/dashboard?org=130427', '/staff/supervision/dashboard.csv?table=open&org=130427']) {
      const res = await t.app.inject({ url, headers: { cookie: haizhu } });
      assert.equal(res.statusCode, 403, url);
      assert.doesNotMatch(res.body, /磁县人民政府|磁州/);
    }
    const narrowed = await t.app.inject({ url: '/staff/supervision/dashboard?period=2026-Q1&org=130427', headers: { cookie: cixian } });
    assert.equal(narrowed.statusCode, 200);
  });

  test('roles: an editor is refused, a signed-out visitor is sent to sign in', async () => {
    assert.equal((await t.app.inject({ url: '/staff/supervision/dashboard', headers: { cookie: editor } })).statusCode, 403);
    const out = await t.app.inject({ url: '/staff/supervision/dashboard' });
    assert.ok([401, 303].includes(out.statusCode));
  });

  test('bad period input: 400, a Chinese message, the typed value kept; the CSV answers 400 too', async () => {
    const res = await t.app.inject({ url: '/staff/supervision/dashboard?period=2026-13', headers: { cookie: cixian } });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /统计期间格式不正确/);
    assert.match(res.body, /value="2026-13"/);
    const reversed = await t.app.inject({ url: '/staff/supervision/dashboard?from=2026-03-01&to=2026-01-01', headers: { cookie: cixian } });
    assert.equal(reversed.statusCode, 400);
    assert.match(reversed.body, /起始日期不能晚于截止日期/);
    const csv = await t.app.inject({ url: '/staff/supervision/dashboard.csv?table=problems&from=2026-02-30&to=2026-03-01', headers: { cookie: cixian } });
    assert.equal(csv.statusCode, 400);
    assert.match(csv.body, /不是有效日期/);
    const table = await t.app.inject({ url: '/staff/supervision/dashboard.csv?table=nope', headers: { cookie: cixian } });
    assert.equal(table.statusCode, 400);
    assert.match(table.body, /没有这个数据表/);
  });

  test('CSV of each table: the same figures as the page', async () => {
    const problems = await t.app.inject({ url: '/staff/supervision/dashboard.csv?table=problems&period=2026-Q1', headers: { cookie: cixian } });
    assert.equal(problems.statusCode, 200);
    assert.match(String(problems.headers['content-type']), /text\/csv/);
    assert.equal(problems.body.replace(/^\uFEFF/, ''), '月份,发现问题,整改销号\r\n2026-01,2,0\r\n2026-02,1,1\r\n2026-03,1,0\r\n');
    const open = await t.app.inject({ url: '/staff/supervision/dashboard.csv?table=open&period=2026-Q1', headers: { cookie: cixian } });
    assert.match(open.body, /1,130427100,磁州镇人民政府,2,1\r\n2,130427,磁县人民政府,1,0/);
    const rates = await t.app.inject({ url: '/staff/supervision/dashboard.csv?table=rates&period=2026-Q1', headers: { cookie: cixian } });
    const lines = rates.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^月份,主动公开按时公开率（%）,按时公开,应公开,依申请公开按时答复率（%）/);
    // 整改完成率 in January: 2 found, 1 of them closed → 50.0
    assert.match(lines[1]!, /^2026-01,.*,50\.0,1,2$/);
    assert.doesNotMatch(open.body + rates.body, /海珠/);
  });

  test('the public page: rates per government with definitions, chart and CSV; a month is refused with 400', async () => {
    const res = await t.app.inject({ url: '/openness/timeliness?period=2026-Q1' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg role="img" aria-labelledby="timeliness-chart-t timeliness-chart-d"/);
    assert.match(res.body, /<th scope="row">磁县人民政府<\/th>/);
    assert.match(res.body, /<th scope="row">海珠区人民政府<\/th>/);
    assert.match(res.body, /《政府信息公开条例》第三十三条/);
    // only counts: no problem titles, no phone numbers; county governments only (the province and city would repeat them)
    assert.doesNotMatch(res.body, /磁县问题|海珠区问题|1[3-9]\d{9}/);
    assert.doesNotMatch(res.body, /河北省人民政府|邯郸市人民政府/);
    const csv = await t.app.inject({ url: '/openness/timeliness.csv?period=2026-Q1' });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /统计期间,单位代码,单位,主动公开按时公开率（%）/);
    assert.match(csv.body, /2026年第一季度,130427,磁县人民政府,/);
    const bad = await t.app.inject({ url: '/openness/timeliness?period=2026-03' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /统计期间格式不正确/);
    assert.equal((await t.app.inject({ url: '/openness/timeliness.csv?period=x' })).statusCode, 400);
    const section = await t.app.inject({ url: '/openness' });
    assert.match(section.body, /href="\/openness\/timeliness"/);
  });
});
