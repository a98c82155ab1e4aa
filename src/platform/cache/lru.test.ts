import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lru } from './lru.ts';

test('an LRU map drops the least recently used entry when full; a read or a rewrite makes an entry recent', () => {
  const m = new Lru<string, number>(2);
  m.set('a', 1);
  m.set('b', 2);
  assert.equal(m.get('a'), 1); // a is now the most recent
  m.set('c', 3); // drops b
  assert.equal(m.has('b'), false);
  assert.deepEqual([m.get('a'), m.get('c')], [1, 3]);
  m.set('a', 10); // a rewrite keeps the size and makes a recent
  m.set('d', 4); // drops c
  assert.equal(m.size, 2);
  assert.deepEqual([m.get('a'), m.has('c'), m.get('d')], [10, false, 4]);
  m.clear();
  assert.equal(m.size, 0);
});
