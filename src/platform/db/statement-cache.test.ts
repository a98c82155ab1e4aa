// The SQLite statement cache: the same SQL text reuses its statement; a statement still being
// iterated is not handed out again; queries give the same answers through the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { withStatementCache } from './db.ts';

test('same SQL → same prepared statement; a busy one is not shared; results unchanged', () => {
  const raw = new SQLite(':memory:');
  const db = withStatementCache(raw);
  db.exec('create table t (n integer)');
  const insert = db.prepare('insert into t (n) values (?)');
  for (let i = 1; i <= 5; i++) insert.run(i);
  assert.equal(db.prepare('insert into t (n) values (?)'), insert);
  const q = 'select n from t where n > ? order by n';
  const first = db.prepare(q);
  assert.equal(db.prepare(q), first);
  const it = first.iterate(0);
  it.next();
  assert.equal(first.busy, true);
  const second = db.prepare(q);
  assert.notEqual(second, first, 'a statement being iterated is not reused');
  assert.deepEqual(second.all(3).map((r) => (r as { n: number }).n), [4, 5]);
  it.return?.();
  assert.equal(db.prepare(q), first, 'free again once the iteration ends');
  db.pragma('user_version = 7');
  assert.equal(raw.pragma('user_version', { simple: true }), 7, 'other methods still reach the database');
  db.close();
});

test('a transaction holds the write lock from its begin: another connection cannot commit between its read and its write', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { openDb } = await import('./db.ts');
  const { sql } = await import('kysely');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-begin-'));
  const file = path.join(dir, 'd.sqlite');
  const db = openDb<{ t: { n: number } }>({ databaseUrl: null, sqliteFile: file });
  const other = new SQLite(file);
  other.pragma('busy_timeout = 0');
  try {
    await sql`create table t (n integer)`.execute(db);
    let otherWrite = '';
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('t').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow();
      // Under a DEFERRED begin this commit succeeded, and the insert below then failed at once
      // with SQLITE_BUSY_SNAPSHOT (the busy timeout does not apply to it).
      try { other.prepare('insert into t (n) values (99)').run(); otherWrite = 'committed'; } catch (e) { otherWrite = (e as { code: string }).code; }
      await trx.insertInto('t').values({ n: Number(before.c) + 1 }).execute();
    });
    assert.equal(otherWrite, 'SQLITE_BUSY', 'the other connection waits for the lock (here: no busy timeout, so it is told busy)');
    assert.deepEqual((await db.selectFrom('t').select('n').execute()).map((r) => r.n), [1], 'the transaction read and wrote one snapshot');
    other.prepare('insert into t (n) values (2)').run(); // the lock is free after the commit
    assert.equal(other.prepare('select count(*) from t').pluck().get(), 2);
  } finally {
    other.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
