// The search service: builds the embedded index from the sources, follows the change log so the
// index stays fresh in every process (web servers, CLI imports), applies the editable synonym
// dictionary, answers queries and records anonymous analytics.
import type { Clock } from '../../platform/clock/clock.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import path from 'node:path';
import crypto from 'node:crypto';
import { MemoryIndex } from '../../platform/search/memory-index.ts';
import { SNAPSHOT_FILE, SnapshotError, peekSnapshot, readSnapshot, snapshotVersionWith, writeSnapshot } from '../../platform/search/snapshot.ts';
import { fileURLToPath } from 'node:url';
import type { SearchDoc, SearchQuery, SearchResult, Suggestion } from '../../platform/search/search-port.ts';
import { compact, normalize } from '../../platform/search/analyzer.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { platformView, type Db } from '../../schema.ts';
import * as repo from './search.repository.ts';
import { GENERAL_SYNONYMS } from './dictionary.ts';
import { synonymMap } from './synonyms.ts';
import { Lru } from '../../platform/cache/lru.ts';
import { SearchLog } from './search-log.ts';

export type Progress = (done: number, total: number) => void;

// A snapshot is tied to the code that makes the documents too: the repository (titles, keywords,
// departments, urls, which records are public) and this service. After an upgrade that changes
// them the first start rebuilds. (Renames no trigger logs — an organisation's region, a disclosure
// category — still need `gongkai search reindex`.)
let docsVersion: string | null = null;
function documentsVersion(): string {
  if (!docsVersion) {
    const here = fileURLToPath(import.meta.url);
    const ext = path.extname(here);
    docsVersion = snapshotVersionWith([here, path.join(path.dirname(here), `search.repository${ext}`)]);
  }
  return docsVersion;
}

export interface SearchServiceOptions {
  /**
   * Where the index snapshot lives (SEARCH_SNAPSHOT_DIR): a directory; 'off' for none; null for the
   * default — the SQLite file's directory (none for an in-memory database or PostgreSQL).
   */
  snapshotDir?: string | null;
  /** Start-up and snapshot log lines. */
  log?: (msg: string) => void;
  /**
   * Answers kept in memory (SEARCH_RESULT_CACHE; 0 or unset: none), least recently used out first,
   * keyed by the normalised query and every filter and the page, and dropped whole when the index
   * changes in any way (a document, a synonym, region names, query popularity) or is replaced.
   */
  resultCache?: number;
  /** true: on a SQLite file the search log is written by a worker thread (opt-in, search-log.ts says why). Default: on this connection. */
  searchLogWorker?: boolean;
}

/** Result-cache lookups of every service in this process (the HTTP bench prints the hit rate). */
export const resultCacheTotals = { hits: 0, misses: 0 };

/** The cache key of a query: the normalised text and every parameter that shapes its answer. */
function cacheKey(q: SearchQuery): string {
  return JSON.stringify([normalize(q.q), q.types ?? [], q.region ?? '', q.dept ?? '', q.channel ?? '', q.limit, q.offset, q.hintRegion ?? '', q.recent ?? [], q.perGroup ?? 0]);
}

/** A snapshot is rewritten when it is this many changes behind the index (and at most once an hour by the job). */
const SNAPSHOT_REFRESH_CHANGES = 20_000;

const PAGE = 5000;
/** About how often each process rewrites its snapshot file when its index has moved on (±10 %). */
const SNAPSHOT_REFRESH_MS = 3_600_000;
/** Above this many pending changes a full rebuild is cheaper than following the log. */
const REBUILD_BACKLOG = 200_000;

export class SearchService {
  /** The version a snapshot of this service's index carries (index code and document code). */
  static snapshotVersion(): string { return documentsVersion(); }
  index = new MemoryIndex();
  private cursor = 0;
  private gapSince = 0;
  private lastSyncAt = 0;
  private syncing: Promise<void> | null = null;
  private dueCheckedAt = '';
  private synStamp = '';
  private catalogIds = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** Anonymous analytics, written off the request thread where the database allows (search-log.ts). */
  readonly searchLog: SearchLog;
  private hotCache: { at: number; value: { queries: { query: string; count: number }[]; items: { rank: number; title: string; count: number }[] } } | null = null;
  lastBuild = { docs: 0, ms: 0 };
  private answers = new Lru<string, SearchResult>(1);
  private answersOf: { index: MemoryIndex; version: number } | null = null;
  /** Cache lookups since start (hits, misses) when the cache is on. */
  readonly cacheStats = { hits: 0, misses: 0 };
  /** How the last start-up went: from the snapshot (and how many changes were replayed) or a full build, and why. */
  lastStart: { from: 'snapshot' | 'database'; ms: number; replayed: number; reason: string } | null = null;
  private snapshotFile: string | null | undefined;
  private snapshotCursor = -1;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> | null = null;

