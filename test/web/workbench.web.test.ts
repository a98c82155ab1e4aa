// The staff home page (工作台): each module the signed-in person may use shows the rows waiting for
// them — applications due within 3 working days and overdue, messages 待受理 / 待签收, records 待我保密审查
// — every number links to a list showing exactly that many rows; counts follow the person's grants
// (another county's rows never count) and a role without a module sees no block for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, signIn, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor, message } from '../support/interaction.ts';
import { insertRecord } from '../support/disclosures.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import type { Role } from '../../src/modules/identity/identity.ts';

// Monday 2 March 2026 (Beijing): 3 working days ahead is Thursday 5 March.
const clock = fixedClock('2026-03-02T02:00:00Z');

interface Block { title: string; counts: { label: string; count: number; href: string }[] }

/** The work blocks of the staff home page, read from its HTML. */
function workOf(html: string): Block[] {
  const grid = /<div class="work-grid">([\s\S]*?)<\/div>\s*<h2/.exec(html)?.[1] ?? '';
  return [...grid.matchAll(/<section[^>]*>([\s\S]*?)<\/section>/g)].map((m) => ({
    title: /<h3[^>]*>([^<]*)<\/h3>/.exec(m[1]!)![1]!,
    counts: [...m[1]!.matchAll(/<a href="([^"]+)"><span class="work-count__label">([^<]+)<\/span> <span class="work-count__n">(\d+) 件<\/span><\/a>/g)]
      .map((c) => ({ href: c[1]!.replace(/&amp;/g, '&'), label: c[2]!, count: Number(c[3]) })),
  }));
}

