// Life events as data (issue 22 §5), SQLite and PostgreSQL: import (JSONL and XLSX, good and bad
// rows, all or nothing), the XLSX export round trip, draft vs published, the public page and API
// showing only the published set and only the items available in the visitor's region, scope,
// and the staff forms' 400 with values kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

function multipart(file: { name: string; bytes: Buffer }) {
  const b = '----gongkai-life-events';
  const payload = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${CSRF}\r\n`),
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${b}` };
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

forEachDialect('life events as data', (get) => {
  let t: TestApp;
  let editor: string; // cixian.editor: editor over 磁县
  const draftOf = async () => {
    const r = await get().db.selectFrom('sm_life_event_set').select(['draft_json', 'published_version']).where('region_code', '=', '130427000000').executeTakeFirstOrThrow();
    return { draft: r.draft_json ? JSON.parse(r.draft_json) as { stages: { audience: string; slug: string; name: string; items: string[]; catalogue: string[] }[] } : null, version: Number(r.published_version) };
  };
  const upload = (name: string, bytes: Buffer) => {
    const m = multipart({ name, bytes });
    return t.app.inject({ method: 'POST', url: '/staff/life-events/130427/import', headers: { cookie: editor, 'content-type': m.contentType }, payload: m.payload });
  };

  before(async () => {
    t = await buildTestApp(get(), clock);
    editor = await signIn(t.app, 'cixian.editor');
  });
  after(async () => t.app.close());

  test('the public page shows only the published set; the draft waits on the staff page', async () => {
    const ent = await t.app.inject({ url: '/services/life-events?region=130427&audience=enterprise' });
    assert.equal(ent.statusCode, 200);
    assert.equal((ent.body.match(/<li id="/g) ?? []).length, 10);
    assert.match(ent.body, /制刻印章/);
    assert.match(ent.body, /href="\/services\/items\/CX-YYZZ-SL"/);
    const per = await t.app.inject({ url: '/services/life-events?region=130427&audience=个人' });
    assert.equal(per.statusCode, 200);
    assert.doesNotMatch(per.body, /<li id="birth"/); // 磁县's personal stages are only in the draft
    const page = await t.app.inject({ url: '/staff/life-events/130427', headers: { cookie: editor } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /个人：新增阶段“出生”（1 个事项）/);
    assert.equal((await t.app.inject({ url: '/staff/life-events/440309', headers: { cookie: editor } })).statusCode, 404); // another county
    assert.equal((await t.app.inject({ url: '/staff/life-events/440309/export.xlsx', headers: { cookie: editor } })).statusCode, 404);
    const picker = await t.app.inject({ url: '/staff/life-events', headers: { cookie: editor } });
    assert.match(picker.body, /href="\/staff\/life-events\/130427"/);
    assert.doesNotMatch(picker.body, /\/staff\/life-events\/440309/);
  });

  test('JSONL import: bad rows all reported by line and nothing replaced; good rows (both forms) replace the draft', async () => {
    const before = await draftOf();
    const bad = [
      JSON.stringify({ 受众: '企业', 阶段: '营业登记', 事项编码: 'CX-YYZZ-SL' }),
      JSON.stringify({ 受众: '外星人', 阶段: '营业登记' }),
      JSON.stringify({ 受众: '企业', 阶段: '制刻印章', 事项编码: 'NO-SUCH-ITEM' }),
      JSON.stringify({ 受众: '企业', 阶段: '经营许可', 阶段编码: 'Bad Slug' }),
      '{not json',
      JSON.stringify({ 受众: '个人', 阶段: '出生', 事项编码: 'LH-CSYXZM' }), // 龙华's item: not 磁县's to use
    ].join('\n');
    const r = await upload('set.jsonl', Buffer.from(bad));
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /<title>错误：/);
    assert.match(r.body, /第 2 行：受众“外星人”无法识别/);
    assert.match(r.body, /第 3 行：事项编码“NO-SUCH-ITEM”不是本政府可用的事项/);
    assert.match(r.body, /第 4 行：阶段编码“Bad Slug”无效/);
    assert.match(r.body, /第 5 行：这一行不是 JSON 对象/);
    assert.match(r.body, /第 6 行：事项编码“LH-CSYXZM”/);
    assert.deepEqual(await draftOf(), before);

    const code = (await get().db.selectFrom('sm_item').select(['implementing_code', 'basic_code']).where('public_id', '=', 'CX-SB-ZM').executeTakeFirstOrThrow());
    const good = [
      JSON.stringify({ audience: 'enterprise', stage: '营业登记', 阶段说明: '领执照', 事项编码: 'CX-YYZZ-SL', 目录事项: '130427/市场监管/企业登记' }),
      JSON.stringify({ 受众: '企业', 阶段: '营业登记', 事项编码: code.implementing_code || code.basic_code || 'CX-SB-ZM' }),
      JSON.stringify({ 受众: '个人', 阶段编码: 'retire', 阶段: '退休', 事项编码: ['CX-TX-BZ', 'CX-SB-ZM'], 目录事项: [] }),
    ].join('\n');
    const ok = await upload('set.jsonl', Buffer.from(good));
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
    const d = (await draftOf()).draft!;
    assert.deepEqual(d.stages.map((s) => [s.audience, s.slug, s.name, s.items]), [
      ['enterprise', 'start', '营业登记', ['CX-YYZZ-SL', 'CX-SB-ZM']],
      ['personal', 'retire', '退休', ['CX-TX-BZ', 'CX-SB-ZM']],
    ]);
    assert.deepEqual(d.stages[0]!.catalogue, ['130427/市场监管/企业登记']);
    // the public page is unchanged until 发布
    const ent = await t.app.inject({ url: '/services/life-events?region=130427&audience=enterprise' });
    assert.equal((ent.body.match(/<li id="/g) ?? []).length, 10);
  });

  test('XLSX: the export imports back unchanged; a bad sheet is refused by row; a header it does not know is refused', async () => {
    const before = (await draftOf()).draft;
    const exp = await t.app.inject({ url: '/staff/life-events/130427/export.xlsx', headers: { cookie: editor } });
    assert.equal(exp.statusCode, 200);
    assert.match(String(exp.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1), ['受众', '阶段编码', '阶段', '阶段说明', '事项编码', '目录事项']);
    const back = await upload('set.xlsx', exp.rawPayload);
    assert.equal(back.statusCode, 303, back.body.slice(0, 300));
    assert.deepEqual((await draftOf()).draft, before);

    const bad = await upload('bad.xlsx', await xlsx([['受众', '阶段', '事项编码'], ['企业', '营业登记', 'CX-YYZZ-SL'], ['企业', '', 'CX-SB-ZM'], ['团体', '营业登记', '']]));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /第 3 行：缺少阶段名称/);
    assert.match(bad.body, /第 4 行：受众“团体”无法识别/);
    const header = await upload('bad.xlsx', await xlsx([['受众', '阶段', '备注'], ['企业', '营业登记', 'x']]));
    assert.equal(header.statusCode, 400);
    assert.match(header.body, /无法识别的列：备注/);
    const junk = await upload('x.xlsx', Buffer.from([0, 1, 2, 3]));
    assert.equal(junk.statusCode, 400);
    assert.deepEqual((await draftOf()).draft, before);
  });

  test('staff forms: 400 with the values kept; edits; 发布 replaces the published set; only items available in the visitor\'s region are shown', async () => {
    const noName = await postForm(t.app, '/staff/life-events/130427/stages', editor, { audience: 'enterprise', name: '', slug: 'seal', description: '留着的说明' });
    assert.equal(noName.statusCode, 400);
    assert.match(noName.body, /<title>错误：/);
    assert.match(noName.body, /请填写阶段名称/);
    assert.match(noName.body, /value="seal"/);
    assert.match(noName.body, /留着的说明/);
    const badItem = await postForm(t.app, '/staff/life-events/130427/stages/enterprise/start/items', editor, { action: 'add', 'code-enterprise-start': 'NOPE-1' });
    assert.equal(badItem.statusCode, 400);
    assert.match(badItem.body, /value="NOPE-1"/);
    assert.equal((await postForm(t.app, '/staff/life-events/130427/stages', editor, { audience: '企业', name: '制刻印章', slug: 'seal' })).statusCode, 303);
    assert.equal((await postForm(t.app, '/staff/life-events/130427/stages/enterprise/seal/items', editor, { action: 'add', 'code-enterprise-seal': 'CX-SPJY' })).statusCode, 303);
    assert.equal((await postForm(t.app, '/staff/life-events/130427/stages/enterprise/seal', editor, { action: 'up' })).statusCode, 303);
    assert.equal((await postForm(t.app, '/staff/life-events/130427/stages/enterprise/start/items', editor, { action: 'remove', item: 'CX-SB-ZM' })).statusCode, 303);
    let d = (await draftOf()).draft!;
    assert.deepEqual(d.stages.filter((s) => s.audience === 'enterprise').map((s) => [s.slug, s.items]), [['seal', ['CX-SPJY']], ['start', ['CX-YYZZ-SL']]]);
    // the search finds the government's items
    const search = await t.app.inject({ url: `/staff/life-events/130427?q=${encodeURIComponent('退休')}`, headers: { cookie: editor } });
    assert.match(search.body, /CX-TX-BZ/);

    // CX-SPJY belongs to one township only: a visitor of another township does not see it
    await get().db.updateTable('sm_item').set({ region_code: '130427101000' }).where('public_id', '=', 'CX-SPJY').execute();
    const pub = await postForm(t.app, '/staff/life-events/130427/publish', editor);
    assert.equal(pub.statusCode, 303);
    const after = await draftOf();
    assert.equal(after.version, 2);
    assert.equal(after.draft, null);
    const audits = await get().db.selectFrom('audit_log').select('action').where('entity', '=', 'sm_life_event_set').execute();
    assert.ok(audits.some((a) => a.action === 'life_events.publish'));
    assert.ok(audits.some((a) => a.action === 'life_events.import'));
    const there = await t.app.inject({ url: '/services/life-events?region=130427101&audience=enterprise' });
    assert.equal((there.body.match(/<li id="/g) ?? []).length, 2);
    assert.match(there.body, /CX-SPJY/);
    const elsewhere = await t.app.inject({ url: '/services/life-events?region=130427100001&audience=enterprise' });
    assert.doesNotMatch(elsewhere.body, /CX-SPJY/);
    assert.match(elsewhere.body, /CX-YYZZ-SL/);
    const api = await t.app.inject({ url: '/api/v1/life-events?region=130427100&audience=个人' });
    assert.equal(api.statusCode, 200);
    assert.deepEqual(api.json().stages.map((s: { slug: string; items: { id: string }[] }) => [s.slug, s.items.map((i) => i.id)]), [['retire', ['CX-TX-BZ', 'CX-SB-ZM']]]);
    assert.equal(api.json().county.version, 2);
    assert.equal((await t.app.inject({ url: '/api/v1/life-events?region=130427&audience=alien' })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/api/v1/life-events?region=abc' })).statusCode, 400);
    const none = await t.app.inject({ url: '/api/v1/life-events?region=110101' });
    assert.equal(none.statusCode, 404);
    assert.equal(none.json().code, 'life_events_not_found');
    // nothing pending: 发布 again is refused on the page
    assert.equal((await postForm(t.app, '/staff/life-events/130427/publish', editor)).statusCode, 409);
    d = (await draftOf()).draft as never;
    assert.equal(d, null);
  });
}, withDemo);
