// 数据开放 (issue 23): /data, a dataset's page and its files over test-only sources
// (opendata-pages.fixture.ts): filters with counts, the page's facts, streamed files with ETag/304,
// gzip, HEAD, 404s (page and JSON), download counting, and a client that goes away mid-file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';
import { BIG_ROWS, ENDLESS_ROWS, installTestSources, type Probe } from './opendata-pages.fixture.ts';

forEachDialect('数据开放: the catalogue pages and files', (get) => {
  let t: TestApp;
  const probe: Probe = { opened: 0, closed: 0, produced: 0 };
  let undo: () => void;
  const count = async (slug: string, file: string) => {
    const r = await get().db.selectFrom('od_download').select(['n', 'org_code', 'month']).where('dataset_slug', '=', slug).where('file', '=', file).execute();
    return r.reduce((a, x) => a + Number(x.n), 0);
  };

  before(async () => {
    undo = installTestSources(probe);
    t = await buildTestApp(get());
    await t.app.ready();
  });
  after(async () => { await t.app.close(); undo(); });

  test('/data lists every government\'s datasets and the installation\'s, never one without data; filters by publisher, theme (code or label), format and words, with counts', async () => {
    const page = await t.app.inject('/data');
    assert.equal(page.statusCode, 200);
    const slugs = [...page.body.matchAll(/data-dataset="([^"]+)"/g)].map((m) => m[1]);
    for (const s of ['test-orgs', 'test-orgs-130427', 'test-orgs-440105', 'test-big']) assert.ok(slugs.includes(s), s);
    assert.ok(!slugs.includes('test-orgs-440309'), '龙华区 has no data there: not listed');
    assert.ok(!slugs.some((s) => s!.startsWith('test-empty')), 'a dataset without data is never listed');
    assert.match(page.body, /<option value="130427">磁县人民政府（1）<\/option>/);
    assert.match(page.body, /<option value="services">政务服务（1）<\/option>/);
    // the addresses programs read, and the open API list the portal's page had
    for (const href of ['/data/catalog.jsonld', '/api/3/action/package_list', '/data/regions', '/api/v1/openapi.json']) assert.ok(page.body.includes(`href="${href}"`), href);
    assert.match(page.body, /data-api="regions"><th scope="row">行政区划<\/th><td><code>\/api\/v1\/regions<\/code>/);
    assert.doesNotMatch(page.body, /\/api\/v1\/staff/);

    const only = async (qs: string) => [...(await t.app.inject(`/data?${qs}`)).body.matchAll(/<li data-dataset="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(await only('publisher=130427'), ['test-orgs-130427']);
    assert.deepEqual(await only('theme=services'), ['test-big']);
    assert.deepEqual(await only(`theme=${encodeURIComponent('政务服务')}`), ['test-big']);
    assert.deepEqual(await only('format=jsonl&publisher=platform'), ['test-orgs']);
    assert.deepEqual(await only(`q=${encodeURIComponent('大文件')}`), ['test-big']);
    assert.deepEqual(await only('theme=nonsense'), []);
    const none = await t.app.inject('/data?theme=nonsense&page=999999');
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /没有符合条件的数据集/);
    // with the publisher chosen, the theme counts are that publisher's
    assert.match((await t.app.inject('/data?publisher=platform')).body, /<option value="regions">行政区划与机构（1）<\/option>/);
  });

  test('a dataset\'s page: facts, licence, files with their links, how a program reads it, downloads per month; an unknown slug is a 404 page or {code, message}', async () => {
    const res = await t.app.inject('/data/datasets/test-big');
    assert.equal(res.statusCode, 200);
    const b = res.body;
    assert.match(b, /<h1>测试大文件（全平台）<\/h1>/);
    assert.match(b, /data-fact="licence"><dt>开放许可<\/dt><dd><a href="https:\/\/creativecommons.org\/licenses\/by\/4.0\/" rel="license">/);
    assert.match(b, /data-fact="frequency"><dt>更新频率<\/dt><dd>每日</);
    assert.match(b, /data-fact="temporal"><dt>时间范围<\/dt><dd>2025-01-01 至 2025-12-31</);
    assert.match(b, /data-fact="modified"><dt>最近更新<\/dt><dd>2026-02-02</);
    assert.match(b, new RegExp(`data-fact="rows"><dt>记录数</dt><dd>${BIG_ROWS} 条`));
    assert.match(b, /href="\/data\/datasets\/test-big\/big.csv" download/);
    assert.match(b, /流式生成/);
    assert.match(b, /href="\/api\/3\/action\/package_show\?id=test-big"/);
    assert.match(b, /<figure class="chart" id="dataset-usage-chart">/);
    assert.match(b, /<table class="chart-table">/, 'the chart has its table');
    assert.match((await t.app.inject('/data/datasets/test-orgs-130427')).body, /data-fact="publisher"><dt>发布机构<\/dt><dd><a href="\/data\?publisher=130427">磁县人民政府<\/a>/);

    for (const slug of ['no-such-dataset', 'test-orgs-440309', 'test-empty', '%E6%94%BF', 'a'.repeat(90)]) {
      const nf = await t.app.inject(`/data/datasets/${slug}`);
      assert.equal(nf.statusCode, 404, slug);
      assert.match(nf.body, /找不到这个数据集/);
      assert.match(nf.body, /href="\/data"/);
    }
    const json = await t.app.inject({ url: '/data/datasets/nope', headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 404);
    assert.deepEqual(json.json(), { code: 'dataset_not_found', message: json.json().message });
  });

  test('a file: streamed CSV with BOM, a readable Chinese file name, an ETag; If-None-Match → 304; HEAD answers headers only; each 200 GET is counted once', async () => {
    const before = await count('test-orgs-130427', 'orgs.csv');
    const res = await t.app.inject('/data/datasets/test-orgs-130427/orgs.csv');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(res.headers['content-disposition'], `attachment; filename*=UTF-8''${encodeURIComponent('磁县人民政府测试机构名录-orgs.csv')}; filename="test-orgs-130427-orgs.csv"`);
    assert.match(String(res.headers.vary), /Accept-Encoding/);
    const etag = String(res.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
    assert.ok(res.body.startsWith('\uFEFF机构代码,名称\r\n'));
    const rows = parseCsv(res.body.slice(1)).slice(1).filter((r) => r.length > 1);
    const orgs = await get().db.selectFrom('organisation').select('code').where('path', 'like', '/13/1304/130427/%').execute();
    assert.equal(rows.length, orgs.length, 'every organisation of the subtree, read in keyset batches of 50');
    assert.ok(rows.every((r) => r[0]!.startsWith('130427')));
    assert.equal(await count('test-orgs-130427', 'orgs.csv'), before + 1);
    const month = await get().db.selectFrom('od_download').select(['month', 'org_code']).where('dataset_slug', '=', 'test-orgs-130427').executeTakeFirstOrThrow();
    assert.deepEqual({ ...month }, { month: '2026-03', org_code: '130427' });

    const again = await t.app.inject({ url: '/data/datasets/test-orgs-130427/orgs.csv', headers: { 'if-none-match': `W/"x", ${etag}` } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    // another file of the same dataset, or another dataset, has another tag
    const other = await t.app.inject({ method: 'HEAD', url: '/data/datasets/test-orgs-130427/orgs.jsonl' });
    assert.notEqual(other.headers.etag, etag);
    assert.equal(other.headers['content-type'], 'application/x-ndjson; charset=utf-8');

    const opened = probe.opened;
    const head = await t.app.inject({ method: 'HEAD', url: '/data/datasets/test-big/big.csv' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    assert.match(String(head.headers.etag), /^"/);
    assert.equal(head.headers['last-modified'], 'Mon, 02 Feb 2026 03:04:05 GMT');
    assert.equal(probe.opened, opened, 'HEAD does not generate the file');
    assert.equal(await count('test-big', 'big.csv'), 0, 'neither HEAD nor 304 counts');
    assert.equal(await count('test-orgs-130427', 'orgs.csv'), before + 1);

    // the dataset page shows the download
    assert.match((await t.app.inject('/data/datasets/test-orgs-130427')).body, /data-total-downloads="1"/);
  });

  test('gzip when asked (and not when refused): the same bytes, another ETag, Vary; a large file comes whole', async () => {
    const plain = await t.app.inject('/data/datasets/test-orgs/orgs.jsonl');
    const gz = await t.app.inject({ url: '/data/datasets/test-orgs/orgs.jsonl', headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(String(gz.headers.vary), /Accept-Encoding/);
    assert.equal(zlib.gunzipSync(gz.rawPayload).toString('utf8'), plain.body);
    assert.equal(gz.headers.etag, String(plain.headers.etag).replace(/"$/, '-gz"'));
    assert.equal((await t.app.inject({ url: '/data/datasets/test-orgs/orgs.jsonl', headers: { 'if-none-match': String(gz.headers.etag), 'accept-encoding': 'gzip' } })).statusCode, 304);
    const refused = await t.app.inject({ url: '/data/datasets/test-orgs/orgs.jsonl', headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    assert.equal(refused.headers['content-encoding'], undefined);
    for (const line of plain.body.trimEnd().split('\n')) assert.ok(JSON.parse(line).code);

    const big = await t.app.inject({ url: '/data/datasets/test-big/big.csv', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(big.statusCode, 200);
    assert.ok(big.rawPayload.length < 2_000_000, `gzip made it small: ${big.rawPayload.length}`);
    const text = zlib.gunzipSync(big.rawPayload).toString('utf8');
    assert.equal(text.split('\r\n').length, BIG_ROWS + 2);
    assert.ok(text.includes("SX0199999,第199999行,'=1+1\r\n"), 'formula-safe to the last row');
  });

  test('an unknown file or dataset: a 404 page, or {code, message} for a program; not counted', async () => {
    for (const url of ['/data/datasets/test-big/nope.csv', '/data/datasets/test-big/..', '/data/datasets/nope/big.csv', '/data/datasets/test-empty/x.csv']) {
      const page = await t.app.inject(url);
      assert.equal(page.statusCode, 404, url);
      assert.match(String(page.headers['content-type']), /text\/html/);
      const json = await t.app.inject({ url, headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 404, url);
      assert.match(json.json().code, /^(file|dataset)_not_found$/);
      assert.ok(json.json().message.length > 5);
    }
    assert.equal(await count('test-big', 'nope.csv'), 0);
  });

  test('over a real connection: a client that leaves mid-file stops the generator; a source failing mid-stream cuts that connection only', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const { opened, closed } = probe;
    probe.produced = 0;
    // a client that reads one chunk and then stops reading: the server makes only what the socket takes
    const req = await new Promise<http.ClientRequest>((resolve) => {
      const r = http.get({ host: '127.0.0.1', port, path: '/data/datasets/test-big/endless.csv' }, (res) => {
        assert.equal(res.statusCode, 200);
        res.once('data', () => { res.pause(); resolve(r); });
      });
      r.on('error', () => undefined);
    });
    let last = -1;
    for (let i = 0; i < 100 && probe.produced !== last; i++) { last = probe.produced; await new Promise((r) => setTimeout(r, 30)); }
    assert.ok(probe.produced < ENDLESS_ROWS / 10, `only what the socket took was made (${probe.produced} of ${ENDLESS_ROWS} rows): backpressure`);
    req.destroy();
    for (let i = 0; i < 200 && probe.closed === closed; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(probe.opened, opened + 1);
    assert.equal(probe.closed, closed + 1, 'the client left: the generator was closed (its finally ran)');

    const broken = await new Promise<{ status: number; error: boolean; bytes: number }>((resolve) => {
      let bytes = 0;
      const req = http.get({ host: '127.0.0.1', port, path: '/data/datasets/test-big/broken.csv' }, (res) => {
        res.on('data', (c: Buffer) => { bytes += c.length; });
        res.on('end', () => resolve({ status: res.statusCode!, error: false, bytes }));
        res.on('error', () => resolve({ status: res.statusCode!, error: true, bytes }));
        res.on('aborted', () => resolve({ status: res.statusCode!, error: true, bytes }));
      });
      req.on('error', () => resolve({ status: 0, error: true, bytes }));
    });
    assert.equal(broken.status, 200);
    assert.ok(broken.error, 'the connection was cut, not ended as if complete');
    assert.ok(broken.bytes > 0);
    const ok = await t.app.inject('/data/datasets/test-orgs/orgs.csv');
    assert.equal(ok.statusCode, 200, 'the server still answers');
  });
}, withDemo);
