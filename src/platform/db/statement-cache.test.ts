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
