// 咨询登记 over HTTP: the form (prefilled from the window desk's link; a consultation without a
// topic → 400 with the summary and every value kept), the list, CSV and API with the contact masked
// (in full only on the entry's own page), the statistics page and CSV, follow-up by PATCH, the
// one-step conversion (201, then 409 with reasons), the 工作台 count, and another county's 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const PHONE = '13912345678';

forEachDialect('enquiries over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const count = async () => Number((await get().db.selectFrom('enquiry').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let id = '';
  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cixian.gkb', 'cizhou.handler', 'longhua.admin']) {
      tokens[u] = await tokenFor(get().db, u);
      cookies[u] = await signIn(t.app, u);
    }
  });
  after(async () => t.app.close());

  test('the form is prefilled from the window desk\'s link', async () => {
    const res = await t.app.inject({ url: '/staff/enquiries/new?venue=CX-GKZQ&window=W01&channel=window&item=CX-SB-ZM', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<option value="CX-GKZQ" selected/);
    assert.match(res.body, /name="window"[^>]*value="W01"|value="W01"[^>]*name="window"/);
    assert.match(res.body, /value="CX-SB-ZM"/);
    assert.match(res.body, /<option value="window" selected/);
    assert.match(res.body, /value="2026-03-02T10:00"/);
  });

  test('a consultation without a topic: 400, the error summary, every value kept, nothing written', async () => {
    const before = await count();
    const res = await postForm(t.app, '/staff/enquiries', cookies['cixian.gkb']!, { channel: 'phone', venue: 'CX-GKZQ', topic: '', answer: '已经答复了的内容', contact_name: '王先生', contact_phone: PHONE, asked_at: '2026-03-02T09:15' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /请填写咨询事项/);
    assert.match(res.body, /已经答复了的内容/);
    assert.match(res.body, /value="王先生"/);
    assert.match(res.body, new RegExp(`value="${PHONE}"`));
    assert.match(res.body, /value="2026-03-02T09:15"/);
    assert.match(res.body, /<option value="phone" selected/);
    assert.equal(await count(), before);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/staff/enquiries', headers: bearer('cixian.gkb'), payload: { channel: '电话', venue: 'CX-GKZQ' } });
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().code, 'enquiry_topic_required');
    assert.match(api.json().message, /咨询事项/);
    assert.equal(await count(), before);
  });

  test('recorded by form: the phone in full on the entry\'s own page, masked in the list, CSV and API', async () => {
    const res = await postForm(t.app, '/staff/enquiries', cookies['cixian.gkb']!, { channel: '窗口', venue: 'CX-GKZQ', topic: '=HYPERLINK("x") 社保证明怎么打印', answer: '已指导', contact_name: '王先生', contact_phone: PHONE, follow_up: 'yes' });
    assert.equal(res.statusCode, 303, res.body);
    const m = /\/staff\/enquiries\/(ZX[0-9A-Z]{12})\?done=saved$/.exec(res.headers.location as string);
    assert.ok(m, String(res.headers.location));
    id = m[1]!;
    const page = await t.app.inject({ url: `/staff/enquiries/${id}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(PHONE), 'full phone on the entry page');
    const list = await t.app.inject({ url: '/staff/enquiries?month=2026-03', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(id));
    assert.ok(!list.body.includes(PHONE) && list.body.includes('139****5678'));
    const csv = await t.app.inject({ url: '/staff/enquiries.csv?month=2026-03', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.ok(csv.body.startsWith('\uFEFF编号,'));
    assert.ok(!csv.body.includes(PHONE) && csv.body.includes('139****5678') && csv.body.includes('王**'));
    assert.ok(csv.body.includes(`"'=HYPERLINK(""x"") 社保证明怎么打印"`), 'formula-safe cell');
    const api = await t.app.inject({ url: '/api/v1/staff/enquiries?month=2026-03&channel=窗口&open=yes', headers: bearer('cixian.gkb') });
    assert.equal(api.statusCode, 200, api.body);
    const items = (api.json() as { items: { id: string; contact_phone: string; channel: { code: string } }[] }).items;
    const mine = items.find((i) => i.id === id)!;
    assert.equal(mine.contact_phone, '139****5678');
    assert.equal(mine.channel.code, 'window');
    assert.ok(!api.body.includes(PHONE));
    assert.ok(!/"id":\d/.test(api.body), 'public ids only');
    const bad = await t.app.inject({ url: '/api/v1/staff/enquiries?month=2026-13', headers: bearer('cixian.gkb') });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'invalid_month');
    // the list's filter form names the field in Chinese, the value kept
    const badChannel = await t.app.inject({ url: '/staff/enquiries?channel=fax', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(badChannel.statusCode, 400);
    assert.match(badChannel.body, /咨询方式的取值不正确，可选：window（窗口）/);
    assert.doesNotMatch(badChannel.body, /channel 的取值/);
  });

  test('a phone or ID number typed into the topic or answer: in full on the entry page only, masked in the list, CSV, API and statistics', async () => {
    const res = await postForm(t.app, '/staff/enquiries', cookies['cixian.gkb']!, { channel: 'phone', venue: 'CX-GKZQ', topic: '回电 13766554433 咨询低保', answer: '身份证 11010519491231002X 已核对' });
    assert.equal(res.statusCode, 303, res.body);
    const eid = /(ZX[0-9A-Z]{12})/.exec(res.headers.location as string)![1]!;
    const page = await t.app.inject({ url: `/staff/enquiries/${eid}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.ok(page.body.includes('13766554433') && page.body.includes('11010519491231002X'), 'in full on the entry page');
    for (const url of ['/staff/enquiries?month=2026-03', '/staff/enquiries.csv?month=2026-03', '/staff/enquiries/statistics?month=2026-03', '/staff/enquiries/statistics.csv?month=2026-03&table=topics']) {
      const r = await t.app.inject({ url, headers: { cookie: cookies['cixian.gkb']! } });
      assert.equal(r.statusCode, 200, url);
      assert.ok(r.body.includes('137****4433'), `${url}: masked topic shown`);
      assert.ok(!r.body.includes('13766554433') && !r.body.includes('11010519491231002X'), url);
    }
    for (const url of ['/api/v1/staff/enquiries?month=2026-03', `/api/v1/staff/enquiries/${eid}`]) {
      const r = await t.app.inject({ url, headers: bearer('cixian.gkb') });
      assert.equal(r.statusCode, 200, url);
      assert.ok(r.body.includes('137****4433') && !r.body.includes('13766554433') && !r.body.includes('11010519491231002X'), url);
    }
  });

  test('another county: 404 for the entry, nothing of it in its lists; the township handler does not see the county zone\'s entry', async () => {
    for (const u of ['longhua.admin', 'cizhou.handler']) {
      const page = await t.app.inject({ url: `/staff/enquiries/${id}`, headers: { cookie: cookies[u]! } });
      assert.equal(page.statusCode, 404, u);
      const api = await t.app.inject({ url: `/api/v1/staff/enquiries/${id}`, headers: bearer(u) });
      assert.equal(api.statusCode, 404, u);
      assert.equal(api.json().code, 'enquiry_not_found');
      const list = await t.app.inject({ url: '/api/v1/staff/enquiries', headers: bearer(u) });
      assert.ok(!list.body.includes(id), u);
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/staff/enquiries/${id}`, headers: bearer(u), payload: { followed_up_on: '2026-03-02' } });
      assert.equal(patch.statusCode, 404, u);
    }
    const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/staff/enquiries', headers: bearer('longhua.admin'), payload: { channel: 'window', venue: 'CX-GKZQ', topic: '问题' } });
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.json().code, 'enquiry_not_your_unit');
  });

  test('follow-up by PATCH and by the form; the 工作台 counts open follow-ups', async () => {
    const home = async () => (await t.app.inject({ url: '/staff', headers: { cookie: cookies['cixian.gkb']! } })).body;
    assert.match(await home(), /待跟进的咨询/);
    const openBefore = (await t.app.inject({ url: '/api/v1/staff/enquiries?open=yes', headers: bearer('cixian.gkb') })).json().total as number;
    const future = await t.app.inject({ method: 'PATCH', url: `/api/v1/staff/enquiries/${id}`, headers: bearer('cixian.gkb'), payload: { followed_up_on: '2026-03-05' } });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().code, 'enquiry_followed_up_on_invalid');
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/v1/staff/enquiries/${id}`, headers: bearer('cixian.gkb'), payload: { followed_up_on: '2026-03-02' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().followed_up_on, '2026-03-02');
    assert.equal(ok.json().follow_up, true);
    assert.equal((await t.app.inject({ url: '/api/v1/staff/enquiries?open=yes', headers: bearer('cixian.gkb') })).json().total, openBefore - 1);
    const form = await postForm(t.app, `/staff/enquiries/${id}`, cookies['cixian.gkb']!, { follow_up: 'yes', followed_up_on: '不是日期', answer: '改过的答复' });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /跟进日期格式不正确/);
    assert.match(form.body, /改过的答复/);
  });

  test('statistics page with its charts and tables, JSON and CSV', async () => {
    const page = await t.app.inject({ url: '/staff/enquiries/statistics?month=2026-03', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg[^>]*role="img"/);
    assert.match(page.body, /社保证明怎么打印/);
    assert.match(page.body, /磁县政务公开专区/);
    const json = await t.app.inject({ url: '/api/v1/staff/enquiries/statistics?month=2026-03', headers: bearer('cixian.gkb') });
    assert.equal(json.statusCode, 200, json.body);
    const s = json.json() as { total: number; by_channel: Record<string, number>; top_topics: { topic: string; count: number }[] };
    assert.ok(s.total >= 1 && s.by_channel.window! >= 1 && s.top_topics.length >= 1);
    const csv = await t.app.inject({ url: '/staff/enquiries/statistics.csv?month=2026-03&table=zones', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(csv.statusCode, 200);
    assert.ok(csv.body.startsWith('\uFEFF月份,专区/场所编号'));
    assert.match(csv.body, /2026-03,CX-GKZQ,磁县政务公开专区,\d+/);
    const bad = await t.app.inject({ url: '/staff/enquiries/statistics.csv?month=2026-03&table=x', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(bad.statusCode, 400);
    const badMonth = await t.app.inject({ url: '/staff/enquiries/statistics?month=März', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(badMonth.statusCode, 400);
    assert.match(badMonth.body, /月份格式/);
  });

  test('conversion by API: 201 with the new reference, the second time 409 with reasons; the page links to it', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/enquiries/${id}/convert`, headers: bearer('cixian.gkb'), payload: { kind: '转为民心直通车留言', category: 'social_security' } });
    assert.equal(res.statusCode, 201, res.body);
    const ref = res.json().reference as string;
    assert.match(ref, /^LY-/);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/staff/enquiries/${id}/convert`, headers: bearer('cixian.gkb'), payload: { kind: 'message', category: 'social_security' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'enquiry_already_converted');
    assert.ok((again.json().reasons as string[])[0]!.includes(ref));
    const page = await t.app.inject({ url: `/staff/enquiries/${id}`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.ok(page.body.includes(`href="/staff/messages/${ref}"`));
    assert.ok(!page.body.includes('name="kind"'), 'no conversion forms any more');
    // the form's conversion into an application: the page itself, with the reference and the tracking code once
    const other = await postForm(t.app, '/staff/enquiries', cookies['cixian.gkb']!, { channel: 'window', venue: 'CX-GKZQ', topic: '申请公开道路建设合同', contact_name: '赵六', contact_phone: '13812340000' });
    const oid = /(ZX[0-9A-Z]{12})/.exec(other.headers.location as string)![1]!;
    const missing = await postForm(t.app, `/staff/enquiries/${oid}/convert`, cookies['cixian.gkb']!, { kind: 'application', applicant_type: 'natural_person', applicant_id_number: '', delivery: 'pickup' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /<title>错误：/);
    const conv = await postForm(t.app, `/staff/enquiries/${oid}/convert`, cookies['cixian.gkb']!, { kind: 'application', applicant_type: 'natural_person', applicant_id_number: '11010519491231002X', delivery: 'pickup' });
    assert.equal(conv.statusCode, 200, conv.body.slice(0, 500));
    assert.match(conv.body, /已转为依申请公开申请 YSQ-/);
    assert.match(conv.body, /查询码/);
    assert.equal(conv.headers['cache-control'], 'private, no-store', 'the page with the tracking code is not stored');
    assert.match(conv.body, /href="\/staff\/applications\/YSQ-/);
  });
}, withDemo);