  constructor(private db: Db, private clock: Clock, private opts: SearchServiceOptions = {}) {
    this.searchLog = new SearchLog(db, { worker: opts.searchLogWorker, log: (m) => this.log(m) });
  }

  private log(msg: string): void { this.opts.log?.(msg); }

  /** The snapshot file for this database, or null when snapshots are off. */
  async snapshotPath(): Promise<string | null> {
    if (this.snapshotFile !== undefined) return this.snapshotFile;
    const dir = this.opts.snapshotDir;
    const who = await repo.databaseIdentity(this.db);
    let file: string | null = null;
    if (dir === 'off') file = null;
    else if (dir) file = path.join(path.resolve(dir), `${SNAPSHOT_FILE}.${crypto.createHash('sha256').update(who.id).digest('hex').slice(0, 12)}`);
    else if (who.dialect === 'sqlite' && who.file) file = `${who.file}.${SNAPSHOT_FILE}`;
    this.snapshotFile = file;
    return file;
  }

  /**
   * Makes the index ready at start: loads the snapshot and replays the change log after it when the
   * snapshot is whole, of this version and of this database's log; otherwise (missing, corrupt,
   * truncated, another version, or older than the log keeps) builds from the database and writes a
   * new snapshot. The index is swapped in only when complete.
   */
  async open(progress?: Progress): Promise<{ docs: number; ms: number }> {
    const t0 = performance.now();
    const file = await this.snapshotPath();
    if (!file) {
      const r = await this.build(progress);
      this.lastStart = { from: 'database', ms: r.ms, replayed: 0, reason: 'snapshots off' };
      return r;
    }
    let reason: string;
    try {
      const { header, image } = await readSnapshot(file, documentsVersion(), MemoryIndex.snapshotSpare);
      const refused = await this.refuseSnapshot(header.cursor, header.mark);
      if (refused) throw new SnapshotError('corrupt', refused);
      const next = MemoryIndex.fromImage(image);
      await this.applySynonyms(next, true);
      next.setRegionNames(await repo.regionNames(this.db));
      // replay the change log after the snapshot's position on the new index, then swap it in
      const before = this.cursor;
      const prev = { index: this.index, dueCheckedAt: this.dueCheckedAt, catalogIds: this.catalogIds };
      this.index = next;
      this.cursor = header.cursor;
      this.dueCheckedAt = header.dueCheckedAt;
      this.catalogIds = new Set(next.idsOf('catalog_item'));
      try { await this.sync(); } catch (e) { Object.assign(this, prev); this.cursor = before; throw e; }
      this.index.warm();
      const replayed = Math.max(0, this.cursor - header.cursor);
      this.snapshotCursor = header.cursor;
      const ms = Math.round(performance.now() - t0);
      this.lastBuild = { docs: this.index.size(), ms };
      this.lastStart = { from: 'snapshot', ms, replayed, reason: '' };
      this.log(`搜索索引：从快照载入 ${this.index.size()} 条（${file}，位置 ${header.cursor}，补齐 ${replayed} 条变更），用时 ${ms} ms`);
      if (replayed >= SNAPSHOT_REFRESH_CHANGES) this.saveSnapshotLater();
      return this.lastBuild;
    } catch (e) {
      if (!(e instanceof SnapshotError)) reason = `读取失败：${(e as Error).message}`;
      else reason = e.message;
    }
    this.log(`搜索索引：快照不可用（${reason}），从数据库重建（快照文件 ${file}）`);
    const r = await this.build(progress);
    this.lastStart = { from: 'database', ms: Math.round(performance.now() - t0), replayed: 0, reason };
    this.log(`搜索索引：从数据库重建 ${r.docs} 条，用时 ${r.ms} ms`);
    this.saveSnapshotLater();
    return r;
  }

