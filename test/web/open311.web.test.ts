// Open311 GeoReport v2, called the way an existing client (FixMyStreet's Open311 sender, a
// 311 app) calls it: form-encoded POST with api_key and attribute[code], GET with the spec's
// filters, JSON and XML with the spec's roots, errors as [{code, description}].
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { tokenFor } from '../support/interaction.ts';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

forEachDialect('open311', (get) => {
  let t: TestApp;
  let apiKey: string;
  before(async () => {
    t = await buildTestApp(get());
    apiKey = await tokenFor(get().db, 'cixian.minhu');
  });
  after(async () => t.app.close());

  test('discovery lists the v2 endpoint and both formats', async () => {
    const res = await t.app.inject({ url: '/open311/v2/discovery.json' });
    assert.equal(res.statusCode, 200);
    const d = res.json();
    assert.equal(d.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.match(d.endpoints[0].url, /\/open311\/v2$/);
    assert.deepEqual(d.endpoints[0].formats, ['text/xml', 'application/json']);
    const xml = await t.app.inject({ url: '/open311/v2/discovery.xml' });
    assert.match(xml.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<discovery>/);
  });

  test('services carry the spec fields; XML roots are <services><service>', async () => {
    const res = await t.app.inject({ url: '/open311/v2/services.json?jurisdiction_id=130427' });
    assert.equal(res.statusCode, 200);
    const roads = res.json().find((s: { service_code: string }) => s.service_code === 'roads');
    assert.deepEqual(Object.keys(roads).sort(), ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    assert.equal(roads.metadata, true);
    assert.equal(roads.type, 'realtime');
    const xml = await t.app.inject({ url: '/open311/v2/services.xml' });
    assert.match(String(xml.headers['content-type']), /text\/xml/);
    assert.match(xml.body, /<services><service><service_code>roads<\/service_code><service_name>道路交通<\/service_name>/);
  });

  test('a service definition lists the attributes; unknown codes are 404 [{code, description}]', async () => {
    const res = await t.app.inject({ url: '/open311/v2/services/roads.json' });
    assert.equal(res.statusCode, 200);
    const def = res.json();
    assert.equal(def.service_code, 'roads');
    assert.equal(def.attributes[0].code, 'road_kind');
    assert.equal(def.attributes[0].datatype, 'singlevaluelist');
    assert.equal(def.attributes[0].variable, true);
    assert.equal(def.attributes[0].order, 1);
    assert.deepEqual(def.attributes[0].values[1], { key: 'county', name: '县道' });
    const xml = await t.app.inject({ url: '/open311/v2/services/roads.xml' });
    assert.match(xml.body, /<service_definition><service_code>roads<\/service_code><attributes><attribute><variable>true<\/variable>/);
    const missing = await t.app.inject({ url: '/open311/v2/services/ufo.json' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(Object.keys(missing.json()[0]).sort(), ['code', 'description']);
    assert.equal(missing.json()[0].code, 404);
    const missingXml = await t.app.inject({ url: '/open311/v2/services/ufo.xml' });
    assert.match(missingXml.body, /<errors><error><code>404<\/code><description>/);
  });

  test('POST requests (form-encoded, api_key, attribute[]) → [{service_request_id, service_notice, account_id}]', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/open311/v2/requests.json', headers: FORM,
      payload: form({ api_key: apiKey, jurisdiction_id: '130427', service_code: 'roads', lat: '36.3931', long: '114.4562', 'attribute[road_kind]': 'county', description: '县道路面坑洼，雨天积水严重', first_name: '明', last_name: '王', phone: '13600001234', email: 'wang@example.com' }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const [created] = res.json();
    assert.deepEqual(Object.keys(created).sort(), ['account_id', 'service_notice', 'service_request_id']);
    assert.match(created.service_request_id, /^LY-/);
    const row = await get().db.selectFrom('message').selectAll().where('reference', '=', created.service_request_id).executeTakeFirstOrThrow();
    assert.equal(row.source, 'open311');
    assert.match(row.content, /【道路类别】县道/);
    // Not public before the dispatcher accepts it (like the public list: it may yet be marked sensitive).
    const early = await t.app.inject({ url: `/open311/v2/requests/${created.service_request_id}.json?jurisdiction_id=130427` });
    assert.equal(early.statusCode, 404);
    const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/staff/messages/${created.service_request_id}/actions`, headers: { authorization: `Bearer ${apiKey}` }, payload: { type: 'accept', on: '2026-03-02' } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    // GET it back: the spec's fields, open status, no personal data
    const one = await t.app.inject({ url: `/open311/v2/requests/${created.service_request_id}.json?jurisdiction_id=130427` });
    assert.equal(one.statusCode, 200);
    const r = one.json()[0];
    assert.deepEqual(Object.keys(r).sort(), ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode'].sort());
    assert.equal(r.status, 'open');
    assert.match(r.status_notes, /^已受理/);
    assert.match(r.requested_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    assert.equal(r.lat, 36.393); // rounded to ~100 m: the citizen did not tick 公开详细地址 (address_public)
    assert.doesNotMatch(one.body, /13600001234|wang@example\.com|王明/);
    const xml = await t.app.inject({ url: `/open311/v2/requests/${created.service_request_id}.xml` });
    assert.match(xml.body, /<service_requests><request><service_request_id>LY-/);
  });

  test('a message not yet accepted, or converted to a 依申请公开 application, is never in Open311 (list or by id)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ api_key: apiKey, jurisdiction_id: '130427', service_code: 'roads', address_string: '磁县滏阳路', description: '申请公开滏阳路改造工程的招标文件' }) });
    const id = res.json()[0].service_request_id as string;
    const listed = async () => (await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${id}` })).json().length;
    assert.equal(await listed(), 0);
    const converted = await t.app.inject({ method: 'POST', url: `/api/v1/staff/messages/${id}/actions`, headers: { authorization: `Bearer ${apiKey}` }, payload: { type: 'convert', on: '2026-03-02', applicant: { type: 'natural_person', id_number: '130427199001011230', delivery: 'pickup', name: '王明', phone: '13600001234' } } });
    assert.equal(converted.statusCode, 200, converted.body);
    assert.match(converted.json().application_ref, /^YSQ-/);
    assert.match(converted.json().application_tracking_code, /^[A-Z0-9]{8}$/);
    assert.equal(await listed(), 0);
    assert.equal((await t.app.inject({ url: `/open311/v2/requests/${id}.json` })).statusCode, 404);
    const closed = (await t.app.inject({ url: '/open311/v2/requests.json?status=closed' })).json();
    assert.ok(!closed.some((r: { service_request_id: string }) => r.service_request_id === id));
  });

  test('POST requests: an unreadable body is 400 and the 31st POST in 10 minutes from one address is 429, both as [{code, description}]', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, payload: '{bad', remoteAddress: '10.31.1.1' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json()[0].code, 400);
    const codes: number[] = [];
    let last = '';
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: FORM, payload: form({ service_code: 'roads' }), remoteAddress: '10.31.2.2' });
      codes.push(res.statusCode);
      last = res.body;
    }
    assert.deepEqual(codes.slice(0, 30), Array(30).fill(403));
    assert.equal(codes[30], 429);
    assert.match(last, /<errors><error><code>429<\/code><description>请求过于频繁/);
    const other = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ service_code: 'roads' }), remoteAddress: '10.31.3.3' });
    assert.equal(other.statusCode, 403, 'another address is not limited');
  });

  test('address_id is a 区划代码: it routes the request and comes back in GET', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ api_key: apiKey, service_code: 'sanitation', address_id: '130427100001', description: '社区垃圾桶满溢无人清理' }) });
    assert.equal(res.statusCode, 200, res.body);
    const id = res.json()[0].service_request_id;
    const row = await get().db.selectFrom('message').selectAll().where('reference', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.routed_org, '130427100001');
    assert.equal(row.org_code, '130427'); // the api_key holder's organisation (no jurisdiction_id given)
    await t.app.inject({ method: 'POST', url: `/api/v1/staff/messages/${id}/actions`, headers: { authorization: `Bearer ${apiKey}` }, payload: { type: 'accept', on: '2026-03-02' } });
    const back = (await t.app.inject({ url: `/open311/v2/requests/${id}.json` })).json()[0];
    assert.equal(back.address_id, '130427100001');
    const bad = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form({ api_key: apiKey, service_code: 'sanitation', address_id: '440309001001', description: '社区垃圾桶满溢无人清理' }) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json()[0].description, /辖区/);
  });

  test('POST errors: no api_key 403, bad key 403, unknown service 404, no location 400, bad attribute 400', async () => {
    const base = { jurisdiction_id: '130427', service_code: 'roads', lat: '36.39', long: '114.45', description: '路面坑洼' };
    const cases: [Record<string, string>, number, RegExp][] = [
      [base, 403, /api_key/],
      [{ ...base, api_key: 'gk_nope' }, 403, /api_key/],
      [{ ...base, api_key: apiKey, service_code: 'ufo' }, 404, /service_code/],
      [{ ...base, api_key: apiKey, lat: '', long: '' }, 400, /位置/],
      [{ ...base, api_key: apiKey, 'attribute[road_kind]': 'moon' }, 400, /road_kind/],
      [{ ...base, api_key: apiKey, lat: '48.85', long: '2.35' }, 400, /中国境内/],
      [{ ...base, api_key: apiKey, jurisdiction_id: 'nowhere' }, 404, /jurisdiction_id/],
    ];
    for (const [fields, status, re] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: form(fields) });
      assert.equal(res.statusCode, status, JSON.stringify(fields));
      assert.equal(res.json()[0].code, status);
      assert.match(res.json()[0].description, re);
    }
    const xml = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: FORM, payload: form(base) });
    assert.equal(xml.statusCode, 403);
    assert.match(xml.body, /<errors><error><code>403<\/code>/);
  });

  test('GET requests with the spec filters: service_request_id list, service_code, status, start/end date', async () => {
    const all = (await t.app.inject({ url: '/open311/v2/requests.json?start_date=2025-11-01T00:00:00%2B08:00&end_date=2026-01-29T00:00:00%2B08:00' })).json();
    assert.ok(all.length >= 10);
    assert.ok(all.every((r: { status: string }) => ['open', 'closed'].includes(r.status)));
    assert.ok(all.some((r: { status: string }) => r.status === 'closed'));
    const closed = (await t.app.inject({ url: '/open311/v2/requests.json?status=closed&start_date=2025-11-01T00:00:00Z&end_date=2026-01-29T00:00:00Z' })).json();
    assert.ok(closed.length > 0 && closed.every((r: { status: string }) => r.status === 'closed'));
    const lights = (await t.app.inject({ url: '/open311/v2/requests.json?service_code=street_lights&start_date=2025-11-01T00:00:00Z&end_date=2026-01-29T00:00:00Z' })).json();
    assert.ok(lights.length > 0 && lights.every((r: { service_code: string }) => r.service_code === 'street_lights'));
    const ids = all.slice(0, 2).map((r: { service_request_id: string }) => r.service_request_id);
    const byId = (await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${ids.join(',')}` })).json();
    assert.deepEqual(byId.map((r: { service_request_id: string }) => r.service_request_id).sort(), [...ids].sort());
    // service_request_id overrides all other arguments (GeoReport v2), even a far-away date range or the other status …
    const other = all[0].status === 'open' ? 'closed' : 'open';
    const overriding = (await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${ids[0]}&status=${other}&start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z` })).json();
    assert.deepEqual(overriding.map((r: { service_request_id: string }) => r.service_request_id), [ids[0]]);
    // … but not the jurisdiction: 磁县's requests are not 龙华区's.
    assert.deepEqual((await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${ids[0]}&jurisdiction_id=440309` })).json(), []);
    assert.equal((await t.app.inject({ url: `/open311/v2/requests/${ids[0]}.json?jurisdiction_id=440309` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/open311/v2/requests/${ids[0]}.json?jurisdiction_id=130427` })).statusCode, 200);
    // never the sensitive, private or 不予受理 ones; never contact data
    const body = JSON.stringify(all);
    assert.doesNotMatch(body, /家庭纠纷|出售各类发票|13812345678|张先生|李女士/);
    const tooWide = await t.app.inject({ url: '/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2026-01-29T00:00:00Z' });
    assert.equal(tooWide.statusCode, 400);
    assert.equal((await t.app.inject({ url: '/open311/v2/requests.json?status=maybe' })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/open311/v2/requests/LY-00000000-XXXXX.json' })).statusCode, 404);
    const xml = await t.app.inject({ url: '/open311/v2/requests.xml?status=closed&start_date=2025-11-01T00:00:00Z&end_date=2026-01-29T00:00:00Z' });
    assert.match(xml.body, /^<\?xml[^>]+>\n<service_requests><request>/);
    const unknown = await t.app.inject({ url: '/open311/v2/nothing.json' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json()[0].code, 404);
  });
}, withDemo);
