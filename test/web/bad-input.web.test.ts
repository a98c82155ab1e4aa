// Bad input at the server's boundary (issue 14, item 3): every query field is one value (a
// repeated key is read as its first value), every multipart route turns a malformed, truncated or
// boundary-less body into a 400, a NUL character is dropped, and a raw UTF-8 request
// target — refused by Node's HTTP parser — is answered like its percent-encoded form. The raw
// requests go over a real socket, since inject() never meets Node's parser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { message, multipart, tokenFor } from '../support/interaction.ts';
import { dropNul, parseQueryString } from '../../src/platform/web/query.ts';
import { percentEncodeTarget, readRawRequest } from '../../src/platform/web/client-error.ts';
import { validationDetails } from '../../src/platform/web/server.tsx';

/** Sends raw bytes to the listening app and reads the whole answer (the server closes). */
function rawRequest(port: number, bytes: Buffer): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = all.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const utf8Get = (target: string, extra = '') => Buffer.concat([Buffer.from('GET '), Buffer.from(target, 'utf8'), Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n${extra}\r\n`)]);

test('the query reader: single values (the first of a repeated key), decoded like a form', () => {
  const q = parseQueryString('q=%E6%94%BF%E5%8A%A1+%E5%85%AC%E5%BC%80&type=&a[]=1&bad=%E4%B8&x=%zz%41&type=2&q=other');
  assert.deepEqual({ ...q }, { q: '政务 公开', type: '', 'a[]': '1', bad: '%E4%B8', x: '%zzA' });
  assert.equal(Object.getPrototypeOf(parseQueryString('__proto__=1')), null);
  const body = { a: 'x\u0000y', list: ['\u0000', { 'k\u0000': 'v\u0000' }], file: Buffer.from([0, 1]) };
  assert.deepEqual(dropNul(body), { a: 'xy', list: ['', { k: 'v' }], file: Buffer.from([0, 1]) });
  assert.equal(dropNul('\u0000政务'), '政务');
});

test('a raw request line is read with its target percent-encoded; an incomplete one is not', () => {
  assert.equal(percentEncodeTarget(Buffer.from('/s?type=政务 x\u0001', 'utf8')), '/s?type=%E6%94%BF%E5%8A%A1%20x%01');
  const r = readRawRequest(Buffer.from('POST /a?q=政务 HTTP/1.1\r\nHost: h\r\nCookie: a=1\r\ncookie: b=2\r\nContent-Length: 3\r\n\r\nabc', 'utf8'));
  assert.deepEqual(r && { ...r, body: r.body.toString() }, { method: 'POST', url: '/a?q=%E6%94%BF%E5%8A%A1', headers: { host: 'h', cookie: 'a=1; b=2', 'content-length': '3' }, body: 'abc' });
  assert.deepEqual(readRawRequest(Buffer.from('GET /a?q=政务 HTTP/1.0\r\n\r\n', 'utf8')), { method: 'GET', url: '/a?q=%E6%94%BF%E5%8A%A1', headers: {}, body: Buffer.alloc(0) }, 'HTTP/1.0 without a header');
  assert.equal(readRawRequest(Buffer.from('GET /a?q=政务 HTTP/1.1\r\nHost: h\r\n', 'utf8')), null, 'headers not ended');
  assert.equal(readRawRequest(Buffer.from('POST /a?q=政务 HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc', 'utf8')), null, 'body cut short');
  assert.equal(readRawRequest(Buffer.from('POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n')), null, 'chunked');
  assert.equal(readRawRequest(Buffer.from('GET http://evil/a?q=政务 HTTP/1.1\r\n\r\n', 'utf8')), null, 'absolute form');
});

forEachDialect('bad input at the boundary', (get) => {
  let t: TestApp;
  let admin: string;
  let reference: string;
  before(async () => {
    t = await buildTestApp(get());
    await t.app.ready();
    admin = await signIn(t.app, 'admin');
    const row = await get().db.selectFrom('application_case').select('reference').where('org_code', '=', '130427').executeTakeFirstOrThrow();
    reference = row.reference;
  });
  after(async () => t.app.close());

  test('a repeated query key is read as its first value: the pages, CSV, staff exports and API that answered 500', async () => {
    const same = `gk_csrf=${CSRF}`;
    for (const [twice, once, cookie] of [
      ['/interaction/messages?q=1&q=2', '/interaction/messages?q=1', same],
      ['/interaction/messages.csv?q=时光&q=2', '/interaction/messages.csv?q=时光', same],
      ['/staff/catalogs/export?org=130427&org=B&format=csv', '/staff/catalogs/export?org=130427&format=csv', admin],
      ['/staff/catalogs/export?org=A&org=B', '/staff/catalogs/export?org=A', admin],
      ['/staff/reports/annual/open?org=A&org=B&year=2026', '/staff/reports/annual/open?org=A&year=2026', admin],
      ['/staff/reports/annual/open?org=130427&org=B&year=2025&year=x', '/staff/reports/annual/open?org=130427&year=2025', admin],
      ['/staff/users?q=cixian&q=b', '/staff/users?q=cixian', admin],
    ] as const) {
      const a = await t.app.inject({ url: encodeURI(twice), headers: { cookie } });
      const b = await t.app.inject({ url: encodeURI(once), headers: { cookie } });
      assert.ok(a.statusCode < 500, `${twice} → ${a.statusCode}`);
      assert.equal(a.statusCode, b.statusCode, twice);
      assert.equal(a.headers.location, b.headers.location, twice);
      if (!String(a.headers['content-type']).includes('spreadsheetml')) assert.equal(a.body, b.body, twice);
    }
    const api = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('身份证')}&limit=5&q=x&limit=abc` });
    const apiOnce = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('身份证')}&limit=5` });
    assert.equal(api.statusCode, 200);
    assert.ok(apiOnce.json().total > 0);
    assert.deepEqual({ ...(api.json() as object), took_ms: 0 }, { ...(apiOnce.json() as object), took_ms: 0 });
    // Array-looking keys are just other (unknown) names.
    for (const url of ['/api/v1/search?q[]=a&q[b]=c', '/api/v1/search?q=a&q[]=b']) assert.equal((await t.app.inject({ url })).statusCode, 200, url);
  });

  test('a NUL character in a body is dropped before any route sees it (PostgreSQL cannot store it); in a query or path it is 400 invalid_character', async () => {
    const body = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: message({ title: '时光街\u0000路灯不亮' }), remoteAddress: '10.77.0.1' });
    assert.equal(body.statusCode, 201, body.body);
    const row = await get().db.selectFrom('message').select('title').where('reference', '=', body.json().reference).executeTakeFirstOrThrow();
    assert.equal(row.title, '时光街路灯不亮');
    const api = await t.app.inject({ url: '/api/v1/search?q=a%00b' });
    assert.equal(api.statusCode, 400);
    assert.deepEqual(api.json(), { code: 'invalid_character', message: '参数「q」含有不允许的控制字符（NUL）' });
    // Open311 POSTs answer it in Open311's own format.
    const o311 = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json?x=%00', payload: { api_key: 'x' } });
    assert.equal(o311.statusCode, 400);
    assert.deepEqual(o311.json(), [{ code: 400, description: '参数「x」含有不允许的控制字符（NUL）' }]);
    for (const url of ['/api/v1/regions/130427%00', '/interaction/messages?q=a%00b', '/openness/disclosures/org/130427%00', '/openness/catalogs/coverage/%00', '/staff/applications/statistics?org=a%00b']) {
      const res = await t.app.inject({ url, headers: { cookie: admin } });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, /含有不允许的控制字符/, url);
    }
  });

  test('every multipart route turns a boundary-less, truncated or malformed body into a 400 with its own message', async () => {
    const boundary = '----gongkaitest7MA4YWxkTrZu0gW';
    const good = multipart({ _csrf: CSRF, title: '路灯' }, [{ field: 'photo1', name: 'a.png', type: 'image/png', data: Buffer.from('x') }]);
    const whole = good.payload;
    // A part whose header has no colon: @fastify/busboy skips that part (it has no "Malformed part
    // header" error), so the route sees only the _csrf part and refuses the form for what is missing.
    const malformed = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${CSRF}\r\n--${boundary}\r\nno colon here\r\n\r\nx\r\n--${boundary}--\r\n`);
    const gkb = await signIn(t.app, 'cixian.gkb');
    const editor = await signIn(t.app, 'cixian.editor');
    const visitor = `gk_csrf=${CSRF}`;
    const unreadable = /上传的表单数据不完整或格式不正确/;
    // Each route with a user allowed to post there, the message for a body that cannot be read,
    // and the route's own refusal of a form whose only readable part is _csrf.
    const routes: [url: string, cookie: string, broken: RegExp, empty: RegExp][] = [
      ['/interaction/messages', visitor, unreadable, /请选择受理单位/],
      ['/interaction/kiosk', visitor, unreadable, /请选择受理单位/],
      [`/staff/applications/${reference}/attachments`, gkb, unreadable, /请选择要上传的送达回执文件/],
      ['/staff/catalogs/import', admin, /上传的内容不完整或格式不正确/, /请选择要导入的 \.xlsx 或 \.csv 文件/],
      ['/staff/reports/annual/import', gkb, /请选择 XLSX 文件或粘贴 HTML 表格/, /请填写机关代码/],
      ['/staff/disclosures/1/attachments', editor, /上传内容不完整或格式不正确/, /请选择要上传的文件/],
      ['/staff/reports/annual/130427/2025/figures', editor, /请选择 XLSX 文件或粘贴 HTML 表格/, /请选择 XLSX 文件或粘贴 HTML 表格/],
    ];
    for (const [url, cookie, broken, empty] of routes) {
      for (const b of [
        { label: 'no boundary', headers: { 'content-type': 'multipart/form-data' }, payload: whole, text: broken },
        { label: 'truncated', headers: good.headers, payload: whole.subarray(0, whole.length - 30), text: broken },
        { label: 'malformed part header', headers: good.headers, payload: malformed, text: empty },
      ]) {
        const res = await t.app.inject({ method: 'POST', url, headers: { ...b.headers, cookie }, payload: b.payload });
        assert.equal(res.statusCode, 400, `${url} ${b.label}`);
        assert.match(res.body, b.text, `${url} ${b.label}`);
      }
    }
    // Too many files for the route's limit: 413 with a Chinese message, not 500.
    const files = ['receipt', 'b', 'c'].map((f) => ({ field: f, name: `${f}.pdf`, type: 'application/pdf', data: Buffer.from('%PDF-1.4\n') }));
    const many = multipart({ _csrf: CSRF }, files);
    const res = await t.app.inject({ method: 'POST', url: `/staff/applications/${reference}/attachments`, headers: { ...many.headers, cookie: gkb }, payload: many.payload });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /上传的文件或字段过多/);
  });

  test('a number that overflows to Infinity (1e309) or is NaN is refused by the schema, never sent to the database', async () => {
    for (const url of ['/api/v1/calendar/years/1e309', '/api/v1/calendar/years/-1e309', '/api/v1/calendar/years/NaN', '/api/v1/calendar/working-days?start=2026-03-02&days=1e309']) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().code, 'validation_failed', url);
    }
    assert.equal((await t.app.inject({ url: '/api/v1/calendar/years/2026' })).statusCode, 200);
  });

  test('a JSON body that is an array, a string or null where an object is expected is a 400', async () => {
    for (const payload of ['[1,2]', '"text"', 'null', '42']) {
      for (const url of ['/api/v1/messages', '/api/v1/applications']) {
        const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
        assert.equal(res.statusCode, 400, `${url} ${payload} → ${res.body}`);
        assert.equal(res.json().code, 'validation_failed', `${url} ${payload}`);
        assert.match(res.json().message, /^请求参数不正确：「请求体」应为对象$/, `${url} ${payload}`);
      }
    }
  });

  test('schema refusals are said in Chinese, once per field (no validator English, a union of values said once)', async () => {
    const token = await tokenFor(get().db, 'cixian.gkb');
    const list = await t.app.inject({ url: '/api/v1/staff/applications?list=garbage', headers: { authorization: `Bearer ${token}` } });
    assert.equal(list.statusCode, 400);
    // an enum is parsed by the shared parser (code or Chinese label): refused once, naming the field and its values
    assert.equal(list.json().code, 'invalid_list');
    assert.match(list.json().message, /^参数 list 的值「garbage」无效，应填代码或中文名称之一：due_soon（3 个工作日内到期）、/);
    // a union of values (none is left in the API's schemas) is still said once by the validator's translation
    assert.deepEqual(validationDetails([{ instancePath: '/mode', keyword: 'const' }, { instancePath: '/mode', keyword: 'const' }, { instancePath: '/mode', keyword: 'anyOf' }]), ['「mode」的值不在允许的范围内']);
    const days = await t.app.inject({ url: '/api/v1/calendar/working-days?start=2026-03-02&days=abc' });
    assert.equal(days.statusCode, 400);
    assert.doesNotMatch(days.json().message, /[a-z]{4,} (must|should)|must |should /);
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/messages', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().message, /^请求参数不正确：缺少「[a-z_]+」/);
    assert.doesNotMatch(missing.json().message, /must|should/);
  });

  test('over a real socket: a raw UTF-8 query string is read like its percent-encoded form; other parser errors answer Chinese JSON', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const raw = await rawRequest(port, utf8Get('/api/v1/search?q=身份证&type=item'));
    const encoded = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent('身份证')}&type=item` });
    assert.equal(encoded.statusCode, 200);
    assert.ok(encoded.json().total > 0, 'the search finds something, so the comparison means something');
    assert.equal(raw.status, 200);
    assert.equal(raw.headers['connection'], 'close');
    const { took_ms: _a, ...rawBody } = JSON.parse(raw.body) as Record<string, unknown>;
    const { took_ms: _b, ...encodedBody } = encoded.json() as Record<string, unknown>;
    assert.deepEqual(rawBody, encodedBody);
    // A page, as in the issue: the service map filtered by a venue type typed unencoded.
    const page = await rawRequest(port, utf8Get('/services/map?type=政务服务中心'));
    const pageEncoded = await t.app.inject({ url: `/services/map?type=${encodeURIComponent('政务服务中心')}` });
    assert.equal(page.status, pageEncoded.statusCode);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    // A repeated key sent raw: the first value, as when sent encoded.
    const twice = await rawRequest(port, utf8Get('/api/v1/search?q=身份证&type=item&q=公开'));
    assert.equal(twice.status, 200);
    assert.deepEqual({ ...JSON.parse(twice.body), took_ms: 0 }, { ...rawBody, took_ms: 0 });
    // Pipelined behind an ordinary request (both in one packet): that request is answered first,
    // then the refusal, each to its own request.
    const both = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from('GET /api/v1/search?q=a HTTP/1.1\r\nHost: x\r\n\r\n'), utf8Get('/api/v1/search?q=政务')])));
      socket.on('data', (d) => chunks.push(d));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    assert.deepEqual(both.match(/HTTP\/1\.1 \d+/g), ['HTTP/1.1 200', 'HTTP/1.1 400'], both.slice(0, 500));
    // What cannot be read at all: a Chinese {code, message}, never Fastify's bare English body.
    for (const bytes of [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'), Buffer.from('GET /a b c HTTP/1.1\r\n\r\n'), Buffer.concat([Buffer.from('GET /?q='), Buffer.from('政务'), Buffer.from(' HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')])]) {
      const res = await rawRequest(port, bytes);
      assert.equal(res.status, 400, bytes.toString());
      const json = JSON.parse(res.body) as { code: string; message: string };
      assert.ok(['bad_request', 'bad_url'].includes(json.code), json.code);
      assert.match(json.message, /[\u4e00-\u9fff]/);
    }
  });
}, withDemo);
