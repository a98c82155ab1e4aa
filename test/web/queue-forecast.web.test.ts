// The waiting-time prediction over HTTP: the venue page's block (chart with title and description,
// 「通常在 10:00 最忙」, the table alternative, 春节 closed, the 调休 Saturday open), the API's shape,
// an unknown venue (404) and a venue without history (「暂无足够数据」, enough_data false).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { insertVenue, type TestVenue } from '../support/venue.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { loadCalendar } from '../../src/platform/calendar/calendar.repository.ts';
import { platformView } from '../../src/schema.ts';
import { dayKindOf } from '../../src/modules/appointments/index.ts';
import { seedHistory } from '../../src/modules/queue/index.ts';

interface ForecastJson {
  venue: string; generated_on: string; enough_data: boolean; busiest_hour: number | null;
  days: { day: string; day_type: { code: string; label: string }; post_holiday: number; closed: boolean }[];
  hours: { day: string; hour: number; wait_minutes: number; crowd: { code: string; label: string }; issued: number }[];
}

forEachDialect('waiting-time prediction web', (get) => {
  let t: TestApp;
  let busy: TestVenue;
  let empty: TestVenue;
  before(async () => {
    // Tue 2026-02-10 10:00 Beijing time: the 7 days hold the 调休 Saturday 02-14 and 春节 from 02-15.
    t = await buildTestApp(get(), fixedClock('2026-02-10T02:00:00Z'));
    busy = await insertVenue(get().db, { publicId: 'V-FC-BUSY' });
    empty = await insertVenue(get().db, { publicId: 'V-FC-EMPTY' });
    const kindOf = dayKindOf(await loadCalendar(platformView(get().db)));
    const n = await seedHistory(get().db, { venueId: busy.venueId, from: '2025-09-22', to: '2026-02-10', level: 40, seed: 3, kindOf });
    assert.ok(n > 500);
    // two weeks only: too little
    await seedHistory(get().db, { venueId: empty.venueId, from: '2026-01-27', to: '2026-02-10', level: 40, seed: 4, kindOf });
  });
  after(async () => { await t.app.close(); });

  test('the venue page shows the 7-day chart, the busiest hour and the table alternative', async () => {
    const res = await t.app.inject({ url: '/services/venues/V-FC-BUSY' });
    assert.equal(res.statusCode, 200);
    const b = res.body;
    assert.match(b, /<h2 id="forecast-title">排队预测（未来 7 天）<\/h2>/);
    assert.match(b, /通常在 10:00 最忙/);
    assert.match(b, /<svg role="img" aria-labelledby="forecast-chart-t forecast-chart-d"/);
    assert.match(b, /<title id="forecast-chart-t">未来 7 天各时段预计等候时间<\/title>/);
    // the description names every day: 春节 closed, the 调休 Saturday with its hours
    assert.match(b, /2月15日 周日：闭厅。/);
    assert.match(b, /2月14日 周六（调休上班）：09:00 约 \d+ 分钟（(空闲|适中|繁忙)）/);
    // the table: 7 rows, closed days spanning the hours, cells with minutes and the crowd level
    const table = /<table class="forecast-table" data-forecast-table="true">([\s\S]*?)<\/table>/.exec(b)?.[1] ?? '';
    assert.equal((table.match(/<th scope="row">/g) ?? []).length, 7);
    assert.match(table, /<th scope="row">2月16日 周一<\/th><td colspan="7">闭厅<\/td>/);
    assert.match(table, /<td>\d+ 分钟，(空闲|适中|繁忙)<\/td>/);
    assert.match(b, /<details class="chart-data"><summary>以表格查看/);
    // the block sits after the page's own content, in order 30 among the blocks
    assert.ok(b.indexOf('data-forecast') > b.indexOf('<h1'));
  });

  test('GET /api/v1/venues/{id}/forecast: days and hours with wait, crowd and issued; busiest hour', async () => {
    const res = await t.app.inject({ url: '/api/v1/venues/V-FC-BUSY/forecast' });
    assert.equal(res.statusCode, 200);
    const j = res.json<ForecastJson>();
    assert.equal(j.venue, 'V-FC-BUSY');
    assert.equal(j.generated_on, '2026-02-10');
    assert.equal(j.enough_data, true);
    assert.equal(j.busiest_hour, 10);
    assert.deepEqual(j.days.map((d) => [d.day, d.day_type.code, d.closed]), [
      ['2026-02-10', 'ordinary', false], ['2026-02-11', 'ordinary', false], ['2026-02-12', 'ordinary', false], ['2026-02-13', 'ordinary', false],
      ['2026-02-14', 'makeup', false], ['2026-02-15', 'holiday', true], ['2026-02-16', 'holiday', true],
    ]);
    assert.equal(j.days[4]!.day_type.label, '调休上班日');
    const tue = j.hours.filter((h) => h.day === '2026-02-10');
    assert.deepEqual(tue.map((h) => h.hour), [9, 10, 11, 13, 14, 15, 16]);
    for (const h of j.hours) {
      assert.ok(h.wait_minutes > 0 && h.issued > 0, JSON.stringify(h));
      assert.deepEqual(h.crowd, { code: h.crowd.code, label: { quiet: '空闲', moderate: '适中', busy: '繁忙' }[h.crowd.code] });
    }
    // the peak hour waits longer than the lunch hour
    const at = (hour: number) => tue.find((h) => h.hour === hour)!;
    assert.ok(at(10).wait_minutes > at(13).wait_minutes && at(10).issued > at(13).issued);
  });

  test('too little history: 暂无足够数据 on the page, enough_data false in the API', async () => {
    const page = await t.app.inject({ url: '/services/venues/V-FC-EMPTY' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /排队预测（未来 7 天）/);
    assert.match(page.body, /暂无足够数据/);
    assert.doesNotMatch(page.body, /forecast-chart/);
    const api = await t.app.inject({ url: `/api/v1/venues/${empty.venuePublicId}/forecast` });
    assert.equal(api.statusCode, 200);
    assert.deepEqual(api.json(), { venue: 'V-FC-EMPTY', generated_on: '2026-02-10', enough_data: false, busiest_hour: null, days: [], hours: [] });
  });

  test('an unknown or malformed venue id: 404 venue_not_found with a Chinese message', async () => {
    for (const id of ['V-NOPE', '%00x', encodeURIComponent('场所'), 'x'.repeat(300)]) {
      const res = await t.app.inject({ url: `/api/v1/venues/${id}/forecast` });
      assert.ok(res.statusCode === 404 || res.statusCode === 400, `${id}: ${res.statusCode}`);
      const body = res.json<{ code: string; message: string }>();
      if (res.statusCode === 404) { assert.equal(body.code, 'venue_not_found'); assert.match(body.message, /未找到场所/); }
    }
  });
});
