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

test('in (…) lists are padded to a power of two: lists of 1–100 values make 8 statements, with the same answers', async () => {
  const { padInLists } = await import('./db.ts');
  assert.deepEqual(padInLists('select 1 from t where a = ? and b in (?, ?, ?) and c = ?'), { text: 'select 1 from t where a = ? and b in (?, ?, ?, ?) and c = ?', from: [0, 1, 2, 3, 3, 4], count: 5 });
  assert.equal(padInLists('select 1 from t where b in (?, ?)'), null, 'already a power of two');
  assert.equal(padInLists('select 1 from t where b in (?1, ?2, ?3)'), null, 'numbered parameters are left alone');
  assert.equal(padInLists('select 1 from t where b in (?, ?, ?) and c = :c'), null, 'and named ones');
  assert.equal(padInLists('select 1 from t where b in (?, ?, ?) -- is ? here\n and c = ?'), null, 'a text with a comment is left alone');
  assert.equal(padInLists('select 1 from t /* ? */ where b in (?, ?, ?)'), null);
  // a literal or identifier that looks like a list or a parameter is not one
  assert.deepEqual(padInLists(`select 'in (?, ?, ?)' as "in (?)", ? from t where n not in (?, ?, ?, ?, ?)`)?.from, [0, 1, 2, 3, 4, 5, 5, 5, 5]);

  const raw = new SQLite(':memory:');
  const prepared = new Set<string>();
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((text: string) => { prepared.add(text); return prepare(text); }) as typeof raw.prepare;
  const db = withStatementCache(raw);
  db.exec('create table t (n integer, s text)');
  const insert = db.prepare('insert into t (n, s) values (?, ?)');
  for (let i = 1; i <= 200; i++) insert.run(i, `s${i}`);
  prepared.clear();
  for (let k = 1; k <= 100; k++) {
    const ids = Array.from({ length: k }, (_, i) => 2 * i + 1);
    const list = ids.map(() => '?').join(', ');
    const rows = db.prepare(`select n, s from t where n in (${list}) and s != ? order by n`).all([...ids, 's1']) as { n: number; s: string }[];
    assert.deepEqual(rows.map((r) => r.n), ids.filter((n) => n !== 1 && n <= 200), `k=${k}`);
    const outside = db.prepare(`select count(*) as c from t where n not in (${list})`).get(ids) as { c: number };
    assert.equal(outside.c, 200 - k, `not in, k=${k}`);
    const changed = db.prepare(`update t set s = s where n in (${list})`).run(ids);
    assert.equal(changed.changes, k);
  }
  // 1, 2, 4, … 128 values: 8 shapes for each of the three queries
  assert.equal(prepared.size, 3 * 8, [...prepared].join('\n'));
  const it = db.prepare('select n from t where n in (?, ?, ?) order by n').iterate([5, 6, 7]);
  assert.deepEqual([...it].map((r) => (r as { n: number }).n), [5, 6, 7]);
  // a wrong number of values is refused as an unpadded statement refuses it, never bound as NULL or dropped
  assert.throws(() => db.prepare('select n from t where n in (?, ?, ?) and s != ?').all([5, 6, 7]), RangeError);
  assert.throws(() => db.prepare('select n from t where n in (?, ?, ?) and s != ?').all([5, 6, 7, 's1', 8]), RangeError);
  assert.throws(() => raw.prepare('select n from t where n in (?, ?) and s != ?').all([5, 6]), RangeError);
  db.close();
});
