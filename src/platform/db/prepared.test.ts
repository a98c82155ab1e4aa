// compiledOnce's direct SQLite path and readSnapshot (issue 24 §5): the same rows as through Kysely;
// never inside another transaction of the connection (whose uncommitted writes it would see); one
// read transaction for every read of a snapshot, with the data version of what it read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDb } from './db.ts';
import { compiledOnce, readSnapshot } from './prepared.ts';
import { dataVersionSync } from './data-version.ts';

interface T { t: { n: number; s: string } }
const byN = compiledOnce<T, { n: number; s: string }, [number]>((db, slot) => db.selectFrom('t').select(['n', 's']).where('n', '>=', slot(0) as unknown as number).orderBy('n'));

test('direct reads: same rows as Kysely; none while another transaction of the connection is open; snapshots see one state', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-prepared-'));
  const file = path.join(dir, 'p.sqlite');
  const a = openDb<T>({ databaseUrl: null, sqliteFile: file });
  const raw = new SQLite(file); // another connection (another process), synchronous
  try {
    await sql`create table t (n integer, s text)`.execute(a);
    await sql`insert into t (n, s) values (1, 'a'), (2, 'b'), (3, 'c')`.execute(a);
    const kysely = await a.selectFrom('t').select(['n', 's']).where('n', '>=', 2).orderBy('n').execute();
    assert.deepEqual(byN.sync(a, 2), kysely);
    assert.deepEqual(await byN(a, 2), kysely);

    // a transaction of the same connection, waiting between its statements with a row not committed
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => { inserted = r; });
    const trx = a.transaction().execute(async (tx: Kysely<T>) => {
      await tx.insertInto('t').values({ n: 4, s: 'd' }).execute();
      inserted();
      await gate;
    });
    await didInsert;
    assert.equal(byN.sync(a, 0), null, 'no direct read inside the open transaction');
    assert.equal(readSnapshot(a, () => 1), null, 'no snapshot either');
    const waiting = byN(a, 0); // goes through Kysely: waits for the transaction to end
    release();
    await trx;
    assert.deepEqual((await waiting).map((r) => r.n), [1, 2, 3, 4], 'read after the commit, never its uncommitted row');

    // a snapshot: the version and every read of it are of one state, whatever another connection commits meanwhile
    const snap = readSnapshot(a, () => {
      const before = dataVersionSync(a);
      const first = byN.sync(a, 0)!.length;
      // (another connection commits while the snapshot is open: synchronous driver, so this really runs in between)
      const other = raw.prepare("insert into t (n, s) values (5, 'e')").run().changes;
      const second = byN.sync(a, 0)!.length;
      return { before, after: dataVersionSync(a), first, second, other };
    });
    assert.ok(snap);
    assert.equal(snap.value.other, 1);
    assert.equal(snap.value.first, 4);
    assert.equal(snap.value.second, 4, 'the snapshot does not see the commit made during it');
    assert.equal(snap.value.after, snap.value.before, 'nor does its data version');
    assert.equal((await byN(a, 0)).length, 5, 'the next read sees it');
    assert.notEqual(dataVersionSync(a), snap.value.before, 'and a new version');
    assert.equal(a.isTransaction, false);
  } finally {
    await a.destroy();
    raw.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

