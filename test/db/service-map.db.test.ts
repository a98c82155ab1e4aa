// Service map storage on SQLite and PostgreSQL: import (validate all, then load; re-import updates;
// resume after an interruption; CSV and XLSX), the nearest-venues query with open_at and item
// filters, and queue reports seen by a second process's finder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { KyselyPlugin } from 'kysely';
import { forEachDialect } from '../support/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { importServiceMap, VenueFinder, ImportFileError, ImportBusyError } from '../../src/modules/service-map/index.ts';
import { reportQueue } from '../../src/modules/service-map/service-map.service.ts';
import type { Actor } from '../../src/modules/identity/index.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-sm-test-'));
const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const clock = fixedClock('2026-09-22T02:00:00Z'); // Tue 10:00 in Beijing
const hours = { mon: '08:30-12:00,14:00-17:30', tue: '09:00-12:00,13:30-17:30', wed: '09:00-12:00,13:30-17:30', thu: '09:00-12:00,13:30-17:30', fri: '09:00-12:00,13:30-17:30', sat: '', sun: '' };

const items = [
  { id: 'T-1', name: '居民身份证换领', type: '行政确认', department: '公安局', implementing_body: '龙华分局', region_code: '440309', keywords: ['身份证'], channels: ['窗口办理'] },
  { id: 'T-2', name: '营业执照设立登记', type: '行政许可', department: '市场监管局', implementing_body: '龙华监管局', region_code: '440309', keywords: [], online_url: 'https://example.gov.cn/yyzz', channels: ['窗口办', '网上办理'] },
];
const venues = [
  { id: 'V-C', name: '龙华区政务服务中心', type: '政务服务中心', region_code: '440309', address: '梅龙大道 2 号', lat: 22.6566, lng: 114.0297, opening_hours: hours, phone: '0755-1', items: ['T-1', 'T-2'] },
  { id: 'V-S', name: '民治街道便民服务中心', type: '便民服务中心', region_code: '440309002', address: '民治大道', lat: 22.6185, lng: 114.0413, opening_hours: hours, items: ['T-1'] },
  { id: 'V-T', name: '自助终端 1 号机', type: '自助机', region_code: '440309', address: '中心东门', lat: 22.6562, lng: 114.0301, is_24h: true, items: ['T-2'], host_venue_id: 'V-C' },
  { id: 'V-B', name: '建设银行网点', type: '银行网点', region_code: '440309', address: '人民路', lat: 22.66, lng: 114.03, opening_hours: { sat: '09:00-16:00', sun: '09:00-16:00' }, holiday_rule: 'own_hours', items: [] },
];

