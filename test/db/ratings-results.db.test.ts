// The 好差评 statistics queries on both dialects: counted ratings only (excluded ones counted
// apart), subtree scope, venue/item filters, monthly grouping, 回访/整改 counts and calendar days,
// the 3-level interaction ratings apart, and the venue scores of the map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertRatings } from '../support/ratings.ts';
import { excludedCount, starTotalsOf, tallies, venueStarTotals } from '../../src/modules/ratings/statistics.queries.ts';
import { figuresOf, totalOf } from '../../src/modules/ratings/statistics.ts';
import { RatingResults } from '../../src/modules/ratings/results.service.ts';
import { RatingStore } from '../../src/modules/ratings/rating-store.ts';
import { isNamed } from '../../src/modules/ratings/rating-input.ts';
import { insertRatings as addRatings } from '../support/ratings.ts';
import type { GroupBy } from '../../src/modules/ratings/statistics.queries.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';

const CX = '/13/1304/130427/';
const CX_DEPT = '/13/1304/130427/130427-xzspj/';
const HZ = '/44/4401/440105/';

forEachDialect('ratings results queries', (get) => {
  const all = { paths: null, from: '2026-01-01', to: '2026-12-31' };

  test('tallies per organisation leave out excluded ratings and count them apart', async () => {
    const f = { ...all, paths: [CX] };
    const org = await tallies(get().db, f, 'org');
    const byKey = new Map(org.map((t) => [t.key, t]));
    assert.deepEqual(byKey.get('130427-xzspj')?.byStars, [1, 1, 0, 1, 2]);
    assert.deepEqual(byKey.get('130427')?.byStars, [0, 0, 1, 0, 1]);
    assert.equal(byKey.has('440105'), false, 'another county is outside the subtree');
    assert.equal(await excludedCount(get().db, f), 1);
    assert.equal(await excludedCount(get().db, { ...all, paths: [HZ] }), 0);
  });

  test('回访 and 整改: named 差评 called back, rectified 差评, calendar days', async () => {
    const [t] = await tallies(get().db, { ...all, paths: [CX_DEPT] }, 'org');
    assert.ok(t);
    assert.deepEqual([t.namedBad, t.namedBadCalledBack, t.rectified, t.rectifyDays], [2, 1, 1, 10]);
    const f = figuresOf(t, 4);
    assert.deepEqual([f.callbackRate, f.rectifyRate, f.avgRectifyDays, f.goodRate], [0.5, 0.5, 10, 0.6]);
  });

  test('months, venues and items; filters by venue and item; period bounds inclusive', async () => {
    const months = await tallies(get().db, { ...all, paths: [CX] }, 'month');
    assert.deepEqual(months.map((m) => m.key).sort(), ['2026-01', '2026-02', '2026-03']);
    const venues = await tallies(get().db, all, 'venue');
    assert.deepEqual(venues.map((v) => v.key).sort(), ['CX-BM-130427100', 'CX-ZWFW', 'HZ-ZWFW']);
    const oneVenue = totalOf(await tallies(get().db, { ...all, venue: 'CX-ZWFW' }, 'month'));
    assert.deepEqual(oneVenue.byStars, [1, 1, 0, 1, 2]);
    const item = totalOf(await tallies(get().db, { ...all, item: 'CX-SFZ-HL' }, 'month'));
    assert.deepEqual(item.byStars, [0, 0, 0, 0, 1]);
    const jan31 = totalOf(await tallies(get().db, { paths: null, from: '2026-01-31', to: '2026-01-31' }, 'month'));
    assert.deepEqual(jan31.byStars, [0, 0, 0, 0, 1]);
    assert.deepEqual((await tallies(get().db, { ...all, paths: [] }, 'org')), [], 'an empty grant sees nothing');
  });

  test('windows and 工号 group only the ratings that name them', async () => {
    const w = await tallies(get().db, { ...all, paths: [CX] }, 'window');
    assert.deepEqual(w.map((x) => x.key), ['CX-ZWFW/A01']);
    const s = await tallies(get().db, { ...all, paths: [CX] }, 'staff');
    assert.deepEqual(s.map((x) => [x.key, x.byStars.reduce((a, b) => a + b, 0)]), [['CX0001', 2]]);
  });

  test('venue star totals and the installation prior leave out excluded ratings', async () => {
    const { byVenue, all: total } = await venueStarTotals(get().db);
    assert.deepEqual(byVenue.get('CX-ZWFW'), { sum: 1 + 2 + 4 + 5 + 5, count: 5 });
    // the map's prior: the mean of every counted rating of a venue (7 of them, Σ 27)
    assert.deepEqual(total, { sum: 27, count: 7 });
    // the rankings' prior: every counted rating (8, Σ 30); the excluded 1-star is in neither
    assert.deepEqual(await starTotalsOf(get().db, null), { sum: 30, count: 8 });
    const r = new RatingResults(get().db, fixedClock('2026-03-02T02:00:00Z'));
    const scores = await r.venueScores({ wait: true });
    const m = 27 / 7;
    assert.equal(scores.get('CX-ZWFW')?.count, 5);
    assert.equal(scores.get('CX-ZWFW')?.score, Math.round(((17 + m * 20) / 25) * 100) / 100);
    assert.equal(scores.has('LH-ZWFW'), false, 'a venue without ratings is absent (the map shows its imported rating)');
  });

  test('the in-memory store answers the same tallies as SQL, for every grouping and filter, and follows new and changed ratings', async () => {
    const store = new RatingStore(get().db);
    const sortT = (ts: { key: string }[]) => [...ts].sort((a, b) => a.key.localeCompare(b.key));
    const filters = [all, { ...all, paths: [CX] }, { ...all, paths: [CX_DEPT, HZ] }, { ...all, venue: 'CX-ZWFW' }, { ...all, item: 'CX-SFZ-HL' }, { paths: null, from: '2026-02-01', to: '2026-02-28' }, { ...all, paths: [] }, { ...all, venue: 'NONE' }];
    const groups: GroupBy[] = ['org', 'venue', 'item', 'month', 'window', 'staff'];
    const check = async () => {
      for (const f of filters) {
        const mem = await store.tallies(f, groups);
        for (const g of groups) assert.deepEqual(sortT(mem.by[g] ?? []), sortT(await tallies(get().db, f, g)), `${JSON.stringify(f)} ${g}`);
        assert.equal(mem.excluded, await excludedCount(get().db, f), JSON.stringify(f));
      }
    };
    await check();
    // a new rating and a changed one (excluded on an upheld appeal) show at the next look
    await addRatings(get().db, [{ org: '440105', path: HZ, level: 1, on: '2026-02-03', venue: 'HZ-ZWFW', named: true, calledBack: '2026-02-04' }]);
    await get().db.updateTable('rating').set({ excluded: 1, updated_at: '2099-01-01T00:00:00.000Z' }).where('level', '=', 3).execute();
    await store.refresh(true);
    await check();
    assert.deepEqual(totalOf((await store.tallies({ ...all, paths: [HZ] }, ['org'])).by.org ?? []).byStars, [1, 0, 0, 0, 1]);
    // put back for the other tests
    await get().db.updateTable('rating').set({ excluded: 0 }).where('level', '=', 3).execute();
    await get().db.deleteFrom('rating').where('org_code', '=', '440105').where('level', '=', 1).execute();
  });

  test('回访率 counts as named exactly the 差评 the workflow calls back (isNamed: a name AND a phone), in SQL and in the store', async () => {
    const db = get().db;
    await addRatings(db, [
      { org: '440105', path: HZ, level: 1, on: '2026-05-03', named: true },
      { org: '440105', path: HZ, level: 2, on: '2026-05-04', named: true },
    ]);
    // a phone without a name, a name without a phone: the workflow sends both straight to 整改 (no 回访)
    await db.updateTable('rating').set({ rater_name: null }).where('org_path', '=', HZ).where('rated_on', '=', '2026-05-03').execute();
    await db.updateTable('rating').set({ rater_phone: '' }).where('org_path', '=', HZ).where('rated_on', '=', '2026-05-04').execute();
    const rows = await db.selectFrom('rating').select(['rater_name', 'rater_phone']).where('org_path', '=', HZ).where('is_bad', '=', 1).execute();
    const expected = rows.filter((r) => isNamed({ raterName: r.rater_name, raterPhone: r.rater_phone })).length;
    assert.equal(expected, 0);
    const f = { ...all, paths: [HZ] };
    assert.equal(totalOf(await tallies(db, f, 'org')).namedBad, expected);
    const store = new RatingStore(db);
    assert.equal((await store.tallies(f, [])).total.namedBad, expected);
    await db.deleteFrom('rating').where('org_path', '=', HZ).where('rated_on', 'in', ['2026-05-03', '2026-05-04']).execute();
  });

  test('the store follows a change whose updated_at is not newer than the newest seen (same millisecond, or a clock a second behind)', async () => {
    const db = get().db;
    const store = new RatingStore(db);
    const f = { ...all, paths: [CX_DEPT] };
    const mem = async () => (await store.tallies(f, ['org'])).excluded;
    assert.equal(await mem(), 1);
    const newest = (await db.selectFrom('rating').select(db.fn.max('updated_at').as('m')).executeTakeFirstOrThrow()).m as string;
    // a rating with a lower id than the newest one seen, changed in that same millisecond (a fixed clock, two writes at once)
    const sameMs = await db.selectFrom('rating').select('id').where('org_path', '=', CX_DEPT).where('level', '=', 1).where('excluded', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('rating').set({ excluded: 1, updated_at: newest }).where('id', '=', sameMs.id).execute();
    // and an older rating changed by a process whose clock is a second behind
    const behind = new Date(Date.parse(newest) - 1000).toISOString();
    const older = await db.selectFrom('rating').select('id').where('org_path', '=', CX_DEPT).where('level', '=', 5).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('rating').set({ excluded: 1, updated_at: behind }).where('id', '=', older.id).execute();
    await store.refresh(true);
    assert.equal(await mem(), await excludedCount(db, f));
    assert.equal(await mem(), 3);
    // put back for the other tests
    await db.updateTable('rating').set({ excluded: 0 }).where('id', 'in', [sameMs.id, older.id]).execute();
  });
}, async (t) => {
  await insertRatings(t.db, [
    // 磁县行政审批局 at the county centre: 5 counted + 1 excluded
    { org: '130427-xzspj', path: CX_DEPT, level: 5, on: '2026-01-31', venue: 'CX-ZWFW', window: 'A01', staff: 'CX0001' },
    { org: '130427-xzspj', path: CX_DEPT, level: 5, on: '2026-02-10', venue: 'CX-ZWFW', staff: 'CX0001' },
    { org: '130427-xzspj', path: CX_DEPT, level: 4, on: '2026-02-11', venue: 'CX-ZWFW' },
    { org: '130427-xzspj', path: CX_DEPT, level: 2, on: '2026-02-12', venue: 'CX-ZWFW', named: true, calledBack: '2026-02-13', rectified: '2026-02-22' },
    { org: '130427-xzspj', path: CX_DEPT, level: 1, on: '2026-03-01', venue: 'CX-ZWFW', named: true },
    { org: '130427-xzspj', path: CX_DEPT, level: 1, on: '2026-03-01', venue: 'CX-ZWFW', named: true, excluded: true },
    // 磁县 itself, an item
    { org: '130427', path: CX, level: 5, on: '2026-03-01', item: 'CX-SFZ-HL', venue: 'CX-BM-130427100' },
    { org: '130427', path: CX, level: 3, on: '2026-01-05', item: 'CX-SFZ-HL' },
    // 海珠区
    { org: '440105', path: HZ, level: 5, on: '2026-02-02', venue: 'HZ-ZWFW' },
  ]);
  // the item filter counts item ratings only: fix the one 3-star to be another item
  await t.db.updateTable('rating').set({ item_public_id: 'CX-JZZ' }).where('level', '=', 3).execute();
});
