// The stored waiting-time forecasts (qu_forecast, issue 22 at 安徽 scale) on SQLite and PostgreSQL:
// the job stores exactly what forecastVenue computes, the page then reads the stored row (not the
// history), a history change or a new day makes it out of date and the next run fresh again, a
// venue without history shows 「暂无足够数据」, one venue's forecast is never served for another,
// and the job runs once across two runners (processes). Also the stored items-per-department
// counts (sm_venue_department) follow every write of a venue's items.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { openDb } from '../../src/platform/db/db.ts';
import { JobRunner } from '../../src/platform/jobs/jobs.ts';
import { fixedClock, type Clock } from '../../src/platform/clock/clock.ts';
import { localDateOf } from '../../src/platform/clock/local-date.ts';
import { loadCalendar } from '../../src/platform/calendar/calendar.repository.ts';
import { platformView, type Database, type Db } from '../../src/schema.ts';
import { dayKindOf } from '../../src/modules/appointments/index.ts';
import { seedHistory } from '../../src/modules/queue/index.ts';
import { forecastJobs, forecastService } from '../../src/modules/queue/forecast.service.ts';
import { forecastVenue, historyFrom } from '../../src/modules/queue/forecast.ts';
import { hourlyRows } from '../../src/modules/queue/forecast.repository.ts';
import { upsertGroup } from '../../src/modules/queue/queue.repository.ts';
import { recordEvents } from '../../src/modules/queue/queue.service.ts';
import { itemsOfVenue, upsertItems, upsertVenues } from '../../src/modules/service-map/service-map.repository.ts';
import { importServiceMap } from '../../src/modules/service-map/index.ts';
import { storedItemSummary, venueItemSummary } from '../../src/modules/service-map/venue-items.repository.ts';
import type { ItemRow, VenueRow } from '../../src/modules/service-map/service-map-csv.ts';

function movableClock(iso: string): Clock & { set(iso: string): void } {
  let at = new Date(iso);
  return { now: () => new Date(at), today: () => localDateOf(at), set(s) { at = new Date(s); } };
}

async function direct(db: Db, venueId: number, today: string) {
  const kindOf = dayKindOf(await loadCalendar(platformView(db)));
  return forecastVenue(await hourlyRows(db, venueId, historyFrom(today), today), kindOf, today);
}

const stored = async (db: Db, venueId: number) => db.selectFrom('qu_forecast').selectAll().where('venue_id', '=', venueId).executeTakeFirst();

/** A second pool on the same PostgreSQL schema (another process); SQLite in memory has only one. */
async function secondDb(t: TestDb): Promise<{ db: Db; close: () => Promise<void> }> {
  if (t.dialect !== 'postgres') return { db: t.db, close: async () => undefined };
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.db)).rows[0]!.s;
  const db = openDb<Database>({ databaseUrl: process.env.TEST_DATABASE_URL as string, pgSchema: schema, poolSize: 2 });
  return { db, close: () => db.destroy() };
}

