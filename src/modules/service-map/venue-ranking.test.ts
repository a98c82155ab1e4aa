// The ranking score: its parts, and a fixture of venues whose order is pinned.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRanked, distanceM, scoreParts, totalScore, type RankInput } from './venue-ranking.ts';
import { navigationLinks, toBd09, toGcj02 } from './map-links.ts';
import { inChina, VENUE_TYPES, CHANNELS, ALIASES } from './service-map.ts';
import { parseEnum } from '../../platform/web/enums.ts';

const base: RankInput = { distanceM: 0, radiusM: 10_000, openNow: true, minutesToClose: 120, rating: null, ratingCount: 0, queueWaitMinutes: null };

describe('scoreParts', () => {
  test('each part follows the documented formula', () => {
    assert.deepEqual(scoreParts({ ...base, distanceM: 2_500 }), { distance: 30, open_now: 30, closing_soon: 0, rating: 9.38, queue: 0 });
    assert.equal(scoreParts({ ...base, minutesToClose: 15 }).closing_soon, -7.5);
    assert.equal(scoreParts({ ...base, minutesToClose: 0 }).closing_soon, -15);
    assert.equal(scoreParts({ ...base, queueWaitMinutes: 30 }).queue, -7.5);
    assert.equal(scoreParts({ ...base, queueWaitMinutes: 300 }).queue, -15);
    assert.equal(scoreParts({ ...base, openNow: false, queueWaitMinutes: 30, minutesToClose: null }).queue, 0);
    assert.equal(scoreParts({ ...base, distanceM: 20_000 }).distance, 0);
    // 5.0 from 1 rating is pulled towards 3.5; 5.0 from 1000 ratings is nearly full marks.
    assert.equal(scoreParts({ ...base, rating: 5, ratingCount: 1 }).rating, 9.89);
    assert.equal(scoreParts({ ...base, rating: 5, ratingCount: 1000 }).rating, 14.94);
    assert.equal(totalScore({ distance: 30, open_now: 30, closing_soon: -7.5, rating: 9.38, queue: -2 }), 59.88);
  });
});

test('the total stays within the documented 0 … 85', () => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const openNow of [true, false]) for (const d of [0, 5_000, 10_000, 50_000]) for (const m of [null, 0, 15, 120]) for (const r of [null, 1, 5]) for (const q of [null, 0, 30, 600]) {
    const t = totalScore(scoreParts({ ...base, distanceM: d, openNow, minutesToClose: m, rating: r, ratingCount: r === null ? 0 : 1_000_000, queueWaitMinutes: q }));
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  assert.deepEqual([lo, hi], [0, 85]);
});

describe('ranking order on a fixture of venues', () => {
  const fixture: (RankInput & { id: string })[] = [
    { id: 'A-near-closed', ...base, distanceM: 300, openNow: false, minutesToClose: null },
    { id: 'B-open-1km', ...base, distanceM: 1_000, rating: 4.5, ratingCount: 200 },
    { id: 'C-open-1km-long-queue', ...base, distanceM: 1_000, rating: 4.5, ratingCount: 200, queueWaitMinutes: 60 },
    { id: 'D-open-closing-in-5', ...base, distanceM: 800, minutesToClose: 5 },
    { id: 'E-open-6km-top-rated', ...base, distanceM: 6_000, rating: 4.9, ratingCount: 3000 },
    { id: 'F-open-1km-poor', ...base, distanceM: 1_000, rating: 2.0, ratingCount: 500 },
    { id: 'G-far-open', ...base, distanceM: 9_500 },
    { id: 'H-as-B-but-nearer', ...base, distanceM: 900, rating: 4.5, ratingCount: 200 },
  ];
  test('the order is pinned', () => {
    // H (as B, 100 m nearer) > B 78.95 > F 69.86 (poor rating) > C 63.95 (60-minute queue) > D 63.68 (closes in 5 minutes) > E > A (closed) > G.
    const ranked = fixture.map((v) => ({ id: v.id, distanceM: v.distanceM, score: totalScore(scoreParts(v)) })).sort(compareRanked);
    assert.deepEqual(ranked.map((r) => r.id), [
      'H-as-B-but-nearer', 'B-open-1km', 'F-open-1km-poor', 'C-open-1km-long-queue', 'D-open-closing-in-5', 'E-open-6km-top-rated', 'A-near-closed', 'G-far-open',
    ]);
  });
});

