// Review R1 (issue 23): the open-data surface from outside — an attacker's and a careless client's
// requests never get a 5xx and never a write; every file of every demo dataset is free of the demo's
// personal data (applicants', message senders', raters' names, phones, ID numbers, addresses, texts),
// of withdrawn and unpublished disclosure records, and of formula-leading CSV cells.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, withDemo, type TestApp } from '../support/app.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';

const ACTIONS = ['/api/3/action', '/api/action'];
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

forEachDialect('open data review R1: the CKAN Action API under odd input', (db) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(db()); });
  after(async () => { await t.app.close(); });

  test('write and unknown actions are "Action name not known", by GET and POST, on both prefixes', async () => {
    for (const prefix of ACTIONS) {
      for (const name of ['package_create', 'package_update', 'package_patch', 'package_delete', 'resource_create', 'organization_create', 'user_list', '__proto__', 'constructor', 'toString']) {
        for (const method of ['GET', 'POST'] as const) {
          const r = await t.app.inject({ method, url: `${prefix}/${name}`, headers: { 'content-type': 'application/json' }, payload: method === 'POST' ? '{"name":"x","id":"regions"}' : undefined });
          assert.equal(r.statusCode, 400, `${method} ${prefix}/${name}`);
          assert.equal(r.json(), `Bad request: Action name not known: ${name}`);
        }
      }
    }
  });

  test('odd parameters answer in CKAN shape, never 5xx', async () => {
    const urls = [
      'package_search?rows=-1', 'package_search?rows=1000000', 'package_search?rows=abc', 'package_search?start=-5', 'package_search?start=999999999999',
      'package_search?rows=5&rows=6', 'package_search?q=title%3A(', 'package_search?q=%7B!func%7Dsum(1%2C2)', 'package_search?q=%2F.*%2F', 'package_search?q=a%20AND%20OR%20NOT',
      `package_search?q=${'('.repeat(3000)}`, 'package_search?fq=%7B!tag%3Dx%7Dorganization%3A1', 'package_search?fq=metadata_modified%3A%5Bbad%20TO%20*%5D',
      'package_search?facet.field=organization', 'package_search?facet.field=%5B1%5D', 'package_search?sort=name%3B%20drop%20table', 'package_search?sort=foo%20asc',
      'package_show?id=%2E%2E%2Fetc', 'package_show?id=a&id=b', 'organization_list?limit=-1', 'organization_list?sort=xx%20desc', 'organization_show?id=__proto__', 'help_show?name=__proto__',
    ];
    for (const u of urls) {
      const r = await t.app.inject({ url: `/api/3/action/${u}` });
      assert.ok(r.statusCode < 500, `${u}: ${r.statusCode}`);
      const body = r.json();
      assert.ok(typeof body === 'string' || typeof body.success === 'boolean', u);
    }
    for (const payload of ['[1,2]', '"s"', 'null', '42', '{bad', '{"q":{"a":1}}', '{"rows":true}', '{"facet.field":"organization"}', `{"q":${deepArray(50_000)}}`]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/3/action/package_search', headers: { 'content-type': 'application/json' }, payload });
      assert.ok(r.statusCode < 500, `${payload.slice(0, 30)}: ${r.statusCode}`);
    }
  });

  // ckan.ts parseJsonObject: the "needs to be a dictionary" message JSON.stringify's the decoded
  // body; a deeply nested array overflows the stack → RangeError → 500.
  test('a deeply nested JSON array as the body is a 400 bare string, not a 500', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/3/action/package_list', headers: { 'content-type': 'application/json' }, payload: deepArray(100_000) });
    assert.equal(r.statusCode, 400);
    assert.match(r.json(), /^Bad request: /);
  });

  // ckan.ts bool()/scalar(): a list that is not all strings passes scalar(); bool() then String()s it
  // — [[1]] reads as true, a deeply nested list overflows the stack → 500.
  test('all_fields given a list is a Validation Error, however nested', async () => {
    for (const v of ['[[1]]', '[["true"]]', deepArray(50_000)]) {
      for (const action of ['organization_list', 'group_list']) {
        const r = await t.app.inject({ method: 'POST', url: `/api/3/action/${action}`, headers: { 'content-type': 'application/json' }, payload: `{"all_fields":${v}}` });
        assert.equal(r.statusCode, 409, `${action} ${v.slice(0, 10)}`);
        assert.equal(r.json().error.__type, 'Validation Error');
      }
    }
  });
});

