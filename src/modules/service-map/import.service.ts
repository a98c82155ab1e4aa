// Shell: `gongkai services import --items FILE --venues FILE`. JSONL, CSV or XLSX (by extension).
// 1. Both files are read and every row checked (service-map-csv.ts) — any problem and nothing is
//    loaded; every problem is listed with its row number.
// 2. Items, then venues, are written in batches to staging tables under an import run (each batch
//    in its own transaction with the run's progress). Staged rows are invisible to the public site
//    and to search (no triggers on the staging tables).
// 3. ONE transaction switches the run live: items and venues upserted by public id, the venues'
//    items replaced, the venue index version bumped. Killed anywhere before, the site is as it was;
//    the next import resumes the staging run (same files) or discards it (other files).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createHash } from 'node:crypto';
import { loadExcel } from '../../platform/files/office-libs.ts';
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { refreshTotals } from './listing.repository.ts';
import { checkUnpackedFile, DEFAULT_UNPACK_LIMITS, type UnpackLimits } from '../../platform/files/zip.ts';
import { CsvSplitter, itemRefsOf, missingColumns, normaliseItem, normaliseVenue, type ImportKind, type ItemRow, type VenueRow } from './service-map-csv.ts';
import { advanceRun, claimRun, createRun, discardRun, existingVenueIds, findStagingRun, itemIdsByPublic, olderStagingRun, purgeStaging, stagedCounts, stageItems, stageVenues, switchRun, type ImportRun } from './service-map.repository.ts';

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

/** No row of an item or venue (a guide included) comes near this; a longer one is a broken file. */
const MAX_ROW_CHARS = 8 * 1024 * 1024;
const tooLong = (name: string, rowNo: number) => `${name}：第 ${rowNo} 行起超过 ${MAX_ROW_CHARS / 1024 / 1024} MB 没有换行（或引号未闭合），不是有效的数据文件`;

