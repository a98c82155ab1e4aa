// The statistics datasets of issue 23 (数据开放): message-statistics, rating-statistics and
// supervision-results, on both dialects, over the demo (messages and 12345 orders made by the
// interaction service's submitMessage/act/createWorkOrders, ratings by the ratings demo) and a
// 季度通报 published through the real flow (generate → publish → 保密审查 → record published).
// Each dataset's figures equal the module's own statistics (statistics.ts aggregate over statRows for
// messages; statistics.queries.ts tallies + figuresOf for ratings; the bulletin's frozen table);
// a scope without data has no facts (not listed); a government's files hold only its subtree; no
// file holds a phone number or a citizen's name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { DatasetScope, DatasetSource } from '../../src/platform/datasets/datasets.ts';
import type { Database } from '../../src/schema.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { DatasetCatalogue, listGovernments } from '../../src/modules/opendata/catalogue.ts';
import { loadConfig } from '../../src/config.ts';
import { DATASET_SOURCES } from '../../src/modules/opendata/sources.ts';
import { messageStatisticsDataset, parsePeriod, type MessageStatisticsRow } from '../../src/modules/interaction/index.ts';
import * as repo from '../../src/modules/interaction/interaction.repository.ts';
import { statRecordOf } from '../../src/modules/interaction/public-figures.ts';
import { aggregate } from '../../src/modules/interaction/statistics.ts';
import { ratingStatisticsDataset, type RatingStatisticsRow } from '../../src/modules/ratings/index.ts';
import { tallies } from '../../src/modules/ratings/statistics.queries.ts';
import { figuresOf } from '../../src/modules/ratings/statistics.ts';
import { supervisionResultsDataset, type SupervisionResultRow } from '../../src/modules/supervision/index.ts';

const clock = fixedClock('2026-04-10T02:00:00Z');
const INSTALLATION: DatasetScope = { kind: 'installation' };
/** A mobile number or a landline-looking run of digits (no statistic has 11 digits). */
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{3,4}-\d{7,8}(?!\d)/;

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

