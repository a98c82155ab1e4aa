import { test } from 'node:test';
import assert from 'node:assert/strict';
import { likePrefix } from './like.ts';

test('likePrefix: a subtree path as a LIKE prefix, its wildcards escaped', () => {
  assert.equal(likePrefix('/13/1304/130427/'), '/13/1304/130427/%');
  assert.equal(likePrefix('/a_b%c\\/'), '/a\\_b\\%c\\\\/%');
});
