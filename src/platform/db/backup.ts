// Shell: `gongkai backup` and `gongkai restore`. SQLite: an online backup (better-sqlite3's
// backup API, safe while the server runs and writes) into a temporary file that is checked and then
// renamed into place; a restore checks the file (SQLite, this application's migrations, integrity)
// before it atomically replaces the data folder's database, keeping the old one beside it.
// PostgreSQL: the exact pg_dump / pg_restore commands for DATABASE_URL (password masked) after a
// connection check; the dump itself is PostgreSQL's own tool.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { migrations } from '../../../migrations/index.ts';

/** A refusal with a message for the operator; nothing has been changed. */
export class BackupError extends Error {}

const MIGRATION_TABLE = 'kysely_migration';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

type Progress = (done: number, total: number) => void;

function temporaryBeside(file: string, tag: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${tag}-${process.pid}-${Date.now()}`);
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** Checks that `out` may be written: its folder exists and is writable; an existing file only with force. */
function checkOutput(out: string, force: boolean): void {
  const dir = path.dirname(path.resolve(out));
  if (fs.existsSync(out)) {
    if (fs.statSync(out).isDirectory()) throw new BackupError(`--out 指向的是文件夹：${out}；请给出备份文件名，例如 ${path.join(out, 'gongkai-备份.sqlite')}`);
    if (!force) throw new BackupError(`文件已存在：${out}；不会覆盖。请换一个文件名，或加 --force 覆盖`);
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new BackupError(`无法写入 ${out}：文件夹 ${dir} 不存在`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new BackupError(`无法写入 ${out}：没有文件夹 ${dir} 的写入权限`);
  }
}

/**
 * Opens a SQLite file and checks it is a sound database of this application: the file header,
 * PRAGMA integrity_check, and a migration table whose migrations this version knows.
 * @returns the number of applied migrations.
 */
function checkSqliteFile(file: string, what: string): number {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(16);
  const read = fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  if (read < 16 || !head.equals(SQLITE_HEADER)) throw new BackupError(`${what}不是 SQLite 数据库文件（文件开头不是 "SQLite format 3"）`);
  let db: SQLite.Database | null = null;
  try {
    db = new SQLite(file, { fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (check.length !== 1 || check[0]?.integrity_check !== 'ok') {
      throw new BackupError(`${what}已损坏（integrity_check：${check.slice(0, 3).map((r) => r.integrity_check).join('；')}），可能不完整或被截断`);
    }
    const table = db.prepare(`select name from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE);
    if (!table) throw new BackupError(`${what}是 SQLite 数据库，但不是本系统的数据库（没有 ${MIGRATION_TABLE} 表）`);
    const names = (db.prepare(`select name from ${MIGRATION_TABLE}`).all() as { name: string }[]).map((r) => r.name);
    const unknown = names.filter((n) => !(n in migrations));
    if (unknown.length) throw new BackupError(`${what}来自更新版本的 Gongkai（含本版本没有的迁移 ${unknown.join('、')}）；请先升级本系统再恢复`);
    if (!names.length) throw new BackupError(`${what}是空的本系统数据库（尚未执行任何迁移）`);
    return names.length;
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${what}无法作为 SQLite 数据库读取（${(e as Error).message}），可能不完整或被截断`);
  } finally {
    db?.close();
  }
}

/**
 * Copies the live SQLite database to `out` with SQLite's online backup (other processes may keep
 * reading and writing). The copy is written to a temporary file next to `out`, checked, then renamed.
 */
export async function backupSqlite(sqliteFile: string, out: string, opts: { force?: boolean; onProgress?: Progress } = {}): Promise<{ bytes: number; migrations: number }> {
  if (!fs.existsSync(sqliteFile)) throw new BackupError(`找不到数据库文件 ${sqliteFile}；请检查 DATA_DIR`);
  // The path itself when it exists, else its real folder and name (a -journal that comes and goes).
  const same = (a: string) => {
    try { return fs.realpathSync(a); } catch { /* not there (yet) */ }
    try { return path.join(fs.realpathSync(path.dirname(a)), path.basename(a)); } catch { return path.resolve(a); }
  };
  // Nor its -wal, -shm or -journal: replacing the live write-ahead log loses every write since the
  // last checkpoint (and --force would do it without a word).
  if (['', '-wal', '-shm', '-journal'].some((x) => same(out) === same(`${sqliteFile}${x}`))) throw new BackupError(`--out 不能是正在使用的数据库文件本身或其 -wal/-shm/-journal 文件（${sqliteFile}）；请写到别的位置`);
  checkOutput(out, opts.force === true);
  const tmp = temporaryBeside(path.resolve(out), 'partial');
  const source = new SQLite(sqliteFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Small steps show progress, but SQLite restarts a backup when another connection writes
    // between two steps; on a busy server that could go on for ever. After the first restart
    // the rest is copied in one step (one read snapshot; in WAL mode writers are not held up).
    let lastRemaining = Number.POSITIVE_INFINITY;
    let inOneStep = false;
    const r = await source.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > lastRemaining) inOneStep = true;
        lastRemaining = remainingPages;
        opts.onProgress?.(totalPages - remainingPages, totalPages);
        return inOneStep ? Math.max(1, totalPages) : Math.max(200, Math.ceil(totalPages / 50));
      },
    });
    opts.onProgress?.(r.totalPages, r.totalPages);
  } catch (e) {
    removeQuietly(tmp);
    throw new BackupError(`备份失败，未写入 ${out}（${(e as Error).message}）`);
  } finally {
    source.close();
  }
  try {
    const count = checkSqliteFile(tmp, '备份副本');
    fs.renameSync(tmp, out);
    return { bytes: fs.statSync(out).size, migrations: count };
  } finally {
    removeQuietly(tmp);
  }
}

/**
 * Replaces the data folder's database with a backup. The server must be stopped. Refuses (changing
 * nothing) when the file is not a sound database of this application, or when the data folder
 * already holds a database and `force` is not set. The old database is kept beside it as
 * gongkai.sqlite.before-restore-TIME.
 */
export function restoreSqlite(backupFile: string, sqliteFile: string, opts: { force?: boolean; now?: Date } = {}): { migrations: number; keptOld: string | null } {
  if (!fs.existsSync(backupFile) || !fs.statSync(backupFile).isFile()) throw new BackupError(`找不到备份文件：${backupFile}`);
  const exists = fs.existsSync(sqliteFile);
  if (exists && !opts.force) {
    throw new BackupError(`数据目录中已有数据库 ${sqliteFile}；恢复会替换它。确认替换时请先停止服务，再加 --force 重新执行（旧数据库会保留为 .before-restore 文件）`);
  }
  fs.mkdirSync(path.dirname(sqliteFile), { recursive: true });
  // Check a private copy: opening the user's file could add -wal/-shm files beside it.
  const tmp = temporaryBeside(sqliteFile, 'restore');
  try {
    fs.copyFileSync(backupFile, tmp);
    const count = checkSqliteFile(tmp, `备份文件 ${backupFile} `);
    let keptOld: string | null = null;
    if (exists) {
      // Fold the old database's WAL into it and close; if its -wal stays, another process has it open.
      const old = new SQLite(sqliteFile, { fileMustExist: true });
      try {
        old.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        old.close();
      }
      if (fs.existsSync(`${sqliteFile}-wal`)) throw new BackupError(`数据库 ${sqliteFile} 仍被其他进程使用（服务可能在运行）；请先停止服务再恢复`);
      fs.rmSync(`${sqliteFile}-shm`, { force: true });
      const stamp = (opts.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
      keptOld = `${sqliteFile}.before-restore-${stamp}`;
      try {
        fs.linkSync(sqliteFile, keptOld);
      } catch {
        fs.copyFileSync(sqliteFile, keptOld); // a file system without hard links
      }
    }
    fs.renameSync(tmp, sqliteFile); // atomic: readers see the old file or the new one, never a mix
    return { migrations: count, keptOld };
  } finally {
    removeQuietly(tmp);
  }
}

/** DATABASE_URL with its password replaced by ***. */
export function maskedUrl(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  if (u.password) u.password = '***';
  return u.toString();
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Checks the PostgreSQL connection; the server's version and the number of applied migrations. */
export async function checkPostgres(databaseUrl: string): Promise<{ version: string; migrations: number | null }> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const version = String((await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?');
    const table = await client.query(`select 1 from information_schema.tables where table_name = $1 and table_schema = current_schema()`, [MIGRATION_TABLE]);
    const migrations = table.rowCount ? Number((await client.query<{ n: string }>(`select count(*) as n from ${MIGRATION_TABLE}`)).rows[0]?.n ?? 0) : null;
    return { version, migrations };
  } catch (e) {
    throw new BackupError(`无法连接 DATABASE_URL 指定的 PostgreSQL（${maskedUrl(databaseUrl)}）：${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL without its password, and the PGPASSWORD prefix that stands for it (masked). */
function commandParts(databaseUrl: string): { prefix: string; url: string } {
  const u = new URL(databaseUrl);
  const prefix = u.password ? 'PGPASSWORD=*** ' : '';
  u.password = '';
  return { prefix, url: shellQuote(u.toString()) };
}

/**
 * The pg_dump command that backs DATABASE_URL up to `out` (custom format). The password is shown
 * as PGPASSWORD=***: put the real one there, or in ~/.pgpass.
 */
export function pgDumpCommand(databaseUrl: string, out: string): string {
  const { prefix, url } = commandParts(databaseUrl);
  return `${prefix}pg_dump --format=custom --no-owner --dbname=${url} --file=${shellQuote(out)}`;
}

/** The pg_restore command that loads `file` into DATABASE_URL (replacing the objects it contains). */
export function pgRestoreCommand(databaseUrl: string, file: string): string {
  const { prefix, url } = commandParts(databaseUrl);
  return `${prefix}pg_restore --clean --if-exists --no-owner --single-transaction --dbname=${url} ${shellQuote(file)}`;
}
