// The search log: anonymous analytics (searches with their result counts, followed results),
// buffered in memory and written by the search service's tick (every 250 ms) and before any
// reader (hot terms, zero-result queries) reads the table.
//
// Where the rows are written (issue 24 §3, ADR 0002 "HTTP"):
// - On the service's own connection by default (see the last bullet). The worker below is opt-in
//   (SEARCH_LOG_WORKER=1, SearchService's `searchLogWorker: true`). Its second connection no longer
//   breaks the server's read-then-write transactions (they begin IMMEDIATE, platform/db/db.ts), but
//   on a quiet machine the default served more (1.91 M items, 2 processes: 5,580 req/s p99 14 ms, and
//   p99 10 ms at 1,500 req/s offered, against 4,182 req/s p99 16 ms and 15 ms with the worker).
// - With the worker, a SQLite file: by a worker thread with its own connection to the same file (WAL lets it write
//   while the server's connection reads). better-sqlite3 is synchronous: an insert on the request
//   thread held every request behind it — the rows themselves, the random pages of the query index,
//   and the WAL auto-checkpoint SQLite runs on the committing connection (measured: 10–190 ms a
//   flush under shared load). The worker commits each batch in one transaction, so the checkpoints
//   and any wait for another process's write lock (busy_timeout) happen off the request thread.
// - Without it, PostgreSQL (an asynchronous driver: the request thread only sends), an in-memory SQLite
//   database (no file another connection could open), or a worker that failed: on the service's
//   own connection, in slices of EVENT_SLICE rows with a turn of the event loop between them.
//
// flush() resolves when every row logged before the call is committed (readers then see it);
// close() flushes, then ends the worker. A worker that dies gives its unconfirmed rows back to the
// buffer and the log goes on writing them on the service's connection.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { SqliteAdapter, sql } from 'kysely';
import type { Db } from '../../schema.ts';

export interface SearchLogEvent {
  kind: 'search' | 'click';
  query: string;
  count: number;
  docType?: string;
  docId?: string;
  title?: string;
  at: string;
}

/** At most this many rows wait in memory (the oldest go first when writes fall behind). */
const MAX_BUFFERED = 5000;
/** Rows per insert when written on the service's own connection. */
const EVENT_SLICE = 50;

/** A row as the worker inserts it: kind, query, result_count, doc_type, doc_id, doc_title, at. */
type Row = [string, string, number, string | null, string | null, string | null, string];
const toRow = (e: SearchLogEvent): Row => [e.kind, e.query, e.count, e.docType ?? null, e.docId ?? null, e.title ?? null, e.at];

