// 年考评 (issue 18 item 5) on SQLite and PostgreSQL: the 政务公开办's scheme per year (default,
// edited through the page and the API; weights that do not sum refused naming the group, nothing
// saved), automatic scores from data (整改完成率 from sv_problem rows), manual scores within 0..max,
// totals and ranks per level, the lock (audited; every later write 409 assessment_locked, nothing
// changed), the XLSX export opened with exceljs, and the office's scope (海珠 sees none of 磁县).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { identityService } from '../../src/modules/identity/index.ts';
import { DEFAULT_SCHEME } from '../../src/modules/supervision/assessment.ts';
import type { Db } from '../../src/schema.ts';
import { organisationFigures } from '../../src/modules/supervision/index.ts';
import { loadConfig } from '../../src/config.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const BASE = '/staff/supervision/assessment';
const API = '/api/v1/staff/supervision/assessment';
const MZJ = '130427-mzj'; // 磁县民政局
const RSJ = '130427-rsj';

let serial = 0;
async function problem(db: Db, org: string, state: string, foundOn = '2026-02-10') {
  const o = await db.selectFrom('organisation').select('path').where('code', '=', org).executeTakeFirstOrThrow();
  const n = ++serial;
  const now = clock.now().toISOString();
  await db.insertInto('sv_problem').values({
    public_id: `WT-2026-02-${String(n).padStart(5, '0')}`, rule_code: 'late_publication', org_code: org, org_path: o.path, office_org_code: '130427-gkb', month: foundOn.slice(0, 7),
    fingerprint: `fp-${n}`, open_key: state === 'closed' || state === 'dismissed' ? null : `fp-${n}`, subject_ref: '', title: `测试问题${n}`, detail: '', evidence_url: null, severity: 'major',
    state, found_on: foundOn, due_on: '2026-03-10', measures: '', rectified_on: null, verify_note: '', closed_on: state === 'closed' ? '2026-02-20' : null, escalated_on: null,
    inspection_id: null, created_by: 'test', created_at: now, updated_at: now,
  }).execute();
}

/** The form fields of a scheme as the editor posts them. */
function schemeForm(scheme: typeof DEFAULT_SCHEME, over: (f: Record<string, string>) => void = () => {}): Record<string, string> {
  const f: Record<string, string> = { intent: 'save', total: String(scheme.total), group_count: String(scheme.groups.length + 2), indicator_count: String(scheme.indicators.length + 3) };
  scheme.groups.forEach((g, i) => { f[`g_${i + 1}_code`] = g.code; f[`g_${i + 1}_name`] = g.name; f[`g_${i + 1}_max`] = String(g.max); });
  scheme.indicators.forEach((x, i) => {
    const n = i + 1;
    Object.assign(f, { [`i_${n}_code`]: x.code, [`i_${n}_group`]: x.group, [`i_${n}_name`]: x.name, [`i_${n}_max`]: String(x.max), [`i_${n}_method`]: x.method, [`i_${n}_source`]: x.source ?? '', [`i_${n}_mapping`]: x.mapping?.kind ?? 'linear', [`i_${n}_steps`]: x.mapping?.kind === 'steps' ? x.mapping.steps.map((s) => `${s.at}=${s.percent}`).join(';') : '', [`i_${n}_description`]: x.description });
  });
  over(f);
  return f;
}

