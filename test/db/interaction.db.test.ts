// Interaction storage on SQLite and PostgreSQL: 12345 imports are all-or-nothing, the event log
// is append-only, statistics follow the definition, and the outbox retries with backoff and
// delivers e-mail over SMTP (a local smtp-server started here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { onTimeRates } from '../../src/modules/interaction/deadlines.ts';
import { consoleProvider, createWorkOrders, deliverDue, fileProvider, parseHotlineCsv, smtpProvider, type NotificationProvider } from '../../src/modules/interaction/index.ts';
import { backoffSeconds } from '../../src/modules/interaction/notifications.service.ts';
import * as repo from '../../src/modules/interaction/interaction.repository.ts';
import { act, FORM_REPLAY_MINUTES, replayForm, submitMessage } from '../../src/modules/interaction/interaction.service.ts';
import { trackingCodeMatches } from '../../src/platform/public-refs/public-refs.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

const CSV = `工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态
DB20260302001,8012,关于健康码问题,服务对象咨询健康码,2026-03-02 09:12:44,-,咨询,服务坐席结束工单
DB20260302002,8015,关于供暖问题,服务对象反映暖气不热,2026-03-02 10:00:00,2026-03-05 17:00:00,投诉,待签收`;

forEachDialect('interaction storage', (get) => {
  const clock = fixedClock('2026-03-02T02:00:00Z');

  test('12345 import: rows become work orders with the hotline fields; a repeated file imports nothing', async () => {
    const { rows, errors } = parseHotlineCsv(CSV);
    assert.deepEqual(errors, []);
    const r = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', rows);
    assert.equal(r.ok, true);
    const stored = await get().db.selectFrom('message').selectAll().where('work_order_no', 'in', ['DB20260302001', 'DB20260302002']).orderBy('work_order_no').execute();
    assert.deepEqual(stored.map((m) => [m.stage, m.order_type, m.external_status, m.due_on]), [['closed', '咨询', '服务坐席结束工单', '2026-03-09'], ['accepted', '投诉', '待签收', '2026-03-05']]);
    const second = parseHotlineCsv(`${CSV}\nDB20260302003,8015,关于路灯,路灯不亮,2026-03-02 11:00:00,-,求助,待签收`);
    const again = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', second.rows);
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.errors.join() : '', /DB20260302001 已导入过/);
    const third = await get().db.selectFrom('message').select('id').where('work_order_no', '=', 'DB20260302003').execute();
    assert.equal(third.length, 0);
  });

  test('12345 import: a call dated after today is refused and nothing of the file is stored', async () => {
    const { rows } = parseHotlineCsv(`工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态
DB20260302101,8012,关于路灯,路灯不亮,2026-03-02 08:00:00,-,求助,待签收
DB20260302102,8012,关于井盖,井盖丢失,2026-03-09 08:00:00,-,求助,待签收`);
    const r = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', rows);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.errors.join() : '', /DB20260302102 的来电时间 2026-03-09 08:00:00 晚于今天 2026-03-02/);
    const stored = await get().db.selectFrom('message').select('id').where('work_order_no', 'in', ['DB20260302101', 'DB20260302102']).execute();
    assert.equal(stored.length, 0);
  });

  test('the event log is append-only: a second append at the same position is refused', async () => {
    const r = await submitMessage({ db: get().db, clock }, { org: '130427', category: 'roads', title: '测试留言', content: '测试留言内容五个字以上', address: '', lat: null, lng: null, contactName: '甲', contactPhone: '13900000000', contactEmail: 'a@example.com', isPublic: true, source: 'api' });
    assert.ok(r.ok);
    const m = (await repo.findMessage(get().db, r.ok ? r.reference : ''))!;
    await assert.rejects(repo.appendEvents(get().db, m.id, 0, [{ type: 'signed', on: '2026-03-02' }], clock.now(), { id: null, label: 'x' }));
    const events = await repo.loadEvents(get().db, m.id);
    assert.deepEqual(events.map((e) => e.event.type), ['submitted']);
  });

  test('outbox: accept queues SMS and e-mail; a failing provider is retried with backoff, then marked failed', async () => {
    const r = await submitMessage({ db: get().db, clock }, { org: '130427', category: 'roads', title: '通知测试', content: '通知测试内容五个字以上', address: '', lat: null, lng: null, contactName: '乙', contactPhone: '13900000001', contactEmail: 'b@example.com', isPublic: true, source: 'api' });
    const u = await findUserByUsername(get().db, 'cixian.minhu');
    const actor = (await identityService.actorFor(get().db, u!.id, 'token'))!;
    await act({ db: get().db, clock }, { actor }, r.ok ? r.reference : '', { type: 'accept', on: '2026-03-02' });
    const queued = await get().db.selectFrom('notification_outbox').selectAll().where('body', 'like', `%${r.ok ? r.reference : ''}%`).orderBy('channel').execute();
    assert.deepEqual(queued.map((q) => [q.channel, q.recipient, q.status]), [['email', 'b@example.com', 'pending'], ['sms', '13900000001', 'pending']]);
    await get().db.updateTable('notification_outbox').set({ status: 'sent' }).where('id', 'not in', queued.map((q) => q.id)).execute();
    const failing: NotificationProvider = { name: 'down', channels: ['sms', 'email'], send: async () => { throw new Error('gateway down'); } };
    const first = await deliverDue(get().db, clock, [failing], { maxAttempts: 2 });
    assert.deepEqual(first, { sent: 0, retried: 2, failed: 0 });
    const row = await get().db.selectFrom('notification_outbox').selectAll().where('id', '=', queued[0]!.id).executeTakeFirstOrThrow();
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'gateway down');
    assert.equal(row.next_attempt_at, new Date(clock.now().getTime() + 60_000).toISOString());
    assert.deepEqual(await deliverDue(get().db, clock, [failing], { maxAttempts: 2 }), { sent: 0, retried: 0, failed: 0 }); // not due yet
    const later = fixedClock(new Date(clock.now().getTime() + 61_000));
    assert.deepEqual(await deliverDue(get().db, later, [failing], { maxAttempts: 2 }), { sent: 0, retried: 0, failed: 2 });
    assert.deepEqual([1, 2, 3, 10].map(backoffSeconds), [60, 120, 240, 3600]);
  });

  test('e-mail goes out over SMTP (a local smtp-server)', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, cb) { let data = ''; stream.on('data', (c: Buffer) => { data += c.toString(); }); stream.on('end', () => { received.push(data); cb(); }); },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    try {
      await get().db.updateTable('notification_outbox').set({ status: 'sent' }).where('status', '=', 'pending').execute();
      const r = await submitMessage({ db: get().db, clock }, { org: '130427', category: 'roads', title: '邮件测试', content: '邮件测试内容五个字以上', address: '', lat: null, lng: null, contactName: '丙', contactPhone: '13900000002', contactEmail: 'c@example.com', isPublic: true, source: 'api' });
      const u = await findUserByUsername(get().db, 'cixian.minhu');
      const actor = (await identityService.actorFor(get().db, u!.id, 'token'))!;
      await act({ db: get().db, clock }, { actor }, r.ok ? r.reference : '', { type: 'accept', on: '2026-03-02' });
      const sms: string[] = [];
      const out = await deliverDue(get().db, clock, [smtpProvider({ host: '127.0.0.1', port, from: 'noreply@gongkai.test', ignoreTLS: true }), { name: 'sms', channels: ['sms'], send: async (n) => { sms.push(n.body); } }]);
      assert.deepEqual(out, { sent: 2, retried: 0, failed: 0 });
      assert.equal(received.length, 1);
      assert.match(received[0]!, /To: c@example\.com/);
      assert.equal(sms.length, 1);
      assert.match(sms[0]!, /已受理/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('statistics: 交办 and 反馈 counts and the due records of a month', async () => {
    const counts = await repo.countsByOrg(get().db, '2025-11-01', '2026-01-31', null);
    const cizhou = counts.find((c) => c.org === '130427100')!; // 磁州镇 handles most demo messages
    assert.ok(cizhou.received >= 5);
    assert.ok(cizhou.assigned === cizhou.received && cizhou.replied > 0 && cizhou.replied <= cizhou.assigned);
    const total = counts.reduce((n, c) => n + c.received, 0);
    assert.ok(total >= 25);
    const due = await repo.dueRecords(get().db, '2025-12-01', '2025-12-31');
    assert.ok(due.length > 0);
    assert.ok(due.every((d) => (d.dueOn! >= '2025-12-01' && d.dueOn! <= '2025-12-31') || (d.originalDueOn! >= '2025-12-01' && d.originalDueOn! <= '2025-12-31')));
  });
  test('a form replayed within 30 minutes gets a new tracking code; later, or from the API, it does not', async () => {
    const input = { org: '130427', category: 'roads', title: '重复提交', content: '重复提交内容五个字以上', address: '', lat: null, lng: null, contactName: '丁', contactPhone: '13900000003', contactEmail: '', isPublic: true };
    const web = await submitMessage({ db: get().db, clock }, { ...input, source: 'web', idempotencyKey: 'form-key-1' });
    const api = await submitMessage({ db: get().db, clock }, { ...input, source: 'api', idempotencyKey: 'api-key-1' });
    assert.ok(web.ok && api.ok);
    const soon = fixedClock(new Date(clock.now().getTime() + FORM_REPLAY_MINUTES * 60_000));
    const late = fixedClock(new Date(clock.now().getTime() + (FORM_REPLAY_MINUTES + 1) * 60_000));
    const replay = await replayForm({ db: get().db, clock: soon }, 'form-key-1');
    assert.ok(replay?.ok && replay.trackingCode && replay.reference === (web.ok && web.reference));
    const row = await repo.findMessage(get().db, replay.reference);
    assert.equal(trackingCodeMatches(replay.trackingCode, row!.tracking_hash), true);
    assert.equal(trackingCodeMatches(web.ok ? web.trackingCode! : '', row!.tracking_hash), false);
    const tooLate = await replayForm({ db: get().db, clock: late }, 'form-key-1');
    assert.equal(tooLate?.ok && tooLate.trackingCode, null);
    const fromApi = await replayForm({ db: get().db, clock: soon }, 'api-key-1');
    assert.equal(fromApi?.ok && fromApi.trackingCode, null);
    assert.equal(await replayForm({ db: get().db, clock: soon }, 'unknown-key'), null);
  });
  test('按时办结率 of imported 12345 orders: a late 办结时间 counts late; closed without 办结时间 is left out', async () => {
    const csv = `工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态,办结时间
OT20260302001,8012,按期办结,内容,2026-03-02 09:00:00,2026-03-04 17:00:00,投诉,已办结,2026-03-04 16:00:00
OT20260302002,8012,逾期办结,内容,2026-03-02 09:00:00,2026-03-04 17:00:00,投诉,已办结,2026-03-06 09:00:00
OT20260302003,8012,无办结时间,内容,2026-03-02 09:00:00,2026-03-04 17:00:00,投诉,已办结,`;
    const { rows, errors } = parseHotlineCsv(csv);
    assert.deepEqual(errors, []);
    const at = fixedClock('2026-03-10T02:00:00Z');
    const r = await createWorkOrders({ db: get().db, clock: at }, { actorId: null, label: 'test' }, '130427-rsj', rows);
    assert.equal(r.ok, true);
    const stored = await get().db.selectFrom('message').select(['work_order_no', 'closed_on', 'closed_on_estimated']).where('work_order_no', 'like', 'OT20260302%').orderBy('work_order_no').execute();
    assert.deepEqual(stored.map((m) => [m.closed_on, Number(m.closed_on_estimated)]), [['2026-03-04', 0], ['2026-03-06', 0], ['2026-03-04', 1]]);
    const due = (await repo.dueRecords(get().db, '2026-03-01', '2026-03-31')).filter((d) => d.org === '130427-rsj');
    const rate = onTimeRates(due.map((d) => ({ ...d, org: d.org })), '2026-03-01', '2026-03-31').find((x) => x.org === '130427-rsj');
    assert.deepEqual(rate && { due: rate.due, onTime: rate.onTime }, { due: 2, onTime: 1 });
  });
}, withDemo);

test('the file provider appends one JSON line per notification; the console provider masks the phone', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-notify-'));
  try {
    const file = path.join(dir, 'out.jsonl');
    const p = fileProvider(file);
    await p.send({ id: 1, channel: 'sms', recipient: '13900000000', subject: 's', body: '已受理' });
    await p.send({ id: 2, channel: 'email', recipient: 'a@example.com', subject: 's', body: '已办结' });
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.id, l.channel, l.body]), [[1, 'sms', '已受理'], [2, 'email', '已办结']]);
    const logged: string[] = [];
    await consoleProvider((l) => logged.push(l)).send({ id: 3, channel: 'sms', recipient: '13912345678', subject: 's', body: '已回应' });
    assert.match(logged[0]!, /139\*\*\*\*5678/);
    assert.doesNotMatch(logged[0]!, /13912345678/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