async function jsonl<T>(source: DatasetSource<Database>, db: Parameters<DatasetSource<Database>['open']>[0], scope: DatasetScope, file: string): Promise<T[]> {
  return (await text(source.open(db, scope, file, clock.now()))).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

forEachDialect('open data: statistics of messages, ratings and supervision', (get) => {
  let t: TestApp;
  let scopes: Record<string, DatasetScope>;

  before(async () => {
    t = await buildTestApp(get(), clock);
    scopes = Object.fromEntries((await listGovernments(get().db)).map((g) => [g.code, { kind: 'government' as const, government: g }]));
  }, { timeout: 60_000 });
  after(async () => t.app.close());

  test('the three datasets are in the sources list, each with a CSV and a JSON Lines file', () => {
    for (const d of [messageStatisticsDataset, ratingStatisticsDataset, supervisionResultsDataset]) {
      assert.ok(DATASET_SOURCES.includes(d), d.key);
      assert.deepEqual(d.distributions.map((x) => x.format), ['CSV', 'JSONL']);
      assert.deepEqual([...d.scopes].sort(), ['government', 'installation']);
    }
  });

  test('message-statistics: every month\'s figures equal the statistics page\'s (aggregate over statRows), per handling organisation and source', async () => {
    const db = get().db;
    const facts = await messageStatisticsDataset.facts(db, INSTALLATION, clock.now());
    assert.ok(facts && facts.temporal && facts.lastModified, 'the demo has messages');
    const rows = await jsonl<MessageStatisticsRow>(messageStatisticsDataset, db, INSTALLATION, 'statistics.jsonl');
    const months = [...new Set(rows.map((r) => r.month))].sort();
    assert.ok(months.length >= 2, `months ${months.join()}`);
    assert.ok(months[0]! >= facts.temporal.start.slice(0, 7) && months.at(-1)! <= facts.temporal.end.slice(0, 7));
    let compared = 0;
    for (const month of months) {
      const period = parsePeriod(month)!;
      const records = (await repo.statRows(db, period.from, period.to, { paths: null, source: 'all' })).map(statRecordOf);
      const stat = await repo.statRows(db, period.from, period.to, { paths: null, source: 'all' });
      for (const kind of ['messages', 'hotline'] as const) {
        const expected = aggregate(records, period, kind, { extensionsMoveDeadline: true, basis: 'deadline' }, clock.today()).rows
          .map((r) => {
            const replied = stat.filter((x) => (x.source === 'hotline') === (kind === 'hotline') && (x.org === r.org) && x.receivedOn >= period.from && x.receivedOn <= period.to && x.repliedOn);
            const days = replied.reduce((n, x) => n + (Date.parse(x.repliedOn!) - Date.parse(x.receivedOn)) / 86_400_000, 0);
            return { org_code: r.org, received: r.received, assigned: r.assigned, replied: r.replied, closed: r.closed, due: r.due, on_time: r.onTime, pending: r.pending, on_time_rate: r.rate === null ? null : Math.round(r.rate * 1000) / 10, avg_reply_days: replied.length ? Math.round((days / replied.length) * 10) / 10 : null };
          });
        const got = rows.filter((r) => r.month === month && r.source === kind)
          .map((r) => ({ org_code: r.org_code, received: r.received, assigned: r.assigned, replied: r.replied, closed: r.closed, due: r.due, on_time: r.on_time, pending: r.pending, on_time_rate: r.on_time_rate, avg_reply_days: r.avg_reply_days }));
        assert.deepEqual(got, expected, `${month} ${kind}`);
        compared += expected.reduce((n, r) => n + r.received + r.due, 0);
      }
    }
    assert.ok(compared > 20, `only ${compared} items compared`);
    assert.ok(rows.some((r) => r.source === 'hotline') && rows.some((r) => r.source === 'messages'), 'both sources');
    assert.ok(rows.some((r) => r.due > 0 && r.on_time_rate !== null), 'some 按时办结率');
    // the CSV has the same rows (BOM, header, one line each)
    const csv = await text(messageStatisticsDataset.open(db, INSTALLATION, 'statistics.csv', clock.now()));
    assert.ok(csv.startsWith('\uFEFFmonth,org_code,org_name,source,'));
    assert.equal(csv.trimEnd().split('\r\n').length, rows.length + 1);
  });

  test('rating-statistics: per organisation and month, the figures of the statistics page\'s tallies', async () => {
    const db = get().db;
    const facts = await ratingStatisticsDataset.facts(db, INSTALLATION, clock.now());
    assert.ok(facts && facts.temporal, 'the demo has ratings');
    const rows = await jsonl<RatingStatisticsRow>(ratingStatisticsDataset, db, INSTALLATION, 'statistics.jsonl');
    const months = [...new Set(rows.map((r) => r.month))].sort();
    assert.ok(months.length >= 3);
    let compared = 0;
    for (const month of months) {
      const period = parsePeriod(month)!;
      const expected = (await tallies(db, { paths: null, from: period.from, to: period.to }, 'org')).map((x) => figuresOf(x, 3)).sort((a, b) => a.key.localeCompare(b.key));
      const got = rows.filter((r) => r.month === month).sort((a, b) => a.org_code.localeCompare(b.org_code));
      assert.deepEqual(got.map((r) => [r.org_code, r.count, r.very_satisfied, r.satisfied, r.basically_satisfied, r.dissatisfied, r.very_dissatisfied, r.bad_count, r.named_bad, r.named_bad_called_back, r.rectified, r.avg_rectify_days, r.mean_stars]),
        expected.map((f) => [f.key, f.count, f.counts.very_satisfied, f.counts.satisfied, f.counts.basically_satisfied, f.counts.dissatisfied, f.counts.very_dissatisfied, f.badCount, f.namedBad, f.namedBadCalledBack, f.rectified, f.avgRectifyDays, f.meanStars]), month);
      const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
      assert.deepEqual(got.map((r) => [r.good_rate, r.callback_rate, r.rectify_rate]), expected.map((f) => [pct(f.goodRate), pct(f.callbackRate), pct(f.rectifyRate)]), month);
      compared += expected.reduce((n, f) => n + f.count, 0);
    }
    assert.ok(compared > 50, `only ${compared} ratings compared`);
    assert.ok(rows.some((r) => r.bad_count > 0));
  });

  test('a government\'s files hold only its subtree; a government without data has no facts', async () => {
    const db = get().db;
    const cixian = scopes['130427']!;
    assert.ok(cixian && cixian.kind === 'government');
    const paths = new Map((await db.selectFrom('organisation').select(['code', 'path']).execute()).map((o) => [o.code, o.path]));
    const inside = (code: string) => paths.get(code)!.startsWith(cixian.government.path);
    const all = await jsonl<MessageStatisticsRow>(messageStatisticsDataset, db, INSTALLATION, 'statistics.jsonl');
    const mine = await jsonl<MessageStatisticsRow>(messageStatisticsDataset, db, cixian, 'statistics.jsonl');
    assert.ok(mine.length > 0 && mine.every((r) => inside(r.org_code)));
    assert.deepEqual(mine, all.filter((r) => inside(r.org_code)));
    const allRatings = await jsonl<RatingStatisticsRow>(ratingStatisticsDataset, db, INSTALLATION, 'statistics.jsonl');
    const myRatings = await jsonl<RatingStatisticsRow>(ratingStatisticsDataset, db, cixian, 'statistics.jsonl');
    assert.ok(myRatings.length > 0 && myRatings.every((r) => inside(r.org_code)));
    const key = (r: RatingStatisticsRow) => `${r.org_code} ${r.month}`;
    assert.deepEqual(myRatings.map(key).sort(), allRatings.filter((r) => inside(r.org_code)).map(key).sort());
    assert.ok(allRatings.some((r) => !inside(r.org_code)), 'other counties have ratings too');
    // A government with no messages (the demo's messages are 磁县's): not listed.
    const empty = Object.values(scopes).find((s) => s.kind === 'government' && !all.some((r) => paths.get(r.org_code)!.startsWith(s.government.path)));
    assert.ok(empty, 'a government without messages');
    assert.equal(await messageStatisticsDataset.facts(db, empty, clock.now()), null);
    assert.equal(await text(messageStatisticsDataset.open(db, empty, 'statistics.jsonl', clock.now())), '');
    // The catalogue lists 磁县's and the installation's, not the empty government's.
    const catalogue = new DatasetCatalogue({ db, clock, sources: DATASET_SOURCES, config: loadConfig({ DATA_DIR: 'data-test-unused' }).openData });
    const slugs = (await catalogue.all()).map((e) => e.slug);
    for (const slug of ['message-statistics', 'message-statistics-130427', 'rating-statistics', 'rating-statistics-130427']) assert.ok(slugs.includes(slug), slug);
    assert.ok(!slugs.includes(`message-statistics-${empty.kind === 'government' ? empty.government.code : ''}`));
    const entry = await catalogue.find('message-statistics-130427');
    assert.deepEqual(entry?.distributions.map((d) => d.path), ['/data/datasets/message-statistics-130427/statistics.csv', '/data/datasets/message-statistics-130427/statistics.jsonl']);
  });

  test('supervision-results: nothing before a bulletin is published; then its frozen table, for the installation and its government only', async () => {
    const db = get().db;
    assert.equal(await supervisionResultsDataset.facts(db, INSTALLATION, clock.now()), null);
    const gkb = await signIn(t.app, 'cixian.gkb');
    const bearer = async (u: string) => `Bearer ${await identityService.createApiToken({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, (await findUserByUsername(db, u))!.id, 'test')}`;
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/staff/supervision/bulletins', headers: { authorization: await bearer('cixian.gkb') }, payload: { office: '130427-gkb', year: 2026, quarter: 1 } });
    assert.equal(made.statusCode, 201, made.body);
    const id = 'TB2026Q1-130427-gkb';
    assert.equal((await postForm(t.app, `/staff/supervision/bulletins/${id}/publish`, gkb)).statusCode, 303);
    // submitted to 保密审查: not public yet
    assert.equal(await supervisionResultsDataset.facts(db, INSTALLATION, clock.now()), null);
    const b = await db.selectFrom('sv_bulletin').selectAll().where('public_id', '=', id).executeTakeFirstOrThrow();
    const d = await db.selectFrom('disclosure').select('id').where('index_no', '=', b.disclosure_ref!).executeTakeFirstOrThrow();
    const CLEAN = { state_secret: 'no', commercial_privacy: 'no', security_risk: 'no', internal_process: 'no', basis_sufficient: 'yes' };
    for (const [body, who] of [[{ type: 'approve', checklist: CLEAN, conclusion: '同意' }, 'cixian.reviewer'], [{ type: 'publish' }, 'cixian.gkb']] as const) {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/staff/disclosures/${d.id}/actions`, headers: { authorization: await bearer(who) }, payload: body });
      assert.equal(r.statusCode, 200, r.body);
    }
    const facts = await supervisionResultsDataset.facts(db, INSTALLATION, clock.now());
    assert.deepEqual(facts?.temporal, { start: '2026-01-01', end: '2026-03-31' });
    const content = JSON.parse(b.content_json) as { rows: { code: string; name: string; found: number; rectified: number; score: number | null; rank: number | null }[]; totals: { found: number; rectified: number } };
    const rows = await jsonl<SupervisionResultRow>(supervisionResultsDataset, db, INSTALLATION, 'results.jsonl');
    const units = rows.filter((r) => r.row_kind === 'unit');
    assert.deepEqual(units.map((r) => [r.org_code, r.org_name, r.problems_found, r.problems_rectified, r.score, r.rank]), content.rows.map((r) => [r.code, r.name, r.found, r.rectified, r.score, r.rank]));
    const total = rows.find((r) => r.row_kind === 'total')!;
    assert.deepEqual([total.problems_found, total.problems_rectified, total.bulletin_id, total.index_no, total.year, total.quarter], [content.totals.found, content.totals.rectified, id, b.disclosure_ref, 2026, 1]);
    assert.ok(units.length >= 3);
    // 磁县 publishes it; another county does not
    assert.ok(await supervisionResultsDataset.facts(db, scopes['130427']!, clock.now()));
    assert.equal(await supervisionResultsDataset.facts(db, scopes['440105']!, clock.now()), null);
    assert.equal((await jsonl(supervisionResultsDataset, db, scopes['440105']!, 'results.jsonl')).length, 0);
    const csv = await text(supervisionResultsDataset.open(db, scopes['130427']!, 'results.csv', clock.now()));
    assert.equal(csv.trimEnd().split('\r\n').length, rows.length + 1);
  });

  test('no file holds personal data: no phone numbers, no names of citizens, no message texts', async () => {
    const db = get().db;
    // The demo's messages carry phones and names in their contents and contact fields.
    const msg = await db.selectFrom('message').select(['title', 'contact_name', 'contact_phone', 'content']).where('contact_phone', 'is not', null).execute();
    assert.ok(msg.length > 0 || (await db.selectFrom('message').select('id').where('content', 'like', '%138%').executeTakeFirst()), 'the fixture has personal data to leak');
    const names = msg.map((m) => m.contact_name).filter((n): n is string => !!n && n.length >= 2);
    const titles = (await db.selectFrom('message').select('title').execute()).map((m) => m.title);
    const raters = (await db.selectFrom('rating').select('rater_name').where('rater_name', 'is not', null).execute()).map((r) => r.rater_name!).filter((n) => n.length >= 2);
    for (const source of [messageStatisticsDataset, ratingStatisticsDataset, supervisionResultsDataset]) {
      for (const scope of [INSTALLATION, scopes['130427']!]) {
        for (const d of source.distributions) {
          const body = await text(source.open(db, scope, d.file, clock.now()));
          assert.doesNotMatch(body, PHONE, `${source.key} ${d.file}`);
          for (const s of [...names, ...raters, ...titles]) assert.ok(!body.includes(s), `${source.key} ${d.file} holds 「${s}」`);
        }
      }
    }
  });
}, withDemo);

forEachDialect('open data: statistics datasets without data', (get) => {
  test('no messages, ratings or bulletins: no facts (the datasets are not listed) and empty files', async () => {
    const db = get().db;
    for (const source of [messageStatisticsDataset, ratingStatisticsDataset, supervisionResultsDataset]) {
      assert.equal(await source.facts(db, INSTALLATION, clock.now()), null, source.key);
      assert.equal((await text(source.open(db, INSTALLATION, source.distributions[1]!.file, clock.now()))), '', source.key);
    }
  });
});
