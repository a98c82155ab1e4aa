// Privacy of the location (issue 14 item 6): a message's public page, the public list and CSV and
// Open311 show only the township/village and coordinates rounded to 3 decimals, unless the citizen
// ticked 公开详细地址; staff see the typed address and the exact point.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { solveCaptchaForTest } from '../../src/platform/captcha/captcha.ts';
import { message, multipart, tokenFor } from '../support/interaction.ts';

const HOME = '磁县磁州镇阜才社区5号楼2单元301室';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

forEachDialect('interaction location privacy', (get) => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await buildTestApp(get());
    token = await tokenFor(get().db, 'cixian.minhu');
  });
  after(async () => t.app.close());

  /** Sends the public web (or kiosk) form; returns the new message's reference. */
  async function submitForm(over: Record<string, string>, kiosk = false): Promise<string> {
    const page = await t.app.inject({ url: kiosk ? '/interaction/kiosk' : '/interaction/messages/new', cookies: { gk_csrf: CSRF } });
    assert.equal(page.statusCode, 200);
    const captcha = /name="captcha_token" value="([^"]+)"/.exec(page.body)![1]!;
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page.body)![1]!;
    const mp = multipart({
      _csrf: CSRF, org: '130427', category: 'sanitation', region: '130427100001', title: '楼下垃圾无人清运', content: '楼下垃圾桶满溢多日无人清运，请尽快处理。', address: HOME,
      lat: '36.37123', lng: '114.37987', contact_name: '周女士', contact_phone: '13700001111', contact_email: '', is_public: 'yes', idempotency_key: key,
      captcha_token: captcha, captcha_answer: solveCaptchaForTest(captcha, t.clock.now()), ...over,
    });
    const res = await t.app.inject({ method: 'POST', url: kiosk ? '/interaction/kiosk' : '/interaction/messages', payload: mp.payload, headers: { ...mp.headers, cookie: `gk_csrf=${CSRF}` } });
    assert.equal(res.statusCode, 200, res.body.slice(0, 1500));
    return /(LY-\d{8}-[A-Z0-9]{5})/.exec(res.body)![1]!;
  }

  async function accept(ref: string) {
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/staff/messages/${ref}/actions`, headers: { authorization: `Bearer ${token}` }, payload: { type: 'accept', on: '2026-03-02' } });
    assert.equal(r.statusCode, 200, r.body);
  }

  const publicOutputs = async (ref: string) => {
    const page = await t.app.inject({ url: `/interaction/messages/${ref}` });
    assert.equal(page.statusCode, 200);
    const list = await t.app.inject({ url: `/interaction/messages?q=${encodeURIComponent(ref)}` });
    assert.match(list.body, new RegExp(ref));
    const csv = await t.app.inject({ url: `/interaction/messages.csv?q=${encodeURIComponent(ref)}` });
    const csvRow = csv.body.split('\r\n').find((l) => l.startsWith(ref)) ?? '';
    assert.ok(csvRow, csv.body);
    const json = await t.app.inject({ url: `/open311/v2/requests.json?service_request_id=${ref}` });
    const [doc] = json.json() as Record<string, unknown>[];
    assert.ok(doc, json.body);
    const xml = (await t.app.inject({ url: `/open311/v2/requests.xml?service_request_id=${ref}` })).body;
    const one = (await t.app.inject({ url: `/open311/v2/requests/${ref}.json` })).json()[0] as Record<string, unknown>;
    const oneXml = (await t.app.inject({ url: `/open311/v2/requests/${ref}.xml` })).body;
    return { page: page.body, list: list.body, csvRow, doc: doc as Record<string, unknown>, xml, one, oneXml };
  };

  test('by default the house number is on no public output; the township/village and ~100 m coordinates are; staff see it all', async () => {
    const ref = await submitForm({});
    const row = await get().db.selectFrom('message').selectAll().where('reference', '=', ref).executeTakeFirstOrThrow();
    assert.equal(row.address_public, 0);
    assert.equal(row.address, HOME);
    await accept(ref);
    const out = await publicOutputs(ref);
    for (const [where, text] of [['page', out.page], ['list', out.list], ['csv', out.csvRow], ['requests.json', JSON.stringify(out.doc)], ['requests.xml', out.xml], ['request json', JSON.stringify(out.one)], ['request xml', out.oneXml]] as const) {
      assert.doesNotMatch(text, /5号楼|301室/, `${where} shows the house number`);
      assert.doesNotMatch(text, /36\.37123|114\.37987/, `${where} shows the exact point`);
      assert.match(text, /磁州镇阜才社区/, `${where} shows the township and village`);
    }
    assert.match(out.page, /纬度 36\.371，经度 114\.38（约 100 米精度）/);
    assert.equal(out.doc.address, '磁州镇阜才社区');
    assert.equal(out.doc.lat, 36.371);
    assert.equal(out.doc.long, 114.38);
    assert.equal(out.doc.address_id, '130427100001');
    assert.deepEqual([out.one.lat, out.one.long, out.one.address], [36.371, 114.38, '磁州镇阜才社区']);
    assert.match(out.xml, /<address>磁州镇阜才社区<\/address><address_id>130427100001<\/address_id><zipcode><\/zipcode><lat>36\.371<\/lat><long>114\.38<\/long>/);
    assert.match(out.csvRow, /,磁州镇阜才社区,36\.371,114\.38$/);
    // staff: everything, and whether the citizen agreed to publish it
    const staff = await t.app.inject({ url: `/staff/messages/${ref}`, headers: { cookie: await signIn(t.app, 'cixian.minhu') } });
    assert.equal(staff.statusCode, 200);
    assert.match(staff.body, new RegExp(`${HOME}（36\\.37123, 114\\.37987）`));
    assert.match(staff.body, /详细地址不公开/);
  });

  test('ticked 公开详细地址: the typed address (ID and mobile numbers masked) and the exact point are public', async () => {
    const ref = await submitForm({ address_public: 'yes', address: `${HOME}（身份证130427199001011230）` }, true);
    assert.equal((await get().db.selectFrom('message').select('address_public').where('reference', '=', ref).executeTakeFirstOrThrow()).address_public, 1);
    await accept(ref);
    const out = await publicOutputs(ref);
    for (const [where, text] of [['page', out.page], ['list', out.list], ['csv', out.csvRow], ['requests.json', JSON.stringify(out.doc)], ['requests.xml', out.xml], ['request xml', out.oneXml]] as const) {
      assert.match(text, /阜才社区5号楼2单元301室（身份证130427\*{8}1230）/, `${where} shows the address, masked`);
      assert.doesNotMatch(text, /130427199001011230/, `${where} shows the ID number`);
    }
    assert.equal(out.doc.lat, 36.37123);
    assert.equal(out.doc.long, 114.37987);
    assert.match(out.page, /纬度 36\.37123，经度 114\.37987</);
    const staff = await t.app.inject({ url: `/staff/messages/${ref}`, headers: { cookie: await signIn(t.app, 'cixian.minhu') } });
    assert.match(staff.body, /130427199001011230/);
    assert.match(staff.body, /留言人同意公开详细地址/);
  });

  test('the form, the kiosk and the API offer the choice, off by default; a bad value is a 400 that stores nothing', async () => {
    for (const url of ['/interaction/messages/new', '/interaction/kiosk']) {
      const html = (await t.app.inject({ url })).body;
      assert.match(html, /<input type="checkbox" id="address_public" name="address_public" value="yes"[^>]*\/?>/);
      assert.doesNotMatch(/<input type="checkbox" id="address_public"[^>]*>/.exec(html)![0], /checked/);
      assert.match(html, /<label for="address_public">公开详细地址<\/label>/);
    }
    const apiDefault = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ location: { lat: 36.37123, lng: 114.37987, address: HOME } }), remoteAddress: '10.9.0.1' });
    assert.equal(apiDefault.statusCode, 201, apiDefault.body);
    const apiTicked = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ location: { lat: 36.37123, lng: 114.37987, address: HOME, address_public: true } }), remoteAddress: '10.9.0.1' });
    assert.equal(apiTicked.statusCode, 201, apiTicked.body);
    const flag = async (ref: string) => (await get().db.selectFrom('message').select('address_public').where('reference', '=', ref).executeTakeFirstOrThrow()).address_public;
    assert.equal(await flag(apiDefault.json().reference), 0);
    assert.equal(await flag(apiTicked.json().reference), 1);
    const before = await get().db.selectFrom('message').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: new URLSearchParams({ api_key: token, jurisdiction_id: '130427', service_code: 'sanitation', address_string: HOME, address_public: 'maybe', description: '垃圾无人清运' }).toString() });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json()[0].description, /address_public/);
    const after = await get().db.selectFrom('message').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('Open311 POST: address_public=true publishes address_string and the point; without it GET shows neither', async () => {
    const post = async (extra: Record<string, string>) => {
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: new URLSearchParams({ api_key: token, jurisdiction_id: '130427', service_code: 'sanitation', address_id: '130427100002', address_string: '磁县西城社区8号院', lat: '36.37104', long: '114.37406', description: '院内垃圾无人清运', ...extra }).toString() });
      assert.equal(res.statusCode, 200, res.body);
      const ref = res.json()[0].service_request_id as string;
      await accept(ref);
      return (await t.app.inject({ url: `/open311/v2/requests/${ref}.json` })).json()[0] as Record<string, unknown>;
    };
    const hidden = await post({});
    assert.deepEqual([hidden.address, hidden.lat, hidden.long], ['磁州镇西城社区', 36.371, 114.374]);
    const shown = await post({ address_public: 'true' });
    assert.deepEqual([shown.address, shown.lat, shown.long], ['磁县西城社区8号院', 36.37104, 114.37406]);
  });

  test('the duplicate hint answers from the rounded point, so probing cannot find the exact coordinates', async () => {
    const ref = await submitForm({ category: 'roads', region: '', lat: '36.37123', lng: '114.37987' });
    await accept(ref);
    const near = async (lat: number) => (await t.app.inject({ url: `/api/v1/messages/similar?org=130427&category=roads&lat=${lat}&lng=114.37987` })).json().messages.some((m: { reference: string }) => m.reference === ref);
    // 36.38124 − 0.01 = 36.37124 lies just above the message: an exact box would leave it out; the
    // rounded point 36.381 (box from 36.371) finds it — the answer depends only on the rounded point.
    assert.equal(await near(36.38124), true);
    assert.equal(await near(36.381), true);
    assert.equal(await near(36.3816), false); // rounds to 36.382: box from 36.372
  });

  test('the public search matches what the public sees: masked digits of a mobile or ID number cannot be found one by one', async () => {
    const ref = await submitForm({ title: '路灯不亮请回电', content: '夜里路灯全灭，回电13623456789，身份证130427199001011230。' });
    await accept(ref);
    const found = async (q: string) => {
      const list = await t.app.inject({ url: `/interaction/messages?q=${encodeURIComponent(q)}` });
      assert.equal(list.statusCode, 200);
      const csv = await t.app.inject({ url: `/interaction/messages.csv?q=${encodeURIComponent(q)}` });
      assert.equal(list.body.includes(ref), csv.body.includes(ref), `list and CSV agree for ${q}`);
      return list.body.includes(ref);
    };
    // what the page shows is found
    assert.equal(await found('回电136****6789'), true);
    assert.equal(await found('6789'), true);
    assert.equal(await found('130427********1230'), true);
    assert.equal(await found(ref), true);
    assert.equal(await found('路灯全灭'), true);
    // the hidden digits are not
    for (const q of ['回电1362', '回电13623', '13623456789', '23456', '1304271990', '19900101']) assert.equal(await found(q), false, q);
  });
}, withDemo);
