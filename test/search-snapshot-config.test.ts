// Where the search index snapshot lives by default (SEARCH_SNAPSHOT_DIR unset): next to the SQLite
// file (null: the service puts it there), and with PostgreSQL in <DATA_DIR>/search-index, so a
// cluster process starts from a snapshot without any setting; 'off' and an explicit directory win.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';

test('the search snapshot directory defaults to <DATA_DIR>/search-index with PostgreSQL and next to the file with SQLite', () => {
  const cwd = '/srv/gk';
  assert.equal(loadConfig({ DATA_DIR: 'data' }, cwd).searchSnapshotDir, null);
  assert.equal(loadConfig({ DATA_DIR: 'data', DATABASE_URL: 'postgres://u@h:5432/db' }, cwd).searchSnapshotDir, path.join(cwd, 'data', 'search-index'));
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }, cwd).searchSnapshotDir, path.join(cwd, 'data', 'search-index'));
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', SEARCH_SNAPSHOT_DIR: 'off' }, cwd).searchSnapshotDir, 'off');
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', SEARCH_SNAPSHOT_DIR: '/var/cache/gk' }, cwd).searchSnapshotDir, '/var/cache/gk');
});
