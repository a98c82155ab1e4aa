// Shell: `gongkai services import --items FILE --venues FILE`. JSONL, CSV or XLSX (by extension).
// 1. Both files are read and every row checked (service-map-csv.ts) — any problem and nothing is
//    loaded; every problem is listed with its row number.
// 2. Items, then venues, are loaded in batches, each batch in its own transaction together with
//    the import run's progress, so an interrupted load resumes after the last committed batch
//    when the same file is imported again. Rows are upserted by public id: a re-import updates.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { checkUnpackedFile, DEFAULT_UNPACK_LIMITS, type UnpackLimits } from '../../platform/files/zip.ts';
import { CsvSplitter, itemRefsOf, missingColumns, normaliseItem, normaliseVenue, type ImportKind, type ItemRow, type VenueRow } from './service-map-csv.ts';
import { advanceRun, createRun, existingVenueIds, findUnfinishedRun, itemIdsByPublic, upsertItems, upsertVenues } from './service-map.repository.ts';

export type Rec = Record<string, unknown>;
export interface SourceRow { rowNo: number; rec: Rec }

const MAX_LISTED_ERRORS = 1000;

export class ImportFileError extends Error {
  constructor(message: string, readonly code = 'import_file_invalid') {
    super(message);
  }
}

/** A 200,000-item workbook unpacks to a few hundred MB; more than 2 GB, or 100 times its size, is a bomb. */
const UNPACK_LIMITS: UnpackLimits = { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes: 2 * 1024 * 1024 * 1024 };

function formatOf(file: string): 'jsonl' | 'csv' | 'xlsx' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new ImportFileError(`${path.basename(file)}：不支持的文件类型 ${ext || '（无扩展名）'}，请用 .jsonl、.csv 或 .xlsx`);
}

function cellText(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (o.text !== undefined) return cellText(o.text);
  if (o.result !== undefined) return o.result;
  return '';
}

/** Yields the data rows of a file with their row numbers; checks the header of CSV/XLSX. */
export async function* readRows(file: string, kind: ImportKind): AsyncGenerator<SourceRow> {
  const format = formatOf(file);
  const name = path.basename(file);
  if (format === 'jsonl') {
    const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) {
      n++;
      const t = n === 1 ? line.replace(/^\uFEFF/, '') : line;
      if (!t.trim()) continue;
      let rec: unknown;
      try { rec = JSON.parse(t); } catch { yield { rowNo: n, rec: { __error: '不是有效的 JSON' } }; continue; }
      yield { rowNo: n, rec: rec && typeof rec === 'object' && !Array.isArray(rec) ? (rec as Rec) : { __error: '每行应为一个 JSON 对象' } };
    }
    return;
  }
  if (format === 'csv') {
    const splitter = new CsvSplitter();
    let header: string[] | null = null;
    let n = 0;
    const emit = function* (records: string[][]): Generator<SourceRow> {
      for (const r of records) {
        n++;
        if (!header) {
          header = r.map((h) => h.replace(/^\uFEFF/, ''));
          const missing = missingColumns(kind, header);
          if (missing.length) throw new ImportFileError(`${name}：缺少必需的列 ${missing.join('、')}（表头：${header.join(',')}）`);
          continue;
        }
        if (r.length === 1 && r[0] === '') continue;
        const rec: Rec = {};
        header.forEach((h, i) => { rec[h] = r[i] ?? ''; });
        if (r.length > header.length) rec.__error = `应有 ${header.length} 列，实际 ${r.length} 列`;
        yield { rowNo: n, rec };
      }
    };
    for await (const chunk of fs.createReadStream(file, { encoding: 'utf8' })) yield* emit(splitter.feed(chunk as string));
    yield* emit(splitter.end());
    if (!header) throw new ImportFileError(`${name}：文件为空`);
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const ws of reader) {
    let header: string[] | null = null;
    for await (const row of ws) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (!header) {
        header = values.map((v) => String(v ?? '').trim());
        const missing = missingColumns(kind, header);
        if (missing.length) throw new ImportFileError(`${name}：缺少必需的列 ${missing.join('、')}（表头：${header.join(',')}）`);
        continue;
      }
      if (values.every((v) => v === '' || v === null || v === undefined)) continue;
      const rec: Rec = {};
      header.forEach((h, i) => { if (h) rec[h] = values[i] ?? ''; });
      yield { rowNo: row.number, rec };
    }
    break; // the first worksheet only
  }
}

export interface ImportProblem { file: string; rowNo: number; message: string }

export interface ImportReport {
  ok: boolean;
  problems: ImportProblem[];
  problemCount: number;
  items: { rows: number; loaded: number; resumedFrom: number };
  venues: { rows: number; loaded: number; resumedFrom: number };
}

export type Progress = (kind: ImportKind, done: number, total: number) => void;

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface Checked { rows: number; ids: Set<string> }