forEachDialect('open data review R1: the demo files hold no personal data', (db) => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(db(), undefined); });
  after(async () => { await t.app.close(); });

  test('publicly cacheable answers that are not pages carry no Set-Cookie (a shared cache would share the CSRF token); pages keep it', async () => {
    const slug = (JSON.parse((await t.app.inject('/api/3/action/package_list')).body) as { result: string[] }).result[0] as string;
    const show = JSON.parse((await t.app.inject(`/api/3/action/package_show?id=${slug}`)).body) as { result: { resources: { url: string }[] } };
    const file = new URL(show.result.resources[0]!.url).pathname;
    for (const url of [file, '/data/catalog.jsonld']) {
      const r = await t.app.inject(url);
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['cache-control']), /public/, url);
      assert.equal(r.headers['set-cookie'], undefined, url);
    }
    // (a page with a form keeps it: its forms need the token)
    assert.match(String((await t.app.inject('/login')).headers['set-cookie']), /gk_csrf=/);
  });

  test('every resource of every package: no citizen names, phones, ID numbers, addresses or texts; no withdrawn, draft or in-review records (scheduled ones are public once due); CSV formula-safe', async () => {
    const d = db().db;
    const needles = new Set<string>();
    const add = (v: unknown) => { const s = typeof v === 'string' ? v.trim() : ''; if (s.length >= 4) needles.add(s); };
    for (const r of await d.selectFrom('application_case').select(['applicant_name', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address', 'description']).execute()) Object.values(r).forEach((v) => add(typeof v === 'string' ? v.slice(0, 30) : v));
    for (const r of await d.selectFrom('message').select(['contact_name', 'contact_phone', 'contact_email', 'address', 'content']).execute()) Object.values(r).forEach((v) => add(typeof v === 'string' ? v.slice(0, 30) : v));
    for (const r of await d.selectFrom('rating').select(['rater_name', 'rater_phone', 'text']).execute()) Object.values(r).forEach((v) => add(typeof v === 'string' ? v.slice(0, 30) : v));
    for (const r of await d.selectFrom('enquiry').select(['contact_name', 'contact_phone']).execute()) Object.values(r).forEach(add);
    for (const r of await d.selectFrom('disclosure').select(['index_no', 'title']).where('state', 'not in', ['published', 'scheduled']).execute()) { add(r.index_no); add(r.title); }
    assert.ok(needles.size > 20, `the demo has personal data to look for (${needles.size})`);

    const names = (await t.app.inject({ url: '/api/3/action/package_list' })).json().result as string[];
    assert.ok(names.length > 10, 'the demo has datasets');
    let files = 0;
    for (const name of names) {
      const pkg = (await t.app.inject({ url: `/api/3/action/package_show?id=${name}` })).json().result;
      for (const res of pkg.resources as { url: string }[]) {
        const path = new URL(res.url).pathname;
        const r = await t.app.inject({ url: path });
        assert.equal(r.statusCode, 200, path);
        files++;
        const body = r.body;
        for (const n of needles) assert.ok(!body.includes(n), `${path} holds ${n}`);
        assert.doesNotMatch(body, /(?<!\d)1[3-9]\d{9}(?!\d)/, `${path}: a mobile number`);
        assert.doesNotMatch(body, /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/, `${path}: an ID number`);
        if (path.endsWith('.csv')) {
          assert.ok(body.startsWith('\uFEFF'), `${path}: BOM`);
          // parseCsv removes the guard's apostrophe: check the raw cells instead
          for (const line of body.slice(1).split('\r\n')) for (const cell of line.split(',')) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@\t\r]/, `${path}: ${cell}`);
          assert.ok(parseCsv(body).length >= 1);
        }
      }
    }
    assert.ok(files > 30, `files read: ${files}`);
  });
}, async (t) => { await withDemo(t); });