forEachDialect('stored venue forecasts', (get) => {
  test('the job stores what forecastVenue computes; the page reads it; history changes and a new day make it fresh again', async () => {
    const { db } = get();
    const clock = movableClock('2026-03-10T02:00:00Z'); // Tue 10:00 Beijing
    const kindOf = dayKindOf(await loadCalendar(platformView(db)));
    const a = await insertVenue(db, { publicId: 'V-FS-A' });
    const b = await insertVenue(db, { publicId: 'V-FS-B' });
    const none = await insertVenue(db, { publicId: 'V-FS-NONE' });
    await seedHistory(db, { venueId: a.venueId, from: '2025-10-01', to: '2026-03-10', level: 40, seed: 1, kindOf });
    await seedHistory(db, { venueId: b.venueId, from: '2025-10-01', to: '2026-03-10', level: 12, seed: 2, kindOf });
    const service = forecastService(db, clock, { batch: 1 }); // one venue per batch: the run goes on to the next batch

    // before any run: computed on demand, the same forecast
    const wantA = await direct(db, a.venueId, '2026-03-10');
    const wantB = await direct(db, b.venueId, '2026-03-10');
    assert.equal(wantA.enough, true);
    assert.notDeepEqual(wantA, wantB);
    assert.deepEqual(await service.forVenue(a.venueId), wantA);
    assert.equal((await stored(db, a.venueId))?.body ?? null, null);

    // the job's work: both venues with history, nothing for the venue without
    assert.equal(await service.refresh(), 2);
    assert.equal(await service.refresh(), 0, 'nothing out of date');
    assert.deepEqual(JSON.parse((await stored(db, a.venueId))!.body!), wantA);
    assert.equal(await stored(db, none.venueId), undefined);

    // the page reads the stored row: history removed behind the module's back does not change it
    await db.deleteFrom('qu_hourly').where('venue_id', '=', a.venueId).execute();
    service.clear();
    const fresh = forecastService(db, clock, { keepMs: 0 }); // another process (keeping nothing: a change shows at once)
    assert.deepEqual(await fresh.forVenue(a.venueId), wantA);
    assert.deepEqual(await fresh.forVenue(b.venueId), wantB, 'each venue its own forecast');
    assert.deepEqual(await fresh.forVenue(none.venueId), { enough: false, days: [], busiestHour: null });

    // a history import bumps the version: the new history is served at once (computed), then stored
    await seedHistory(db, { venueId: a.venueId, from: '2025-10-01', to: '2026-03-10', level: 90, seed: 5, kindOf });
    const wantA2 = await direct(db, a.venueId, '2026-03-10');
    assert.notDeepEqual(wantA2, wantA);
    assert.deepEqual(await fresh.forVenue(a.venueId), wantA2);
    assert.deepEqual(await fresh.forVenue(b.venueId), wantB);
    assert.equal(await service.refresh(), 1, 'only the venue whose history changed');
    const rowA = (await stored(db, a.venueId))!;
    assert.equal(Number(rowA.computed_version), Number(rowA.version));
    assert.deepEqual(JSON.parse(rowA.body!), wantA2);

    // a new day: every stored forecast is out of date; until the job runs the page computes today's
    clock.set('2026-03-11T02:00:00Z');
    const nextA = await direct(db, a.venueId, '2026-03-11');
    assert.equal(nextA.days[0]!.dayOn, '2026-03-11');
    assert.deepEqual(await fresh.forVenue(a.venueId), nextA);
    assert.equal(await service.refresh(), 2);
    assert.deepEqual(JSON.parse((await stored(db, a.venueId))!.body!), nextA);
    assert.deepEqual(JSON.parse((await stored(db, b.venueId))!.body!), await direct(db, b.venueId, '2026-03-11'));
  });

  test("queue events: today's keep the stored forecast, an event counted in an earlier day makes it out of date", async () => {
    const { db } = get();
    const clock = movableClock('2026-03-10T02:00:00Z');
    const kindOf = dayKindOf(await loadCalendar(platformView(db)));
    const v = await insertVenue(db, { publicId: 'V-FS-EV' });
    const newcomer = await insertVenue(db, { publicId: 'V-FS-NEW' });
    await seedHistory(db, { venueId: v.venueId, from: '2025-10-01', to: '2026-03-10', level: 30, seed: 9, kindOf });
    const service = forecastService(db, clock);
    await service.refresh();
    const before = (await stored(db, v.venueId))!;
    for (const id of [v.venueId, newcomer.venueId]) await upsertGroup(db, id, { code: 'A', name: '综合', itemIds: [], remote: true });
    await recordEvents({ db, clock }, v.venueId, [{ kind: 'issued', number: 'A001', group: 'A', at: '2026-03-10T01:30:00Z' }]);
    assert.equal(Number((await stored(db, v.venueId))!.version), Number(before.version), 'an event of today does not change the forecast');
    // a venue's first event: it now has history (from tomorrow on); today it has too little
    await recordEvents({ db, clock }, newcomer.venueId, [{ kind: 'issued', number: 'A001', group: 'A', at: '2026-03-10T01:30:00Z' }]);
    assert.ok(await stored(db, newcomer.venueId));
    assert.deepEqual(await service.forVenue(newcomer.venueId), { enough: false, days: [], busiestHour: null });
    // (tickets.ts hourlyCell counts every event in its ticket's day, today: no event changes an earlier day)
    assert.equal(await service.refresh(), 1, 'the newcomer only');
    assert.deepEqual(JSON.parse((await stored(db, v.venueId))!.body!), JSON.parse(before.body!));
  });

  test('the job runs once across two runners (processes) and stores every forecast', async () => {
    const other = await secondDb(get());
    try {
      const { db } = get();
      const clock = movableClock('2026-03-10T02:00:00Z');
      const kindOf = dayKindOf(await loadCalendar(platformView(db)));
      const v = await insertVenue(db, { publicId: 'V-FS-JOB' });
      await seedHistory(db, { venueId: v.venueId, from: '2025-10-01', to: '2026-03-10', level: 25, seed: 4, kindOf });
      const now = () => new Date('2026-03-10T02:00:00Z');
      const ra = new JobRunner(platformView(db), { owner: 'A', now });
      const rb = new JobRunner(platformView(other.db), { owner: 'B', now });
      for (const j of forecastJobs(forecastService(db, clock))) ra.register(j);
      for (const j of forecastJobs(forecastService(other.db, clock))) rb.register(j);
      const [x, y] = await Promise.all([ra.runDue(), rb.runDue()]);
      assert.equal([...x, ...y].filter((n) => n === 'queue.forecasts').length, 1);
      const row = await db.selectFrom('job_schedule').select(['runs', 'last_error']).where('name', '=', 'queue.forecasts').executeTakeFirstOrThrow();
      assert.equal(Number(row.runs), 1);
      assert.equal(row.last_error, null);
      assert.deepEqual(JSON.parse((await stored(db, v.venueId))!.body!), await direct(db, v.venueId, '2026-03-10'));
      const notFresh = await db.selectFrom('qu_forecast').select('venue_id').where((eb) => eb.or([eb('body', 'is', null), eb('computed_version', '<>', eb.ref('version'))])).execute();
      assert.deepEqual(notFresh, []);
    } finally { await other.close(); }
  });

  test('items per department: stored by the writes of venues and items, equal to a count', async () => {
    const { db } = get();
    const at = '2026-03-10T02:00:00.000Z';
    const item = (id: string, department: string) => ({ id, name: `事项${id}`, type: 'public_service', department, implementingBody: department, regionCode: '130427000000', level: 'county', keywords: [], onlineUrl: null, mobileUrl: null, channels: ['window'], legalLimit: null, legalUnit: null, promisedLimit: null, promisedUnit: null, visits: null, guide: null, basicCode: '', implementingCode: '' }) as unknown as ItemRow;
    const venue = (id: string, items: string[]) => ({ id, name: `场所${id}`, type: 'service_centre', level: 'county', regionCode: '130427000000', orgCode: null, address: '路', lat: 36.37, lng: 114.38, hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, is24h: false, holidayRule: 'statutory', phone: '12345', photos: [], verifiedOn: null, hostVenueId: null, rating: null, ratingCount: 0, items }) as unknown as VenueRow;
    await db.transaction().execute(async (trx) => {
      await upsertItems(trx, [item('D-1', '人社局'), item('D-2', '人社局'), item('D-3', '公安局')], at);
      await upsertVenues(trx, [venue('DV-1', ['D-1', 'D-2', 'D-3']), venue('DV-2', ['D-3'])], at);
    });
    const ids = new Map((await db.selectFrom('sm_venue').select(['id', 'public_id']).where('public_id', 'in', ['DV-1', 'DV-2']).execute()).map((r) => [r.public_id, Number(r.id)]));
    const one = ids.get('DV-1')!;
    const two = ids.get('DV-2')!;
    assert.deepEqual(await storedItemSummary(db, one), { total: 3, departments: [{ department: '人社局', count: 2 }, { department: '公安局', count: 1 }] });
    assert.deepEqual(await storedItemSummary(db, one), await venueItemSummary(db, one));
    // an item moves to another department: both venues offering it follow
    await db.transaction().execute(async (trx) => { await upsertItems(trx, [item('D-3', '民政局')], at); });
    assert.deepEqual(await storedItemSummary(db, two), { total: 1, departments: [{ department: '民政局', count: 1 }] });
    assert.deepEqual(await storedItemSummary(db, one), await venueItemSummary(db, one));
    // a venue's items replaced
    await db.transaction().execute(async (trx) => { await upsertVenues(trx, [venue('DV-1', ['D-1'])], at); });
    assert.deepEqual(await storedItemSummary(db, one), { total: 1, departments: [{ department: '人社局', count: 1 }] });
    await db.transaction().execute(async (trx) => { await upsertVenues(trx, [venue('DV-2', [])], at); });
    assert.equal(await storedItemSummary(db, two), null, 'no items: nothing stored (the page counts nothing)');

    // the API's, kiosk's and staff picker's list: a venue with more items than asked gives its first by id, sorted by name
    await db.transaction().execute(async (trx) => {
      await upsertItems(trx, [item('D-4', '人社局'), item('D-5', '人社局')], at);
      await trx.updateTable('sm_item').set({ name: '甲' }).where('public_id', '=', 'D-4').execute();
      await upsertVenues(trx, [venue('DV-1', ['D-1', 'D-2', 'D-3', 'D-4', 'D-5'])], at);
    });
    await db.updateTable('sm_item').set({ name: '乙' }).where('public_id', '=', 'D-1').execute();
    await db.updateTable('sm_item').set({ name: '丙' }).where('public_id', '=', 'D-2').execute();
    const few = await itemsOfVenue(db, one, 2);
    assert.equal(few.total, 5);
    assert.deepEqual(few.items.map((i) => i.publicId), ['D-2', 'D-1']); // 丙 < 乙 in code points; D-1, D-2 are the first ids
    const all = await itemsOfVenue(db, one, 10);
    assert.equal(all.total, 5);
    assert.deepEqual(all.items.map((i) => i.name), [...all.items.map((i) => i.name)].sort());
    assert.equal((await itemsOfVenue(db, two, 10)).total, 0);
  });
  test('items per department after an import: its venues and every other venue offering one of its items follow; others are left as they were', async () => {
    const { db } = get();
    const clock = fixedClock('2026-03-11T02:00:00.000Z');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-dept-import-'));
    const write = (name: string, rows: object[]) => { const f = path.join(dir, name); fs.writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n') + '\n'); return f; };
    const item = (id: string, department: string) => ({ id, name: `导入事项${id}`, type: '行政确认', department, implementing_body: department, region_code: '130427', channels: ['窗口办'] });
    const venue = (id: string, items: string[]) => ({ id, name: `导入场所${id}`, type: '政务服务中心', region_code: '130427', address: '磁县滏阳路1号', lat: 36.37, lng: 114.37, items });
    try {
      const first = await importServiceMap({ db, clock }, { items: write('a.jsonl', [item('I-1', '人社局'), item('I-2', '公安局'), item('I-3', '民政局')]), venues: write('v.jsonl', [venue('IV-1', ['I-1', 'I-2']), venue('IV-2', ['I-2']), venue('IV-3', ['I-3'])]) });
      assert.equal(first.ok, true, JSON.stringify(first.problems));
      const ids = new Map((await db.selectFrom('sm_venue').select(['id', 'public_id']).where('public_id', 'like', 'IV-%').execute()).map((r) => [r.public_id, Number(r.id)]));
      assert.deepEqual(await storedItemSummary(db, ids.get('IV-2')!), { total: 1, departments: [{ department: '公安局', count: 1 }] });
      // a second import moves I-2 to another department and gives IV-1 other items; IV-2 is not in it
      // but offers I-2, IV-3 is neither in it nor offers one of its items
      await db.insertInto('sm_venue_department').values({ venue_id: ids.get('IV-3')!, department: '标记', item_count: 7 }).execute();
      const second = await importServiceMap({ db, clock }, { items: write('b.jsonl', [item('I-2', '市场监管局'), item('I-4', '人社局')]), venues: write('w.jsonl', [venue('IV-1', ['I-1', 'I-4'])]) });
      assert.equal(second.ok, true, JSON.stringify(second.problems));
      assert.deepEqual(await storedItemSummary(db, ids.get('IV-1')!), { total: 2, departments: [{ department: '人社局', count: 2 }] });
      assert.deepEqual(await storedItemSummary(db, ids.get('IV-2')!), { total: 1, departments: [{ department: '市场监管局', count: 1 }] });
      for (const v of ['IV-1', 'IV-2']) assert.deepEqual(await storedItemSummary(db, ids.get(v)!), await venueItemSummary(db, ids.get(v)!));
      const untouched = await db.selectFrom('sm_venue_department').select(['department', 'item_count']).where('venue_id', '=', ids.get('IV-3')!).orderBy('department').execute();
      assert.deepEqual(untouched.map((r) => [r.department, Number(r.item_count)]), [['标记', 7], ['民政局', 1]], 'a venue the import does not touch is not recounted');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