/** The rows of the (first) table body of a list page, as the texts of their first links. */
function listRows(html: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[\s>][\s\S]*?<a href="[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

forEachDialect('工作台 (staff home page)', (get) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const users: Record<string, number> = {};
  const refs: Record<string, string> = {};

  const home = async (who: string) => {
    const res = await t.app.inject({ url: '/staff', headers: { cookie: cookies[who]! } });
    assert.equal(res.statusCode, 200);
    return workOf(res.body);
  };
  const countOf = (blocks: Block[], title: string, label: string) => blocks.find((b) => b.title === title)?.counts.find((c) => c.label === label)?.count ?? -1;
  const list = async (who: string, href: string) => {
    const res = await t.app.inject({ url: href, headers: { cookie: cookies[who]! } });
    assert.equal(res.statusCode, 200, `${href}: ${res.statusCode}`);
    return listRows(res.body);
  };

  // Baselines before the rows below are added (the demo data holds cases and messages of its own).
  const baseline: Record<string, Block[]> = {};

  before(async () => {
    t = await buildTestApp(get(), clock);
    const deps = { db: get().db, clock, sessionIdleMinutes: 120 };
    const make: [string, Role, string][] = [
      ['wb.cx.handler', 'case_handler', '130427'], ['wb.cx.office', 'supervisor', '130427'], ['wb.cx.reviewer', 'reviewer', '130427'],
      ['wb.hz.office', 'supervisor', '440105'], ['wb.hz.reviewer', 'reviewer', '440105'],
    ];
    for (const [username, role, orgCode] of make) {
      const r = await identityService.createUser(deps, { cli: true }, { username, displayName: username, role, orgCode, password: 'workbench-password-2026' });
      assert.ok(r.ok, JSON.stringify(r));
    }
    for (const [u] of make) {
      cookies[u] = await signIn(t.app, u, 'workbench-password-2026');
      users[u] = (await findUserByUsername(get().db, u))!.id;
    }
    for (const u of ['cixian.editor', 'admin', 'cizhou.handler']) cookies[u] = await signIn(t.app, u);
    for (const u of Object.keys(cookies)) baseline[u] = await home(u);

    // Applications: registered, then their due dates set to 2 working days ahead / last Friday / in three weeks.
    const bearerOf = async (u: string) => ({ authorization: `Bearer ${await tokenFor(get().db, u)}` });
    const register = async (who: string, org: string) => {
      const res = await t.app.inject({
        method: 'POST', url: '/api/v1/staff/applications', headers: await bearerOf(who),
        payload: { org, channel: 'in_person', received_on: '2026-03-02', description: '申请公开本级财政预算执行情况。', delivery: 'email', applicant: { type: 'natural_person', name: '张三', id_number: '130427199001011230', phone: '13800001111', email: 'zs@example.com' } },
      });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { reference: string }).reference;
    };
    const due = (ref: string, on: string) => get().db.updateTable('application_case').set({ due_on: on }).where('reference', '=', ref).execute();
    refs.soon = await register('wb.cx.office', '130427');
    await due(refs.soon, '2026-03-04');
    refs.overdue = await register('wb.cx.office', '130427');
    await due(refs.overdue, '2026-02-27');
    refs.later = await register('wb.cx.office', '130427');
    await due(refs.later, '2026-03-20');
    refs.hzSoon = await register('wb.hz.office', '440105');
    await due(refs.hzSoon, '2026-03-03');

    // Messages: one in each state (待受理, 已受理, 待签收 at 磁州镇, 已签收) and one 待受理 in 海珠区.
    const office = await bearerOf('wb.cx.office');
    const submit = async (over: Record<string, unknown>, address: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message(over), remoteAddress: address });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { reference: string }).reference;
    };
    const act = async (ref: string, type: string, headers: Record<string, string>) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/staff/messages/${ref}/actions`, payload: { type, on: '2026-03-02' }, headers });
      assert.equal(res.statusCode, 200, res.body);
    };
    refs.mSubmitted = await submit({ title: '工作台待受理留言' }, '10.20.0.1');
    refs.mAccepted = await submit({ title: '工作台已受理留言' }, '10.20.0.2');
    await act(refs.mAccepted, 'accept', office);
    refs.mAssigned = await submit({ title: '工作台待签收留言' }, '10.20.0.3');
    await act(refs.mAssigned, 'accept', office);
    await act(refs.mAssigned, 'assign', office);
    refs.mSigned = await submit({ title: '工作台已签收留言' }, '10.20.0.4');
    await act(refs.mSigned, 'accept', office);
    await act(refs.mSigned, 'assign', office);
    await act(refs.mSigned, 'sign', await bearerOf('cizhou.handler'));
    refs.mHaizhu = await submit({ org: '440105', title: '海珠工作台留言', location: { address: '海珠区江南大道' } }, '10.20.0.5');

    // Records: submitted for 保密审查 in each county; one written by the reviewer, one edited by them.
    const db = get().db;
    await insertRecord(db, { indexNo: '130427-WB-0001', state: 'submitted', title: '工作台待审查记录' });
    const own = await insertRecord(db, { indexNo: '130427-WB-0002', state: 'submitted', title: '审查员自己起草的记录' });
    await db.updateTable('disclosure').set({ author_id: users['wb.cx.reviewer']! }).where('id', '=', own).execute();
    const edited = await insertRecord(db, { indexNo: '130427-WB-0003', state: 'submitted', title: '审查员修改过的记录' });
    await db.insertInto('disclosure_event').values({ disclosure_id: edited, seq: 1, type: 'edited', data_json: '{}', actor_id: users['wb.cx.reviewer']!, actor_label: 'wb.cx.reviewer', created_at: '2026-02-01T02:00:00.000Z' }).execute();
    await insertRecord(db, { indexNo: '130427-WB-0004', state: 'draft', title: '工作台草稿' });
    await insertRecord(db, { indexNo: '440105-WB-0001', orgCode: '440105', state: 'submitted', title: '海珠待审查记录' });
  });
  after(async () => t.app.close());

  const APPS = '依申请公开办理';
  const MSGS = '留言与工单';
  const DIS = '主动公开信息';
  const PART = '意见征集';
  const RATE = '好差评';
  const ENQ = '咨询登记';
  const delta = (who: string, blocks: Block[], title: string, label: string) => countOf(blocks, title, label) - countOf(baseline[who]!, title, label);

  test('applications: due within 3 working days and overdue, for the county of the grant only', async () => {
    const cx = await home('wb.cx.handler');
    assert.equal(delta('wb.cx.handler', cx, APPS, '3 个工作日内到期'), 1);
    assert.equal(delta('wb.cx.handler', cx, APPS, '已逾期'), 1);
    const soon = await list('wb.cx.handler', '/staff/applications?list=due_soon');
    assert.ok(soon.includes(refs.soon!) && !soon.includes(refs.later!) && !soon.includes(refs.overdue!) && !soon.includes(refs.hzSoon!), soon.join());
    const overdue = await list('wb.cx.handler', '/staff/applications?list=overdue');
    assert.ok(overdue.includes(refs.overdue!) && !overdue.includes(refs.soon!), overdue.join());
    const hz = await home('wb.hz.office');
    assert.equal(delta('wb.hz.office', hz, APPS, '3 个工作日内到期'), 1);
    assert.equal(delta('wb.hz.office', hz, APPS, '已逾期'), 0);
    const hzSoon = await list('wb.hz.office', '/staff/applications?list=due_soon');
    assert.ok(hzSoon.includes(refs.hzSoon!) && !hzSoon.includes(refs.soon!), hzSoon.join());
  });

  test('messages: 待受理 for the receiving unit, 待签收 for the unit it was assigned to', async () => {
    const office = await home('wb.cx.office');
    assert.equal(delta('wb.cx.office', office, MSGS, '待受理'), 1);
    assert.equal(delta('wb.cx.office', office, MSGS, '待签收'), 1);
    const toAccept = await list('wb.cx.office', '/staff/messages?view=to_accept');
    assert.ok(toAccept.includes(refs.mSubmitted!) && !toAccept.includes(refs.mAccepted!) && !toAccept.includes(refs.mHaizhu!), toAccept.join());
    const toSign = await list('wb.cx.office', '/staff/messages?view=to_sign');
    assert.ok(toSign.includes(refs.mAssigned!) && !toSign.includes(refs.mSigned!), toSign.join());
    // The township handler signs for 磁州镇 but does not accept the county's messages.
    const township = await home('cizhou.handler');
    assert.equal(delta('cizhou.handler', township, MSGS, '待受理'), 0);
    assert.equal(delta('cizhou.handler', township, MSGS, '待签收'), 1);
    assert.ok((await list('cizhou.handler', '/staff/messages?view=to_sign')).includes(refs.mAssigned!));
    const hz = await home('wb.hz.office');
    assert.equal(delta('wb.hz.office', hz, MSGS, '待受理'), 1);
    assert.equal(delta('wb.hz.office', hz, MSGS, '待签收'), 0);
    assert.ok(!(await list('wb.hz.office', '/staff/messages?view=to_accept')).includes(refs.mSubmitted!));
  });

  test('records awaiting 保密审查: in the reviewer\'s scope, not those they wrote or changed', async () => {
    const reviewer = await home('wb.cx.reviewer');
    assert.equal(delta('wb.cx.reviewer', reviewer, DIS, '待我保密审查'), 1);
    assert.deepEqual(await list('wb.cx.reviewer', '/staff/disclosures?todo=review').then((r) => r.filter((x) => x.includes('工作台') || x.includes('审查员') || x.includes('海珠'))), ['工作台待审查记录']);
    const office = await home('wb.cx.office');
    assert.equal(delta('wb.cx.office', office, DIS, '待我保密审查'), 3);
    const hz = await home('wb.hz.reviewer');
    assert.equal(delta('wb.hz.reviewer', hz, DIS, '待我保密审查'), 1);
    assert.ok(!(await list('wb.hz.reviewer', '/staff/disclosures?todo=review')).includes('工作台待审查记录'));
  });

  test('every number equals the rows of the list it links to', async () => {
    let checked = 0;
    for (const who of Object.keys(cookies)) {
      for (const block of await home(who)) {
        for (const c of block.counts) {
          assert.equal((await list(who, c.href)).length, c.count, `${who}: ${block.title} ${c.label} → ${c.href}`);
          checked += 1;
        }
      }
    }
    assert.ok(checked >= 15, `${checked} links checked`);
  });

  test('意见征集: consultations with public comments waiting for moderation, in the editor\'s county only', async () => {
    // The demo's open 磁县 consultation holds a comment not yet moderated: the editor who moderates sees it.
    const editor = await home('cixian.editor');
    const n = countOf(editor, PART, '有待审核意见的征集');
    assert.ok(n >= 1, JSON.stringify(editor));
    const rows = await list('cixian.editor', '/staff/participation?todo=moderate');
    assert.equal(rows.length, n);
    assert.ok(rows.some((r) => r.includes('磁县')), rows.join());
    const all = await list('cixian.editor', '/staff/participation');
    assert.ok(all.length > rows.length, 'the filtered list leaves out consultations with nothing to moderate');
    // 海珠's supervisor is not counted 磁县's comments
    assert.equal(countOf(await home('wb.hz.office'), PART, '有待审核意见的征集'), 0);
    assert.deepEqual(await list('wb.hz.office', '/staff/participation?todo=moderate'), []);
  });

  test('a role without a module sees no block for it; the links stay below the work', async () => {
    // 问题清单 (supervision): the responsible organisation's block for its editors, admins and
    // supervisors; the 政务公开办's block for supervisors (empty unless they hold an office grant)
    const PROB = '问题整改（本单位）';
    const PROB_OFFICE = '问题复核（政务公开办）';
    // 人工客服队列 (assistant hand-off): for every role that answers hand-offs
    const QUEUE = '人工客服队列';
    assert.deepEqual((await home('cixian.editor')).map((b) => b.title), [PART, PROB, QUEUE]);
    assert.deepEqual((await home('admin')).map((b) => b.title), []);
    assert.deepEqual((await home('wb.cx.reviewer')).map((b) => b.title), [APPS, DIS]);
    assert.deepEqual((await home('cizhou.handler')).map((b) => b.title), [APPS, MSGS, RATE, ENQ, QUEUE]);
    assert.deepEqual((await home('wb.cx.office')).map((b) => b.title).sort(), [APPS, DIS, MSGS, PART, PROB, PROB_OFFICE, RATE, ENQ, QUEUE].sort());
    const admin = await t.app.inject({ url: '/staff', headers: { cookie: cookies.admin! } });
    assert.match(admin.body, /您的角色没有需要处理的业务/);
    const page = (await t.app.inject({ url: '/staff', headers: { cookie: cookies['wb.cx.office']! } })).body;
    assert.ok(page.indexOf('work-grid') < page.indexOf('href="/staff/messages"'), 'the work comes before the links');
    assert.ok(page.includes('href="/staff/account/password"'));
  });
}, withDemo);
