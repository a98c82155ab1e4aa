// A clerk finds the issue-22 staff pages from the back office: 生命周期场景管理 in the /staff menu
// (editors, not case handlers), and per venue on /staff/venues its 到场登记 and 排队设置 pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const clock = fixedClock('2026-09-28T01:00:00Z');

forEachDialect('staff links to the issue-22 pages', (get) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(get(), clock); });
  after(async () => { await t.app.close(); });
  const page = async (user: string, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: await signIn(t.app, user) } });
    assert.equal(res.statusCode, 200, url);
    return res.body;
  };

  test('the /staff menu links life events for editors only; the venue list links attendance and queue', async () => {
    assert.match(await page('cixian.editor', '/staff'), /href="\/staff\/life-events">生命周期场景管理</);
    assert.doesNotMatch(await page('cixian.window', '/staff'), /\/staff\/life-events/, 'a case handler may not edit life events');
    const venues = await page('cixian.window', '/staff/venues');
    assert.match(venues, /href="\/staff\/appointments\?venue=CX-ZWFW">当日预约与到场登记：磁县政务服务中心</);
    assert.match(venues, /href="\/staff\/venues\/CX-ZWFW\/queue">排队设置：磁县政务服务中心</);
    assert.doesNotMatch(venues, /LH-ZWFW/, 'another county’s venue is not listed');
  });
}, withDemo);
