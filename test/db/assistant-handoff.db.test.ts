// 转人工 on SQLite and PostgreSQL with fixed clocks: availability on the real 2026 calendar (a
// working day's hours and lunch break, a Saturday, a 调休 Saturday, 国庆), a live request → waiting
// (asked twice: the same reference), one take only, the staff reply in the person's turns, the wait
// passing → exactly one enquiry however often the job runs, leaving an enquiry or a message after
// hours (a message without a phone refused, nothing stored), scope, and tracking (a wrong code
// answers like an unknown reference).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import type { Clock } from '../../src/platform/clock/clock.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { findUserByUsername, identityService, type Actor } from '../../src/modules/identity/index.ts';
import { VenueFinder } from '../../src/modules/service-map/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { AssistantDeps } from '../../src/modules/assistant/index.ts';
import { appendTurns, createConversation, listTurns, type Conversation } from '../../src/modules/assistant/conversations.repository.ts';
import * as h from '../../src/modules/assistant/handoff.service.ts';
import { availability, transcriptOf } from '../../src/modules/assistant/handoff-rules.ts';

/** A clock the test moves. */
function movable(at: string): Clock & { set: (iso: string) => void; add: (minutes: number) => void } {
  let now = new Date(at);
  return { now: () => new Date(now), today: () => localDateOf(now), set: (iso) => { now = new Date(iso); }, add: (m) => { now = new Date(now.getTime() + m * 60_000); } };
}

/** Beijing time as an instant. */
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();

