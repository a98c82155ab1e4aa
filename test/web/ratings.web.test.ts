// 好差评 staff API and pages over HTTP: entry (API and form, errors kept), bad input → Chinese
// message + stable code with nothing written, the 409 {code, message, reasons} of the actions, the
// queue and detail pages (phone masked), the 工作台 counts, county time limits and the reason list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { submitRating } from '../../src/modules/ratings/index.ts';

// Monday 2026-03-02 (the demo ratings run to 2026-01-05, so older named 差评 are overdue)
const clock = fixedClock('2026-03-02T02:00:00Z');

forEachDialect('ratings over HTTP', (get) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const bearer = (u: string) => ({ authorization: `Bearer ${tokens[u]}` });
  const count = async (table: 'rating' | 'rating_event' | 'audit_log') => Number((await get().db.selectFrom(table).select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const entry = { org: '130427100', venue: 'CX-BM-130427100', channel: '纸质评价表', level: '不满意', reasons: ['服务态度差'], rater_name: '孙女士', rater_phone: '13700137000', rated_on: '2026-03-02' };
  before(async () => {
    t = await buildTestApp(get(), clock);
    for (const u of ['cizhou.handler', 'cixian.gkb', 'longhua.admin', 'admin', 'platform']) tokens[u] = await tokenFor(get().db, u);
  });
  after(async () => t.app.close());

  test('staff API: a paper 差评 entered with Chinese labels is stored as codes and due for a callback on the next working day', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: bearer('cizhou.handler'), payload: { ...entry, indicators: { 服务态度: '2' } } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as { id: string; state: { code: string }; level: { code: string }; callback_due_on: string };
    assert.equal(body.state.code, 'callback_due');
    assert.equal(body.level.code, 'dissatisfied');
    assert.equal(body.callback_due_on, '2026-03-03');
    const one = await t.app.inject({ url: `/api/v1/staff/ratings/${body.id}`, headers: bearer('cizhou.handler') });
    assert.equal(one.statusCode, 200);
    const r = one.json() as { rater_phone: string; reasons: string[]; indicators: Record<string, number>; events: { kind: { code: string } }[] };
    assert.equal(r.rater_phone, '137****7000');
    assert.ok(!one.body.includes('13700137000'));
    assert.deepEqual(r.reasons, ['attitude']);
    assert.deepEqual(r.indicators, { service_attitude: 2 });
    assert.deepEqual(r.events.map((e) => e.kind.code), ['rated']);
  });

  test('bad input: a Chinese message and a stable code, nothing written', async () => {
    const cases: [string, Record<string, unknown>, string, number, string][] = [
      ['a level outside the five', { ...entry, level: '6' }, 'rating_level_invalid', 400, 'cizhou.handler'],
      ['a 差评 without a reason', { ...entry, reasons: [] }, 'rating_reason_required', 400, 'cizhou.handler'],
      ['an unknown organisation', { ...entry, org: '130427-xyz' }, 'rating_org_unknown', 400, 'cizhou.handler'],
      ['a date in the future', { ...entry, rated_on: '2026-03-03' }, 'rating_date_future', 400, 'cizhou.handler'],
      ['another county\'s unit', entry, 'rating_not_your_unit', 403, 'longhua.admin'],
    ];
    for (const [name, payload, code, status, who] of cases) {
      const before = [await count('rating'), await count('rating_event'), await count('audit_log')];
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: bearer(who), payload });
      assert.equal(res.statusCode, status, `${name}: ${res.body}`);
      const b = res.json() as { code: string; message: string };
      assert.equal(b.code, code, name);
      assert.match(b.message, /[\u4e00-\u9fa5]/, name);
      assert.deepEqual([await count('rating'), await count('rating_event'), await count('audit_log')], before, name);
    }
  });

  test('actions: 409 {code, message, reasons} for a rectification before the rating; 403 for an appeal from outside the unit', async () => {
    const id = ((await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: bearer('cizhou.handler'), payload: { ...entry, rater_name: '', rater_phone: '', rated_on: '2026-02-27' } })).json() as { id: string }).id;
    const e0 = await count('rating_event');
    const early = await t.app.inject({ method: 'POST', url: `/api/v1/staff/ratings/${id}/actions`, headers: bearer('cizhou.handler'), payload: { action: 'rectify', on: '2026-02-26', mode: 'immediate', measures: '已整改' } });
    assert.equal(early.statusCode, 409, early.body);
    const b = early.json() as { code: string; message: string; reasons: string[] };
    assert.equal(b.code, 'rating_date_before_rating');
    assert.match(b.message, /不能早于评价日期 2026-02-27/);
    assert.deepEqual(b.reasons, [b.message]);
    const outside = await t.app.inject({ method: 'POST', url: `/api/v1/staff/ratings/${id}/actions`, headers: bearer('cixian.gkb'), payload: { action: 'appeal', on: '2026-03-02', reason: '误评' } });
    assert.equal(outside.statusCode, 403);
    assert.equal((outside.json() as { code: string }).code, 'rating_not_your_unit');
    const foreign = await t.app.inject({ method: 'POST', url: `/api/v1/staff/ratings/${id}/actions`, headers: bearer('longhua.admin'), payload: { action: 'appeal', on: '2026-03-02', reason: '误评' } });
    assert.equal(foreign.statusCode, 403);
    assert.equal(await count('rating_event'), e0);
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/staff/ratings/${id}/actions`, headers: bearer('cizhou.handler'), payload: { action: '整改', on: '2026-03-02', mode: '立行立改', measures: '已整改' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as { state: { code: string } }).state.code, 'reply_due');
  });

  test('list API: scoped, filtered by state and overdue; a bad flag is a 400', async () => {
    const cx = (await t.app.inject({ url: '/api/v1/staff/ratings?bad=yes&overdue=yes', headers: bearer('cixian.gkb') })).json() as { total: number; items: { org: string; overdue: boolean; bad: boolean }[] };
    assert.ok(cx.total > 0);
    assert.ok(cx.items.every((r) => r.org.startsWith('130427') && r.overdue && r.bad));
    const lh = (await t.app.inject({ url: '/api/v1/staff/ratings?state=待回访', headers: bearer('longhua.admin') })).json() as { items: { org: string; state: { code: string } }[] };
    assert.ok(lh.items.every((r) => r.org.startsWith('440309') && r.state.code === 'callback_due'));
    const badFlag = await t.app.inject({ url: '/api/v1/staff/ratings?overdue=maybe', headers: bearer('cixian.gkb') });
    assert.equal(badFlag.statusCode, 400);
    assert.equal((badFlag.json() as { code: string }).code, 'invalid_overdue');
  });

  test('pages: the queue, the detail with its log and forms (phone masked), the work counts on the staff home page', async () => {
    const cookie = await signIn(t.app, 'cizhou.handler');
    // a named 差评 received on 2026-02-26: its callback was due on 02-27 (deadlines run from the day received)
    const made = await submitRating({ db: get().db, clock: fixedClock('2026-02-26T02:00:00Z') }, { orgCode: '130427100', venuePublicId: 'CX-BM-130427100', channel: 'web', level: '1', reasons: ['slow'], raterName: '周先生', raterPhone: '13600136000' }, { public: true });
    assert.ok(made.ok);
    const queue = await t.app.inject({ url: '/staff/ratings?queue=overdue', headers: { cookie } });
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /已逾期/);
    const id = /href="\/staff\/ratings\/(PJ[0-9A-Z]{12})"/.exec(queue.body)?.[1];
    assert.equal(id, made.publicId, 'the overdue 差评 of 磁州镇 heads the queue');
    assert.ok(!/1[3-9]\d{9}/.test(queue.body), 'no unmasked phone');
    const page = await t.app.inject({ url: `/staff/ratings/${id}`, headers: { cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /办理记录/);
    assert.match(page.body, /提交评价/);
    assert.match(page.body, /name="action" value="appeal"/);
    assert.ok(!/1[3-9]\d{9}/.test(page.body), 'no unmasked phone');
    const home = await t.app.inject({ url: '/staff', headers: { cookie } });
    assert.match(home.body, /差评逾期未办/);
    assert.match(home.body, /href="\/staff\/ratings\?queue=overdue"/);
  });

  test('the action form: errors keep the values (400), a valid one redirects (303) and is audited', async () => {
    const cookie = await signIn(t.app, 'cizhou.handler');
    const id = ((await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: bearer('cizhou.handler'), payload: { ...entry, rated_on: '2026-02-27' } })).json() as { id: string }).id;
    const bad = await postForm(t.app, `/staff/ratings/${id}/actions`, cookie, { action: 'callback', callback_on: '2026-02-26', reached: 'yes', note: '已联系评价人' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>错误：/);
    assert.match(bad.body, /不能早于评价日期/);
    assert.match(bad.body, /已联系评价人/);
    const a0 = await count('audit_log');
    const good = await postForm(t.app, `/staff/ratings/${id}/actions`, cookie, { action: 'callback', callback_on: '2026-03-02', reached: 'yes', note: '已联系评价人' });
    assert.equal(good.statusCode, 303, good.body);
    assert.equal(await count('audit_log'), a0 + 1);
    const after = await t.app.inject({ url: `/staff/ratings/${id}?done=callback`, headers: { cookie } });
    assert.match(after.body, /已记录回访/);
    assert.match(after.body, /待整改/);
  });

  test('the entry form: a 差评 without reason is shown again with the values and the error', async () => {
    const cookie = await signIn(t.app, 'cizhou.handler');
    const n0 = await count('rating');
    const res = await postForm(t.app, '/staff/ratings', cookie, { org: '130427100', venue: 'CX-BM-130427100', channel: 'paper', level: 'dissatisfied', text: '等了很久', rated_on: '2026-03-02' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /至少选择一项差评原因/);
    assert.match(res.body, /等了很久/);
    assert.equal(await count('rating'), n0);
    const ok = await t.app.inject({ method: 'POST', url: '/staff/ratings', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', /gk_csrf=([^;]*)/.exec(cookie)![1]!], ['org', '130427100'], ['venue', 'CX-BM-130427100'], ['channel', 'paper'], ['level', 'dissatisfied'], ['reasons', 'slow'], ['reasons', 'attitude'], ['rated_on', '2026-03-02']]).toString() });
    assert.equal(ok.statusCode, 303, ok.body);
    const id = /\/staff\/ratings\/(PJ[0-9A-Z]{12})/.exec(String(ok.headers.location))![1]!;
    const row = await get().db.selectFrom('rating').select(['reasons_json', 'entered_by', 'state']).where('public_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(row.reasons_json), ['slow', 'attitude']);
    assert.equal(row.entered_by, 'cizhou.handler');
    assert.equal(row.state, 'rectify_due');
  });

  test('time limits: the county\'s admin sets them (audited) and a new 差评 follows them; reasons: platform administrators only', async () => {
    const admin = await signIn(t.app, 'admin');
    const bad = await postForm(t.app, '/staff/ratings/settings/130427', admin, { '130427_callbackDays': '0', '130427_rectifyDays': '10', '130427_linkValidDays': '30' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /1～10/);
    const ok = await postForm(t.app, '/staff/ratings/settings/130427', admin, { '130427_callbackDays': '2', '130427_rectifyDays': '10', '130427_linkValidDays': '30' });
    assert.equal(ok.statusCode, 303, ok.body);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: bearer('cizhou.handler'), payload: entry });
    assert.equal((res.json() as { callback_due_on: string }).callback_due_on, '2026-03-04');
    const lh = await signIn(t.app, 'longhua.admin');
    assert.equal((await postForm(t.app, '/staff/ratings/settings/130427', lh, { '130427_callbackDays': '3', '130427_rectifyDays': '10', '130427_linkValidDays': '30' })).statusCode, 403);
    assert.equal((await t.app.inject({ url: '/staff/ratings/reasons', headers: { cookie: admin } })).statusCode, 403);
    const platform = await signIn(t.app, 'platform');
    const saved = await postForm(t.app, '/staff/ratings/reasons', platform, { code: 'queue_long', label: '排队时间过长', position: '9', active: '1' });
    assert.equal(saved.statusCode, 303, saved.body);
    const list = await t.app.inject({ url: '/staff/ratings/reasons', headers: { cookie: platform } });
    assert.match(list.body, /排队时间过长/);
    assert.match(list.body, /服务态度差/, 'the shipped list was written first');
    const withNew = await t.app.inject({ method: 'POST', url: '/api/v1/staff/ratings', headers: bearer('cizhou.handler'), payload: { ...entry, reasons: ['排队时间过长'] } });
    assert.equal(withNew.statusCode, 201, withNew.body);
  });
}, withDemo);
