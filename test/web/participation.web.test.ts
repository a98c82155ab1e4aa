// 公众参与 / 意见征集 over HTTP: staff open a consultation (checked, in scope, audited); the public
// comment with a captcha (page) or JSON (API), comments wait for moderation and are shown without
// contact data; a comment outside the period is refused (page 400 with values kept, API 409 with
// reasons) and nothing is saved; adoption per comment and the feedback report with the final
// policy, whose record page links back; the public API with its enums as code or Chinese label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import * as svc from '../../src/modules/participation/participation.service.ts';
import { docxBomb } from '../support/zip-bombs.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const b = '----gongkai-participation-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${b}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

const clock = fixedClock('2026-03-02T02:00:00Z'); // 2026-03-02 10:00 Beijing
const enc = encodeURIComponent;
const DRAFT = { org: '130427', title: '关于《磁县养犬管理规定（征求意见稿）》公开征求意见的公告', summary: '欢迎提出意见', draft: '<p>第一条 为规范养犬行为……</p><script>x()</script>', opens_on: '2026-03-02', closes_on: '2026-03-31', short_reason: '' };

forEachDialect('意见征集 over HTTP', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let openRef = '';
  let openId = 0;
  let closed: svc.Consultation;
  let policy: { index_no: string; title: string };
  const count = async () => Number((await get().db.selectFrom('consultation_comment').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const postPublic = (url: string, payload: Record<string, string>) => postForm(t.app, url, `gk_csrf=${CSRF}`, payload);
  const formOf = async (ref: string) => {
    const page = await t.app.inject(`/participation/${ref}`);
    const token = /name="captcha_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    return { token, answer: token ? solveCaptchaForTest(token, clock.now()) : '' };
  };

  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cixian.editor', 'haizhu.editor', 'cixian.reviewer']) cookies[u] = await signIn(t.app, u);
    policy = await get().db.selectFrom('disclosure').select(['index_no', 'title']).where('title', '=', '磁县人民政府关于印发《磁县城乡居民最低生活保障实施办法》的通知').executeTakeFirstOrThrow();
    // a consultation whose period ended on 2026-02-05, with one comment made during it
    const actor = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'cixian.editor'))!.id, 'session'))!;
    const early = { db: get().db, clock: fixedClock('2026-01-05T02:00:00Z') };
    const r = await svc.openConsultation(early, { actor }, { org: '130427', title: '磁县已结束的征集', summary: '', draftHtml: '<p>草案</p>', opensOn: '2026-01-05', closesOn: '2026-02-05', shortReason: '' });
    assert.ok(r.ok);
    closed = await get().db.selectFrom('consultation').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    const k = await svc.submitComment(early, closed, { name: '周先生', contact: '13912345678', content: '建议明确大型犬的认定标准。' });
    assert.ok(k.ok);
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('staff open a consultation: 400 with values kept (short period needs a reason, 条例第十五条), out of scope refused, then saved sanitised and audited', async () => {
    const short = await postForm(t.app, '/staff/participation', cookies['cixian.editor']!, { ...DRAFT, closes_on: '2026-03-10' });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /<title>错误：/);
    assert.match(short.body, /征集期少于 30 日，请说明理由/);
    assert.match(short.body, /磁县养犬管理规定/);
    const foreign = await postForm(t.app, '/staff/participation', cookies['haizhu.editor']!, DRAFT);
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /您不能为该单位发起意见征集/);
    assert.equal((await t.app.inject({ url: '/staff/participation/new', headers: { cookie: cookies['cixian.reviewer']! } })).statusCode, 403);
    const ok = await postForm(t.app, '/staff/participation', cookies['cixian.editor']!, DRAFT);
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    openId = Number(/\/staff\/participation\/(\d+)/.exec(String(ok.headers.location))![1]);
    const row = await get().db.selectFrom('consultation').selectAll().where('id', '=', openId).executeTakeFirstOrThrow();
    openRef = row.reference;
    assert.match(openRef, /^YJZJ-20260302-[2-9A-Z]{5}$/);
    assert.doesNotMatch(row.draft_html, /script/);
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity', '=', 'consultation').where('entity_id', '=', String(openId)).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.org_code]), [['consultation.open', '130427']]);
    // another county's publisher sees neither the page nor the list entry
    assert.equal((await t.app.inject({ url: `/staff/participation/${openId}`, headers: { cookie: cookies['haizhu.editor']! } })).statusCode, 403);
    assert.doesNotMatch((await t.app.inject({ url: '/staff/participation', headers: { cookie: cookies['haizhu.editor']! } })).body, /养犬管理规定/);
  });

  test('the public list and page; a comment by form (captcha) and by API waits for moderation', async () => {
    const list = await t.app.inject('/participation');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.indexOf('养犬管理规定') < list.body.indexOf('已结束的征集'), 'open before closed');
    const before = await count();
    const noCaptcha = await postPublic(`/participation/${openRef}/comments`, { content: '建议禁止烈性犬。', contact: '13800138000' });
    assert.equal(noCaptcha.statusCode, 400);
    assert.match(noCaptcha.body, /建议禁止烈性犬。/);
    assert.equal(await count(), before);
    const cap = await formOf(openRef);
    const res = await postPublic(`/participation/${openRef}/comments`, { name: '陈女士', contact: '13800138000', content: '建议禁止烈性犬。', captcha_token: cap.token, captcha_answer: cap.answer });
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.match(res.body, /您的意见已提交，编号 YJ-20260302-/);
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/consultations/${openRef}/comments`, payload: { content: '建议设立遛狗区域。' } });
    assert.equal(api.statusCode, 201, api.body);
    assert.deepEqual(api.json().state, { code: 'pending', label: '待审核' });
    assert.equal(await count(), before + 2);
    const page = await t.app.inject(`/participation/${openRef}`);
    assert.doesNotMatch(page.body, /建议禁止烈性犬|建议设立遛狗区域/, 'nothing shown before moderation');
  });

  test('moderation: reject needs a reason (400), approve publishes; contact never shown publicly, masked to staff; audited', async () => {
    const k = await get().db.selectFrom('consultation_comment').selectAll().where('consultation_id', '=', openId).orderBy('id').execute();
    const staffPage = await t.app.inject({ url: `/staff/participation/${openId}`, headers: { cookie: cookies['cixian.editor']! } });
    assert.match(staffPage.body, /138\*\*\*\*8000/);
    assert.doesNotMatch(staffPage.body, /13800138000/);
    // two comments wait, each with its own form: every id once, every label pointing to exactly one field
    const ids = [...staffPage.body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(ids.filter((x, i) => ids.indexOf(x) !== i), [], 'duplicate ids');
    for (const m of staffPage.body.matchAll(/<label for="([^"]+)"/g)) assert.equal(ids.filter((x) => x === m[1]).length, 1, `label for ${m[1]}`);
    assert.match(staffPage.body, new RegExp(`<select id="decision_${k[1]!.id}" name="decision_${k[1]!.id}"`));
    const noReason = await postForm(t.app, `/staff/participation/${openId}/comments/${k[0]!.id}/moderate`, cookies['cixian.editor']!, { decision: 'reject' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /不予公开时请填写理由/);
    // a comment of another consultation under this one: not found
    const other = await get().db.selectFrom('consultation_comment').select('id').where('consultation_id', '=', closed.id).executeTakeFirstOrThrow();
    assert.equal((await postForm(t.app, `/staff/participation/${openId}/comments/${other.id}/moderate`, cookies['cixian.editor']!, { decision: 'approve' })).statusCode, 404);
    assert.equal((await postForm(t.app, `/staff/participation/${openId}/comments/${k[0]!.id}/moderate`, cookies['haizhu.editor']!, { decision: 'approve' })).statusCode, 403);
    assert.equal((await postForm(t.app, `/staff/participation/${openId}/comments/${k[0]!.id}/moderate`, cookies['cixian.editor']!, { decision: 'approve' })).statusCode, 303);
    // as the page posts it: the fields named after the comment
    assert.equal((await postForm(t.app, `/staff/participation/${openId}/comments/${k[1]!.id}/moderate`, cookies['cixian.editor']!, { [`decision_${k[1]!.id}`]: 'reject', [`reason_${k[1]!.id}`]: '重复' })).statusCode, 303);
    assert.equal((await get().db.selectFrom('consultation_comment').select('reject_reason').where('id', '=', k[1]!.id).executeTakeFirstOrThrow()).reject_reason, '重复');
    assert.equal((await postForm(t.app, `/staff/participation/${openId}/comments/${k[1]!.id}/moderate`, cookies['cixian.editor']!, { decision: 'approve' })).statusCode, 409);
    const page = await t.app.inject(`/participation/${openId ? openRef : ''}`);
    assert.match(page.body, /建议禁止烈性犬。/);
    assert.match(page.body, /陈女士/);
    assert.doesNotMatch(page.body, /建议设立遛狗区域|13800138000|138\*\*\*\*8000/);
    const apiComments = (await t.app.inject(`/api/v1/consultations/${openRef}/comments`)).json();
    assert.equal(apiComments.items.length, 1);
    assert.ok(!JSON.stringify(apiComments).includes('1380013'));
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity', '=', 'consultation_comment').where('entity_id', 'in', [String(k[0]!.id), String(k[1]!.id)]).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['consultation.comment_approve', 'consultation.comment_reject']);
  });

  test('a published comment shows an ID or mobile number typed into its text masked, on the page and in the API', async () => {
    const open = await get().db.selectFrom('consultation').selectAll().where('id', '=', openId).executeTakeFirstOrThrow();
    const r = await svc.submitComment({ db: get().db, clock }, open, { name: '', contact: '', content: '请联系我13912345678，身份证130427199001011234。' });
    assert.ok(r.ok);
    const k = await get().db.selectFrom('consultation_comment').select('id').where('reference', '=', r.reference).executeTakeFirstOrThrow();
    assert.equal((await postForm(t.app, `/staff/participation/${openId}/comments/${k.id}/moderate`, cookies['cixian.editor']!, { decision: 'approve' })).statusCode, 303);
    const page = await t.app.inject(`/participation/${openRef}`);
    assert.match(page.body, /139\*\*\*\*5678/);
    assert.match(page.body, /130427\*\*\*\*\*\*\*\*1234/);
    assert.doesNotMatch(page.body, /13912345678|130427199001011234/);
    const api = JSON.stringify((await t.app.inject(`/api/v1/consultations/${openRef}/comments`)).json());
    assert.ok(api.includes('139****5678') && !api.includes('13912345678') && !api.includes('130427199001011234'));
  });

  test('a comment on a closed consultation: page 400 naming the end date, values kept; API 409 with reasons; nothing saved', async () => {
    const before = await count();
    const page = await postPublic(`/participation/${closed.reference}/comments`, { name: '吴先生', content: '我还有一条意见。' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /本次意见征集已于 2026-02-05 结束，不再接受意见/);
    assert.match(page.body, /我还有一条意见。/);
    assert.match(page.body, /吴先生/);
    // no form, captcha or button that could only be refused again
    assert.doesNotMatch(page.body, /captcha_token|<button[^>]*>提交意见/);
    assert.doesNotMatch(page.body, new RegExp(`action="/participation/${closed.reference}/comments"`));
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/consultations/${closed.reference}/comments`, payload: { content: '我还有一条意见。' } });
    assert.equal(api.statusCode, 409);
    assert.equal(api.json().code, 'consultation_closed');
    assert.deepEqual(api.json().reasons, ['本次意见征集已于 2026-02-05 结束，不再接受意见']);
    assert.equal(await count(), before);
    // not yet open: refused the same way
    const actor = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'cixian.editor'))!.id, 'session'))!;
    const later = await svc.openConsultation({ db: get().db, clock }, { actor }, { org: '130427', title: '磁县尚未开始的征集', summary: '', draftHtml: '<p>草案</p>', opensOn: '2026-03-10', closesOn: '2026-03-20', shortReason: '上级要求限期出台' });
    assert.ok(later.ok);
    const early = await t.app.inject({ method: 'POST', url: `/api/v1/consultations/${later.reference}/comments`, payload: { content: '提前提交的意见。' } });
    assert.equal(early.statusCode, 409);
    assert.deepEqual(early.json().reasons, ['本次意见征集将于 2026-03-10 开始，现在还不能提交意见']);
    assert.equal(await count(), before);
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/consultations/${openRef}/comments`, payload: { content: ' ', contact: '12345' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /content：请填写意见内容/);
    assert.equal(await count(), before);
  });

  test('feedback: refused with reasons until ready; then published with the final policy, whose page links back', async () => {
    const early = await postForm(t.app, `/staff/participation/${openId}/feedback`, cookies['cixian.editor']!, { feedback: '说明', final_index_no: policy.index_no });
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /征集期至 2026-03-31 结束/);
    const k = await get().db.selectFrom('consultation_comment').select('id').where('consultation_id', '=', closed.id).executeTakeFirstOrThrow();
    assert.equal((await postForm(t.app, `/staff/participation/${closed.id}/comments/${k.id}/moderate`, cookies['cixian.editor']!, { decision: 'approve' })).statusCode, 303);
    const undecided = await postForm(t.app, `/staff/participation/${closed.id}/feedback`, cookies['cixian.editor']!, { feedback: '说明', final_index_no: policy.index_no });
    assert.equal(undecided.statusCode, 409);
    assert.match(undecided.body, /还有 1 条公开的意见未填写采纳情况/);
    const noReason = await postForm(t.app, `/staff/participation/${closed.id}/comments/${k.id}/adoption`, cookies['cixian.editor']!, { adoption: '部分采纳' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /部分采纳或未采纳时请说明理由/);
    assert.equal((await postForm(t.app, `/staff/participation/${closed.id}/comments/${k.id}/adoption`, cookies['cixian.editor']!, { adoption: '部分采纳', adoption_reason: '在第三条中列举犬种' })).statusCode, 303);
    const unknown = await postForm(t.app, `/staff/participation/${closed.id}/feedback`, cookies['cixian.editor']!, { feedback: '<p>共收到意见 1 条。</p>', final_index_no: 'NO/SUCH' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /找不到已公开的、索引号为「NO\/SUCH」的政府信息/);
    assert.match(unknown.body, /共收到意见 1 条/);
    // a report over the limit is named as too long, not as missing; nothing is published
    const huge = await postForm(t.app, `/staff/participation/${closed.id}/feedback`, cookies['cixian.editor']!, { feedback: `<p>${'说明'.repeat(100_001)}</p>`, final_index_no: policy.index_no });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /采纳情况说明过长/);
    assert.doesNotMatch(huge.body, /请填写采纳情况说明/);
    assert.equal((await get().db.selectFrom('consultation').select('feedback_published_at').where('id', '=', closed.id).executeTakeFirstOrThrow()).feedback_published_at, null);
    assert.equal((await postForm(t.app, `/staff/participation/${closed.id}/feedback`, cookies['cixian.editor']!, { feedback: '<p>共收到意见 1 条。</p>', final_index_no: policy.index_no })).statusCode, 303);
    const page = await t.app.inject(`/participation/${closed.reference}`);
    assert.match(page.body, /意见采纳情况/);
    assert.match(page.body, /共收到并公开意见 1 条：采纳 0 条，部分采纳 1 条，未采纳 0 条。/);
    assert.match(page.body, /采纳情况：部分采纳/);
    assert.ok(page.body.includes(policy.title));
    const policyPage = await t.app.inject(`/openness/disclosures/${enc(policy.index_no)}`);
    assert.match(policyPage.body, new RegExp(`href="/participation/${closed.reference}"`));
    assert.match(policyPage.body, /磁县已结束的征集意见采纳情况/);
    const api = (await t.app.inject(`/api/v1/consultations/${closed.reference}`)).json();
    assert.equal(api.phase.code, 'closed');
    assert.equal(api.feedback.partly, 1);
    assert.equal(api.feedback.final_policy.index_no, policy.index_no);
    const disclosureApi = (await t.app.inject(`/api/v1/disclosures/${enc(policy.index_no)}`)).json();
    assert.ok(disclosureApi.participation.some((x: { url: string }) => x.url.endsWith(`/participation/${closed.reference}`)));
    const again = await postForm(t.app, `/staff/participation/${closed.id}/feedback`, cookies['cixian.editor']!, { feedback: '再次', final_index_no: policy.index_no });
    assert.equal(again.statusCode, 409);
  });

  test('the draft as a file: checked by its bytes (a bomb or a renamed file refused, nothing stored), then downloadable; audited', async () => {
    const up = (name: string, bytes: Buffer, who = 'cixian.editor') => {
      const mp = multipart({ _csrf: CSRF }, { name, bytes });
      return t.app.inject({ method: 'POST', url: `/staff/participation/${openId}/attachment`, headers: { ...mp.headers, cookie: cookies[who]! }, payload: mp.payload });
    };
    const bomb = await up('草案.docx', docxBomb(200));
    assert.equal(bomb.statusCode, 413);
    assert.match(bomb.body, /解压后过大，可能是压缩炸弹/);
    const fake = await up('草案.pdf', Buffer.from('not a pdf at all'));
    assert.equal(fake.statusCode, 415);
    assert.equal((await get().db.selectFrom('consultation').select('attachment_name').where('id', '=', openId).executeTakeFirstOrThrow()).attachment_name, null);
    assert.equal((await up('草案.pdf', PDF, 'haizhu.editor')).statusCode, 403);
    assert.equal((await up('征求意见稿.pdf', PDF)).statusCode, 303);
    const page = await t.app.inject(`/participation/${openRef}`);
    assert.match(page.body, new RegExp(`href="/participation/${openRef}/draft"[^>]*>征求意见稿.pdf`));
    const file = await t.app.inject(`/participation/${openRef}/draft`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.deepEqual(file.rawPayload, PDF);
    assert.equal((await t.app.inject(`/participation/${closed.reference}/draft`)).statusCode, 404);
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity', '=', 'consultation').where('entity_id', '=', String(openId)).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['consultation.open', 'consultation.attachment']);
  });

  test('public API list: phase as code or Chinese label, a bad phase is 400; demo data holds an open and a closed consultation of 磁县', async () => {
    const open = (await t.app.inject(`/api/v1/consultations?phase=${enc('征集中')}&org=130427`)).json();
    assert.ok(open.items.some((x: { reference: string }) => x.reference === openRef));
    assert.ok(open.items.every((x: { phase: { code: string } }) => x.phase.code === 'open'));
    const byCode = (await t.app.inject('/api/v1/consultations?phase=closed')).json();
    assert.ok(byCode.items.some((x: { reference: string }) => x.reference === closed.reference));
    const bad = await t.app.inject('/api/v1/consultations?phase=ongoing');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'invalid_phase');
    // a forged Host never reaches the absolute URLs (platform/web/public-host.ts)
    const forged = await t.app.inject({ url: '/api/v1/consultations', headers: { host: 'x"><script>' } });
    assert.equal(forged.statusCode, 400);
    assert.equal(forged.json().code, 'invalid_host');
    assert.ok((await t.app.inject({ url: '/api/v1/consultations', headers: { host: 'gov.example.cn.' } })).json().items.every((x: { url: string }) => x.url.startsWith('http://gov.example.cn/participation/')));
    assert.equal((await t.app.inject('/api/v1/consultations/YJZJ-20990101-22222')).statusCode, 404);
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    for (const p of ['/api/v1/consultations', '/api/v1/consultations/{reference}', '/api/v1/consultations/{reference}/comments']) assert.ok(doc.paths[p], p);
    assert.ok(doc.paths['/api/v1/consultations/{reference}/comments'].post.responses['409'], 'the refusal is documented');
    const demo = await get().db.selectFrom('consultation').select(['title', 'opens_on', 'closes_on', 'feedback_published_at', 'final_index_no']).where('title', 'like', '关于《磁县城%').orderBy('id').execute();
    assert.equal(demo.length, 2);
    assert.ok(demo[0]!.feedback_published_at && demo[0]!.final_index_no, 'the closed one has its feedback report and final policy');
    assert.ok(demo[1]!.opens_on <= '2026-03-02' && demo[1]!.closes_on >= '2026-03-02', 'the other is open on the test day');
  });
}, withDemo);
