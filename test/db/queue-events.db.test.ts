// The live queue on SQLite and PostgreSQL (issue 22 §2): the calling system's events as a state
// machine per ticket and day — in order, all or nothing; duplicates and out-of-order events refused
// with reasons; a venue's counts never negative; qu_hourly summed in the same transaction (the
// waiting-time prediction's only input); the venue's live figures and the remote 取号 rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { HttpError } from '../../src/platform/web/http-error.ts';
import { recordEvents, cancelTicket, ticketView, venueQueue, type RawEvent } from '../../src/modules/queue/queue.service.ts';
import { upsertGroup } from '../../src/modules/queue/queue.repository.ts';
import { createVenueToken, revokeVenueToken, venueOfToken } from '../../src/modules/queue/tokens.service.ts';
import type { Db } from '../../src/schema.ts';

const clock = fixedClock('2026-03-02T03:00:00Z'); // Mon 11:00 Beijing

async function refusal(p: Promise<unknown>): Promise<HttpError> {
  try { await p; } catch (e) { if (e instanceof HttpError) return e; throw e; }
  assert.fail('expected a refusal');
}

const hourly = async (db: Db, venueId: number) => (await db.selectFrom('qu_hourly').selectAll().where('venue_id', '=', venueId).orderBy('hour').execute())
  .map((r) => [Number(r.hour), Number(r.issued), Number(r.called), Number(r.wait_sum_min), Number(r.max_waiting)]);

