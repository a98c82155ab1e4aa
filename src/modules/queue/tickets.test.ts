// The wait estimate a person sees: from today's calls when there are two or more, else the venue's
// reported figure — never less than the people ahead at the rule-of-thumb pace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWait, QUEUE_LIMITS } from './tickets.ts';

test('estimateWait: calls, the venue figure bounded by the people ahead, the default', () => {
  const calls = ['2026-12-07T01:00:00Z', '2026-12-07T01:06:00Z', '2026-12-07T01:12:00Z'];
  assert.deepEqual(estimateWait(calls, 3, null), { minutes: 18, basis: 'calls' });
  assert.deepEqual(estimateWait(['2026-12-07T01:00:00Z'], 0, 2), { minutes: 2, basis: 'venue' });
  // one call today and 500 people ahead: not the venue's "2 minutes"
  assert.deepEqual(estimateWait(['2026-12-07T01:00:00Z'], 500, 2), { minutes: 500 * QUEUE_LIMITS.fallbackMinutesPerPerson, basis: 'venue' });
  assert.deepEqual(estimateWait([], 4, null), { minutes: 4 * QUEUE_LIMITS.fallbackMinutesPerPerson, basis: 'default' });
});
