// 咨询登记 on SQLite and PostgreSQL: recording (the checks, nothing written on a refusal, the
// organisation from the zone, the audit with the phone masked), scope (a county's 政务公开办 sees its
// subtree; a township only its own; another county nothing), the month's statistics and the
// figures per venue, and the one-step conversion — one transaction, refused a second time.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService, type Actor } from '../../src/modules/identity/index.ts';
import { registerOffline } from '../../src/modules/applications/index.ts';
import type { ApplicationIntake } from '../../src/modules/interaction/index.ts';
import { enquiryFigures } from '../../src/modules/enquiries/index.ts';
import * as svc from '../../src/modules/enquiries/enquiries.service.ts';

const clock = fixedClock('2026-03-02T02:00:00Z'); // Monday, 10:00 in Beijing

forEachDialect('enquiries (咨询登记)', (get) => {
  const actors: Record<string, Actor> = {};
  const intake: ApplicationIntake = async (db, actor, input) => {
    const r = await registerOffline({ db, clock }, actor, input);
    return r.ok ? { ok: true, reference: r.result.reference, trackingCode: r.result.trackingCode } : r;
  };
  const deps = () => ({ db: get().db, clock, applicationIntake: intake });
  const count = async (table: 'enquiry' | 'message' | 'application_case') => Number((await get().db.selectFrom(table).select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const record = async (who: string, over: Record<string, string> = {}) => {
    const r = await svc.createEnquiry(deps(), { actor: actors[who]! }, { channel: 'window', venue: 'CX-GKZQ', topic: '社保证明怎么打印', asked_at: '2026-03-02 09:30', ...over });
    assert.ok(r.ok, JSON.stringify(r));
    return r.publicId;
  };
  before(async () => {
    for (const u of ['cixian.gkb', 'cizhou.handler', 'longhua.admin', 'cixian.editor']) actors[u] = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, u))!.id, 'token'))!;
  });

  test('an entry without a topic is refused with its code and nothing is written; a good one takes the zone\'s organisation', async () => {
    const before = await count('enquiry');
    const bad = await svc.createEnquiry(deps(), { actor: actors['cixian.gkb']! }, { channel: '窗口', venue: 'CX-GKZQ', topic: '   ', contact_phone: '12345' });
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    assert.equal(bad.code, 'enquiry_topic_required');
    assert.ok(bad.errors.topic && bad.errors.contact_phone, JSON.stringify(bad.errors));
    assert.equal(await count('enquiry'), before);

    const future = await svc.createEnquiry(deps(), { actor: actors['cixian.gkb']! }, { channel: 'phone', topic: '问题', asked_at: '2026-03-02 11:00' });
    assert.equal(future.ok, false);
    assert.equal(!future.ok && future.code, 'enquiry_time_future');

    const id = await record('cixian.gkb', { channel: '电话', contact_name: '王先生', contact_phone: '0310 7512345', answer: '已答复' });
    assert.match(id, /^ZX[2-9A-HJKMNP-TV-Z]{12}$/);
    const row = await get().db.selectFrom('enquiry').selectAll().where('public_id', '=', id).executeTakeFirstOrThrow();
    const venueOrg = await get().db.selectFrom('sm_venue').innerJoin('organisation', 'organisation.code', 'sm_venue.org_code').select(['organisation.code', 'organisation.path']).where('sm_venue.public_id', '=', 'CX-GKZQ').executeTakeFirstOrThrow();
    assert.equal(row.org_code, venueOrg.code);
    assert.equal(row.org_path, venueOrg.path);
    assert.equal(row.channel, 'phone');
    assert.equal(row.asked_at, '2026-03-02T01:30:00.000Z');
    assert.equal(row.asked_on, '2026-03-02');
    assert.equal(row.contact_phone, '0310-7512345');
    const audit = await get().db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(audit.action, 'enquiry.record');
    assert.ok(!audit.after_json!.includes('7512345') && !audit.after_json!.includes('王先生'), audit.after_json!);
    assert.match(audit.after_json!, /0310-\*\*\*\*\*45/);
  });

  test('the venue must lie in the recorder\'s scope; a window must be one of the venue\'s; the record must exist and be visible', async () => {
    const foreign = await svc.createEnquiry(deps(), { actor: actors['longhua.admin']! }, { channel: 'window', venue: 'CX-GKZQ', topic: '问题' });
    assert.equal(!foreign.ok && foreign.code, 'enquiry_not_your_unit');
    const none = await svc.createEnquiry(deps(), { actor: actors['cixian.gkb']! }, { channel: 'window', venue: 'NO-SUCH-VENUE', topic: '问题' });
    assert.equal(!none.ok && none.code, 'enquiry_venue_unknown');
    const window = await svc.createEnquiry(deps(), { actor: actors['cixian.gkb']! }, { channel: 'window', venue: 'CX-GKZQ', window: 'NO-SUCH', topic: '问题' });
    assert.equal(!window.ok && window.code, 'enquiry_window_unknown');
    const rec = await svc.createEnquiry(deps(), { actor: actors['cixian.gkb']! }, { channel: 'window', venue: 'CX-GKZQ', topic: '问题', record: 'YSQ-20260101-ZZZZZ' });
    assert.equal(!rec.ok && rec.code, 'enquiry_record_unknown');
    const app = await get().db.selectFrom('application_case').select('reference').where('org_path', 'like', '/13/1304/130427/%').orderBy('id').executeTakeFirstOrThrow();
    const ok = await svc.createEnquiry(deps(), { actor: actors['cixian.gkb']! }, { channel: 'window', venue: 'CX-GKZQ', topic: '申请进度', record: app.reference.toLowerCase(), item: 'CX-SB-ZM' });
    assert.ok(ok.ok, JSON.stringify(ok));
    // without a venue: the recorder's own organisation
    const own = await svc.createEnquiry(deps(), { actor: actors['cizhou.handler']! }, { channel: 'phone', topic: '电话咨询' });
    assert.ok(own.ok, JSON.stringify(own));
    const row = await get().db.selectFrom('enquiry').select(['org_code', 'record_ref']).where('public_id', 'in', [ok.publicId, own.publicId]).orderBy('id').execute();
    assert.deepEqual(row.map((r) => [r.org_code, r.record_ref]), [[(await get().db.selectFrom('sm_venue').select('org_code').where('public_id', '=', 'CX-GKZQ').executeTakeFirstOrThrow()).org_code, app.reference], ['130427100', null]]);
  });

  test('scope: the county office sees its subtree, a township only its own, another county nothing', async () => {
    const town = await record('cizhou.handler', { venue: 'CX-BM-130427100', topic: '镇上的咨询' });
    const county = await record('cixian.gkb', { topic: '县里的咨询' });
    const ids = async (who: string) => (await svc.listEnquiries(deps(), actors[who]!, { month: '2026-03', limit: 500, offset: 0 })).items.map((i) => i.publicId);
    const gkb = await ids('cixian.gkb');
    assert.ok(gkb.includes(town) && gkb.includes(county));
    const township = await ids('cizhou.handler');
    assert.ok(township.includes(town) && !township.includes(county));
    assert.deepEqual(await ids('longhua.admin'), []);
    await assert.rejects(svc.loadEnquiry(deps(), actors['longhua.admin']!, county), (e: { status?: number }) => e.status === 404);
    await assert.rejects(svc.loadEnquiry(deps(), actors['cizhou.handler']!, county), (e: { status?: number }) => e.status === 404);
    // masked in the list
    const p = await record('cixian.gkb', { topic: '带电话的咨询', contact_name: '李四', contact_phone: '13912345678' });
    const listed = (await svc.listEnquiries(deps(), actors['cixian.gkb']!, { month: '2026-03', limit: 500, offset: 0 })).items.find((i) => i.publicId === p)!;
    assert.equal(listed.contactPhone, '139****5678');
    assert.equal(listed.contactName, '李*');
  });

  test('follow-up: recorded on the entry, audited, and counted as open until then', async () => {
    const id = await record('cixian.gkb', { topic: '需要跟进的咨询', follow_up: 'yes' });
    const open = await svc.openFollowUps(deps(), actors['cixian.gkb']!);
    assert.ok(open >= 1);
    const bad = await svc.updateEnquiry(deps(), { actor: actors['cixian.gkb']! }, id, { follow_up: 'yes', followed_up_on: '2026-03-09' });
    assert.equal(!bad.ok && bad.code, 'enquiry_followed_up_on_invalid');
    const r = await svc.updateEnquiry(deps(), { actor: actors['cixian.gkb']! }, id, { follow_up: 'yes', followed_up_on: '2026-03-02' });
    assert.ok(r.ok);
    assert.equal(await svc.openFollowUps(deps(), actors['cixian.gkb']!), open - 1);
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['enquiry.record', 'enquiry.update']);
  });

  test('statistics per zone and month: how many, by channel, follow-ups open, top topics by normalised text; figures per venue', async () => {
    const month = '2026-02';
    const at = (d: string) => `2026-02-${d} 10:00`;
    await record('cixian.gkb', { asked_at: at('02'), topic: '低保怎么申请？', channel: 'window' });
    await record('cixian.gkb', { asked_at: at('03'), topic: '低保 怎么申请', channel: 'phone', follow_up: 'yes' });
    await record('cixian.gkb', { asked_at: at('04'), topic: '低保怎么申请', channel: '自助' });
    await record('cixian.gkb', { asked_at: at('05'), topic: '居住证', channel: 'window' });
    await record('cizhou.handler', { asked_at: at('06'), topic: '居住证', channel: 'window', venue: 'CX-BM-130427100' });
    await record('cixian.gkb', { asked_at: '2026-01-31 10:00', topic: '上个月的', channel: 'window' });
    const s = await svc.statistics(deps(), actors['cixian.gkb']!, month, null);
    assert.equal(s.total, 5);
    assert.deepEqual(s.byChannel, { window: 3, phone: 1, self_service: 1 });
    assert.equal(s.followUpsOpen, 1);
    assert.deepEqual(s.topics.slice(0, 2).map((t) => t.count), [3, 2]);
    assert.match(s.topics[0]!.topic, /^低保/);
    assert.deepEqual(s.zones.map((z) => [z.venuePublicId, z.total]), [['CX-GKZQ', 4], ['CX-BM-130427100', 1]]);
    const one = await svc.statistics(deps(), actors['cixian.gkb']!, month, 'CX-BM-130427100');
    assert.equal(one.total, 1);
    // the township's handler sees only its own zone
    assert.equal((await svc.statistics(deps(), actors['cizhou.handler']!, month, null)).total, 1);
    assert.equal((await svc.statistics(deps(), actors['longhua.admin']!, month, null)).total, 0);
    const figures = await enquiryFigures(get().db, ['CX-GKZQ', 'CX-BM-130427100', 'NO-SUCH'], '2026-02-01', '2026-02-28');
    assert.deepEqual(figures.map((f) => [f.venuePublicId, f.total, f.followUpsOpen]), [['CX-GKZQ', 4, 1], ['CX-BM-130427100', 1, 0], ['NO-SUCH', 0, 0]]);
    assert.equal(figures[0]!.byChannel.self_service, 1);
  });

  test('conversion into a message: one step, the reference stored; a second conversion is refused 409 with reasons', async () => {
    const id = await record('cixian.gkb', { topic: '路口红绿灯故障多日', answer: '已登记并转交', contact_name: '张先生', contact_phone: '13812345678' });
    const messages = await count('message');
    const r = await svc.convertEnquiry(deps(), { actor: actors['cixian.gkb']! }, id, 'message', { category: '道路交通', is_public: 'no' });
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.equal(await count('message'), messages + 1);
    const m = await get().db.selectFrom('message').selectAll().where('reference', '=', r.reference).executeTakeFirstOrThrow();
    assert.equal(m.category_code, 'roads');
    assert.match(m.content, /路口红绿灯故障多日/);
    assert.match(m.content, /已登记并转交/);
    assert.equal(m.contact_phone, '13812345678');
    const row = await get().db.selectFrom('enquiry').selectAll().where('public_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.converted_kind, row.converted_ref], ['message', r.reference]);
    await assert.rejects(svc.convertEnquiry(deps(), { actor: actors['cixian.gkb']! }, id, 'application', { applicant_type: 'natural_person', applicant_id_number: '11010519491231002X', delivery: 'pickup' }),
      (e: { status?: number; code?: string; reasons?: string[] }) => e.status === 409 && e.code === 'enquiry_already_converted' && !!e.reasons?.[0]?.includes(r.reference));
    assert.equal(await count('message'), messages + 1);
  });

  test('conversion into an application: in_person at the zone; a refused one leaves the enquiry unconverted and nothing created', async () => {
    const id = await record('cixian.gkb', { topic: '申请公开本镇2025年道路建设合同', contact_name: '赵六', contact_phone: '13812340000' });
    const cases = await count('application_case');
    const bad = await svc.convertEnquiry(deps(), { actor: actors['cixian.gkb']! }, id, 'application', { applicant_type: 'natural_person', applicant_id_number: '110105194912310021', delivery: 'pickup' });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.code, 'enquiry_application_invalid');
    assert.equal(await count('application_case'), cases);
    assert.equal((await get().db.selectFrom('enquiry').select('converted_kind').where('public_id', '=', id).executeTakeFirstOrThrow()).converted_kind, null);
    // an editor may record but not convert
    await assert.rejects(svc.convertEnquiry(deps(), { actor: actors['cixian.editor']! }, id, 'message', { category: 'roads' }), (e: { status?: number }) => e.status === 403);
    const ok = await svc.convertEnquiry(deps(), { actor: actors['cixian.gkb']! }, id, 'application', { applicant_type: '自然人', applicant_id_number: '11010519491231002X', delivery: '自取' });
    assert.ok(ok.ok, JSON.stringify(ok));
    if (!ok.ok) return;
    const c = await get().db.selectFrom('application_case').selectAll().where('reference', '=', ok.reference).executeTakeFirstOrThrow();
    assert.equal(c.channel, 'in_person');
    assert.equal(c.venue_public_id, 'CX-GKZQ');
    // the zone is part of the registration itself (its audit entry names it), not a later update
    const reg = await get().db.selectFrom('audit_log').select('after_json').where('action', '=', 'application_registered').where('entity_id', '=', ok.reference).executeTakeFirstOrThrow();
    assert.equal(JSON.parse(reg.after_json!).venue, 'CX-GKZQ');
    assert.equal(c.applicant_name, '赵六');
    assert.equal(await count('application_case'), cases + 1);
    // no contact: refused before anything is written
    const bare = await record('cixian.gkb', { topic: '没有联系方式' });
    await assert.rejects(svc.convertEnquiry(deps(), { actor: actors['cixian.gkb']! }, bare, 'message', { category: 'roads' }), (e: { status?: number; code?: string }) => e.status === 409 && e.code === 'enquiry_contact_missing');
  });
  test('two conversions of one enquiry at once (two requests in parallel): exactly one succeeds, the other is 409, one message or case created', async () => {
    for (const [kind, table, extra] of [
      ['message', 'message', { category: 'roads', is_public: 'no' }],
      ['application', 'application_case', { applicant_type: 'natural_person', applicant_id_number: '11010519491231002X', delivery: 'pickup' }],
    ] as const) {
      const id = await record('cixian.gkb', { topic: `同时转办${kind}`, contact_name: '钱七', contact_phone: '13812349999' });
      const before = await count(table);
      const outcomes = await Promise.allSettled([0, 1].map(() => svc.convertEnquiry(deps(), { actor: actors['cixian.gkb']! }, id, kind, extra)));
      const won = outcomes.filter((o) => o.status === 'fulfilled' && o.value.ok);
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.equal(won.length, 1, JSON.stringify(outcomes));
      assert.equal(lost.length, 1, JSON.stringify(outcomes));
      assert.equal((lost[0]!.reason as { status?: number }).status, 409);
      assert.equal((lost[0]!.reason as { code?: string }).code, 'enquiry_already_converted');
      assert.equal(await count(table), before + 1);
    }
  });
}, withDemo);
