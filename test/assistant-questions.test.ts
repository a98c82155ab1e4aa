// The question set of `npm run bench:assistant` (scripts/assistant-questions.jsonl): at least 300
// well-formed questions, each with acceptable item-name substrings, the kinds the issue asks for in
// the proportions promised (≈40 life situations, ≈40 with a place, ≈20 typos), follow-ups carrying
// the question they follow, and no question twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'assistant-questions.jsonl');
interface Q { id: string; q: string; kind: string; targets: string[]; region?: string; prev?: string }

test('the assistant question set is well-formed', () => {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const qs = lines.map((l, i) => { try { return JSON.parse(l) as Q; } catch { assert.fail(`line ${i + 1} is not JSON`); } });
  assert.ok(qs.length >= 300, `${qs.length} questions`);
  assert.equal(new Set(qs.map((q) => q.id)).size, qs.length, 'ids are unique');
  assert.equal(new Set(qs.map((q) => `${q.prev ?? ''}|${q.q}`)).size, qs.length, 'no question twice');
  for (const q of qs) {
    assert.match(q.id, /^[a-z]+\d+$/u, q.id);
    assert.ok(typeof q.q === 'string' && q.q.trim() && [...q.q].length <= 60, q.id);
    assert.ok(Array.isArray(q.targets) && q.targets.length && q.targets.every((t) => typeof t === 'string' && [...t].length >= 2), q.id);
    if (q.region !== undefined) assert.match(q.region, /^34\d{10}$/u, q.id);
    assert.equal(q.prev !== undefined, q.kind === 'followup', q.id);
  }
  const count = (k: string) => qs.filter((q) => q.kind === k).length;
  assert.ok(count('life_situation') >= 35, 'life situations');
  assert.ok(count('with_place') >= 35, 'with a place');
  assert.ok(count('typo') >= 18, 'typos');
  for (const k of ['materials', 'time', 'fee', 'where', 'online', 'conditions', 'colloquial', 'short']) assert.ok(count(k) >= 15, k);
});