forEachDialect('assistant hand-off (转人工)', (get) => {
  const clock = movable(bj('2026-03-02T10:00:00'));
  let deps: AssistantDeps;
  const actors: Record<string, Actor> = {};
  const count = async (table: 'enquiry' | 'message') => Number((await get().db.selectFrom(table).select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const orgOf = async (code: string) => get().db.selectFrom('organisation').select(['code', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
  /** A conversation of `org` with one question and its answer. */
  const conversation = async (org: string, question = '灵活就业社保断缴了能补缴吗'): Promise<Conversation> => {
    const o = await orgOf(org);
    const c = await createConversation(get().db, clock.now(), { channel: 'web', regionCode: org, venuePublicId: null, orgCode: o.code, orgPath: o.path });
    const r = await inTransaction(get().db, (trx) => appendTurns(trx, c, clock.now(), [{ role: 'user', text: `${question}，我电话13812345678` }, { role: 'assistant', text: '没有找到对应的办事指南。', outcome: 'no_match' }]));
    assert.ok(r.ok);
    return { ...c, turnCount: 2 };
  };

  before(async () => {
    const db = get().db;
    deps = { db, clock, search: null as never, finder: new VenueFinder(db, clock), config: loadConfig({ DATA_DIR: 'data-test-unused' }).assistant };
    for (const u of ['cixian.gkb', 'cixian.window', 'cizhou.handler', 'longhua.admin']) actors[u] = (await identityService.actorFor(db, (await findUserByUsername(db, u))!.id, 'token'))!;
    // a township of 磁县 with the default hours (no venue), so the table below reads the calendar alone
    await db.insertInto('as_setting').values({ org_code: '130427103', org_path: (await orgOf('130427103')).path, handoff_enabled: 1, handoff_venue_public_id: null, wait_minutes: 5, fallback: 'enquiry', updated_by: 'test', updated_at: clock.now().toISOString() }).execute();
  });

  test('availability on the 2026 calendar: hours, lunch break, Saturday, 调休 Saturday, 国庆; the venue\'s own hours; no setting', async () => {
    const status = async (org: string, at: string) => {
      clock.set(bj(at));
      const o = await orgOf(org);
      return h.handoffStatus(deps, { orgCode: o.code, orgPath: o.path, state: 'bot', venuePublicId: null });
    };
    const table: [string, string, string][] = [
      ['130427103', '2026-03-02T10:00:00', 'open'], // Monday
      ['130427103', '2026-03-02T12:30:00', 'outside_hours'], // lunch break
      ['130427103', '2026-03-02T17:45:00', 'outside_hours'],
      ['130427103', '2026-03-07T10:00:00', 'non_working_day'], // Saturday
      ['130427103', '2026-02-28T10:00:00', 'open'], // 调休 Saturday (春节)
      ['130427103', '2026-10-05T10:00:00', 'non_working_day'], // Monday in 国庆
      ['130427103', '2026-10-10T10:00:00', 'open'], // 调休 Saturday (国庆)
      // a village of the township: its nearest ancestor's setting
      ['130427103201', '2026-03-02T10:00:00', 'open'],
      // 磁县 follows CX-ZWFW: 08:30-12:00, 14:30-17:30 on weekdays, Saturday mornings
      ['130427', '2026-03-02T14:00:00', 'outside_hours'],
      ['130427', '2026-03-07T10:00:00', 'open'],
      // 海珠区 has no setting
      ['440105', '2026-03-02T10:00:00', 'disabled'],
    ];
    const got: string[] = [];
    for (const [org, at, want] of table) {
      const s = await status(org, at);
      got.push(`${org} ${at} ${s.reason}${s.reason === want ? '' : ` (expected ${want})`}`);
      assert.equal(s.available, want === 'open');
    }
    assert.deepEqual(got.filter((g) => g.includes('expected')), []);
    assert.equal(got.length, table.length);
    assert.deepEqual(await h.handoffStatus(deps, { orgCode: null, state: 'bot', venuePublicId: null }), { available: false, reason: 'no_organisation' });
    assert.equal(availability({ state: 'waiting', hasOrganisation: true, setting: { enabled: true }, open: { openNow: true, todayPeriods: [] } }).reason, 'in_progress');
  });

  test('live: waiting with a reference and a system turn; asked again → the same reference; one take only; the reply in the person\'s turns', async () => {
    clock.set(bj('2026-03-02T10:00:00'));
    const c = await conversation('130427');
    const r = await h.requestHandoff(deps, c.publicId, { mode: 'live' });
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.equal(r.state, 'waiting');
    assert.match(r.reference, /^ZXR-20260302-[0-9A-Z]{5}$/);
    assert.equal(r.deadlineAt, bj('2026-03-02T10:05:00'));
    const again = await h.requestHandoff(deps, c.publicId, { mode: 'live' });
    assert.deepEqual(again.ok ? null : [again.status, again.code, again.reference], [409, 'handoff_exists', r.reference]);
    const turns = await listTurns(get().db, c.id);
    assert.equal(turns.at(-1)!.role, 'system');
    assert.match(turns.at(-1)!.text, /已为您转接人工客服/);
    assert.equal(turns.filter((t) => t.role === 'system').length, 1);

    const queue = await h.listQueue(deps, actors['cixian.gkb']!);
    assert.ok(queue.some((q) => q.reference === r.reference && q.state === 'waiting'));
    assert.ok(!queue.find((q) => q.reference === r.reference)!.firstQuestion.includes('13812345678'), 'masked');
    await h.takeHandoff(deps, { actor: actors['cixian.window']! }, r.reference);
    await assert.rejects(h.takeHandoff(deps, { actor: actors['cixian.gkb']! }, r.reference), (e: { status?: number; code?: string }) => e.status === 409 && e.code === 'handoff_taken');
    // only the taker replies
    await assert.rejects(h.replyHandoff(deps, { actor: actors['cixian.gkb']! }, r.reference, '你好'), (e: { status?: number }) => e.status === 409);
    const reply = await h.replyHandoff(deps, { actor: actors['cixian.window']! }, r.reference, '可以补缴，请带身份证到社保窗口。');
    assert.ok(reply.ok);
    const seen = await listTurns(get().db, c.id, 2);
    assert.deepEqual(seen.map((t) => t.role), ['system', 'system', 'staff']);
    assert.equal(seen.at(-1)!.text, '可以补缴，请带身份证到社保窗口。');
    const audit = await get().db.selectFrom('audit_log').select('action').where('entity_id', '=', r.reference).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['assistant.handoff.reply', 'assistant.handoff.take']);
    const track = await h.trackHandoff(deps, r.reference, r.trackingCode);
    assert.equal(track?.state, 'staff');
    assert.match(track!.answers[0]!.text, /可以补缴/);
    // the job leaves a taken conversation alone, even after its deadline (the demo's untaken one, due
    // 5 minutes after the demo was loaded like a real one, becomes a 咨询登记)
    clock.add(30);
    await h.convertOverdue(deps);
    assert.equal((await get().db.selectFrom('as_conversation').select('state').where('id', '=', c.id).executeTakeFirstOrThrow()).state, 'staff');
    const demo = await get().db.selectFrom('as_conversation').select(['state', 'converted_kind', 'handoff_deadline_at']).where('reference', 'is not', null).where('id', '!=', c.id).where('org_code', '=', '130427').execute();
    assert.ok(demo.length >= 1 && demo.every((d) => d.state === 'converted' && d.converted_kind === 'enquiry' && Date.parse(d.handoff_deadline_at!) < Date.parse('2030-01-01')), JSON.stringify(demo));
    assert.equal(await h.convertOverdue(deps), 0);
    await h.closeHandoff(deps, { actor: actors['cixian.window']! }, r.reference);
    assert.equal((await h.trackHandoff(deps, r.reference, r.trackingCode))?.state, 'closed');
  });

  test('taken, then silent for 12 hours: converted like an untaken one and the contact erased; not before', async () => {
    clock.set(bj('2026-03-02T10:00:00'));
    const c = await conversation('130427', '社保断缴了怎么补');
    const r = await h.requestHandoff(deps, c.publicId, { mode: 'live', contact: { name: '王女士', phone: '13912345678' } });
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    await h.takeHandoff(deps, { actor: actors['cixian.window']! }, r.reference);
    const contactOf = async () => (await get().db.selectFrom('as_conversation').select(['state', 'handoff_contact_json', 'converted_ref']).where('id', '=', c.id).executeTakeFirstOrThrow());
    assert.ok((await contactOf()).handoff_contact_json, 'kept while with staff');
    clock.add(11 * 60);
    await h.convertOverdue(deps);
    assert.equal((await contactOf()).state, 'staff', 'not yet');
    clock.add(61);
    await h.convertOverdue(deps);
    const after = await contactOf();
    assert.equal(after.state, 'converted');
    assert.equal(after.handoff_contact_json, null);
    assert.ok(after.converted_ref);
  });

  test('untaken for 5 minutes: the job makes one enquiry however often it runs; the person sees its reference; the answer once staff write it', async () => {
    clock.set(bj('2026-03-02T10:00:00'));
    const c = await conversation('130427', '残疾人两项补贴怎么申请');
    const r = await h.requestHandoff(deps, c.publicId, { mode: 'live' });
    assert.ok(r.ok);
    if (!r.ok) return;
    const before = await count('enquiry');
    clock.add(4);
    assert.equal(await h.convertOverdue(deps), 0, 'not yet');
    clock.add(1);
    const [a, b] = await Promise.all([h.convertOverdue(deps), h.convertOverdue(deps)]);
    assert.equal(a + b, 1);
    assert.equal(await h.convertOverdue(deps), 0);
    assert.equal(await count('enquiry'), before + 1);
    const row = await get().db.selectFrom('as_conversation').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'converted');
    assert.equal(row.converted_kind, 'enquiry');
    const enquiry = await get().db.selectFrom('enquiry').selectAll().where('public_id', '=', row.converted_ref!).executeTakeFirstOrThrow();
    assert.equal(enquiry.source, 'assistant');
    assert.equal(Number(enquiry.follow_up), 1, 'nobody answered: the enquiry waits for an answer (待跟进)');
    assert.equal(enquiry.org_code, '130427');
    assert.equal(enquiry.venue_public_id, 'CX-ZWFW');
    assert.match(enquiry.topic, /残疾人两项补贴怎么申请/);
    assert.ok(!enquiry.answer.includes('13812345678') && !enquiry.topic.includes('13812345678'), 'masked');
    const turns = await listTurns(get().db, c.id);
    assert.equal(turns.filter((t) => t.text.includes(row.converted_ref!)).length, 1);
    // the code from the request still works; the answer appears once staff write it
    let track = await h.trackHandoff(deps, r.reference, r.trackingCode);
    assert.deepEqual([track?.convertedKind, track?.convertedRef, track?.answers.length], ['enquiry', row.converted_ref, 0]);
    await get().db.updateTable('enquiry').set({ answer: '请携带残疾人证到县残联办理。' }).where('public_id', '=', row.converted_ref!).execute();
    track = await h.trackHandoff(deps, r.reference, r.trackingCode);
    assert.deepEqual(track?.answers.map((x) => x.text), ['请携带残疾人证到县残联办理。']);
    // a take after the conversion is refused
    await assert.rejects(h.takeHandoff(deps, { actor: actors['cixian.window']! }, r.reference), (e: { status?: number }) => e.status === 409);
  });

  test('after hours: live refused with the reason; leave → an enquiry or a message with a reference; a message without a phone refused, nothing stored', async () => {
    clock.set(bj('2026-03-02T19:00:00'));
    const c = await conversation('130427');
    const live = await h.requestHandoff(deps, c.publicId, { mode: 'live' });
    assert.deepEqual(live.ok ? null : [live.status, live.code, live.reasons], [409, 'handoff_unavailable', ['outside_hours']]);
    const messages = await count('message');
    const bad = await h.requestHandoff(deps, c.publicId, { mode: 'leave', kind: 'message', contact: { name: '王女士', phone: '12' } });
    assert.ok(!bad.ok && bad.status === 400 && bad.fields?.contact_phone && !bad.fields.contact_name, JSON.stringify(bad));
    assert.equal(await count('message'), messages);
    const ok = await h.requestHandoff(deps, c.publicId, { mode: 'leave', kind: 'message', contact: { name: '王女士', phone: '13912345678' } });
    assert.ok(ok.ok && ok.state === 'converted' && ok.convertedKind === 'message', JSON.stringify(ok));
    if (!ok.ok) return;
    assert.equal(await count('message'), messages + 1);
    const m = await get().db.selectFrom('message').selectAll().where('reference', '=', ok.convertedRef!).executeTakeFirstOrThrow();
    assert.equal(m.org_code, '130427');
    assert.equal(m.source, 'web');
    assert.match(m.content, /灵活就业社保断缴/);
    const twice = await h.requestHandoff(deps, c.publicId, { mode: 'leave', kind: 'message', contact: { name: '王女士', phone: '13912345678' } });
    assert.deepEqual(twice.ok ? null : [twice.code, twice.reference], ['handoff_exists', ok.reference]);
    assert.equal(await count('message'), messages + 1);
    // the contact is not kept on the conversation
    const row = await get().db.selectFrom('as_conversation').select('handoff_contact_json').where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(row.handoff_contact_json, null);

    const e = await conversation('130427');
    const enquiries = await count('enquiry');
    const left = await h.requestHandoff(deps, e.publicId, { mode: 'leave', kind: 'enquiry' });
    assert.ok(left.ok && left.convertedKind === 'enquiry' && /^ZX[0-9A-Z]{12}$/.test(left.convertedRef ?? ''), JSON.stringify(left));
    assert.equal(await count('enquiry'), enquiries + 1);
  });

  test('personal data quoted by the assistant\'s answer is masked in the staff window and the enquiry made from the conversation', async () => {
    clock.set(bj('2026-03-02T10:00:00'));
    const o = await orgOf('130427');
    const c = await createConversation(get().db, clock.now(), { channel: 'web', regionCode: '130427', venuePublicId: null, orgCode: o.code, orgPath: o.path });
    const said = '身份证130427199001011234丢了，电话13812345678，怎么补办';
    // the no-match answer quotes the question as typed (answer.strings.ts none())
    await inTransaction(get().db, (trx) => appendTurns(trx, c, clock.now(), [{ role: 'user', text: said }, { role: 'assistant', text: `抱歉，没有找到和“${said}”相关的办事指南。`, outcome: 'no_match' }]));
    const r = await h.requestHandoff(deps, c.publicId, { mode: 'live' });
    assert.ok(r.ok);
    if (!r.ok) return;
    const window = await h.loadForStaff(deps, actors['cixian.gkb']!, r.reference);
    const shown = window.turns.map((t) => t.text).join('\n');
    assert.match(shown, /130427\*{8}1234/);
    assert.ok(!shown.includes('130427199001011234') && !shown.includes('13812345678'), shown);
    const made = await h.convertByHand(deps, { actor: actors['cixian.gkb']! }, r.reference);
    const e = await get().db.selectFrom('enquiry').select(['topic', 'answer']).where('public_id', '=', made.ref).executeTakeFirstOrThrow();
    assert.match(e.answer, /智能客服/);
    assert.ok(!`${e.topic}${e.answer}`.includes('130427199001011234') && !`${e.topic}${e.answer}`.includes('13812345678'), e.answer);
  });

  test('scope: another county\'s hand-off is not found; tracking: a wrong code answers like an unknown reference', async () => {
    clock.set(bj('2026-03-02T10:00:00'));
    const c = await conversation('440309');
    const r = await h.requestHandoff(deps, c.publicId, { mode: 'live' });
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    await assert.rejects(h.takeHandoff(deps, { actor: actors['cixian.gkb']! }, r.reference), (e: { status?: number }) => e.status === 404);
    await assert.rejects(h.loadForStaff(deps, actors['cixian.gkb']!, r.reference), (e: { status?: number }) => e.status === 404);
    assert.ok(!(await h.listQueue(deps, actors['cixian.gkb']!)).some((q) => q.reference === r.reference));
    assert.ok((await h.listQueue(deps, actors['longhua.admin']!)).some((q) => q.reference === r.reference));
    // a township's handler sees its township only
    assert.ok(!(await h.listQueue(deps, actors['cizhou.handler']!)).some((q) => q.orgCode === '130427'));
    assert.equal(await h.trackHandoff(deps, r.reference, 'WRONGCOD'), null);
    assert.equal(await h.trackHandoff(deps, 'ZXR-20260302-ZZZZZ', r.trackingCode), null);
    assert.equal((await h.trackHandoff(deps, r.reference.toLowerCase(), r.trackingCode))?.reference, r.reference);
  });

  test('settings: wait 1–60 and an own venue; another county\'s organisation is not found', async () => {
    const who = { actor: actors['cixian.gkb']! };
    const bad = await h.saveSetting(deps, who, { org: '130427', enabled: true, venue: 'LH-ZWFW', waitMinutes: null, fallback: 'enquiry' });
    assert.ok(!bad.ok && bad.fields.venue && bad.fields.wait_minutes);
    const ok = await h.saveSetting(deps, who, { org: '130427', enabled: true, venue: 'CX-ZWFW', waitMinutes: 10, fallback: 'message' });
    assert.ok(ok.ok && ok.setting.waitMinutes === 10 && ok.setting.fallback === 'message');
    await assert.rejects(h.saveSetting(deps, who, { org: '440309', enabled: false, venue: '', waitMinutes: 5, fallback: 'enquiry' }), (e: { status?: number }) => e.status === 404);
    const orgs = await h.settingsOrgs(get().db, actors['cixian.gkb']!);
    assert.ok(orgs.some((o) => o.code === '130427' && o.venues.some((v) => v.publicId === 'CX-ZWFW')));
    assert.ok(!orgs.some((o) => o.code.startsWith('440')));
    await h.saveSetting(deps, who, { org: '130427', enabled: true, venue: 'CX-ZWFW', waitMinutes: 5, fallback: 'enquiry' });
  });

  test('the transcript keeps its beginning and end within the limit', () => {
    const turns = Array.from({ length: 100 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', text: `第${i}句话` }));
    const t = transcriptOf(turns, 200);
    assert.ok([...t].length <= 200);
    assert.match(t, /^群众：第0句话/);
    assert.match(t, /第99句话$/);
  });
}, withDemo);
