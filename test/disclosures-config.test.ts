// DISCLOSURE_INDEX_FORMAT is checked at start-up: a bad scheme stops with one line naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

test('DISCLOSURE_INDEX_FORMAT: default, a valid custom scheme, and refusals naming the variable', () => {
  assert.equal(loadConfig({}).disclosureIndexFormat, '{org}-{year}-{category}-{serial:5}');
  assert.equal(loadConfig({ DISCLOSURE_INDEX_FORMAT: '{org}/{year}-{serial:6}' }).disclosureIndexFormat, '{org}/{year}-{serial:6}');
  for (const bad of ['{org}-{year}', '{org}{serial}', '{org}-{week}-{serial}']) {
    assert.throws(() => loadConfig({ DISCLOSURE_INDEX_FORMAT: bad }), (e: unknown) => e instanceof ConfigError && e.message.includes('DISCLOSURE_INDEX_FORMAT') && e.message.includes(bad), bad);
  }
});