describe('geometry and navigation', () => {
  test('haversine distance', () => {
    // 磁县县城 to 邯郸市区 is roughly 28 km.
    const d = distanceM(36.3742, 114.3826, 36.6093, 114.4896);
    assert.ok(d > 27_000 && d < 29_000, String(d));
    assert.equal(distanceM(22.65, 114.03, 22.65, 114.03), 0);
  });
  test('WGS-84 → GCJ-02 and BD-09 (天安门)', () => {
    assert.deepEqual(toGcj02(39.908, 116.397), { lat: 39.909403, lng: 116.403243 });
    assert.deepEqual(toBd09(39.908, 116.397), { lat: 39.915744, lng: 116.409616 });
  });
  test('links for 高德, 百度 and 腾讯 carry converted coordinates and an encoded name', () => {
    const links = navigationLinks(39.908, 116.397, '东城区政务服务中心', '北京');
    assert.deepEqual(links.map((l) => l.provider), ['amap', 'baidu', 'tencent']);
    assert.match(links[0]?.href ?? '', /position=116\.403243,39\.909403&name=%E4%B8%9C/);
    assert.match(links[1]?.href ?? '', /location=39\.915744,116\.409616/);
    assert.match(links[2]?.href ?? '', /coord:39\.909403,116\.403243/);
  });
  test('inChina', () => {
    assert.equal(inChina(22.65, 114.03), true);
    assert.equal(inChina(51.5, -0.12), false);
    assert.equal(inChina(Number.NaN, 114), false);
  });
  test('inChina: neighbours inside the rectangle are refused, border towns are not', () => {
    // Review finding: the rectangle alone accepted Seoul, Ulaanbaatar, Hanoi, Bangkok, Manila …
    const chinese: [string, number, number][] = [
      ['珲春', 42.87, 130.36], ['防川', 42.43, 130.6], ['丹东', 40.12, 124.38], ['东港', 39.86, 124.15], ['绥芬河', 44.4, 131.15], ['抚远', 48.36, 134.3],
      ['黑河', 50.25, 127.5], ['漠河', 52.97, 122.54], ['满洲里', 49.6, 117.4], ['额尔古纳', 50.24, 120.18], ['二连浩特', 43.65, 111.98],
      ['勐腊', 21.46, 101.56], ['景洪', 22.0, 100.8], ['河口', 22.51, 103.94], ['凭祥', 22.1, 106.75], ['东兴', 21.55, 107.97], ['瑞丽', 24.01, 97.85],
      ['三亚', 18.25, 109.51], ['三沙永兴岛', 16.83, 112.34], ['台北', 25.03, 121.56], ['香港', 22.32, 114.17], ['澳门', 22.2, 113.55],
      ['霍尔果斯', 44.2, 80.4], ['昭苏', 43.15, 81.13], ['喀什', 39.47, 75.99], ['塔什库尔干', 37.77, 75.23], ['乌恰', 39.72, 75.26], ['阿图什', 39.72, 76.17],
      ['塔城', 46.75, 82.98], ['哈巴河', 48.06, 86.42], ['阿勒泰', 47.84, 88.14], ['札达', 31.48, 79.8], ['普兰', 30.29, 81.18], ['樟木', 27.99, 85.98], ['亚东', 27.48, 88.9],
      ['磁县', 36.3742, 114.3826], ['龙华', 22.6566, 114.0297],
    ];
    for (const [name, lat, lng] of chinese) assert.equal(inChina(lat, lng), true, name);
    const foreign: [string, number, number][] = [
      ['Seoul', 37.57, 126.98], ['Pyongyang', 39.04, 125.76], ['Busan', 35.18, 129.08], ['Fukuoka', 33.59, 130.4], ['Naha', 26.21, 127.68], ['Ulaanbaatar', 47.92, 106.92],
      ['Hanoi', 21.03, 105.85], ['Vientiane', 17.97, 102.6], ['Bangkok', 13.75, 100.5], ['Manila', 14.6, 120.98], ['New Delhi', 28.61, 77.21], ['Kathmandu', 27.72, 85.32],
      ['Dhaka', 23.81, 90.41], ['Bishkek', 42.87, 74.6], ['Almaty', 43.24, 76.9],
    ];
    for (const [name, lat, lng] of foreign) assert.equal(inChina(lat, lng), false, name);
  });
  test('aliases', () => {
    assert.equal(parseEnum(VENUE_TYPES, '银行网点', ALIASES.venueType), 'bank_outlet');
    assert.equal(parseEnum(CHANNELS, '窗口办理', ALIASES.channel), 'window');
    assert.equal(parseEnum(CHANNELS, '网上办', ALIASES.channel), 'online');
    assert.equal(parseEnum(CHANNELS, 'online', ALIASES.channel), 'online');
    assert.equal(parseEnum(CHANNELS, '飞鸽传书', ALIASES.channel), null);
  });
});

test('a venue with 好差评 ratings brings its own Bayesian average (smoothedRating): used as is, not smoothed again', () => {
  const base = { distanceM: 0, radiusM: 1000, openNow: true, minutesToClose: null, queueWaitMinutes: null };
  // imported 5.0 from 2 votes is pulled towards 3.5; a ratings score of 4.6 counts as 4.6
  assert.equal(scoreParts({ ...base, rating: 5, ratingCount: 2 }).rating, Math.round(15 * ((5 * 2 + 3.5 * 10) / 12 - 1) / 4 * 100) / 100);
  assert.equal(scoreParts({ ...base, rating: 5, ratingCount: 2, smoothedRating: 4.6 }).rating, Math.round(15 * (4.6 - 1) / 4 * 100) / 100);
  // null falls back to the imported rating
  assert.equal(scoreParts({ ...base, rating: 4, ratingCount: 100, smoothedRating: null }).rating, scoreParts({ ...base, rating: 4, ratingCount: 100 }).rating);
});