forEachDialect('queue events', (get) => {
  test('events in order: tickets, events, qu_hourly and the venue figures move together', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    await upsertGroup(db, v.venueId, { code: 'A', name: '综合', itemIds: [], remote: true });
    const ev = (kind: string, number: string, at: string): RawEvent => ({ kind, number, group: 'A', at });
    await recordEvents({ db, clock }, v.venueId, [
      ev('issued', 'A001', '2026-03-02T01:05:00Z'), ev('取号', 'A002', '2026-03-02T01:10:00Z'), ev('issued', 'A003', '2026-03-02T01:20:00Z'),
      ev('叫号', 'A001', '2026-03-02T01:25:00Z'), ev('called', 'A002', '2026-03-02T02:10:00Z'), ev('办结', 'A001', '2026-03-02T02:12:00Z'), ev('过号', 'A003', '2026-03-02T02:30:00Z'),
    ]);
    // 09:xx: 3 issued, 1 called (20 min), at most 3 waiting; 10:xx: 1 called (60 min)
    assert.deepEqual(await hourly(db, v.venueId), [[9, 3, 1, 20, 3], [10, 0, 1, 60, 1]]);
    const events = await db.selectFrom('qu_event').select(['kind', 'wait_min']).where('venue_id', '=', v.venueId).orderBy('id').execute();
    assert.deepEqual(events.map((e) => [e.kind, e.wait_min === null ? null : Number(e.wait_min)]), [['issued', null], ['issued', null], ['issued', null], ['called', 20], ['called', 60], ['finished', null], ['no_show', 70]]);
    const venue = await db.selectFrom('sm_venue').select(['queue_waiting', 'queue_wait_minutes', 'queue_updated_at']).where('id', '=', v.venueId).executeTakeFirstOrThrow();
    assert.equal(Number(venue.queue_waiting), 0);
    assert.equal(Number(venue.queue_wait_minutes), 40); // mean of the two calls' waits
    assert.equal(venue.queue_updated_at, clock.now().toISOString());
    const q = await venueQueue(db, v.venueId, '2026-03-02');
    assert.deepEqual(q.groups.map((g) => [g.code, g.waiting, g.calling]), [['A', 0, 'A002']]);
  });

  test('refusals: duplicate number, out of order (with reasons), older than the ticket, another day, future — all or nothing', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    await upsertGroup(db, v.venueId, { code: 'B', name: '社保', itemIds: [], remote: false });
    const ev = (kind: string, number: string, at?: string): RawEvent => ({ kind, number, group: 'B', ...(at ? { at } : {}) });
    await recordEvents({ db, clock }, v.venueId, [ev('issued', 'B001', '2026-03-02T02:00:00Z')]);
    const dup = await refusal(recordEvents({ db, clock }, v.venueId, [ev('issued', 'B002'), ev('issued', 'B001')]));
    assert.equal(dup.status, 409);
    assert.equal(dup.code, 'duplicate_number');
    assert.match(dup.reasons?.[0] ?? '', /第 2 个事件：号码 B001/);
    // B002 of the refused batch was not kept
    assert.equal((await db.selectFrom('qu_ticket').select('id').where('venue_id', '=', v.venueId).execute()).length, 1);
    for (const [events, reason] of [
      [[ev('finished', 'B001')], /当前等候中，不能办结/],
      [[ev('called', 'B009')], /没有取号记录/],
      [[ev('called', 'B001', '2026-03-02T01:59:00Z')], /早于号码 B001 的上一个事件/],
      [[ev('called', 'B001'), ev('called', 'B001')], /第 2 个事件：号码 B001 当前已叫号，不能叫号/],
      [[ev('no_show', 'B001'), ev('finished', 'B001')], /当前已过号/],
    ] as [RawEvent[], RegExp][]) {
      const e = await refusal(recordEvents({ db, clock }, v.venueId, events));
      assert.equal(e.status, 409);
      assert.equal(e.code, 'out_of_order');
      assert.match(e.reasons?.join(' ') ?? '', reason);
    }
    assert.equal((await refusal(recordEvents({ db, clock }, v.venueId, [ev('called', 'B001', '2026-03-02T03:03:00Z')]))).code, 'at_in_future');
    assert.equal((await refusal(recordEvents({ db, clock }, v.venueId, [ev('called', 'B001', '2026-03-01T15:59:00Z')]))).code, 'at_before_today');
    assert.equal((await refusal(recordEvents({ db, clock }, v.venueId, [{ kind: 'opened', number: 'B1', group: 'B' }]))).code, 'invalid_kind');
    assert.equal((await refusal(recordEvents({ db, clock }, v.venueId, [{ kind: 'issued', number: 'B 1', group: 'B' }]))).code, 'invalid_number');
    assert.equal((await refusal(recordEvents({ db, clock }, v.venueId, [{ kind: 'issued', number: 'Z1', group: 'Z' }]))).code, 'unknown_group');
    // nothing of the refused batches reached the counts: one issued, still waiting, never negative
    assert.deepEqual(await hourly(db, v.venueId), [[10, 1, 0, 0, 1]]);
    const t = await db.selectFrom('qu_ticket').select(['status']).where('venue_id', '=', v.venueId).execute();
    assert.deepEqual(t.map((x) => x.status), ['waiting']);
    const figures = await db.selectFrom('sm_venue').select('queue_waiting').where('id', '=', v.venueId).executeTakeFirstOrThrow();
    assert.equal(Number(figures.queue_waiting), 1);
  });

  test('venue tokens: only the hash kept; another venue\'s token names its venue; revoked is unknown', async () => {
    const { db } = get();
    const a = await insertVenue(db);
    const b = await insertVenue(db);
    const ta = await createVenueToken(db, a.venueId, '叫号机', clock.now());
    assert.match(ta.token, /^qv_/);
    const stored = await db.selectFrom('qu_venue_token').select('token_hash').where('public_id', '=', ta.publicId).executeTakeFirstOrThrow();
    assert.match(ta.publicId, /^QT[A-Za-z0-9]{12}$/);
    assert.notEqual(stored.token_hash, ta.token);
    assert.equal(await venueOfToken(db, ta.token, clock.now()), a.venueId);
    assert.notEqual(await venueOfToken(db, ta.token, clock.now()), b.venueId);
    assert.equal(await revokeVenueToken(db, b.venueId, ta.publicId, clock.now()), false); // not b's
    assert.equal(await revokeVenueToken(db, a.venueId, '1', clock.now()), false); // a row number is no token id
    assert.equal(await revokeVenueToken(db, a.venueId, ta.publicId, clock.now()), true);
    assert.equal(await venueOfToken(db, ta.token, clock.now()), null);
    assert.equal(await venueOfToken(db, 'qv_unknown', clock.now()), null);
  });

  test('a ticket\'s position, people ahead and estimate from the group\'s recent calls; cancel by its owner only, once', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    await upsertGroup(db, v.venueId, { code: 'A', name: '综合', itemIds: [], remote: true });
    const at = (m: number) => new Date(Date.parse('2026-03-02T01:00:00Z') + m * 60_000).toISOString();
    const events: RawEvent[] = [];
    for (let i = 1; i <= 6; i++) events.push({ kind: 'issued', number: `A00${i}`, group: 'A', at: at(i) });
    events.push({ kind: 'called', number: 'A001', group: 'A', at: at(30) }, { kind: 'called', number: 'A002', group: 'A', at: at(36) }, { kind: 'called', number: 'A003', group: 'A', at: at(42) });
    await recordEvents({ db, clock }, v.venueId, events);
    const r = await recordEvents({ db, clock }, v.venueId, [{ kind: 'issued', number: 'AW001', group: 'A', at: at(50) }], { accountId: 4242, publicId: 'QTEST1' });
    assert.equal(r.tickets[0]?.source, 'remote');
    const view = await ticketView(db, 'QTEST1');
    assert.ok(view);
    assert.equal(view.ahead, 3); // A004–A006
    assert.equal(view.position, 4);
    assert.equal(view.estimateMinutes, 18); // 6 minutes between calls × 3
    assert.equal(view.estimateBasis, 'calls');
    assert.deepEqual(await cancelTicket({ db, clock }, 'QTEST1', 1), { ok: false, status: 403, code: 'not_owner', message: '只有取号人本人可以取消。' });
    assert.deepEqual(await cancelTicket({ db, clock }, 'QTEST1', 4242), { ok: true });
    assert.equal((await cancelTicket({ db, clock }, 'QTEST1', 4242) as { code: string }).code, 'not_cancellable');
    const figures = await db.selectFrom('sm_venue').select('queue_waiting').where('id', '=', v.venueId).executeTakeFirstOrThrow();
    assert.equal(Number(figures.queue_waiting), 3);
    // a cancelled ticket cannot be called afterwards
    assert.equal((await refusal(recordEvents({ db, clock }, v.venueId, [{ kind: 'called', number: 'AW001', group: 'A' }]))).code, 'out_of_order');
  });
});
