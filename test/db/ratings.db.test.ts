// 好差评 on SQLite and PostgreSQL: submission (every check, nothing written on a refusal), the first
// event, the 差评 state and due dates on the working-day calendar, and the audit of a staff entry.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService, type Actor } from '../../src/modules/identity/index.ts';
import { submitRating, type RatingInput } from '../../src/modules/ratings/index.ts';

// Wednesday 2026-09-30; the 国庆 break runs 10-01 … 10-07 and Saturday 10-10 is a 调休 working day (2026 notice).
const clock = fixedClock('2026-09-30T02:00:00Z');
const base = (over: Partial<RatingInput> = {}): RatingInput => ({
  orgCode: '130427100', venuePublicId: 'CX-BM-130427100', channel: 'paper', level: '非常满意', ratedOn: '2026-09-30', ...over,
});

forEachDialect('ratings', (get) => {
  let handler: Actor;
  let longhua: Actor;
  const deps = () => ({ db: get().db, clock });
  const count = async () => Number((await get().db.selectFrom('rating').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const events = async () => Number((await get().db.selectFrom('rating_event').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  before(async () => {
    handler = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'cizhou.handler'))!.id, 'token'))!;
    longhua = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, 'longhua.admin'))!.id, 'token'))!;
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
}, withDemo);
