// 公开属性: codes or labels, the ground required and fitting (条例 第十四—十六、十九、二十七条), and
// the workflow's refusal to submit, publish or schedule a record that is not 主动公开.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOpenness, OPENNESS_REASONS, reasonsFor } from './openness.ts';
import { decide, type ActorView } from './workflow.ts';

test('checkOpenness: blank is 主动公开 (no ground kept); labels and codes; the ground must fit', () => {
  assert.deepEqual(checkOpenness('', 'state_secret'), { ok: true, openness: 'proactive', reason: null });
  assert.deepEqual(checkOpenness('依申请公开', 'specific_party'), { ok: true, openness: 'on_request', reason: 'specific_party' });
  assert.deepEqual(checkOpenness(' withheld ', '依法确定为国家秘密（第十四条）'), { ok: true, openness: 'withheld', reason: 'state_secret' });
  assert.deepEqual(checkOpenness('withheld', ''), { ok: false, field: 'openness_reason', message: '公开属性为「不予公开」时须选择理由（《政府信息公开条例》依据）' });
  const wrong = checkOpenness('on_request', 'state_secret');
  assert.ok(!wrong.ok && wrong.field === 'openness_reason' && /第二十七条/.test(wrong.message));
  assert.equal((checkOpenness('公开', '') as { field: string }).field, 'openness');
  // Every ground cites the 条例 and belongs to exactly one of the two.
  for (const r of OPENNESS_REASONS.values) assert.match(r.label, /第[一二三四五六七八九十]+条/);
  assert.equal(reasonsFor('on_request').length + reasonsFor('withheld').length, OPENNESS_REASONS.values.length);
  assert.deepEqual(reasonsFor('proactive'), []);
});

test('decide: a record that is not 主动公开 is not submitted, published or scheduled', () => {
  const editor: ActorView = { id: 1, label: '编辑', canEdit: true, canReview: false };
  const now = '2026-03-02T02:00:00.000Z';
  for (const [state, type] of [['draft', 'submit'], ['approved', 'publish'], ['approved', 'schedule']] as const) {
    const cmd = type === 'schedule' ? { type, at: '2026-03-10T01:00:00.000Z' } : { type };
    const refused = decide({ state, authorId: 1, publishedAt: null, openness: 'withheld' }, editor, cmd, now);
    assert.ok(!refused.ok && refused.code === 'not_proactive' && /不予公开/.test(refused.message), `${type}: ${JSON.stringify(refused)}`);
    assert.ok(decide({ state, authorId: 1, publishedAt: null, openness: 'proactive' }, editor, cmd, now).ok, `${type} of a 主动公开 record`);
  }
});