/** Yields the data rows of a file with their row numbers; checks the header of CSV/XLSX. */
export async function* readRows(file: string, kind: ImportKind, meter?: { bytes: number }): AsyncGenerator<SourceRow> {
  const format = formatOf(file);
  const name = path.basename(file);
  if (format === 'jsonl') {
    const input = fs.createReadStream(file, { encoding: 'utf8' });
    const rl = readline.createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    // readline keeps a line without an end in memory: a file with no line breaks would fill it.
    // Counted on the chunks as read (not as the rows are taken), so a slow consumer is no concern.
    let sinceBreak = 0;
    input.on('data', (chunk: string | Buffer) => {
      const text = String(chunk);
      const at = text.lastIndexOf('\n');
      sinceBreak = at < 0 ? sinceBreak + text.length : text.length - 1 - at;
      if (sinceBreak > MAX_ROW_CHARS) input.destroy(new ImportFileError(tooLong(name, n + 1)));
    });
    for await (const line of rl) {
      n++;
      if (meter) meter.bytes = input.bytesRead;
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
    const input = fs.createReadStream(file, { encoding: 'utf8' });
    for await (const chunk of input) {
      if (meter) meter.bytes = input.bytesRead;
      yield* emit(splitter.feed(chunk as string));
      if (splitter.pendingLength() > MAX_ROW_CHARS) throw new ImportFileError(tooLong(name, n + 1));
    }
    yield* emit(splitter.end());
    if (!header) throw new ImportFileError(`${name}：文件为空`);
    return;
  }
  const reader = new (await loadExcel()).stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
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
  /** `loaded`: rows switched live; `resumedFrom`: rows a killed run had already staged. */
  items: { rows: number; loaded: number; resumedFrom: number };
  venues: { rows: number; loaded: number; resumedFrom: number };
  /** An unfinished run found at the start: resumed (same files) or discarded (other files). */
  previous: { action: 'resumed' | 'discarded'; runId: number; fileName: string; staged: number } | null;
  /** Milliseconds of the one switch transaction. */
  switchMs: number;
}

/**
 * The phases: 'stage' (解析并写入暂存: rows are read, checked and staged in one pass), 'parse' (解析:
 * rows only checked — already staged by a killed run, or after a problem was found), 'switch' (切换:
 * the one transaction that puts the run live).
 */
export type ImportPhase = 'parse' | 'stage' | 'switch';
export type Progress = (phase: ImportPhase, kind: ImportKind | null, done: number, total: number) => void;

/** Another process is staging an import right now. */
export class ImportBusyError extends Error {}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface Checked { rows: number; ids: Set<string> }

/** Where a pass writes the valid rows: the run, the rows already staged, and the batch writer. */
interface Sink<T> { runId: number; skip: number; base: number; batchSize: number; write: (trx: Db, runId: number, firstSeq: number, rows: T[]) => Promise<void> }

/**
 * One pass over a file: every row is read and checked; while no problem has been found (in this
 * file or the one before), valid rows after `sink.skip` are staged in batches, each batch in its
 * own transaction with the run's progress. Progress is in bytes of the file.
 */
async function pass<T extends { id: string }>(
  db: Db, clock: Clock, file: string, kind: ImportKind, normalise: (r: Rec) => { ok: true; value: T } | { ok: false; errors: string[] },
  problems: ImportProblem[], counter: { n: number }, sink: Sink<T>, progress: Progress | undefined,
  onRow?: (row: T, rowNo: number) => void, onRaw?: (rec: Rec, rowNo: number) => void,
): Promise<Checked> {
  const name = path.basename(file);
  const ids = new Set<string>();
  let rows = 0;
  const add = (rowNo: number, message: string) => {
    counter.n++;
    if (problems.length < MAX_LISTED_ERRORS) problems.push({ file: name, rowNo, message });
  };
  const size = fs.statSync(file).size;
  const meter = { bytes: 0 };
  let batch: T[] = [];
  const phase = (): ImportPhase => (counter.n || rows < sink.skip ? 'parse' : 'stage');
  const flush = async () => {
    const staged = batch;
    batch = [];
    const last = rows;
    await inTransaction(db, async (trx) => {
      await sink.write(trx, sink.runId, last - staged.length + 1, staged);
      await advanceRun(trx, sink.runId, sink.base + last, clock.now().toISOString());
    });
  };
  progress?.(phase(), kind, 0, size);
  for await (const { rowNo, rec } of readRows(file, kind, meter)) {
    rows++;
    if (rows % 2000 === 0) progress?.(phase(), kind, Math.min(meter.bytes, size - 1), size);
    if (typeof rec.__error === 'string') { add(rowNo, rec.__error); continue; }
    onRaw?.(rec, rowNo);
    const r = normalise(rec);
    if (!r.ok) { add(rowNo, r.errors.join('；')); continue; }
    if (ids.has(r.value.id)) { add(rowNo, `编号 ${r.value.id} 在文件中重复`); continue; }
    ids.add(r.value.id);
    onRow?.(r.value, rowNo);
    if (counter.n || rows <= sink.skip) continue;
    batch.push(r.value);
    if (batch.length >= sink.batchSize) await flush();
  }
  if (!counter.n && batch.length) await flush();
  progress?.(phase(), kind, size, size);
  if (!rows) add(0, '文件中没有数据行');
  return { rows, ids };
}

/** Both files, items first: checked row by row and staged (see `pass`), then venue references checked. */
async function checkAndStage(
  db: Db, clock: Clock, files: { items?: string | null; venues?: string | null }, runId: number, staged: { items: number; venues: number },
  problems: ImportProblem[], counter: { n: number }, progress: Progress | undefined,
): Promise<{ items: Checked; venueRows: number }> {
  const items = files.items
    ? await pass<ItemRow>(db, clock, files.items, 'items', normaliseItem, problems, counter, { runId, skip: staged.items, base: 0, batchSize: 1000, write: stageItems }, progress)
    : { rows: 0, ids: new Set<string>() };
  let venueRows = 0;
  if (files.venues) {
    const venueFile = path.basename(files.venues);
    const refs = new Map<string, number>();
    const hosts = new Map<string, number>();
    const venues = await pass<VenueRow>(db, clock, files.venues, 'venues', normaliseVenue, problems, counter, { runId, skip: staged.venues, base: items.rows, batchSize: 500, write: stageVenues }, progress, (v, rowNo) => {
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
  return { items, venueRows };
}

const OWNER = `${os.hostname()}:${process.pid}`;
/** A staging run whose owner last wrote this recently, on another machine, may still be running. */
const FOREIGN_RUN_QUIET_MS = 120_000;

function isAlive(run: ImportRun, now: Date): boolean {
  if (!run.owner || run.owner === OWNER) return false;
  const i = run.owner.lastIndexOf(':');
  const [host, pid] = [run.owner.slice(0, i), Number(run.owner.slice(i + 1))];
  if (host !== os.hostname()) return now.getTime() - Date.parse(run.updatedAt) < FOREIGN_RUN_QUIET_MS;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const busyMessage = (run: ImportRun) => `另一个导入（${run.fileName}，进程 ${run.owner}）正在写入暂存区，请等它结束后再导入`;

/**
 * Validates both files completely, stages them, then switches them live in one transaction
 * (items and venues together). Either file may be omitted.
 * @throws ImportBusyError when another live process is staging an import.
 */
export async function importServiceMap(
  deps: { db: Db; clock: Clock },
  files: { items?: string | null; venues?: string | null },
  progress?: Progress,
  /** Told at once when an unfinished run is resumed or discarded (the CLI prints it). */
  notice?: (message: string) => void,
): Promise<ImportReport> {
  const { db, clock } = deps;
  for (const f of [files.items, files.venues]) if (f && !fs.existsSync(f)) throw new ImportFileError(`找不到文件：${f}`);
  // Before any reader opens them: an .xlsx (or any zip) that unpacks to a bomb is refused.
  for (const f of [files.items, files.venues]) {
    const unpacked = f ? await checkUnpackedFile(f, UNPACK_LIMITS) : null;
    if (unpacked && !unpacked.ok) throw new ImportFileError(`${path.basename(f!)}：${unpacked.message}`, unpacked.code);
  }
  for (const f of [files.items, files.venues]) if (f) formatOf(f);
  const now = () => clock.now().toISOString();

  // The run is identified by both files' contents: the same files resume a killed run.
  const sha = createHash('sha256').update(`items:${files.items ? await sha256(files.items) : '-'}\nvenues:${files.venues ? await sha256(files.venues) : '-'}`).digest('hex');
  const fileName = [files.items, files.venues].filter((f): f is string => !!f).map((f) => path.basename(f)).join(' + ');
  let previous: ImportReport['previous'] = null;
  let runId: number | null = null;
  const unfinished = await findStagingRun(db);
  if (unfinished) {
    if (isAlive(unfinished, clock.now())) throw new ImportBusyError(busyMessage(unfinished));
    if (unfinished.sha === sha) {
      runId = unfinished.id;
      await claimRun(db, runId, OWNER, now());
      previous = { action: 'resumed', runId, fileName: unfinished.fileName, staged: unfinished.doneRows };
    } else {
      await discardRun(db, unfinished.id, now());
      previous = { action: 'discarded', runId: unfinished.id, fileName: unfinished.fileName, staged: unfinished.doneRows };
    }
    notice?.(`发现未完成的导入（第 ${previous.runId} 次，${previous.fileName}，已暂存 ${previous.staged} 条）：${previous.action === 'resumed' ? '文件相同，续传' : '文件不同，已丢弃，从头导入'}`);
  }
  await purgeStaging(db); // rows of switched or discarded runs
  if (runId === null) {
    runId = await createRun(db, sha, fileName, 0, OWNER, now());
    // Two imports started together both found no staging run: the older run goes on, this one stops.
    const rival = await olderStagingRun(db, runId);
    if (rival && isAlive(rival, clock.now())) {
      await discardRun(db, runId, now());
      throw new ImportBusyError(busyMessage(rival));
    }
    if (rival) await discardRun(db, rival.id, now()); // left by a killed process that lost such a race
  }
  const staged = await stagedCounts(db, runId);

  const problems: ImportProblem[] = [];
  const counter = { n: 0 };
  let checked: { items: Checked; venueRows: number };
  try {
    checked = await checkAndStage(db, clock, files, runId, staged, problems, counter, progress);
  } catch (e) {
    // A file that cannot be read at all (missing columns, empty): nothing of this run may go live.
    if (e instanceof ImportFileError) { await discardRun(db, runId, now()); await purgeStaging(db); }
    throw e;
  }
  const { items, venueRows } = checked;
  const empty = { loaded: 0, resumedFrom: 0 };
  if (counter.n) {
    // Nothing of a file with problems goes live: its staged rows are discarded.
    await discardRun(db, runId, now());
    await purgeStaging(db);
    return {
      ok: false, problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.rowNo - b.rowNo), problemCount: counter.n,
      items: { rows: items.rows, ...empty }, venues: { rows: venueRows, ...empty }, previous, switchMs: 0,
    };
  }

  const t0 = Date.now();
  const id = runId;
  progress?.('switch', null, 0, 4);
  await inTransaction(db, (trx) => switchRun(trx, id, now(), (done, total) => progress?.('switch', null, done, total)));
  const switchMs = Date.now() - t0;
  await purgeStaging(db);
  // The public totals per region (listing.repository.ts) follow the data just switched live.
  await refreshTotals(db);
  return {
    ok: true, problems: [], problemCount: 0, previous, switchMs,
    items: { rows: items.rows, loaded: items.rows, resumedFrom: staged.items },
    venues: { rows: venueRows, loaded: venueRows, resumedFrom: staged.venues },
  };
}