forEachDialect('service map', (get) => {
  const deps = () => ({ db: get().db, clock });

  test('an invalid row anywhere loads nothing and every problem is listed by row', async () => {
    const itemsFile = write('bad-items.jsonl', jsonl([items[0], { ...items[1], type: '乱写' }, { id: 'T-3', name: '', type: '公共服务', region_code: '44' }]));
    const venuesFile = write('bad-venues.jsonl', jsonl([{ ...venues[0], opening_hours: { ...hours, mon: '25:00-26:00' } }, { ...venues[1], lat: 51.5, lng: -0.1 }, { ...venues[2], items: ['NOPE'] }]));
    const r = await importServiceMap(deps(), { items: itemsFile, venues: venuesFile });
    assert.equal(r.ok, false);
    const lines = r.problems.map((p) => `${p.file}:${p.rowNo}:${p.message}`);
    assert.ok(lines.some((l) => /^bad-items\.jsonl:2:type「乱写」/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^bad-items\.jsonl:3:.*缺少 name.*region_code/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^bad-venues\.jsonl:1:开放时间：周一：「25:00-26:00」中的时间 25:00 无效/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^bad-venues\.jsonl:2:坐标 51.5,-0.1 不在中国境内/.test(l)));
    assert.ok(lines.some((l) => /^bad-venues\.jsonl:3:事项 NOPE 既不在事项文件中也不在数据库中/.test(l)));
    const n = await get().db.selectFrom('sm_item').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0);
  });

  test('guides with unsafe links or shapes a page cannot show, and texts with control characters, are refused', async () => {
    // Review findings: guide links were stored unchecked (javascript: in an href), odd guide values
    // (fees: [null], conditions: [{}]) broke the item page, and a NUL byte in a name passed the
    // check and then failed on PostgreSQL in the middle of the load.
    const bad = [
      { ...items[0], id: 'G-1', guide: { materials: [{ name: '申请表', blank_form_url: 'javascript:alert(1)' }] } },
      { ...items[0], id: 'G-2', guide: { result: { type: '证照', name: '证', sample_url: 'data:text/html,<script>alert(1)</script>' } } },
      { ...items[0], id: 'G-3', guide: { fees: [null] } },
      { ...items[0], id: 'G-4', guide: { conditions: [{ x: 1 }] } },
      { ...items[0], id: 'G-5', name: '身份证\u0000换领' },
      { ...items[0], id: 'G-6', guide: { materials: [{ name: '户口簿', copies: 1, sample_url: '/assets/service-map/forms/sfz-sample.pdf' }], fees: [{ name: '工本费', standard: '20 元', waivable: true }] } },
    ];
    const r = await importServiceMap(deps(), { items: write('guides.jsonl', jsonl(bad)) });
    assert.equal(r.ok, false);
    const byRow = new Map(r.problems.map((p) => [p.rowNo, p.message]));
    assert.match(byRow.get(1) ?? '', /blank_form_url「javascript:alert\(1\)」/);
    assert.match(byRow.get(2) ?? '', /sample_url「data:text\/html/);
    assert.match(byRow.get(3) ?? '', /guide\.fees 的每一项都要有 name/);
    assert.match(byRow.get(4) ?? '', /guide\.conditions 应为文字数组/);
    assert.match(byRow.get(5) ?? '', /name 含有控制字符/);
    assert.equal(byRow.has(6), false, byRow.get(6));
    const n = await get().db.selectFrom('sm_item').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0);
  });

  test('a CSV venue file with a missing column is refused before anything loads', async () => {
    const f = write('missing.csv', 'id,name,type,region_code,address,lat\nV-X,某中心,政务服务中心,440309,某路,22.6\n');
    await assert.rejects(importServiceMap(deps(), { venues: f }), (e: unknown) => e instanceof ImportFileError && /缺少必需的列 lng/.test(e.message));
    const left = await get().db.selectFrom('sm_import_run').select('status').where('status', '=', 'staging').execute();
    assert.deepEqual(left, [], 'an unreadable file leaves no run to resume or discard');
  });

  test('loads items and venues (aliases accepted), and the nearest query ranks and filters', async () => {
    const r = await importServiceMap(deps(), { items: write('items.jsonl', jsonl(items)), venues: write('venues.jsonl', jsonl(venues)) });
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.deepEqual([r.items.loaded, r.venues.loaded], [2, 4]);
    const finder = new VenueFinder(get().db, clock);
    const base = { lat: 22.6566, lng: 114.0297, radiusM: 10_000, openOnly: false, types: null, level: null, limit: 10 };
    const all = await finder.nearest({ ...base, at: clock.now(), itemPublicId: null });
    assert.deepEqual(all.results.map((x) => x.venue.publicId), ['V-C', 'V-T', 'V-S', 'V-B']);
    assert.equal(all.results.find((x) => x.venue.publicId === 'V-T')?.venue.type, 'terminal');
    // 国庆 Oct 3 (Sat), 10:00: only the 7×24 terminal and the own-hours bank are open.
    const holiday = await finder.nearest({ ...base, openOnly: true, at: new Date('2026-10-03T02:00:00Z'), itemPublicId: null });
    assert.deepEqual(holiday.results.map((x) => x.venue.publicId).sort(), ['V-B', 'V-T']);
    // 调休 Sat Oct 10, 15:00: Monday hours (14:00-17:30) — the centre is open; item T-1 is offered at V-C and V-S.
    const makeup = await finder.nearest({ ...base, openOnly: true, at: new Date('2026-10-10T07:00:00Z'), itemPublicId: 'T-1' });
    assert.deepEqual(makeup.results.map((x) => x.venue.publicId), ['V-C', 'V-S']);
    assert.equal(makeup.results[0]?.status.closesAt, '2026-10-10T09:30:00.000Z');
    assert.equal((await finder.nearest({ ...base, at: clock.now(), itemPublicId: 'NOPE' })).itemFound, false);
  });

  test('queue reports written by another process reach this process\'s index, even two in the same millisecond', async () => {
    // The header promised this test; it was missing. Review finding: reports were read back with
    // queue_updated_at > last seen, so a second report stamped with the same instant was lost.
    const here = new VenueFinder(get().db, clock);
    const other = new VenueFinder(get().db, clock);
    const actor: Actor = { userId: 1, username: 'caller', displayName: '叫号系统', grants: [{ role: 'admin', orgCode: '44', orgPath: '/44/' }], via: 'token', mustChangePassword: false };
    const base = { lat: 22.6566, lng: 114.0297, radiusM: 10_000, openOnly: false, types: null, level: null, limit: 10, itemPublicId: null };
    const waitOf = async (id: string) => (await here.nearest({ ...base, at: clock.now() })).results.find((x) => x.venue.publicId === id)?.queueWaitMinutes;
    assert.equal(await waitOf('V-C'), null);
    assert.equal((await reportQueue({ db: get().db, clock, finder: other }, actor, 'V-C', 5, 10, null)).ok, true);
    await new Promise((r) => setTimeout(r, 1050)); // the finder looks at the database at most once a second
    assert.equal(await waitOf('V-C'), 10);
    assert.equal((await reportQueue({ db: get().db, clock, finder: other }, actor, 'V-S', 7, 14, null)).ok, true);
    await new Promise((r) => setTimeout(r, 1050));
    assert.equal(await waitOf('V-S'), 14);
  });

  test('a re-import updates by public id instead of duplicating', async () => {
    const r = await importServiceMap(deps(), { venues: write('venues2.csv', 'id,name,type,region_code,address,lat,lng,mon,tue,items\nV-S,民治街道党群服务中心,便民服务中心,440309002,民治大道 1 号,22.6185,114.0413,09:00-12:00,09:00-12:00,T-1|T-2\n') });
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    const rows = await get().db.selectFrom('sm_venue').select(['public_id', 'name']).where('public_id', '=', 'V-S').execute();
    assert.deepEqual(rows, [{ public_id: 'V-S', name: '民治街道党群服务中心' }]);
    const links = await get().db.selectFrom('sm_venue_item').select('item_id').where('venue_id', '=', (await get().db.selectFrom('sm_venue').select('id').where('public_id', '=', 'V-S').executeTakeFirstOrThrow()).id).execute();
    assert.equal(links.length, 2);
  });

  test('XLSX with Chinese headers loads', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('事项');
    ws.addRow(['事项编号', '事项名称', '事项类型', '区划代码', '办理渠道', '网办地址']);
    ws.addRow(['T-9', '残疾人证办理', '公共服务', '440309', '窗口办、网上办', 'https://example.gov.cn/cjr']);
    const f = path.join(dir, 'items.xlsx');
    await wb.xlsx.writeFile(f);
    const r = await importServiceMap(deps(), { items: f });
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    const it = await get().db.selectFrom('sm_item').select(['name', 'channels']).where('public_id', '=', 'T-9').executeTakeFirstOrThrow();
    assert.deepEqual(it, { name: '残疾人证办理', channels: 'window online' });
  });

  test('an interrupted load leaves nothing live; the next run resumes the staging and switches all at once', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ id: `R-${i}`, name: `事项${i}`, type: '公共服务', region_code: '440309' }));
    const f = write('resume.jsonl', jsonl(many));
    const count = async () => Number((await get().db.selectFrom('sm_item').select(get().db.fn.countAll<number>().as('n')).where('public_id', 'like', 'R-%').executeTakeFirstOrThrow()).n);
    const changes = async () => Number((await get().db.selectFrom('search_change').select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const changesBefore = await changes();
    await assert.rejects(importServiceMap(deps(), { items: f }, (phase, _k, done, total) => { if (phase === 'stage' && done > 0 && done < total) throw new Error('interrupted'); }), /interrupted/);
    assert.equal(await count(), 0, 'staged rows are not live');
    assert.equal(await changes(), changesBefore, 'staged rows are not in the search change log');
    const phases: string[] = [];
    const r = await importServiceMap(deps(), { items: f }, (phase) => { if (phases.at(-1) !== phase) phases.push(phase); });
    assert.equal(r.ok, true);
    assert.deepEqual(phases, ['parse', 'stage', 'switch']);
    assert.equal(r.previous?.action, 'resumed');
    assert.deepEqual([r.items.resumedFrom, r.items.loaded], [1000, 2500]);
    assert.equal(await changes(), changesBefore + 2500);
    for (const t of ['sm_import_stage_item', 'sm_import_stage_venue', 'sm_import_stage_link'] as const) {
      assert.equal(Number((await get().db.selectFrom(t).select(get().db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0, `${t} is emptied`);
    }
  });

  test('a killed run of other files is discarded, and its staged rows never go live', async () => {
    const a = write('a.jsonl', jsonl(Array.from({ length: 2500 }, (_, i) => ({ id: `DA-${i}`, name: `事项${i}`, type: '公共服务', region_code: '440309' }))));
    const b = write('b.jsonl', jsonl([{ id: 'DB-1', name: '另一个事项', type: '公共服务', region_code: '440309' }]));
    await assert.rejects(importServiceMap(deps(), { items: a }, (phase, _k, done, total) => { if (phase === 'stage' && done > 0 && done < total) throw new Error('interrupted'); }), /interrupted/);
    const r = await importServiceMap(deps(), { items: b });
    assert.equal(r.previous?.action, 'discarded');
    assert.equal(r.previous?.staged, 1000);
    const ids = (await get().db.selectFrom('sm_item').select('public_id').where((eb) => eb.or([eb('public_id', 'like', 'DA-%'), eb('public_id', 'like', 'DB-%')])).execute()).map((x) => x.public_id);
    assert.deepEqual(ids, ['DB-1']);
  });
  test('two imports started together: the later run stops as busy while the earlier lives; a dead earlier run is discarded', async () => {
    const f = write('race.jsonl', jsonl([{ id: 'RACE-1', name: '竞争事项', type: '公共服务', region_code: '440309' }]));
    const db = get().db;
    const staging = async () => (await db.selectFrom('sm_import_run').select(['id', 'owner']).where('status', '=', 'staging').execute()).map((r) => r.owner);
    // Another process created its run just as this one looked for a staging run: the lookup misses it.
    const raceWith = async (owner: string): Promise<KyselyPlugin> => {
      await db.insertInto('sm_import_run').values({ kind: 'map', file_sha256: 'other', file_name: 'other.jsonl', total_rows: 0, done_rows: 0, status: 'staging', owner, started_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).execute();
      let lookup: unknown = null;
      return {
        transformQuery(args) {
          if (lookup === null && args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes('"sm_import_run"')) lookup = args.queryId;
          return args.node;
        },
        transformResult: async (args) => (args.queryId === lookup ? { ...args.result, rows: [] } : args.result),
      };
    };
    const alive = `${os.hostname()}:${process.ppid}`; // the test runner: alive, and not this process
    await assert.rejects(importServiceMap({ db: db.withPlugin(await raceWith(alive)), clock }, { items: f }), (e: unknown) => e instanceof ImportBusyError && /另一个导入（other\.jsonl/.test(e.message));
    assert.deepEqual(await staging(), [alive], 'only the earlier run is staging; this one was discarded');
    assert.equal((await db.selectFrom('sm_item').select('id').where('public_id', '=', 'RACE-1').execute()).length, 0);
    await db.updateTable('sm_import_run').set({ status: 'discarded' }).where('status', '=', 'staging').execute();

    const dead = `${os.hostname()}:2147483646`;
    const r = await importServiceMap({ db: db.withPlugin(await raceWith(dead)), clock }, { items: f });
    assert.equal(r.ok, true);
    assert.deepEqual(await staging(), [], 'the dead run is discarded, not left staging for ever');
    assert.equal((await db.selectFrom('sm_item').select('id').where('public_id', '=', 'RACE-1').execute()).length, 1);
  });
  test('a file with no line break (or a quote never closed) for megabytes is refused as broken, not read into memory', async () => {
    const ok = JSON.stringify({ id: 'LONG-1', name: '正常事项', type: '公共服务', region_code: '440309' });
    const junk = 'x'.repeat(9 * 1024 * 1024);
    const jsonlFile = write('no-breaks.jsonl', `${ok}\n${junk}`);
    const csvFile = write('open-quote.csv', `id,name,type,region_code\nLONG-2,"${junk}`);
    for (const f of [jsonlFile, csvFile]) {
      await assert.rejects(importServiceMap(deps(), { items: f }), (e: unknown) => e instanceof ImportFileError && /：第 \d+ 行起超过 8 MB 没有换行（或引号未闭合）/.test(e.message), f);
    }
    assert.equal((await get().db.selectFrom('sm_item').select('id').where('public_id', 'in', ['LONG-1', 'LONG-2']).execute()).length, 0);
    assert.equal((await get().db.selectFrom('sm_import_run').select('id').where('status', '=', 'staging').execute()).length, 0, 'the run is discarded');
  });
});