forEachDialect('年考评: scheme, scores, ranking, lock and export', (get) => {
  let t: TestApp;
  let gkb: string;
  let bearer: { authorization: string };
  let hzBearer: { authorization: string };
  const db = () => get().db;
  const rows = async () => ({
    assessments: await db().selectFrom('sv_assessment').selectAll().execute(),
    scores: await db().selectFrom('sv_assessment_score').selectAll().orderBy('indicator_code').execute(),
  });
  const audits = async (action: string) => (await db().selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

  before(async () => {
    t = await buildTestApp(get(), clock);
    gkb = await signIn(t.app, 'cixian.gkb');
    bearer = { authorization: `Bearer ${await tokenFor(db(), 'cixian.gkb')}` };
    const deps = { db: db(), clock, sessionIdleMinutes: 120 };
    const hz = await identityService.createUser(deps, { cli: true }, { username: 'hz.gkb', displayName: '海珠公开办', role: 'supervisor', orgCode: '440105-gkb', password: 'assess-password-2026' });
    assert.ok(hz.ok);
    hzBearer = { authorization: `Bearer ${await tokenFor(db(), 'hz.gkb')}` };
    // the demo's own inspection raised problems too: this test counts only the rows it writes
    await db().deleteFrom('sv_problem_event').execute();
    await db().deleteFrom('sv_problem').execute();
    // 民政局: 4 problems found in 2026 (3 closed), one dismissed (not counted), one of 2025 (not counted)
    for (const st of ['closed', 'closed', 'closed', 'open', 'dismissed']) await problem(db(), MZJ, st);
    await problem(db(), MZJ, 'open', '2025-11-03');
  });
  after(async () => t.app.close());

  test('the year page: the default scheme (five groups), the office\'s departments and townships ranked per level', async () => {
    const page = await t.app.inject({ url: `${BASE}?year=2026`, headers: { cookie: gkb } });
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    for (const text of ['磁县政务公开办 2026 年度', '主动公开', '政策解读与回应关切', '依申请公开', '平台建设', '监督保障', '磁县民政局', '县直部门', '乡镇（街道）', '尚未保存：使用默认指标体系']) assert.ok(page.body.includes(text), text);
    assert.ok(!page.body.includes('海珠'), 'no other county');
    assert.ok(!page.body.includes('docs/'), 'no repository path shown to staff');
    const api = await t.app.inject({ url: `${API}/2026`, headers: bearer });
    assert.equal(api.statusCode, 200, api.body);
    const j = api.json();
    assert.equal(j.office.code, '130427-gkb');
    assert.equal(j.scheme_source, 'default');
    assert.equal(j.scheme.groups.reduce((a: number, g: { max: number }) => a + g.max, 0), 100);
    assert.equal(j.scheme.indicators.find((x: { code: string }) => x.code === 'A1').weight, 15);
    const levels = new Set(j.organisations.map((o: { level: { code: string } }) => o.level.code));
    assert.deepEqual([...levels].sort(), ['department', 'township_government']);
    assert.ok(!j.organisations.some((o: { code: string }) => o.code === '130427-gkb' || o.code === '130427'), 'the office and its government are not assessed');
  });

  test('整改完成率 is computed from sv_problem rows: 3 closed of 4 found this year → 10 × 0.75 = 7.5; none found → full, said so', async () => {
    const j = (await t.app.inject({ url: `${API}/2026`, headers: bearer })).json();
    const mzj = j.organisations.find((o: { code: string }) => o.code === MZJ);
    const e1 = mzj.indicators.find((x: { code: string }) => x.code === 'E1');
    assert.deepEqual(e1.figure, { source: 'rectification', numerator: 3, denominator: 4, rate: 75 });
    assert.equal(e1.points, 7.5);
    assert.match(e1.how, /3 ÷ 4 = 75%；得分 = 分值 × 比率/);
    const rsj = j.organisations.find((o: { code: string }) => o.code === RSJ).indicators.find((x: { code: string }) => x.code === 'E1');
    assert.equal(rsj.points, 10);
    assert.match(rsj.how, /无应办事项/);
    const detail = await t.app.inject({ url: `${BASE}/2026/${MZJ}`, headers: { cookie: gkb } });
    assert.equal(detail.statusCode, 200);
    assert.ok(detail.body.includes('3 ÷ 4 = 75%'), 'the page shows how E1 was reached');
    assert.ok(detail.body.includes('整改完成率'));
  });

  test('the other automatic indicators are figures.ts\'s figures of the year mapped by the scheme (A1 linear, B1 steps, C1 linear)', async () => {
    const j = (await t.app.inject({ url: `${API}/2026`, headers: bearer })).json();
    const orgs = await db().selectFrom('organisation').select(['code', 'name', 'path']).where('code', 'in', j.organisations.map((o: { code: string }) => o.code)).execute();
    const figs = await organisationFigures({ db: db(), onTime: loadConfig({ DATA_DIR: 'data-test-unused' }).interaction.onTime, today: clock.today(), nowIso: clock.now().toISOString() }, orgs, { from: '2026-01-01', to: '2026-12-31' });
    let counted = 0;
    for (const f of figs) {
      const o = j.organisations.find((x: { code: string }) => x.code === f.org.code);
      for (const [code, key, max] of [['A1', 'disclosure_on_time', 15], ['C1', 'application_on_time', 12], ['B1', 'message_on_time', 8]] as const) {
        const line = o.indicators.find((x: { code: string }) => x.code === code);
        const fig = f.figures[key];
        assert.equal(line.figure.numerator, fig.numerator, `${f.org.code} ${code}`);
        assert.equal(line.figure.denominator, fig.denominator, `${f.org.code} ${code}`);
        if (fig.denominator === 0) { assert.equal(line.points, max); continue; }
        counted++;
        const rate = fig.numerator / fig.denominator;
        const expected = code === 'B1' ? max * (rate >= 0.95 ? 1 : rate >= 0.9 ? 0.8 : rate >= 0.8 ? 0.6 : 0) : Math.round(max * rate * 100) / 100;
        assert.equal(line.points, expected, `${f.org.code} ${code} ${fig.numerator}/${fig.denominator}`);
      }
    }
    assert.ok(counted > 0, 'the demo has figures with cases to count');
  });

  test('scheme edit through the page: weights not summing → 400 naming the group, values kept, nothing saved; then saved and audited', async () => {
    const before = await rows();
    const bad = await postForm(t.app, `${BASE}/2026/scheme`, gkb, schemeForm(DEFAULT_SCHEME, (f) => { f.i_2_max = '9'; }));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.ok(bad.body.includes('「主动公开」各指标分值之和为 34 分，应等于该组分值 35 分'), bad.body.slice(0, 500));
    assert.match(bad.body, /id="i_2_max" name="i_2_max" value="9"/);
    assert.deepEqual(await rows(), before, 'nothing saved');
    const ok = await postForm(t.app, `${BASE}/2026/scheme`, gkb, schemeForm(DEFAULT_SCHEME, (f) => { f.i_2_max = '9'; f.i_3_max = '11'; f.i_3_name = '年度报告（修订）'; }));
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const saved = await db().selectFrom('sv_assessment').selectAll().where('office_org_code', '=', '130427-gkb').where('year', '=', 2026).executeTakeFirstOrThrow();
    const scheme = JSON.parse(saved.scheme_json);
    assert.equal(scheme.indicators.find((x: { code: string }) => x.code === 'A3').name, '年度报告（修订）');
    assert.equal(await audits('assessment.scheme'), 1);
    const page = await t.app.inject({ url: `${BASE}?year=2026&done=scheme`, headers: { cookie: gkb } });
    assert.ok(page.body.includes('指标体系已保存') && page.body.includes('已保存的本年度指标体系'));
    // next year starts from this one
    assert.equal((await t.app.inject({ url: `${API}/2027`, headers: bearer })).json().scheme_source, 'previous');
  });

  test('scheme through the API: bad weights 400 assessment_weights_mismatch naming the group; labels accepted for enums', async () => {
    const before = await rows();
    const body = structuredClone(DEFAULT_SCHEME) as unknown as { total: number; groups: { max: number }[]; indicators: { code: string; max: number; method: string }[] };
    body.indicators.find((x) => x.code === 'C1')!.max = 13;
    const bad = await t.app.inject({ method: 'PUT', url: `${API}/2026/scheme`, headers: bearer, payload: body });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'assessment_weights_mismatch');
    assert.match(bad.json().message, /「依申请公开」各指标分值之和为 21 分，应等于该组分值 20 分/);
    const total = structuredClone(DEFAULT_SCHEME);
    total.total = 120;
    const badTotal = await t.app.inject({ method: 'PUT', url: `${API}/2026/scheme`, headers: bearer, payload: total });
    assert.equal(badTotal.json().code, 'assessment_weights_mismatch');
    assert.match(badTotal.json().message, /方案总分 120 分/);
    const badMethod = await t.app.inject({ method: 'PUT', url: `${API}/2026/scheme`, headers: bearer, payload: { ...DEFAULT_SCHEME, indicators: DEFAULT_SCHEME.indicators.map((x, i) => (i === 0 ? { ...x, method: '抽签' } : x)) } });
    assert.equal(badMethod.statusCode, 400);
    assert.match(badMethod.json().message, /method/);
    assert.deepEqual(await rows(), before, 'nothing changed');
    const labelled = { ...structuredClone(DEFAULT_SCHEME), indicators: DEFAULT_SCHEME.indicators.map((x) => ({ ...x, method: x.method === 'auto' ? '自动计分' : '人工评分', ...(x.source ? { source: x.source } : {}) })) };
    const ok = await t.app.inject({ method: 'PUT', url: `${API}/2026/scheme`, headers: bearer, payload: labelled });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().indicators[0].method, 'auto');
  });

  test('manual scores: above the max refused (page 400 with values kept, API 400), nothing saved; a valid one counts in the total and rank', async () => {
    const before = await rows();
    const over = await postForm(t.app, `${BASE}/2026/${MZJ}/scores`, gkb, { indicator: 'A2', points: '11', note: '目录齐全' });
    assert.equal(over.statusCode, 400);
    assert.ok(over.body.includes('「基层政务公开标准目录与照单公开」的得分应在 0 至 10 分之间'));
    assert.match(over.body, /name="points" value="11"/);
    const api = await t.app.inject({ method: 'POST', url: `${API}/2026/scores`, headers: bearer, payload: { org: MZJ, indicator: 'A2', points: 10.5, note: '' } });
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().code, 'assessment_score_out_of_range');
    const auto = await t.app.inject({ method: 'POST', url: `${API}/2026/scores`, headers: bearer, payload: { org: MZJ, indicator: 'A1', points: 5 } });
    assert.equal(auto.json().code, 'assessment_indicator_auto');
    assert.deepEqual(await rows(), before, 'nothing saved');

    const saved = await postForm(t.app, `${BASE}/2026/${MZJ}/scores`, gkb, { indicator: 'A2', points: '8.5', note: '目录已编制，个别栏目未更新' });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    const r = await t.app.inject({ method: 'POST', url: `${API}/2026/scores`, headers: bearer, payload: { org: MZJ, indicator: 'C2', points: 8, note: '规范' } });
    assert.equal(r.statusCode, 200, r.body);
    const j = (await t.app.inject({ url: `${API}/2026`, headers: bearer })).json();
    const mzj = j.organisations.find((o: { code: string }) => o.code === MZJ);
    const sum = mzj.indicators.reduce((a: number, x: { points: number }) => a + Math.round(x.points * 100), 0) / 100;
    assert.equal(mzj.total, sum);
    assert.equal(mzj.indicators.find((x: { code: string }) => x.code === 'A2').points, 8.5);
    assert.equal(mzj.indicators.find((x: { code: string }) => x.code === 'A2').note, '目录已编制，个别栏目未更新');
    const depts = j.organisations.filter((o: { level: { code: string } }) => o.level.code === 'department');
    assert.equal(mzj.rank, 1 + depts.filter((o: { total: number }) => o.total > mzj.total).length);
    assert.equal(await audits('assessment.score'), 2);
    // lowering a max under a kept score is refused, nothing changed
    const lower = structuredClone(DEFAULT_SCHEME);
    lower.indicators.find((x) => x.code === 'A2')!.max = 8; lower.indicators.find((x) => x.code === 'A3')!.max = 12;
    const refused = await t.app.inject({ method: 'PUT', url: `${API}/2026/scheme`, headers: bearer, payload: lower });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'assessment_scores_exceed');
  });

  test('scope: 海珠区 sees its own organisations only; 磁县\'s organisation page and score are not found for it', async () => {
    const j = (await t.app.inject({ url: `${API}/2026`, headers: hzBearer })).json();
    assert.equal(j.office.code, '440105-gkb');
    assert.ok(j.organisations.length > 0);
    assert.ok(j.organisations.every((o: { code: string }) => o.code.startsWith('440105')));
    assert.ok(!JSON.stringify(j).includes('磁县'));
    const foreign = await t.app.inject({ method: 'POST', url: `${API}/2026/scores`, headers: hzBearer, payload: { org: MZJ, indicator: 'A2', points: 1 } });
    assert.equal(foreign.statusCode, 404);
    const office = await t.app.inject({ url: `${API}/2026?office=130427-gkb`, headers: hzBearer });
    assert.equal(office.statusCode, 404);
    const editor = await signIn(t.app, 'cixian.editor');
    assert.equal((await t.app.inject({ url: BASE, headers: { cookie: editor } })).statusCode, 403);
  });

  test('scope: the city office (邯郸市政务公开办) assesses its counties, not the county office\'s departments — nor scores, edits or locks for it', async () => {
    const city = { authorization: `Bearer ${await tokenFor(db(), 'handan.gkb')}` };
    const before = await rows();
    const own = await t.app.inject({ url: `${API}/2026`, headers: city });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().office.code, '1304-gkb');
    assert.ok(own.json().organisations.some((o: { code: string }) => o.code === '130427'), 'the county government is assessed by the city office');
    assert.ok(!own.json().organisations.some((o: { code: string }) => o.code === MZJ), 'not the county\'s departments');
    assert.equal((await t.app.inject({ url: `${API}/2026?office=130427-gkb`, headers: city })).statusCode, 404);
    const score = await t.app.inject({ method: 'POST', url: `${API}/2026/scores?office=130427-gkb`, headers: city, payload: { org: MZJ, indicator: 'A2', points: 1 } });
    assert.equal(score.statusCode, 404, score.body);
    const lock = await t.app.inject({ method: 'POST', url: `${API}/2026/lock?office=130427-gkb`, headers: city });
    assert.equal(lock.statusCode, 404, lock.body);
    assert.deepEqual(await rows(), before, 'nothing written for the county office');
  });

  test('XLSX of the scores and ranking (page and API) opens with exceljs and holds the totals', async () => {
    const j = (await t.app.inject({ url: `${API}/2026`, headers: bearer })).json();
    const mzj = j.organisations.find((o: { code: string }) => o.code === MZJ);
    for (const [url, headers] of [[`${BASE}/2026/scores.xlsx`, { cookie: gkb }], [`${API}/2026.xlsx`, bearer]] as const) {
      const res = await t.app.inject({ url, headers });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.match(String(ws.getCell(1, 1).value), /磁县政务公开办2026年度政务公开考评得分/);
      let found: ExcelJS.Row | undefined;
      ws.eachRow((row) => { if (row.getCell(2).value === '磁县民政局') found = row; });
      assert.ok(found, 'the 民政局 row');
      assert.equal(found.getCell(1).value, mzj.rank);
      assert.equal(found.getCell(ws.getRow(2).cellCount).value, mzj.total);
    }
  });

  test('the lock: confirmation required; then scoring and editing are refused 409 assessment_locked, nothing changed; locking again changes nothing', async () => {
    const noConfirm = await postForm(t.app, `${BASE}/2026/lock`, gkb, {});
    assert.equal(noConfirm.statusCode, 400);
    assert.ok(noConfirm.body.includes('请勾选确认'));
    assert.equal((await db().selectFrom('sv_assessment').select('locked_at').where('year', '=', 2026).where('office_org_code', '=', '130427-gkb').executeTakeFirstOrThrow()).locked_at, null);
    const lock = await postForm(t.app, `${BASE}/2026/lock`, gkb, { confirm: '1' });
    assert.equal(lock.statusCode, 303);
    assert.equal(await audits('assessment.lock'), 1);
    const before = await rows();
    const score = await t.app.inject({ method: 'POST', url: `${API}/2026/scores`, headers: bearer, payload: { org: MZJ, indicator: 'A2', points: 3 } });
    assert.equal(score.statusCode, 409);
    assert.equal(score.json().code, 'assessment_locked');
    assert.deepEqual(score.json().reasons, ['2026 年度考评已锁定，不能再修改指标体系或评分']);
    const form = await postForm(t.app, `${BASE}/2026/${MZJ}/scores`, gkb, { indicator: 'A2', points: '3', note: '' });
    assert.equal(form.statusCode, 409);
    const scheme = await t.app.inject({ method: 'PUT', url: `${API}/2026/scheme`, headers: bearer, payload: DEFAULT_SCHEME });
    assert.equal(scheme.statusCode, 409);
    assert.equal(scheme.json().code, 'assessment_locked');
    const page = await postForm(t.app, `${BASE}/2026/scheme`, gkb, schemeForm(DEFAULT_SCHEME));
    assert.equal(page.statusCode, 409);
    assert.deepEqual(await rows(), before, 'nothing changed');
    const again = await t.app.inject({ method: 'POST', url: `${API}/2026/lock`, headers: bearer });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().changed, false);
    assert.equal(await audits('assessment.lock'), 1);
    const shown = await t.app.inject({ url: `${BASE}?year=2026`, headers: { cookie: gkb } });
    assert.match(shown.body, /已于 .* 锁定/);
    assert.ok(!shown.body.includes(`action="${BASE}/2026/scheme"`), 'no editor on a locked year');
  });

  test('bad input: an unknown year or organisation is 404 with a Chinese message, never a 5xx', async () => {
    for (const url of [`${API}/20x6`, `${API}/1999`, `${BASE}/2026/130427-nope`, `${BASE}?year=abc`]) {
      const res = await t.app.inject({ url, headers: url.startsWith('/api') ? bearer : { cookie: gkb } });
      assert.equal(res.statusCode, 404, url);
    }
    const res = await t.app.inject({ url: `${API}/20x6`, headers: bearer });
    assert.match(res.json().message, /年度应为/);
  });
}, withDemo);
