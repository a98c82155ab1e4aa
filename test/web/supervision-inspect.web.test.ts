// The 月检查 staff pages through app.inject: rule switches (audited, respected by the next run),
// manual check items (bad input → 400 with the values kept), a manual finding with a screenshot
// (an image stored as kind screenshot; a PDF named .png refused by its bytes; another county's
// organisation refused), and an inspection started from the button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { multipart } from '../support/interaction.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake-png-body')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

forEachDialect('supervision 月检查 pages', (get) => {
  let t: TestApp;
  let office: string;
  before(async () => {
    t = await buildTestApp(get());
    office = await signIn(t.app, 'cixian.gkb');
  });
  after(async () => t.app.close());

  test('the rules page lists every rule with its basis and severity; switching one off is saved and audited', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/staff/supervision/rules', headers: { cookie: office } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /主动公开信息逾期公开/);
    assert.match(page.body, /第二十六条/);
    assert.match(page.body, /第四十九条/);
    assert.match(page.body, /严重/);
    const res = await postForm(t.app, '/staff/supervision/rules/site_error/switch', office, { office: '130427-gkb', active: '0' });
    assert.equal(res.statusCode, 303);
    const row = await get().db.selectFrom('sv_rule_setting').selectAll().where('office_org_code', '=', '130427-gkb').where('rule_code', '=', 'site_error').executeTakeFirstOrThrow();
    assert.equal(row.active, 0);
    const audit = await get().db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'supervision.rule_switch').execute();
    assert.equal(audit.length, 1);
    // another office's switch: refused, nothing stored
    const foreign = await postForm(t.app, '/staff/supervision/rules/site_error/switch', office, { office: '440105-gkb', active: '0' });
    assert.equal(foreign.statusCode, 403);
    assert.equal((await get().db.selectFrom('sv_rule_setting').selectAll().where('office_org_code', '=', '440105-gkb').execute()).length, 0);
    // an unknown rule
    assert.equal((await postForm(t.app, '/staff/supervision/rules/nope/switch', office, { office: '130427-gkb', active: '0' })).statusCode, 404);
    // a value other than 1/0 is refused in Chinese, not taken as 停用: the rule stays on
    await postForm(t.app, '/staff/supervision/rules/catalog_blank/switch', office, { office: '130427-gkb', active: '1' });
    const odd = await postForm(t.app, '/staff/supervision/rules/catalog_blank/switch', office, { office: '130427-gkb', active: '2' });
    assert.equal(odd.statusCode, 400);
    assert.match(odd.body, /启用状态应为 1（启用）或 0（停用）/);
    assert.equal((await get().db.selectFrom('sv_rule_setting').select('active').where('office_org_code', '=', '130427-gkb').where('rule_code', '=', 'catalog_blank').executeTakeFirstOrThrow()).active, 1);
  });

  test('a check item without a title comes back 400 with the values kept; a good one is stored', async () => {
    const bad = await postForm(t.app, '/staff/supervision/check-items', office, { office: '130427-gkb', title: '', basis: '保留的依据', severity: 'general', deadline_class: 'limited' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /请填写检查项名称/);
    assert.match(bad.body, /保留的依据/);
    const badSev = await postForm(t.app, '/staff/supervision/check-items', office, { office: '130427-gkb', title: '栏目错链', severity: 'fatal', deadline_class: 'limited' });
    assert.equal(badSev.statusCode, 400);
    assert.match(badSev.body, /等级应为/);
    const ok = await postForm(t.app, '/staff/supervision/check-items', office, { office: '130427-gkb', title: '栏目错链', basis: '国办秘函〔2019〕19号', severity: '一般', deadline_class: '限期整改' });
    assert.equal(ok.statusCode, 303);
    const item = await get().db.selectFrom('sv_check_item').selectAll().where('office_org_code', '=', '130427-gkb').executeTakeFirstOrThrow();
    assert.equal(item.title, '栏目错链');
    assert.equal(item.severity, 'general');
    assert.equal(item.deadline_class, 'limited');
    // the URL names the item by its code (public id); the row id is not an address
    assert.equal((await postForm(t.app, `/staff/supervision/check-items/${item.id}`, office, { title: '按行号', severity: 'serious', deadline_class: 'immediate', active: '1' })).statusCode, 404);
    const form = await t.app.inject({ url: `/staff/supervision/rules?office=130427-gkb&edit=${encodeURIComponent(item.code)}`, headers: { cookie: office } });
    assert.ok(form.body.includes(`action="/staff/supervision/check-items/${item.code}"`), 'the edit form posts to the code');
    const edit = await postForm(t.app, `/staff/supervision/check-items/${encodeURIComponent(item.code)}`, office, { title: '栏目错链死链', severity: 'serious', deadline_class: 'immediate', active: '1' });
    assert.equal(edit.statusCode, 303);
    assert.equal((await get().db.selectFrom('sv_check_item').select('title').where('id', '=', item.id).executeTakeFirstOrThrow()).title, '栏目错链死链');
  });

  test('a manual finding with a screenshot is a problem with its file; a PDF named .png and another county\'s organisation are refused', async () => {
    const db = get().db;
    const item = await db.selectFrom('sv_check_item').selectAll().where('office_org_code', '=', '130427-gkb').executeTakeFirstOrThrow();
    const form = await t.app.inject({ method: 'GET', url: '/staff/supervision/findings/new', headers: { cookie: office } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    assert.match(form.body, /磁县民政局/);
    assert.doesNotMatch(form.body, /海珠/);
    const send = (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) => {
      const mp = multipart({ _csrf: CSRF, ...fields }, file ? [{ field: 'screenshot', ...file }] : []);
      return t.app.inject({ method: 'POST', url: '/staff/supervision/findings', headers: { ...mp.headers, cookie: office }, payload: mp.payload });
    };
    const before = (await db.selectFrom('sv_problem').select('id').execute()).length;
    const fields = { org: '130427-mzj', item: item.code, title: '首页栏目链接打不开', detail: '「通知公告」栏目链接返回 404', link: '/openness/disclosures/org/130427-mzj' };
    const pdf = await send(fields, { name: 'shot.png', type: 'image/png', data: PDF });
    assert.equal(pdf.statusCode, 400);
    assert.match(pdf.body, /不是 PNG 或 JPEG 图片/);
    assert.match(pdf.body, /首页栏目链接打不开/);
    const foreign = await send({ ...fields, org: '440105-lsz' }, { name: 'shot.png', type: 'image/png', data: PNG });
    assert.equal(foreign.statusCode, 403);
    const badLink = await send({ ...fields, link: 'javascript:alert(1)' });
    assert.equal(badLink.statusCode, 400);
    assert.equal((await db.selectFrom('sv_problem').select('id').execute()).length, before);
    const ok = await send(fields, { name: 'shot.png', type: 'image/png', data: PNG });
    assert.equal(ok.statusCode, 303, ok.body);
    const id = /done=(WT-[\d-]+)/.exec(String(ok.headers.location))![1]!;
    const p = await db.selectFrom('sv_problem').selectAll().where('public_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(p.org_code, '130427-mzj');
    assert.equal(p.office_org_code, '130427-gkb');
    assert.equal(p.rule_code, item.code);
    assert.equal(p.evidence_url, '/openness/disclosures/org/130427-mzj');
    assert.equal(p.state, 'open');
    const files = await db.selectFrom('sv_problem_file').select(['kind', 'media_type', 'size']).where('problem_id', '=', p.id).execute();
    assert.deepEqual(files, [{ kind: 'screenshot', media_type: 'image/png', size: PNG.length }]);
    const ev = await db.selectFrom('sv_problem_event').select(['seq', 'kind', 'actor']).where('problem_id', '=', p.id).execute();
    assert.deepEqual(ev, [{ seq: 1, kind: 'raised', actor: 'cixian.gkb' }]);
    // audited with the write; the refused attempts left no audit row
    const audit = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'supervision.manual_finding').execute();
    assert.deepEqual(audit.map((a) => a.entity_id), [id]);
    // the notice links to the new problem; its page links the checker's link and shows the screenshot
    // with the finding (检查截图), not among the organisation's rectification evidence
    const notice = await t.app.inject({ method: 'GET', url: String(ok.headers.location), headers: { cookie: office } });
    assert.match(notice.body, new RegExp(`<a href="/staff/supervision/problems/${id}">查看该问题</a>`));
    const page = await t.app.inject({ method: 'GET', url: `/staff/supervision/problems/${id}`, headers: { cookie: office } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/openness\/disclosures\/org\/130427-mzj">/);
    assert.match(page.body, /<dt>检查截图<\/dt><dd><ul><li><a href="\/staff\/supervision\/problems\/WT-[\d-]+\/files\/WJ-[0-9A-F]+">shot\.png<\/a>/);
    assert.doesNotMatch(page.body, /整改佐证材料/);
  });

  test('the inspection button runs the month over the office\'s scope; a switched-off rule finds nothing; a bad month is 400', async () => {
    const bad = await postForm(t.app, '/staff/supervision/inspections', office, { office: '130427-gkb', month: '2026-2' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /月份无效/);
    // a month that has not begun is refused with the value kept, and nothing is run (its problems would carry a future month)
    const future = await postForm(t.app, '/staff/supervision/inspections', office, { office: '130427-gkb', month: '2099-01' });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /该月份尚未开始/);
    assert.match(future.body, /value="2099-01"/);
    assert.equal((await get().db.selectFrom('sv_inspection').select('id').where('month', '=', '2099-01').execute()).length, 0);
    const foreign = await postForm(t.app, '/staff/supervision/inspections', office, { office: '440105-gkb', month: '2026-02' });
    assert.equal(foreign.statusCode, 403);
    const res = await postForm(t.app, '/staff/supervision/inspections', office, { office: '130427-gkb', month: '2026-02' });
    assert.equal(res.statusCode, 303);
    const run = await get().db.selectFrom('sv_inspection').selectAll().where('month', '=', '2026-02').where('scope_org_code', '=', '130427-gkb').executeTakeFirstOrThrow();
    assert.ok(run.finished_at);
    const summary = JSON.parse(run.summary_json) as { rules: { rule: string; found: number }[] };
    assert.equal(summary.rules.find((r) => r.rule === 'site_error')!.found, 0);
    const list = await t.app.inject({ method: 'GET', url: '/staff/supervision/inspections', headers: { cookie: office } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /2026-02/);
    assert.match(list.body, /已完成/);
    // the staff home links the pages for the office, not for an editor
    assert.match((await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: office } })).body, /href="\/staff\/supervision\/inspections"/);
    // an editor has no 政务公开办 role: no link to the inspections or the rules (its 问题清单 is another matter)
    const editor = await signIn(t.app, 'cixian.editor');
    assert.doesNotMatch((await t.app.inject({ method: 'GET', url: '/staff', headers: { cookie: editor } })).body, /\/staff\/supervision\/(inspections|rules|findings)/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/staff/supervision/inspections', headers: { cookie: editor } })).statusCode, 403);
  });

  test('check items added at the same moment each get their own code (no 500 from two writers taking the same number)', async () => {
    const db = get().db;
    const before = (await db.selectFrom('sv_check_item').select('code').where('office_org_code', '=', '130427-gkb').execute()).length;
    const posted = await Promise.all([1, 2, 3, 4].map((n) => postForm(t.app, '/staff/supervision/check-items', office, { office: '130427-gkb', title: `并发检查项${n}`, severity: 'minor', deadline_class: 'limited' })));
    assert.deepEqual(posted.map((r) => r.statusCode), [303, 303, 303, 303], posted.map((r) => r.body.slice(0, 200)).join('\n'));
    const codes = (await db.selectFrom('sv_check_item').select('code').where('office_org_code', '=', '130427-gkb').execute()).map((r) => r.code);
    assert.equal(codes.length, before + 4);
    assert.equal(new Set(codes).size, codes.length);
  });
}, withDemo);