  /** Why a snapshot at change `cursor` (row identity `mark`) cannot be caught up from this database's log, or null. */
  private async refuseSnapshot(cursor: number, mark: string): Promise<string | null> {
    const head = await repo.lastChangeId(this.db);
    if (head < cursor) return `快照位置 ${cursor} 超出变更日志（${head}）：另一数据库的快照`;
    if (head - cursor > REBUILD_BACKLOG) return `快照落后 ${head - cursor} 条变更，重建更快`;
    if (cursor > 0) {
      if ((await repo.changeMark(this.db, cursor)) !== mark) return '快照位置的变更已不在日志中（已清理或另一数据库）';
    } else {
      const first = await repo.firstChangeId(this.db);
      if (first > 1) return '快照之后的变更已被清理';
    }
    return null;
  }

  /** Writes the snapshot in the background (one write at a time; errors are logged). */
  saveSnapshotLater(): void {
    if (this.saving) return;
    this.saving = this.saveSnapshot().then(() => undefined, (e: unknown) => { this.log(`搜索索引：快照写入失败：${(e as Error).message}`); }).finally(() => { this.saving = null; });
  }

  /** Writes the index as the snapshot (temporary file, then rename). Returns false when snapshots are off or the position's row is gone. */
  async saveSnapshot(): Promise<boolean> {
    const file = await this.snapshotPath();
    if (!file) return false;
    // The position and due-check time first; the image after the mark's read, and encoded by
    // written by writeSnapshot before its first await: the image shares arrays with the live index (postings,
    // phrase refs), so a sync landing between image() and the encoding would write postings of
    // groups the file does not hold. (An image newer than its position is fine: replay is idempotent.)
    const cursor = this.cursor;
    const dueCheckedAt = this.dueCheckedAt;
    const mark = await repo.changeMark(this.db, cursor);
    if (cursor > 0 && !mark) return false;
    const t0 = performance.now();
    const bytes = await writeSnapshot(file, this.index.image(), { cursor, mark, dueCheckedAt }, documentsVersion());
    this.snapshotCursor = cursor;
    this.log(`搜索索引：快照已写入 ${file}（${Math.round(bytes / 1048576)} MB，位置 ${cursor}，${Math.round(performance.now() - t0)} ms）`);
    return true;
  }

  /** Rewrites the snapshot when the index has moved on since the file was written (hourly, see start()). */
  async refreshSnapshot(): Promise<void> {
    const file = await this.snapshotPath();
    if (!file) return;
    const onDisk = (await peekSnapshot(file))?.cursor ?? -1;
    if (this.cursor > Math.max(onDisk, this.snapshotCursor) || onDisk < 0) await this.saveSnapshot();
  }

  /** Seeds the general dictionary into the editable table once (when it has never been seeded). */
  async seedDictionary(): Promise<void> {
    const any = await this.db.selectFrom('search_synonym').select('id').where('origin', '=', 'general').limit(1).executeTakeFirst();
    if (any) return;
    const at = this.clock.now().toISOString();
    await this.db.insertInto('search_synonym').values(GENERAL_SYNONYMS.map((g) => ({ terms: g.join('、'), note: '通用词典', origin: 'general', created_at: at, updated_at: at }))).execute();
  }

  /** (Re)builds the whole index from the database; queries keep using the old index until done. */
  async build(progress?: Progress): Promise<{ docs: number; ms: number }> {
    const t0 = performance.now();
    const cursor = await repo.lastChangeId(this.db);
    const next = new MemoryIndex();
    await this.applySynonyms(next, true);
    next.setRegionNames(await repo.regionNames(this.db));
    const total = await repo.countSources(this.db);
    // room for the documents (and 1/32 more): the per-document arrays are not copied while they fill
    next.reserve(total + Math.max(4096, Math.ceil(total / 32)));
    let done = 0;
    for (const page of [repo.itemPage, repo.venuePage]) {
      let after = 0;
      for (;;) {
        const { docs, last } = await page(this.db, after, PAGE);
        if (!docs.length) break;
        next.upsert(docs);
        after = last;
        done += docs.length;
        progress?.(Math.min(done, total), total);
      }
    }
    const now = this.clock.now().toISOString();
    const disclosures = await repo.visibleDisclosures(this.db, now);
    next.upsert(disclosures);
    const cat = await repo.publishedCatalogItems(this.db);
    next.upsert(cat.docs);
    this.catalogIds = new Set(cat.docs.map((d) => d.id));
    next.warm();
    progress?.(total, total);
    this.index = next;
    this.cursor = cursor;
    this.dueCheckedAt = now;
    this.lastBuild = { docs: next.size(), ms: Math.round(performance.now() - t0) };
    return this.lastBuild;
  }

