// Fuzz: thousands of generated bad requests across EVERY registered route (read from the router,
// so a route added later is fuzzed too), signed out and signed in as an administrator, a staff
// member and a case handler. Repeated and array parameters, malformed JSON, malformed, truncated
// and boundary-less multipart, huge and control-character strings, bad dates and numbers, path
// tricks. Nothing may answer 5xx. The generator is seeded, so a failure is reproducible: the
// failure list names every request as "METHOD url → status". route-guards.web.test.ts checks
// sign-in guards and a first junk sweep; this file goes wide with generated input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

/** Requests sent per dialect (at least 5,000). */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 5400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

/** mulberry32: a small deterministic generator, so every run sends the same requests. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const HUGE = 'a'.repeat(100 * 1024);
const HUGE_CJK = '政务公开'.repeat(25 * 1024);
/** Bad values as text (put into bodies as they are; into URLs percent-encoded). */
const BAD_TEXT = [
  '', ' ', '\u0000', 'a\u0000b', '\u202e\u202dabc', '\u0001\u001f\u007f', '\ud800', 'x\udfffy', '\uffff', '\r\n\r\nX-Injected: 1',
  '2026-02-30', '99999-01-01', '2026-13-01', '0000-00-00', '2026-2-3', '2026-03-02T25:61:00Z', '1970-01-01', '9999-12-31',
  '1e309', '-0', 'NaN', '0x10', 'Infinity', '-1', '99999999999999999999', '1.5', ' 1 ', '٣', '0', '2147483648', '-2147483649', '1e3',
  '../../etc/passwd', '..\\..\\windows', '<script>alert(1)</script>', "' OR '1'='1' --", '"; drop table x; --', '${7*7}', '{{7*7}}',
  '[]', '{}', 'null', 'true', '__proto__', 'constructor', 'prototype', '政务服务中心', '😀🀄', '\t', '%', '%%', '%zz', '+',
  '130427', '440309', '13', '2026', '2025', 'admin', 'xlsx', 'csv', 'json', 'xml', 'rss', 'atom', 'docx',
];
/** Raw (already encoded, sometimes wrongly) pieces for URLs: bad escapes, lone surrogates, NUL. */
const BAD_URL_RAW = ['%00', '%E4%B8', '%ED%A0%80', '%FF%FE', '%C0%AE%C0%AE', '%2e%2e', '%2F', '%5C', '%25', '%', '%zz', '%0d%0a', '%E2%80%AE', '..', '.', ''];
/** Path parameter values: tricks and junk. */
const PATH_TRICKS = ['..', '%2e%2e', '..%2F..%2Fetc%2Fpasswd', '%2F', 'a%2Fb', '%00', 'a%00b', '%', '%zz', '%E4%B8', '%ED%A0%80', '-1', '0', '1.5', '1e309', 'NaN', '0x10', '99999999999999999999', '2026-02-30', '99999-01-01', 'a'.repeat(101), 'abc', '%E6%94%BF%E5%8A%A1', '%20', '%2e', 'null', '__proto__', 'constructor', '.json', 'x.xml', 'report.docx'];
const COMMON_NAMES = ['q', 'org', 'year', 'page', 'type', 'category', 'month', 'from', 'to', 'start', 'days', 'lat', 'lng', 'limit', 'format', 'by', 'state', 'view', 'domain', 'list', 'drafts', 'radius_km', 'near', 'open_now', 'tracking_code', 'region', 'id', 'date', 'next', 'reference', 'code', 'name', 'title', 'content', 'file', 'api_key', 'service_code', 'service_request_id', 'jurisdiction_id', 'status', 'start_date', 'end_date', 'recent', 'hint_region', 'provisional', 'kind', 'action', 'reason'];

function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be encoded: send its (invalid) UTF-8 bytes
  }
}

function badText(r: Rng): string {
  if (r.chance(0.02)) return r.chance(0.5) ? HUGE : HUGE_CJK;
  return r.pick(BAD_TEXT);
}