// The worker runs plain JavaScript (no TypeScript loader in the thread: it needs only the driver),
// loading the same better-sqlite3 the server uses. Messages are handled in order, one transaction
// per batch; each batch is answered with its sequence number (and the error, if it failed).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = ' + workerData.busyMs);
db.pragma('synchronous = NORMAL');
const insert = db.prepare('insert into search_event (kind, query, result_count, doc_type, doc_id, doc_title, at) values (?, ?, ?, ?, ?, ?, ?)');
const write = db.transaction((rows) => { for (const r of rows) insert.run(r); });
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.close(); return; }
  if (m.die) process.exit(1);
  try { write(m.rows); parentPort.postMessage({ seq: m.seq }); }
  catch (e) { parentPort.postMessage({ seq: m.seq, error: String((e && e.message) || e) }); }
});
parentPort.postMessage({ ready: true });
`;

export interface SearchLogOptions {
  /** true: a worker thread writes the rows on a SQLite file (opt-in, see the top of this file). Default: the service's connection. */
  worker?: boolean;
  /** A line for the operator (a worker that failed, a batch that could not be written). */
  log?: (msg: string) => void;
}

export class SearchLog {
  private events: SearchLogEvent[] = [];
  private mode: 'undecided' | 'worker' | 'direct' = 'undecided';
  private deciding: Promise<void> | null = null;
  private worker: Worker | null = null;
  private exited: Promise<void> | null = null;
  /** Batches sent to the worker and not yet confirmed, by sequence number. */
  private inFlight = new Map<number, { rows: Row[]; done: () => void; fail: (e: Error) => void; promise: Promise<void> }>();
  private seq = 0;
  /** The direct writer's chain: a flush resolves after every write started before it. */
  private direct: Promise<void> = Promise.resolve();

  constructor(private db: Db, private opts: SearchLogOptions = {}) {}

  /** Buffers one event (written at the next flush). */
  push(e: SearchLogEvent): void {
    this.events.push(e);
    if (this.events.length > MAX_BUFFERED) this.events.splice(0, this.events.length - MAX_BUFFERED);
  }

  /** How rows are written: 'worker', 'direct', or null before the first write. */
  get writer(): 'worker' | 'direct' | null {
    return this.mode === 'undecided' ? null : this.mode;
  }

  /** The worker thread's id while there is one (tests). */
  get workerThreadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /** Makes the worker exit before it reads any later batch, as a crash would (tests: rows in flight are not lost). */
  crashWorkerForTests(): void {
    this.worker?.postMessage({ die: true });
  }

  /** Writes every event buffered so far; resolves when they (and any batch before them) are committed. */
  async flush(): Promise<void> {
    if (this.mode === 'undecided') {
      if (!this.events.length) return;
      await (this.deciding ??= this.decide().finally(() => { this.deciding = null; }));
    }
    if (this.mode === 'worker' && this.worker) return this.sendToWorker(this.worker);
    this.direct = this.direct.catch(() => undefined).then(() => this.writeDirect());
    return this.direct;
  }

  /** Flushes, then ends the worker (the next flush after a close decides again). */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    const worker = this.worker;
    if (!worker) return;
    worker.ref(); // the exit is awaited even when nothing else keeps the process alive
    worker.postMessage({ close: true });
    await this.exited;
  }

  private async decide(): Promise<void> {
    const sqlite = this.db.getExecutor().adapter instanceof SqliteAdapter;
    let file = '';
    if (sqlite && this.opts.worker === true && !this.db.isTransaction) {
      const r = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(this.db);
      file = r.rows[0]?.file ?? '';
    }
    if (this.mode !== 'undecided') return;
    if (!file) { this.mode = 'direct'; return; }
    try {
      this.startWorker(file);
      this.mode = 'worker';
    } catch (e) {
      this.opts.log?.(`搜索日志：无法启动写入线程，改在主线程写入：${(e as Error).message}`);
      this.mode = 'direct';
    }
  }

  private startWorker(file: string): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { driver, file, busyMs: 5000 },
      // a small heap: the thread only holds the batches it writes
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 },
    });
    worker.unref();
    worker.on('message', (m: { seq?: number; error?: string }) => {
      if (m.seq === undefined) return;
      const b = this.inFlight.get(m.seq);
      if (!b) return;
      this.inFlight.delete(m.seq);
      if (!this.inFlight.size) worker.unref();
      if (m.error) {
        this.opts.log?.(`搜索日志：${b.rows.length} 条未能写入：${m.error}`);
        b.fail(new Error(m.error));
      } else b.done();
    });
    let failure: Error | null = null;
    worker.on('error', (e) => { failure = e; });
    this.exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        if (this.worker === worker) {
          this.worker = null;
          this.mode = 'undecided';
        }
        // Rows not confirmed go back to the buffer and are written on the service's connection.
        if (this.inFlight.size) {
          const lost = [...this.inFlight.values()];
          this.inFlight.clear();
          this.opts.log?.(`搜索日志：写入线程退出（${failure?.message ?? `code ${code}`}），${lost.reduce((a, b) => a + b.rows.length, 0)} 条改在主线程写入`);
          this.mode = 'direct';
          const back = lost.flatMap((b) => b.rows).map(([kind, query, count, docType, docId, title, at]): SearchLogEvent => ({ kind: kind as SearchLogEvent['kind'], query, count, at, ...(docType ? { docType } : {}), ...(docId ? { docId } : {}), ...(title ? { title } : {}) }));
          this.events.unshift(...back);
          const written = this.flush();
          for (const b of lost) written.then(b.done, b.fail);
          // a close() waiting for this exit returns once they are written too
          written.then(() => resolve(), () => resolve());
          return;
        }
        if (failure) {
          this.opts.log?.(`搜索日志：写入线程退出（${failure.message}），改在主线程写入`);
          this.mode = 'direct';
        }
        resolve();
      });
    });
    this.worker = worker;
  }

  private sendToWorker(worker: Worker): Promise<void> {
    if (this.events.length) {
      const rows = this.events.splice(0, this.events.length).map(toRow);
      const seq = ++this.seq;
      let done!: () => void;
      let fail!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => { done = res; fail = rej; });
      promise.catch(() => undefined); // a failure is also reported to whoever awaits it
      if (!this.inFlight.size) worker.ref(); // a graceful stop waits for rows in flight
      this.inFlight.set(seq, { rows, done, fail, promise });
      worker.postMessage({ seq, rows });
    }
    // batches are committed in order: waiting for the last one sent waits for all before it
    let last: Promise<void> | undefined;
    for (const b of this.inFlight.values()) last = b.promise;
    return last ?? Promise.resolve();
  }

  private async writeDirect(): Promise<void> {
    // Slices with a turn of the event loop between them: one insert of a busy moment's ~800 logged
    // searches held SQLite's synchronous driver ≈ 50 ms, and every request waited behind it.
    while (this.events.length) {
      const batch = this.events.splice(0, EVENT_SLICE);
      await this.db.insertInto('search_event').values(batch.map((e) => ({ kind: e.kind, query: e.query, result_count: e.count, doc_type: e.docType ?? null, doc_id: e.docId ?? null, doc_title: e.title ?? null, at: e.at }))).execute();
      if (this.events.length) await new Promise((r) => setImmediate(r));
    }
  }
}