  private async applySynonyms(target: MemoryIndex, force = false): Promise<void> {
    const stamp = await repo.synonymStamp(this.db);
    if (!force && stamp === this.synStamp) return;
    this.synStamp = stamp;
    const rows = await repo.listSynonyms(this.db);
    target.setSynonyms(synonymMap(rows.map((r) => r.terms)));
  }

  /** Follows the change log (and scheduled records whose time has come). Safe to call often. */
  sync(): Promise<void> {
    if (!this.syncing) this.syncing = this.doSync().finally(() => { this.syncing = null; this.lastSyncAt = Date.now(); });
    return this.syncing;
  }

  /** Syncs first when the last sync is older than `maxAgeMs` (a search sees writes made just before it). */
  async fresh(maxAgeMs = 200): Promise<void> {
    if (Date.now() - this.lastSyncAt >= maxAgeMs) await this.sync();
  }

  private async doSync(): Promise<void> {
    const head = await repo.lastChangeId(this.db);
    if (head - this.cursor > REBUILD_BACKLOG) { await this.build(); return; }
    for (;;) {
      const rows = await repo.changesAfter(this.db, this.cursor, PAGE);
      if (!rows.length) break;
      await this.apply(rows);
      // PostgreSQL hands out ids before commit: hold the cursor at a gap for a moment, re-reading is idempotent
      let c = this.cursor;
      for (const r of rows) { if (r.id === c + 1) c = r.id; else break; }
      const maxId = (rows[rows.length - 1] as { id: number }).id;
      if (c < maxId) {
        if (!this.gapSince) this.gapSince = Date.now();
        if (Date.now() - this.gapSince > 2000) { c = maxId; this.gapSince = 0; }
      } else this.gapSince = 0;
      const advanced = c > this.cursor;
      this.cursor = c;
      if (!advanced || rows.length < PAGE) break;
    }
    const now = this.clock.now().toISOString();
    if (this.dueCheckedAt && now > this.dueCheckedAt) {
      const due = await repo.disclosuresComingDue(this.db, this.dueCheckedAt, now);
      if (due.length) await this.applyDisclosures(due, now);
    }
    this.dueCheckedAt = now;
    await this.applySynonyms(this.index);
  }

  /**
   * Deletes change-log rows older than a day: every process has followed them long ago (a process
   * that starts rebuilds anyway). A background job (searchJobs), run once per hour in total.
   */
  async pruneChanges(): Promise<void> {
    await repo.pruneChanges(this.db, new Date(this.clock.now().getTime() - 86_400_000).toISOString());
  }