/** A JSON value of a wrong or odd shape. */
function badJsonValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 1 ? 6 : 9)) {
    case 0: return badText(r);
    case 1: return r.pick([0, -1, 1.5, 1e308, -0, 2147483648, Number.MAX_SAFE_INTEGER + 2]);
    case 2: return null;
    case 3: return r.chance(0.5);
    case 4: return [];
    case 5: return r.pick(['130427', '2026-03-02', '1', '政务']);
    case 6: return [badJsonValue(r, depth + 1), badJsonValue(r, depth + 1)];
    case 7: return { [r.pick(COMMON_NAMES)]: badJsonValue(r, depth + 1) };
    default: return { __proto__: { polluted: 1 } };
  }
}

interface Fuzzed {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const CRLF = '\r\n';
function multipart(r: Rng, names: string[]): { contentType: string; body: string | Buffer; label: string } {
  const b = `----fuzz${r.int(1e9)}`;
  const part = (name: string, value: string | Buffer, file?: string) =>
    Buffer.concat([Buffer.from(`--${b}${CRLF}Content-Disposition: form-data; name="${name}"${file !== undefined ? `; filename="${file}"` : ''}${CRLF}${file !== undefined ? `Content-Type: application/octet-stream${CRLF}` : ''}${CRLF}`), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from(CRLF)]);
  const fields = [part('_csrf', CSRF), ...names.map((n) => part(n, badText(r)))];
  const fileNames = ['file', 'photo1', 'photo2', 'receipt', 'figures'];
  const withFile = Buffer.concat([...fields, part(r.pick(fileNames), r.pick([Buffer.from('PK\u0003\u0004garbage'), Buffer.from('%PDF-1.7\n%%EOF'), Buffer.alloc(0), Buffer.from([0xff, 0xd8, 0xff, 0x00]), Buffer.from(HUGE.slice(0, 5000))]), r.pick(['a.xlsx', 'b.pdf', '../../x.docx', '\u0000.png', '政务.jpg', '', 'a'.repeat(300)]))]);
  const end = Buffer.from(`--${b}--${CRLF}`);
  switch (r.int(9)) {
    case 0: return { contentType: 'multipart/form-data', body: Buffer.concat([withFile, end]), label: 'multipart without boundary' };
    case 1: {
      const whole = Buffer.concat([withFile, end]);
      return { contentType: `multipart/form-data; boundary=${b}`, body: whole.subarray(0, Math.max(1, r.int(whole.length - 1))), label: 'multipart truncated' };
    }
    case 2: return { contentType: `multipart/form-data; boundary=${b}`, body: `--${b}${CRLF}Garbage header without colon${CRLF}${CRLF}abc${CRLF}--${b}--${CRLF}`, label: 'multipart malformed part header' };
    case 3: return { contentType: `multipart/form-data; boundary=other`, body: Buffer.concat([withFile, end]), label: 'multipart boundary mismatch' };
    case 4: return { contentType: `multipart/form-data; boundary=${b}`, body: '', label: 'multipart empty' };
    case 5: return { contentType: `multipart/form-data; boundary=${b}`, body: Buffer.concat([part('_csrf', CSRF), ...Array.from({ length: 80 }, (_, i) => part(`f${i}`, 'x')), end]), label: 'multipart too many fields' };
    case 6: return { contentType: `multipart/form-data; boundary=${b}`, body: Buffer.concat([part('_csrf', CSRF), ...fileNames.map((f) => part(f, 'x', 'x.bin')), part('file', 'y', 'y.bin'), end]), label: 'multipart too many files' };
    case 7: return { contentType: `multipart/form-data; boundary="${b}"; charset=gb18030`, body: Buffer.concat([fields[0]!, part('__proto__', 'x'), part('constructor', 'y'), end]), label: 'multipart prototype names' };
    default: return { contentType: `multipart/form-data; boundary=${b}`, body: Buffer.concat([withFile, end]), label: 'multipart with bad fields and a junk file' };
  }
}

/** One bad body for a write, with its content type. */
function badBody(r: Rng, names: string[]): { contentType?: string; body: string | Buffer; label: string } {
  switch (r.int(8)) {
    case 0:
    case 1: {
      const pairs = [`_csrf=${CSRF}`, ...names.map((n) => `${enc(n)}=${enc(badText(r))}`)];
      if (r.chance(0.4)) pairs.push(`${enc(names[0] ?? 'a')}=1`, `${enc(names[0] ?? 'a')}=2`);
      if (r.chance(0.3)) pairs.push('a[]=1', 'a[b]=1', `${enc(names[0] ?? 'q')}[]=x`);
      return { contentType: 'application/x-www-form-urlencoded', body: pairs.join('&'), label: 'form' };
    }
    case 2: return { contentType: 'application/json', body: r.pick(['{', '{"a":', '{"a":1,}', "{'a':1}", '', ' ', 'undefined', '\u0000', '{"a":"\\ud800"}', '[' .repeat(5000), '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '1e309', '"\\u0000"']), label: 'malformed JSON' };
    case 3: return { contentType: 'application/json', body: JSON.stringify(r.pick([[], [1, 2], 'text', null, 0, true, [{}]])), label: 'JSON not an object' };
    case 4: return { contentType: 'application/json', body: JSON.stringify(Object.fromEntries([['_csrf', CSRF], ...names.map((n) => [n, badJsonValue(r)])])), label: 'JSON wrong types' };
    case 5:
    case 6: { const m = multipart(r, names); return { contentType: m.contentType, body: m.body, label: m.label }; }
    default: return r.pick([
      { contentType: 'text/plain', body: `_csrf=${CSRF}`, label: 'text/plain' },
      { contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', label: 'XML' },
      { contentType: 'application/x-www-form-urlencoded; charset=gb18030', body: Buffer.from([0x5f, 0x63, 0x73, 0x72, 0x66, 0x3d, 0xff, 0xfe, 0x80]), label: 'form with bad bytes' },
      { contentType: 'application/octet-stream', body: Buffer.from([0, 1, 2, 3]), label: 'octet-stream' },
      { body: `_csrf=${CSRF}`, label: 'no content type' },
      { contentType: 'application/json; charset=utf-16', body: '{}', label: 'JSON utf-16 declared' },
    ]);
  }
}

/** A bad query string: repeated and array keys, huge and control-character values, bad escapes. */
function badQuery(r: Rng, names: string[], routeNames: string[]): string {
  const pairs: string[] = [];
  // Every name the route's own page and links use, each sent twice with plausible values.
  if (r.chance(0.15)) {
    for (const n of new Set([...routeNames, ...names])) pairs.push(`${enc(n)}=${r.pick(['130427', '2026', '1', 'a'])}`, `${enc(n)}=${r.pick(['440309', '2025', '2', '政务服务中心'])}`);
    return pairs.join('&');
  }
  if (routeNames.length && r.chance(0.5)) names = [...names, ...routeNames.filter(() => r.chance(0.5))];
  for (const n of names) pairs.push(`${enc(n)}=${r.chance(0.15) ? r.pick(BAD_URL_RAW) : enc(badText(r))}`);
  if (r.chance(0.12)) { const n = r.pick(names.length ? names : COMMON_NAMES); pairs.push(`${enc(n)}=1`, `${enc(n)}=2`); }
  if (r.chance(0.15)) pairs.push(r.pick(['a[]=1', 'a[b]=1', 'q[]=x&q[]=y', 'org[0]=13', 'year[$gt]=1', '=x', '&&', '==', 'q', 'q=a=b']));
  return pairs.join('&');
}

/** The route's URL with its parameters from `values` or, when none is given, path tricks. */
function fillPath(r: Rng, pattern: string, known: Map<string, string[]>): string {
  let url = pattern.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const real = known.get(name);
    if (real?.length && r.chance(0.45)) return real[r.int(real.length)]!;
    return r.pick(PATH_TRICKS);
  });
  if (url.endsWith('*')) url = url.slice(0, -1) + r.pick(['', '..%2F..%2Fpackage.json', '../../../etc/passwd', '%2e%2e/%2e%2e/x', 'x%00.js', '//x', 'a/b/c/d', '%E4%B8', 'app.css', '.%2e/x']);
  if (r.chance(0.08)) url = r.pick([url.replace(/^\//, '//'), `${url}/`, `${url}/..`, url.replace(/\//g, '/./'), `${url}%00`, `${url};x=1`, url.toUpperCase()]);
  return url;
}

forEachDialect('fuzz: no 5xx from bad input', (get) => {
  let t: TestApp;
  let routes: { method: string; url: string }[];
  const identities: { name: string; cookie: string; bearer?: string }[] = [{ name: 'signed out', cookie: `gk_csrf=${CSRF}` }];
  /** Names of inputs and real path parameter values found on the site's own pages. */
  const names = new Set<string>(COMMON_NAMES);
  const known = new Map<string, string[]>();
  /** Per route pattern: the query names its page's inputs and the site's links to it use. */
  const routeNames = new Map<string, Set<string>>();
  /** Routes the pages post multipart forms to. */
  const multipartRoutes = new Set<string>();
  let patterns: { url: string; names: string[]; re: RegExp }[] = [];
  const addName = (route: string, name: string) => routeNames.set(route, (routeNames.get(route) ?? new Set()).add(name));

  before(async () => {
    t = await buildTestApp(get());
    await t.app.ready();
    routes = t.app.routeList.filter((x) => x.method !== 'HEAD' && x.method !== 'OPTIONS');
    // Staff API routes take bearer tokens only: each signed-in identity also has one, so their
    // handlers (not only the 401) meet the bad input.
    const deps = { db: get().db, clock: fixedClock('2026-03-02T02:00:00Z'), sessionIdleMinutes: 120 };
    for (const u of ['admin', 'cixian.editor', 'cizhou.handler', 'longhua.admin']) {
      const bearer = await identityService.createApiToken(deps, { cli: true }, (await findUserByUsername(get().db, u))!.id, 'fuzz');
      identities.push({ name: u, cookie: await signIn(t.app, u), bearer });
    }
    // Learn real field names and parameter values from the pages, so fuzzing also gets past
    // "not found" into the handlers.
    patterns = routes.map((x) => ({ url: x.url, names: [...x.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!), re: new RegExp(`^${x.url.replace(/[.]/g, '\\.').replace(/:[A-Za-z_]+/g, '([^/?#]+)').replace(/\*$/, '.*')}$`) }));
    const learn = async (route: string, url: string) => {
      const res = await t.app.inject({ url, headers: { cookie: identities[1]!.cookie } });
      if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) return;
      for (const m of res.body.matchAll(/name="([A-Za-z_][\w-]*)"/g)) { names.add(m[1]!); addName(route, m[1]!); }
      for (const m of res.body.matchAll(/<form[^>]*action="(\/[^"?#]*)"[^>]*(?:enctype|encType)="multipart\/form-data"/g)) multipartRoutes.add(m[1]!);
      for (const m of res.body.matchAll(/(?:href|action)="(\/[^"?#]*)(?:\?([^"#]*))?/g)) {
        for (const p of patterns) {
          const hit = p.re.exec(m[1]!);
          if (!hit) continue;
          for (const kv of (m[2] ?? '').replace(/&amp;/g, '&').split('&')) if (kv.split('=')[0]) addName(p.url, decodeURIComponent(kv.split('=')[0]!));
          p.names.forEach((n, i) => {
            const list = known.get(n) ?? [];
            if (!list.includes(hit[i + 1]!) && list.length < 20) list.push(hit[i + 1]!);
            known.set(n, list);
          });
        }
      }
    };
    const gets = routes.filter((x) => x.method === 'GET' && !x.url.endsWith('*'));
    for (const r of gets.filter((x) => !x.url.includes(':'))) await learn(r.url, r.url);
    // Then the pages behind the real parameters just found (a case, a record, a catalogue).
    for (const r of gets.filter((x) => x.url.includes(':'))) {
      const url = r.url.replace(/:([A-Za-z_]+)/g, (_, n: string) => known.get(n)?.[0] ?? 'x');
      if (!url.includes('/x')) await learn(r.url, url);
    }
  });
  after(async () => t?.app.close());

  test(`${TOTAL} generated bad requests over every route answer below 500`, { timeout: 240_000 }, async (ctx) => {
    assert.ok(TOTAL >= 5000);
    assert.ok(routes.length >= 200, `only ${routes.length} routes`);
    assert.ok(known.get('reference')?.length && known.get('id')?.length, 'real references and ids were found on the pages');
    for (const m of ['/interaction/messages', '/interaction/kiosk', '/staff/catalogs/import']) assert.ok(multipartRoutes.has(m), `multipart form posting to ${m} found`);
    const r = rng(SEED);
    // Multipart routes with parameters (a record's attachments) are posted multipart half the time.
    const multipartPatterns = new Set(patterns.filter((p) => [...multipartRoutes].some((m) => p.re.test(m))).map((p) => p.url));
    const pool = [...names];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const perRoute = new Map<string, number>();
    for (let i = 0; i < TOTAL; i++) {
      const route = routes[i % routes.length]!;
      // Signing out would end the session the next requests use: only a visitor without one posts it.
      const who = route.url === '/logout' ? identities[0]! : identities[Math.floor(i / routes.length) % identities.length]!;
      const fieldNames = Array.from({ length: r.int(4) }, () => r.pick(pool));
      const url0 = fillPath(r, route.url, known);
      const query = r.chance(0.7) ? badQuery(r, fieldNames, [...(routeNames.get(route.url) ?? [])]) : '';
      const url = url0 + (query ? `?${query}` : '');
      const req: Fuzzed = { label: 'query', method: route.method, url, headers: { cookie: who.cookie, ...(who.bearer && route.url.startsWith('/api/') ? { authorization: `Bearer ${who.bearer}` } : {}) } };
      if (route.method !== 'GET') {
        const bodyNames = Array.from({ length: 1 + r.int(5) }, () => r.pick(pool));
        const b = [...multipartRoutes].some((m) => url0 === m) || (route.url.includes(':') && multipartPatterns.has(route.url) && r.chance(0.5)) ? multipart(r, bodyNames) : badBody(r, bodyNames);
        req.label = b.label;
        req.payload = b.body;
        if (b.contentType) req.headers['content-type'] = b.contentType;
      }
      // Junk cookies: a session or receipt cookie that is not one, a NUL, a huge value.
      if (r.chance(0.05)) req.headers.cookie = `${who.cookie}; ${r.pick(['gk_session', 'gk_ysq', 'gk_elder', 'gk_csrf'])}=${r.pick(['%00', 'a%00b', '%E4%B8', HUGE.slice(0, 4000), '"', 'x;y', '%ED%A0%80', '1e309', ''])}`;
      if (r.chance(0.1)) req.headers[r.pick(['accept', 'accept-language', 'x-forwarded-for', 'referer', 'user-agent', 'authorization'])] = r.pick(['\u00e9\u00e8', 'Bearer ', 'Bearer \u00ff', '*/*;q=NaN', 'zh-CN;q=1e309', '1.2.3.4.5', 'x'.repeat(8000)]);
      let res;
      try {
        res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}), remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
      } catch (e) {
        failures.push(`${req.method} ${req.url.slice(0, 200)} (${req.label}, ${who.name}) → threw ${(e as Error).message}`);
        continue;
      }
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      perRoute.set(`${route.method} ${route.url}`, (perRoute.get(`${route.method} ${route.url}`) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${req.method} ${req.url.slice(0, 200)} (${req.label}, ${who.name}) → ${res.statusCode}`);
    }
    ctx.diagnostic(`answers by status: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}×${v}`).join(' ')}`);
    // Every route was fuzzed, by more than one identity, and the answers were not all one refusal.
    assert.equal(perRoute.size, new Set(routes.map((x) => `${x.method} ${x.url}`)).size);
    assert.ok([...statuses.keys()].some((s) => s < 300) && [...statuses.keys()].some((s) => s === 400) && [...statuses.keys()].some((s) => s === 404), JSON.stringify([...statuses]));
    assert.deepEqual(failures, [], `${failures.length} of ${TOTAL} requests answered 5xx:\n${failures.join('\n')}`);
  });
}, withDemo);
