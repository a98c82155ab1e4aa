import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashTrackingCode, newReference, newTrackingCode, normaliseReference, trackingCodeMatches } from './public-refs.ts';

test('references carry prefix and date and avoid look-alike characters', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const r = newReference('YSQ', '2026-09-18');
    assert.match(r, /^YSQ-20260918-[2-9A-HJKMNP-TV-Z]{5}$/);
    seen.add(r);
  }
  assert.ok(seen.size > 490, 'references are random');
  assert.throws(() => newReference('ysq', '2026-09-18'));
});

test('what a citizen types is normalised', () => {
  assert.equal(normaliseReference(' ysq－20260918－7kq3m '), 'YSQ-20260918-7KQ3M');
});

test('tracking codes are checked against their hash only, case-insensitively', () => {
  const code = newTrackingCode();
  assert.match(code, /^[2-9A-HJKMNP-TV-Z]{8}$/);
  const stored = hashTrackingCode(code);
  assert.notEqual(stored, code);
  assert.ok(trackingCodeMatches(code.toLowerCase(), stored));
  assert.ok(!trackingCodeMatches('AAAAAAAA', stored));
});
