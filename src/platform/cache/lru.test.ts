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

test('a weighed LRU map drops the oldest entries until the weights fit, and never keeps one heavier than the budget', () => {
  const m = new Lru<string, string>(100, 10, (s) => s.length);
  m.set('a', 'xxxx');
  m.set('b', 'yyyy');
  assert.equal(m.weight, 8);
  m.get('a'); // a is now the most recent
  m.set('c', 'zzzz'); // 12 > 10: drops b
  assert.deepEqual([m.has('a'), m.has('b'), m.has('c'), m.weight], [true, false, true, 8]);
  m.set('a', 'x'); // a rewrite replaces its weight
  assert.equal(m.weight, 5);
  m.set('big', 'w'.repeat(11)); // heavier than the budget alone: not kept, nothing else dropped
  assert.deepEqual([m.has('big'), m.size, m.weight], [false, 2, 5]);
  m.clear();
  assert.deepEqual([m.size, m.weight], [0, 0]);
});

test('onDrop is told of every value let go: dropped for room, replaced, cleared — not of one read or kept', () => {
  const gone: string[] = [];
  const m = new Lru<string, string>(2, Infinity, undefined, (v) => gone.push(v));
  m.set('a', 'A');
  m.set('b', 'B');
  m.get('a');
  m.set('c', 'C'); // drops b
  m.set('a', 'A2'); // replaces A
  m.set('a', 'A2'); // the same value again: nothing let go
  assert.deepEqual(gone, ['B', 'A']);
  m.clear();
  assert.deepEqual(gone.sort(), ['A', 'A2', 'B', 'C']);
  // weighed: the same value set again but now too heavy to keep is let go too
  const heavy: { n: number }[] = [];
  const w = new Lru<string, { n: number }>(10, 5, (v) => v.n, (v) => heavy.push(v));
  const o = { n: 3 };
  w.set('k', o);
  o.n = 9;
  w.set('k', o);
  assert.deepEqual(heavy, [o]);
  assert.equal(w.size, 0);
});
