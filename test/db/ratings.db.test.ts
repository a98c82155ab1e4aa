// 好差评 on SQLite and PostgreSQL: submission (every check, nothing written on a refusal), the first
// event, the 差评 state and due dates on the working-day calendar, and the audit of a staff entry.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService, type Actor } from '../../src/modules/identity/index.ts';
import { submitRating, type RatingInput } from '../../src/modules/ratings/index.ts';
import { RatingStore } from '../../src/modules/ratings/rating-store.ts';
import { act, listForStaff, loadForStaff, workCounts } from '../../src/modules/ratings/ratings.service.ts';

// Wednesday 2026-09-30; the 国庆 break runs 10-01 … 10-07 and Saturday 10-10 is a 调休 working day (2026 notice).
const clock = fixedClock('2026-09-30T02:00:00Z');
const base = (over: Partial<RatingInput> = {}): RatingInput => ({
  orgCode: '130427100', venuePublicId: 'CX-BM-130427100', channel: 'paper', level: '非常满意', ratedOn: '2026-09-30', ...over,
});

forEachDialect('ratings', (get) => {
  let handler: Actor;
  let longhua: Actor;
  let gkb: Actor;
  const deps = () => ({ db: get().db, clock });
  const count = async () => Number((await get().db.selectFrom('rating').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const events = async () => Number((await get().db.selectFrom('rating_event').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  before(async () => {
    handler = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'cizhou.handler'))!.id, 'token'))!;
    longhua = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'longhua.admin'))!.id, 'token'))!;
    gkb = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'cixian.gkb'))!.id, 'token'))!;
  });

  test('a good rating is stored with its first event and needs no workflow', async () => {
    const r = await submitRating(deps(), base({ indicators: { 服务态度: '5', service_level: '满意' } }), { public: true });
    assert.ok(r.ok, JSON.stringify(r));
    assert.match(r.publicId, /^PJ[2-9A-HJKMNP-TV-Z]{12}$/);
    const row = await get().db.selectFrom('rating').selectAll().where('public_id', '=', r.publicId).executeTakeFirstOrThrow();
    assert.equal(row.level, 5);
    assert.equal(row.is_bad, 0);
    assert.equal(row.state, 'none');
    assert.equal(row.org_path, '/13/1304/130427/130427100/');
    assert.deepEqual(JSON.parse(row.indicators_json), { service_attitude: 5, service_level: 4 });
    const ev = await get().db.selectFrom('rating_event').selectAll().where('rating_id', '=', row.id).execute();
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.kind, 'rated');
    assert.equal(ev[0]!.seq, 1);
  });

  test('a named 差评 is due for a callback on the next working day, skipping the 国庆 break', async () => {
    const r = await submitRating(deps(), base({ level: '2', reasons: ['attitude'], raterName: '王五', raterPhone: '138 0013 8000' }), { actor: handler });
    assert.ok(r.ok, JSON.stringify(r));
    const row = await get().db.selectFrom('rating').selectAll().where('public_id', '=', r.publicId).executeTakeFirstOrThrow();
    assert.equal(row.state, 'callback_due');
    assert.equal(row.callback_due_on, '2026-10-08');
    assert.equal(row.rater_phone, '13800138000');
    assert.equal(row.entered_by, 'cizhou.handler');
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity_id', '=', r.publicId).executeTakeFirstOrThrow();
    assert.equal(audit.action, 'rating.enter');
    assert.ok(!audit.after_json!.includes('13800138000'), 'phone masked in the audit');
    assert.match(audit.after_json!, /138\*\*\*\*8000/);
  });

  test('an anonymous 差评 cannot be called back: rectification due in 15 working days', async () => {
    const r = await submitRating(deps(), base({ level: 'very_dissatisfied', reasons: ['办理时间长、效率低'] }), { public: true });
    assert.ok(r.ok, JSON.stringify(r));
    const row = await get().db.selectFrom('rating').selectAll().where('public_id', '=', r.publicId).executeTakeFirstOrThrow();
    assert.equal(row.state, 'rectify_due');
    assert.equal(row.callback_due_on, null);
    // 09-30 + 15 working days: 10-01…10-07 off, 10-10 (Sat) a 调休 working day → 2026-10-27
    assert.equal(row.rectify_due_on, '2026-10-27');
    assert.deepEqual(JSON.parse(row.reasons_json), ['slow']);
  });

  const refusals: [string, Partial<RatingInput>, string, RatingSubmitterKind][] = [
    ['a level outside the five', { level: '6' }, 'rating_level_invalid', 'public'],
    ['a 差评 without a reason', { level: '不满意' }, 'rating_reason_required', 'public'],
    ['an unknown organisation', { orgCode: '130427-nope' }, 'rating_org_unknown', 'public'],
    ['a venue of another county', { venuePublicId: 'LH-ZWFW' }, 'rating_venue_unknown', 'public'],
    ['a window that does not exist', { windowCode: 'Z99' }, 'rating_window_unknown', 'public'],
    ['a date in the future', { ratedOn: '2026-10-01' }, 'rating_date_future', 'public'],
    ['an entry outside the staff member\'s county', {}, 'rating_not_your_unit', 'longhua'],
  ];
  type RatingSubmitterKind = 'public' | 'longhua';
  for (const [name, over, code, who] of refusals) {
    test(`refused, nothing written: ${name}`, async () => {
      const [n0, e0] = [await count(), await events()];
      const r = await submitRating(deps(), base(over), who === 'public' ? { public: true } : { actor: longhua });
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.code === code, JSON.stringify(r));
      assert.ok(!r.ok && Object.values(r.errors).every((m) => /[\u4e00-\u9fa5]/.test(m)), 'Chinese messages');
      assert.equal(await count(), n0);
      assert.equal(await events(), e0);
    });
  }

  const audits = async () => Number((await get().db.selectFrom('audit_log').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const bad = async (named: boolean) => {
    const r = await submitRating(deps(), base({ level: '1', reasons: ['slow'], ...(named ? { raterName: '赵六', raterPhone: '13900139000' } : {}) }), { public: true });
    assert.ok(r.ok, JSON.stringify(r));
    return r.publicId;
  };
  const row = (id: string) => get().db.selectFrom('rating').selectAll().where('public_id', '=', id).executeTakeFirstOrThrow();

  test('the whole 差评 path through the log: callback, 限期整改, done, reply, close; each step audited', async () => {
    const later = { db: get().db, clock: fixedClock('2026-10-30T02:00:00Z') };
    const id = await bad(true);
    const a0 = await audits();
    const steps: Record<string, unknown>[] = [
      { action: 'callback', on: '2026-10-08', note: '已电话回访', reached: 'yes' },
      { action: '整改', on: '2026-10-09', mode: '限期整改', measures: '增设周六窗口' },
      { action: 'rectify', on: '2026-10-20', mode: 'immediate', measures: '已增设周六窗口' },
      { action: 'reply', on: '2026-10-21', text: '已电话告知整改情况' },
      { action: 'close', on: '2026-10-22' },
    ];
    for (const s of steps) {
      const r = await act(later, { actor: handler }, id, s);
      assert.ok(r.ok, `${String(s.action)}: ${JSON.stringify(r)}`);
    }
    const r = await row(id);
    assert.equal(r.state, 'closed');
    assert.equal(r.called_back_on, '2026-10-08');
    assert.equal(r.rectify_due_on, '2026-10-29');
    assert.equal(r.rectified_on, '2026-10-20');
    assert.equal(r.replied_on, '2026-10-21');
    assert.equal(r.closed_on, '2026-10-22');
    const ev = await get().db.selectFrom('rating_event').select(['seq', 'kind', 'actor']).where('rating_id', '=', r.id).orderBy('seq').execute();
    assert.deepEqual(ev.map((e) => [Number(e.seq), e.kind]), [[1, 'rated'], [2, 'called_back'], [3, 'rectify_planned'], [4, 'rectified'], [5, 'replied'], [6, 'closed']]);
    assert.equal(await audits(), a0 + 5);
    const staff = await loadForStaff(later, handler, id);
    assert.equal(staff.phone, '139****9000');
  });

  test('refused, nothing written: appeal from outside the unit, the unit deciding its own appeal, a step before the rating', async () => {
    const id = await bad(true);
    const r0 = await row(id);
    const [e0, a0] = [await events(), await audits()];
    const cases: [Actor, Record<string, unknown>, string, number][] = [
      [gkb, { action: 'appeal', on: '2026-09-30', reason: '误评' }, 'rating_not_your_unit', 403],
      [handler, { action: 'callback', on: '2026-09-29', note: '已联系', reached: true }, 'rating_date_before_rating', 409],
      [handler, { action: 'decide_appeal', on: '2026-09-30', upheld: true }, 'rating_not_above_unit', 403],
      [handler, { action: 'close', on: '2026-09-30' }, 'rating_wrong_state', 409],
    ];
    for (const [who, body, code, status] of cases) {
      const r = await act(deps(), { actor: who }, id, body);
      assert.ok(!r.ok, code);
      assert.equal(r.code, code);
      assert.equal(r.status, status);
      assert.match(r.message, /[\u4e00-\u9fa5]/);
    }
    await assert.rejects(act(deps(), { actor: longhua }, id, { action: 'appeal', on: '2026-09-30', reason: 'x' }), (e: { status?: number }) => e.status === 404);
    assert.equal(await events(), e0);
    assert.equal(await audits(), a0);
    assert.deepEqual(await row(id), r0);
  });

  test('an appeal upheld by 磁县政务公开办 (the level above) excludes the rating and keeps its log', async () => {
    const id = await bad(false);
    assert.ok((await act(deps(), { actor: handler }, id, { action: 'appeal', on: '2026-09-30', reason: '评价人未到本中心办事' })).ok);
    const r = await act(deps(), { actor: gkb }, id, { action: 'decide_appeal', on: '2026-09-30', upheld: 'yes', note: '属误评' });
    assert.ok(r.ok && r.state === 'excluded', JSON.stringify(r));
    const x = await row(id);
    assert.equal(x.excluded, 1);
    assert.equal(x.is_bad, 1);
    const kinds = (await get().db.selectFrom('rating_event').select('kind').where('rating_id', '=', x.id).orderBy('seq').execute()).map((e) => e.kind);
    assert.deepEqual(kinds, ['rated', 'appealed', 'appeal_upheld']);
  });

  test('two writers on one 差评 at once: one callback is appended, the other refused (409), nothing counted twice; the store follows (same clock, same updated_at)', async () => {
    // a clock after every other test's (a store follows a clock that moves forward, or a few seconds back)
    const at = { db: get().db, clock: fixedClock('2026-12-01T02:00:00Z') };
    const r = await submitRating(at, base({ level: '1', reasons: ['slow'], raterName: '钱七', raterPhone: '13700137000' }), { public: true });
    assert.ok(r.ok);
    const store = new RatingStore(get().db);
    const f = { paths: ['/13/1304/130427/130427100/'], from: '2026-09-30', to: '2026-09-30' };
    const before = (await store.tallies(f, [])).total;
    const n0 = await events();
    const cmd = { action: 'callback', on: '2026-12-01', note: '已电话联系', reached: 'yes' };
    const results = await Promise.all([act(at, { actor: handler }, r.publicId, cmd), act(at, { actor: handler }, r.publicId, cmd)]);
    assert.deepEqual(results.map((x) => x.ok).sort(), [false, true]);
    const refused = results.find((x) => !x.ok) as { status: number; code: string };
    assert.deepEqual([refused.status, refused.code], [409, 'rating_wrong_state']);
    assert.equal(await events(), n0 + 1);
    const row = await get().db.selectFrom('rating').selectAll().where('public_id', '=', r.publicId).executeTakeFirstOrThrow();
    assert.equal(row.state, 'rectify_due');
    // the fixed clock writes the same updated_at as the rating's own: the store still sees the callback
    await store.refresh(true);
    const after = (await store.tallies(f, [])).total;
    assert.equal(after.namedBadCalledBack, before.namedBadCalledBack + 1);
  });

  test('queues and work counts are scoped: 磁县 sees its overdue 差评, 龙华 none of them', async () => {
    const id = await bad(true); // callback due 2026-10-08
    const late = { db: get().db, clock: fixedClock('2026-10-12T02:00:00Z') };
    const overdue = await listForStaff(late, gkb, { queue: 'overdue', limit: 500, offset: 0 });
    assert.ok(overdue.items.some((r) => r.publicId === id && r.overdue));
    assert.ok(overdue.items.every((r) => r.orgCode.startsWith('130427')));
    const lh = await listForStaff(late, longhua, { queue: 'all', limit: 500, offset: 0 });
    assert.ok(lh.items.every((r) => r.orgCode.startsWith('440309')));
    assert.ok(!lh.items.some((r) => r.publicId === id));
    const counts = await workCounts(late, handler);
    assert.ok(counts.overdue >= 1 && counts.callback >= 1);
    const onTime = await listForStaff({ db: get().db, clock: fixedClock('2026-10-08T02:00:00Z') }, gkb, { queue: 'overdue', limit: 500, offset: 0 });
    assert.ok(!onTime.items.some((r) => r.publicId === id), 'not overdue on its due day');
  });
}, withDemo);
