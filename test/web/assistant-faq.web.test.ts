// The staff FAQ of the assistant over HTTP: the form refuses bad input with 400, the error summary
// and every value kept (the API with a stable code); create, edit, archive (a second archive is
// 409), restore; another county's pair is 404 on the page and the API; the 答得不好的问题 page
// (demo conversations), its CSV, and 「添加问答」 resolving the question in one step; the API's
// status as code or label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

/** The tag--* modifiers a page uses that the stylesheet does not define (an undefined one shows as a bare box). */
async function undefinedTagClasses(app: TestApp['app'], html: string): Promise<string[]> {
  const css = (await app.inject({ url: '/assets/app.css' })).body;
  const used = [...new Set([...html.matchAll(/class="[^"]*\b(tag--[a-z-]+)/g)].map((m) => m[1]!))];
  assert.ok(used.length > 0, 'the page shows a tag');
  return used.filter((c) => !css.includes(`.${c} `) && !css.includes(`.${c}{`));
}

forEachDialect('assistant FAQ over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const count = async () => Number((await get().db.selectFrom('as_faq').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cixian.gkb', 'cizhou.zone', 'longhua.admin', 'cizhou.handler']) {
      tokens[u] = await tokenFor(get().db, u);
      cookies[u] = await signIn(t.app, u);
    }
  });
  after(async () => t.app.close());

  test('a pair without a question and with a bad link: 400, the summary, every value kept, nothing written; the API answers the code', async () => {
    const n = await count();
    const res = await postForm(t.app, '/staff/assistant/faq', cookies['cixian.gkb']!, { org: '130427', question: '', variants: '问法一\n问法二', answer: '这是保留下来的答案', links: '指南 | ftp://example.org/x' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>错误：/);
    assert.match(res.body, /请填写问题/);
    assert.match(res.body, /链接「ftp:\/\/example.org\/x」无效/);
    assert.match(res.body, /这是保留下来的答案/);
    assert.match(res.body, /问法一\n问法二/);
    assert.match(res.body, /<option value="130427" selected/);
    assert.equal(await count(), n);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/staff/assistant/faq', headers: bearer('cixian.gkb'), payload: { org: '130427', answer: '答' } });
    assert.equal(api.statusCode, 400);
    assert.deepEqual([api.json().code, /问题/.test(api.json().message)], ['faq_question_required', true]);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/staff/assistant/faq', headers: bearer('cixian.gkb'), payload: { org: '440309', question: '问', answer: '答' } });
    assert.deepEqual([foreign.statusCode, foreign.json().code], [403, 'faq_not_your_unit']);
    const badLink = await t.app.inject({ method: 'POST', url: '/api/v1/staff/assistant/faq', headers: bearer('cixian.gkb'), payload: { org: '130427', question: '问', answer: '答', links: [{ title: '链接', url: 'javascript:alert(1)' }] } });
    assert.deepEqual([badLink.statusCode, badLink.json().code], [400, 'faq_link_invalid']);
    assert.equal(await count(), n);
    // a role without the FAQ
    const handler = await t.app.inject({ url: '/staff/assistant/faq', headers: { cookie: cookies['cizhou.handler']! } });
    assert.equal(handler.statusCode, 403);
  });

  test('create, edit (bad edit keeps the values), archive (twice: 409), restore; the list and the API agree', async () => {
    const res = await postForm(t.app, '/staff/assistant/faq', cookies['cixian.gkb']!, { org: '130427', question: '磁县户口迁移要带什么', variants: '户口迁移材料\n户口迁移材料', answer: '带户口簿和身份证。', links: '户籍业务 | /services/items/CX-SB-ZM' });
    assert.equal(res.statusCode, 303, res.body);
    const id = /\/staff\/assistant\/faq\/(FAQ[0-9A-Z]{10})\?done=created/.exec(String(res.headers.location))![1]!;
    const page = await t.app.inject({ url: `/staff/assistant/faq/${id}?done=created`, headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`问答 ${id} 已添加`));
    assert.match(page.body, /户籍业务 \| \/services\/items\/CX-SB-ZM/);

    const bad = await postForm(t.app, `/staff/assistant/faq/${id}`, cookies['cixian.gkb']!, { org: '130427', question: '磁县户口迁移要带什么', answer: '', variants: '新问法' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写答案/);
    assert.match(bad.body, />新问法</);
    const edit = await postForm(t.app, `/staff/assistant/faq/${id}`, cookies['cixian.gkb']!, { org: '130427', question: '磁县户口迁移要带什么材料', answer: '带户口簿、身份证和准迁证。', variants: '户口迁移材料' });
    assert.equal(edit.statusCode, 303);
    const got = (await t.app.inject({ url: `/api/v1/staff/assistant/faq/${id}`, headers: bearer('cixian.gkb') })).json();
    assert.deepEqual([got.question, got.answer, got.variants, got.links, got.status.code], ['磁县户口迁移要带什么材料', '带户口簿、身份证和准迁证。', ['户口迁移材料'], [], 'active']);

    const archive = await postForm(t.app, `/staff/assistant/faq/${id}/archive`, cookies['cixian.gkb']!);
    assert.equal(archive.statusCode, 303);
    const again = await postForm(t.app, `/staff/assistant/faq/${id}/archive`, cookies['cixian.gkb']!);
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /已经是「停用」/);
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/staff/assistant/faq/${id}/archive`, headers: bearer('cixian.gkb') });
    assert.deepEqual([api.statusCode, api.json().code, api.json().reasons.length], [409, 'faq_already_archived', 1]);
    const archived = (await t.app.inject({ url: '/api/v1/staff/assistant/faq?status=停用', headers: bearer('cixian.gkb') })).json();
    assert.ok(archived.items.some((p: { id: string }) => p.id === id));
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/staff/assistant/faq/${id}`, headers: bearer('cixian.gkb'), payload: { status: '启用', variants: ['户口迁移材料', '迁户口'] } });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.deepEqual([patch.json().status.code, patch.json().variants, patch.json().answer], ['active', ['户口迁移材料', '迁户口'], '带户口簿、身份证和准迁证。']);
    const badStatus = await t.app.inject({ method: 'PATCH', url: `/api/v1/staff/assistant/faq/${id}`, headers: bearer('cixian.gkb'), payload: { status: '删除' } });
    assert.equal(badStatus.statusCode, 400);
    const list = await t.app.inject({ url: '/staff/assistant/faq', headers: { cookie: cookies['cixian.gkb']! } });
    assert.match(list.body, new RegExp(id));
    // the search: question or a variant (a LIKE wildcard is a plain character)
    const byVariant = (await t.app.inject({ url: `/api/v1/staff/assistant/faq?q=${encodeURIComponent('迁户口')}`, headers: bearer('cixian.gkb') })).json();
    assert.deepEqual(byVariant.items.map((p: { id: string }) => p.id), [id]);
    assert.equal((await t.app.inject({ url: `/api/v1/staff/assistant/faq?q=${encodeURIComponent('%')}`, headers: bearer('cixian.gkb') })).json().total, 0);
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['assistant.faq_create', 'assistant.faq_update', 'assistant.faq_archive', 'assistant.faq_update', 'assistant.faq_restore']);
  });

  test('scope: another county\'s pair is 404; a township sees only its own', async () => {
    const lh = (await t.app.inject({ url: '/api/v1/staff/assistant/faq', headers: bearer('longhua.admin') })).json();
    assert.ok(lh.total >= 3, 'the demo pairs of 龙华');
    const foreignId = lh.items[0].id as string;
    assert.equal((await t.app.inject({ url: `/api/v1/staff/assistant/faq/${foreignId}`, headers: bearer('cixian.gkb') })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/staff/assistant/faq/${foreignId}`, headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 404);
    assert.equal((await postForm(t.app, `/staff/assistant/faq/${foreignId}/archive`, cookies['cixian.gkb']!)).statusCode, 404);
    const cx = (await t.app.inject({ url: '/api/v1/staff/assistant/faq', headers: bearer('cixian.gkb') })).json();
    assert.ok(cx.items.every((p: { org: string }) => p.org.startsWith('130427')));
    const town = (await t.app.inject({ url: '/api/v1/staff/assistant/faq', headers: bearer('cizhou.zone') })).json();
    assert.equal(town.total, 0, 'the county\'s pairs are not the township\'s');
    const townPage = await t.app.inject({ url: '/staff/assistant/faq/new', headers: { cookie: cookies['cizhou.zone']! } });
    assert.match(townPage.body, /<option value="130427100" selected/);
    assert.doesNotMatch(townPage.body, /<option value="130427"[ >]/);
  });

  test('答得不好的问题: the demo\'s questions, unresolved first, CSV, and 「添加问答」 in one step', async () => {
    const page = await t.app.inject({ url: '/staff/assistant/questions', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /农村宅基地怎么申请/);
    assert.doesNotMatch(page.body, /人才房/, 'not 龙华\'s');
    assert.ok(page.body.indexOf('农村宅基地怎么申请') < page.body.indexOf('社保卡丢了怎么补办'), 'the demo\'s resolved question after the open ones');
    assert.deepEqual(await undefinedTagClasses(t.app, page.body), [], 'the 未处理 tag is styled');
    const csv = await t.app.inject({ url: '/staff/assistant/questions.csv?outcome=未找到答案', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /农村宅基地怎么申请,3,3,0,/);
    assert.doesNotMatch(csv.body, /独生子女费/, 'only nothing-found questions');
    assert.equal((await t.app.inject({ url: '/staff/assistant/questions.csv?month=2026-13', headers: { cookie: cookies['cixian.gkb']! } })).statusCode, 400);
    const badFilter = await t.app.inject({ url: '/staff/assistant/questions?outcome=x&month=abc', headers: { cookie: cookies['cixian.gkb']! } });
    assert.equal(badFilter.statusCode, 400);
    assert.match(badFilter.body, /月份格式应为/);

    const link = /href="(\/staff\/assistant\/faq\/new\?[^"]*)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const form = await t.app.inject({ url: link, headers: { cookie: cookies['cixian.gkb']! } });
    assert.match(form.body, /value="农村宅基地怎么申请"/);
    const resolve = /name="resolve" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await postForm(t.app, '/staff/assistant/faq', cookies['cixian.gkb']!, { resolve, org: '130427', question: '农村宅基地怎么申请', answer: '向村民委员会提出申请，经乡镇审核后报县自然资源和规划局审批。' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /done=resolved-3/);
    const api = (await t.app.inject({ url: '/api/v1/staff/assistant/questions', headers: bearer('cixian.gkb') })).json();
    const row = api.items.find((q: { question: string }) => q.question === '农村宅基地怎么申请');
    assert.deepEqual([row.unresolved, /^FAQ/.test(row.resolved_faq)], [0, true]);
    assert.equal((await t.app.inject({ url: '/api/v1/staff/assistant/questions?outcome=bogus', headers: bearer('cixian.gkb') })).statusCode, 400);
  });

  test('the staff home links the FAQ for its roles', async () => {
    const home = await t.app.inject({ url: '/staff', headers: { cookie: cookies['cixian.gkb']! } });
    assert.match(home.body, /href="\/staff\/assistant\/faq"/);
  });
}, withDemo);