  private async apply(rows: { source: string; source_id: string }[]): Promise<void> {
    if (rows.some((r) => r.source === 'rebuild')) { await this.build(); return; }
    const by = new Map<string, Set<number>>();
    for (const r of rows) {
      const n = Number(r.source_id);
      if (!Number.isSafeInteger(n)) continue;
      let s = by.get(r.source);
      if (!s) { s = new Set(); by.set(r.source, s); }
      s.add(n);
    }
    const now = this.clock.now().toISOString();
    for (const [source, set] of by) {
      const ids = [...set];
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        if (source === 'item') this.replace('item', part, await repo.itemsByIds(this.db, part));
        else if (source === 'venue') this.replace('venue', part, await repo.venuesByIds(this.db, part));
        else if (source === 'disclosure') await this.applyDisclosures(part, now);
      }
      if (source === 'catalog_version') {
        const cat = await repo.publishedCatalogItems(this.db);
        const keep = new Set(cat.docs.map((d) => d.id));
        this.index.remove('catalog_item', [...this.catalogIds].filter((id) => !keep.has(id)));
        this.index.upsert(cat.docs);
        this.catalogIds = keep;
      }
    }
  }

  private async applyDisclosures(ids: number[], nowIso: string): Promise<void> {
    this.replace('disclosure', ids, await repo.visibleDisclosures(this.db, nowIso, ids));
  }

  private replace(type: string, ids: number[], docs: SearchDoc[]): void {
    const found = new Set(docs.map((d) => d.id));
    this.index.remove(type, ids.map(String).filter((id) => !found.has(id)));
    this.index.upsert(docs);
  }

  /**
   * Starts following the change log every `ms`, and refreshing the snapshot file about hourly
   * (timers do not keep the process alive). Every process refreshes its own host's file, at a
   * random minute so the processes of one host rarely write at once; one that finds the file as
   * new as its index writes nothing. This keeps each host's file within the change log's day.
   */
  start(ms = 250, snapshotEveryMs = SNAPSHOT_REFRESH_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      void this.sync().catch(() => undefined);
      void this.flushEvents().catch(() => undefined);
    }, ms);
    this.timer.unref();
    const next = () => {
      this.snapshotTimer = setTimeout(() => {
        if (!this.saving) this.saving = this.refreshSnapshot().catch((e: unknown) => { this.log(`搜索索引：快照写入失败：${(e as Error).message}`); }).finally(() => { this.saving = null; });
        next();
      }, snapshotEveryMs * (0.9 + Math.random() * 0.2));
      this.snapshotTimer.unref();
    };
    next();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.timer = null;
    this.snapshotTimer = null;
    await this.syncing;
    await this.saving;
    await this.searchLog.close();
  }

  // ---------------------------------------------------------------- queries

  async search(query: SearchQuery, opts: { log?: boolean } = {}): Promise<SearchResult & { tookMs: number }> {
    await this.fresh();
    const t0 = performance.now();
    const r = this.answer(query);
    const tookMs = Math.round((performance.now() - t0) * 100) / 100;
    if (opts.log !== false && query.offset === 0) this.logSearch(query.q, r.total);
    return { ...r, tookMs };
  }

  /** The index's answer, from the result cache when it is on and holds it for the index as it is now. */
  private answer(query: SearchQuery): SearchResult {
    const max = this.opts.resultCache ?? 0;
    if (max <= 0) return this.index.query(query);
    const index = this.index;
    const version = index.version();
    if (this.answers.max !== max) this.answers = new Lru(max);
    if (this.answersOf?.index !== index || this.answersOf.version !== version) { this.answers.clear(); this.answersOf = { index, version }; }
    const key = cacheKey(query);
    const hit = this.answers.get(key);
    if (hit) {
      this.cacheStats.hits++;
      resultCacheTotals.hits++;
      return hit;
    }
    this.cacheStats.misses++;
    resultCacheTotals.misses++;
    const r = index.query(query);
    // kept only when final: not while a lazily refreshed part of the index waits for its refresh
    if (index.settled() && index.version() === version) {
      for (const h of r.hits) Object.freeze(h);
      Object.freeze(r.hits);
      this.answers.set(key, Object.freeze(r));
    }
    return r;
  }

  async suggest(prefix: string, limit = 8): Promise<Suggestion[]> {
    await this.fresh(1000);
    return this.index.suggest(prefix, limit);
  }

  /** Analytics keep the query text only (ID and phone numbers masked), never who searched. */
  private logSearch(q: string, total: number): void {
    const query = maskPersonalData(normalize(q)).slice(0, 64);
    if (!compact(query)) return;
    this.searchLog.push({ kind: 'search', query, count: total, at: this.clock.now().toISOString() });
  }

  /**
   * A result link was followed: `publicId` is the id results carry. Counts the click (with the
   * public id) and answers the document's page, or null when no such document is in the index.
   */
  async click(q: string, type: string, publicId: string): Promise<string | null> {
    for (const key of await repo.sourceIdsOf(this.db, type, publicId)) {
      // only the document the index holds under that public id (an older catalogue version's row is not)
      if (this.index.publicIdOf(type, key) !== publicId) continue;
      const title = this.index.titleOf(type, key);
      const url = this.index.urlOf(type, key);
      if (!title || !url) continue;
      this.searchLog.push({ kind: 'click', query: maskPersonalData(normalize(q)).slice(0, 64), count: 0, docType: type, docId: publicId, title, at: this.clock.now().toISOString() });
      return url;
    }
    return null;
  }

  /** Writes the buffered analytics (searches are not slowed by a write each); resolves once they are committed. */
  async flushEvents(): Promise<void> {
    await this.searchLog.flush();
  }

  async hot(days = 30, limit = 10): Promise<{ queries: { query: string; count: number }[]; items: { rank: number; title: string; count: number }[] }> {
    if (this.hotCache && Date.now() - this.hotCache.at < 60_000) return this.hotCache.value;
    await this.flushEvents();
    const since = new Date(this.clock.now().getTime() - days * 86_400_000).toISOString();
    const queries = await repo.hotQueries(this.db, since, limit);
    const items = (await repo.topSearchedItems(this.db, since, limit)).map((r, i) => ({ rank: i + 1, ...r }));
    this.index.setQueryPopularity(new Map(queries.map((q) => [q.query, q.count])));
    const value = { queries, items };
    this.hotCache = { at: Date.now(), value };
    return value;
  }

  async zeroResults(days = 90, limit = 100): Promise<{ query: string; count: number; last: string }[]> {
    await this.flushEvents();
    const since = new Date(this.clock.now().getTime() - days * 86_400_000).toISOString();
    return repo.zeroResultQueries(this.db, since, limit);
  }

  /** `gongkai search reindex`: rebuild here (counts and time) and ask every running process to rebuild. */
  async reindex(progress?: Progress): Promise<{ docs: number; ms: number }> {
    await this.seedDictionary();
    const r = await this.build(progress);
    await this.db.insertInto('search_change').values({ source: 'rebuild', source_id: '0', at: this.clock.now().toISOString() }).execute();
    return r;
  }

  // ---------------------------------------------------------------- editors

  async addSynonym(by: Performer, terms: string[], note: string, resolves: string | null): Promise<number> {
    const at = this.clock.now();
    const id = await inTransaction(this.db, async (trx) => {
      const row = await trx.insertInto('search_synonym').values({ terms: terms.join('、'), note, origin: 'editor', created_at: at.toISOString(), updated_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow();
      if (resolves) await this.decideZero(trx, by, resolves, 'resolved', at);
      await recordAudit(platformView(trx), at, { ...auditActor(by), action: 'search.synonym.add', entity: 'search_synonym', entityId: String(row.id), after: { terms, note, resolves } });
      return Number(row.id);
    });
    await this.applySynonyms(this.index, true);
    return id;
  }

  async deleteSynonym(by: Performer, id: number): Promise<boolean> {
    const at = this.clock.now();
    const ok = await inTransaction(this.db, async (trx) => {
      const before = await trx.selectFrom('search_synonym').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) return false;
      await trx.deleteFrom('search_synonym').where('id', '=', id).execute();
      await recordAudit(platformView(trx), at, { ...auditActor(by), action: 'search.synonym.delete', entity: 'search_synonym', entityId: String(id), before });
      return true;
    });
    if (ok) await this.applySynonyms(this.index, true);
    return ok;
  }

  async ignoreZero(by: Performer, query: string): Promise<void> {
    const at = this.clock.now();
    await inTransaction(this.db, (trx) => this.decideZero(trx, by, query, 'ignored', at));
  }

  private async decideZero(trx: Db, by: Performer, query: string, status: 'resolved' | 'ignored', at: Date): Promise<void> {
    const actor = auditActor(by);
    const existing = await trx.selectFrom('search_zero_status').select('query').where('query', '=', query).executeTakeFirst();
    if (existing) await trx.updateTable('search_zero_status').set({ status, decided_at: at.toISOString(), decided_by: actor.actorLabel }).where('query', '=', query).execute();
    else await trx.insertInto('search_zero_status').values({ query, status, decided_at: at.toISOString(), decided_by: actor.actorLabel }).execute();
    await recordAudit(platformView(trx), at, { ...actor, action: `search.zero.${status}`, entity: 'search_zero_status', entityId: query.slice(0, 64), after: { status } });
  }
}

/** The search module's background jobs (the change-log follower is per process and is not one). */
export function searchJobs(svc: SearchService): JobDefinition[] {
  return [
    { name: 'search.prune-changes', everyMs: 3_600_000, run: () => svc.pruneChanges() },
    // (the snapshot is refreshed by each process, see start(): a cluster-wide job would refresh one
    // host's file only, and another host's would fall behind the pruned log)
  ];
}