async function check<T extends { id: string }>(
  file: string, kind: ImportKind, normalise: (r: Rec) => { ok: true; value: T } | { ok: false; errors: string[] },
  problems: ImportProblem[], counter: { n: number }, onRow?: (row: T, rowNo: number) => void, onRaw?: (rec: Rec, rowNo: number) => void,
): Promise<Checked> {
  const name = path.basename(file);
  const ids = new Set<string>();
  let rows = 0;
  const add = (rowNo: number, message: string) => {
    counter.n++;
    if (problems.length < MAX_LISTED_ERRORS) problems.push({ file: name, rowNo, message });
  };
  for await (const { rowNo, rec } of readRows(file, kind)) {
    rows++;
    if (typeof rec.__error === 'string') { add(rowNo, rec.__error); continue; }
    onRaw?.(rec, rowNo);
    const r = normalise(rec);
    if (!r.ok) { add(rowNo, r.errors.join('；')); continue; }
    if (ids.has(r.value.id)) { add(rowNo, `编号 ${r.value.id} 在文件中重复`); continue; }
    ids.add(r.value.id);
    onRow?.(r.value, rowNo);
  }
  if (!rows) add(0, '文件中没有数据行');
  return { rows, ids };
}

async function load<T>(
  db: Db, clock: Clock, file: string, kind: ImportKind, total: number, batchSize: number,
  normalise: (r: Rec) => { ok: true; value: T } | { ok: false; errors: string[] },
  write: (trx: Db, rows: T[], at: string) => Promise<void>, progress?: Progress,
): Promise<{ loaded: number; resumedFrom: number }> {
  const sha = await sha256(file);
  const at = clock.now().toISOString();
  const previous = await findUnfinishedRun(db, kind, sha);
  const runId = previous?.id ?? (await createRun(db, kind, sha, path.basename(file), total, at));
  const skip = previous?.doneRows ?? 0;
  let seen = 0;
  let batch: T[] = [];
  const flush = async (finished: boolean) => {
    const rows = batch;
    batch = [];
    const done = seen;
    await inTransaction(db, async (trx) => {
      await write(trx, rows, clock.now().toISOString());
      await advanceRun(trx, runId, done, finished, clock.now().toISOString());
    });
    progress?.(kind, done, total);
  };
  progress?.(kind, skip, total);
  for await (const { rec } of readRows(file, kind)) {
    seen++;
    if (seen <= skip) continue;
    const r = normalise(rec);
    if (!r.ok) throw new Error(`文件在校验后被修改：${path.basename(file)} 第 ${seen} 条`);
    batch.push(r.value);
    if (batch.length >= batchSize) await flush(false);
  }
  await flush(true);
  return { loaded: seen - skip, resumedFrom: skip };
}

/**
 * Validates both files completely, then loads them (items first, so venues can refer to them).
 * Either file may be omitted.
 */
export async function importServiceMap(
  deps: { db: Db; clock: Clock },
  files: { items?: string | null; venues?: string | null },
  progress?: Progress,
): Promise<ImportReport> {
  const { db, clock } = deps;
  for (const f of [files.items, files.venues]) if (f && !fs.existsSync(f)) throw new ImportFileError(`找不到文件：${f}`);
  // Before any reader opens them: an .xlsx (or any zip) that unpacks to a bomb is refused.
  for (const f of [files.items, files.venues]) {
    const unpacked = f ? await checkUnpackedFile(f, UNPACK_LIMITS) : null;
    if (unpacked && !unpacked.ok) throw new ImportFileError(`${path.basename(f!)}：${unpacked.message}`, unpacked.code);
  }
  const problems: ImportProblem[] = [];
  const counter = { n: 0 };
  const items = files.items ? await check<ItemRow>(files.items, 'items', normaliseItem, problems, counter) : { rows: 0, ids: new Set<string>() };
  let venueRows = 0;
  if (files.venues) {
    const venueFile = path.basename(files.venues);
    const refs = new Map<string, number>();
    const hosts = new Map<string, number>();
    const venues = await check<VenueRow>(files.venues, 'venues', normaliseVenue, problems, counter, (v, rowNo) => {
      if (v.hostVenueId) hosts.set(v.hostVenueId, rowNo);
    }, (rec, rowNo) => {
      // Item references are checked on every row, valid or not, so one run lists every problem.
      for (const i of itemRefsOf(rec)) if (!items.ids.has(i) && !refs.has(i)) refs.set(i, rowNo);
    });
    venueRows = venues.rows;
    const add = (rowNo: number, message: string) => {
      counter.n++;
      if (problems.length < MAX_LISTED_ERRORS) problems.push({ file: venueFile, rowNo, message });
    };
    const known = await itemIdsByPublic(db, [...refs.keys()]);
    for (const [id, rowNo] of refs) if (!known.has(id)) add(rowNo, `事项 ${id} 既不在事项文件中也不在数据库中`);
    const missingHosts = [...hosts.keys()].filter((h) => !venues.ids.has(h));
    const knownHosts = await existingVenueIds(db, missingHosts);
    for (const h of missingHosts) if (!knownHosts.has(h)) add(hosts.get(h) as number, `host_venue_id ${h} 既不在场所文件中也不在数据库中`);
  }
  if (counter.n) {
    return {
      ok: false, problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.rowNo - b.rowNo), problemCount: counter.n,
      items: { rows: items.rows, loaded: 0, resumedFrom: 0 }, venues: { rows: venueRows, loaded: 0, resumedFrom: 0 },
    };
  }
  const itemLoad = files.items ? await load(db, clock, files.items, 'items', items.rows, 1000, normaliseItem, upsertItems, progress) : { loaded: 0, resumedFrom: 0 };
  const venueLoad = files.venues ? await load(db, clock, files.venues, 'venues', venueRows, 200, normaliseVenue, upsertVenues, progress) : { loaded: 0, resumedFrom: 0 };
  return { ok: true, problems: [], problemCount: 0, items: { rows: items.rows, ...itemLoad }, venues: { rows: venueRows, ...venueLoad } };
}
