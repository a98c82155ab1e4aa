import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type ActorView, type Checklist, type Command, type RecordView, type State } from './workflow.ts';

const NOW = '2026-03-02T02:00:00.000Z';
const editor: ActorView = { id: 1, label: '编辑', canEdit: true, canReview: false };
const reviewer: ActorView = { id: 2, label: '审查员', canEdit: false, canReview: true };
const authorReviewer: ActorView = { id: 1, label: '兼任', canEdit: true, canReview: true };
const outsider: ActorView = { id: 3, label: '外单位', canEdit: false, canReview: false };
const clean: Checklist = { state_secret: 'no', commercial_privacy: 'no', security_risk: 'no', internal_process: 'no', basis_sufficient: 'yes' };
const rec = (state: State, publishedAt: string | null = null): RecordView => ({ state, authorId: 1, publishedAt });

type Row = [name: string, record: RecordView, actor: ActorView, command: Command, expect: State | string];
const ROWS: Row[] = [
  ['edit a draft', rec('draft'), editor, { type: 'edit' }, 'draft'],
  ['edit a rejected record', rec('rejected'), editor, { type: 'edit' }, 'rejected'],
  ['edit a published record directly', rec('published', NOW), editor, { type: 'edit' }, 'wrong_state'],
  ['edit without rights', rec('draft'), outsider, { type: 'edit' }, 'not_permitted'],
  ['submit a draft', rec('draft'), editor, { type: 'submit' }, 'submitted'],
  ['resubmit after rejection', rec('rejected'), editor, { type: 'submit' }, 'submitted'],
  ['submit twice', rec('submitted'), editor, { type: 'submit' }, 'wrong_state'],
  ['reviewer submits', rec('draft'), reviewer, { type: 'submit' }, 'not_permitted'],
  ['approve with a clean checklist', rec('submitted'), reviewer, { type: 'approve', checklist: clean, reasons: '' }, 'approved'],
  ['the author may not review', rec('submitted'), authorReviewer, { type: 'approve', checklist: clean, reasons: '' }, 'author_cannot_review'],
  ['a supervisor who edited or submitted someone else\'s draft may not review it', { ...rec('submitted'), contributorIds: [4] }, { id: 4, label: '负责人', canEdit: true, canReview: true }, { type: 'reject', checklist: clean, reasons: '自审' }, 'author_cannot_review'],
  ['an earlier reviewer is not a contributor', { ...rec('submitted'), contributorIds: [1] }, reviewer, { type: 'approve', checklist: clean, reasons: '' }, 'approved'],
  ['an editor may not review', rec('submitted'), editor, { type: 'approve', checklist: clean, reasons: '' }, 'not_permitted'],
  ['approve with a question unanswered', rec('submitted'), reviewer, { type: 'approve', checklist: { ...clean, security_risk: undefined }, reasons: '' }, 'checklist_incomplete'],
  ['approve although it involves privacy', rec('submitted'), reviewer, { type: 'approve', checklist: { ...clean, commercial_privacy: 'yes' }, reasons: '' }, 'checklist_blocks'],
  ['approve although the basis is not sufficient', rec('submitted'), reviewer, { type: 'approve', checklist: { ...clean, basis_sufficient: 'no' }, reasons: '' }, 'checklist_blocks'],
  ['approve a draft', rec('draft'), reviewer, { type: 'approve', checklist: clean, reasons: '' }, 'wrong_state'],
  ['reject with reasons', rec('submitted'), reviewer, { type: 'reject', checklist: { ...clean, internal_process: 'yes' }, reasons: '属于过程性信息' }, 'rejected'],
  ['reject with a 2,001-character reason', rec('submitted'), reviewer, { type: 'reject', checklist: clean, reasons: '理'.repeat(2001) }, 'reasons_too_long'],
  ['reject without reasons', rec('submitted'), reviewer, { type: 'reject', checklist: clean, reasons: '  ' }, 'reasons_required'],
  ['publish an approved record', rec('approved'), editor, { type: 'publish' }, 'published'],
  ['publish a draft: review required', rec('draft'), editor, { type: 'publish' }, 'review_required'],
  ['publish a submitted record: review required', rec('submitted'), editor, { type: 'publish' }, 'review_required'],
  ['publish twice', rec('published', NOW), editor, { type: 'publish' }, 'wrong_state'],
  ['reviewer publishes', rec('approved'), reviewer, { type: 'publish' }, 'not_permitted'],
  ['schedule in the future', rec('approved'), editor, { type: 'schedule', at: '2026-03-03T09:00:00+08:00' }, 'scheduled'],
  ['schedule in the past', rec('approved'), editor, { type: 'schedule', at: '2026-03-01T09:00:00+08:00' }, 'schedule_in_past'],
  ['schedule exactly now', rec('approved'), editor, { type: 'schedule', at: NOW }, 'schedule_in_past'],
  ['schedule a year typed wrong (2062)', rec('approved'), editor, { type: 'schedule', at: '2062-03-03T09:00:00+08:00' }, 'schedule_too_far'],
  ['schedule garbage', rec('approved'), editor, { type: 'schedule', at: 'tomorrow' }, 'schedule_invalid'],
  ['schedule before review', rec('rejected'), editor, { type: 'schedule', at: '2026-03-03T09:00:00+08:00' }, 'review_required'],
  ['withdraw a published record', rec('published', NOW), editor, { type: 'withdraw', reason: '内容有误，已另行发布' }, 'withdrawn'],
  ['withdraw with a 501-character reason', rec('published', NOW), editor, { type: 'withdraw', reason: '理'.repeat(501) }, 'reason_too_long'],
  ['revise with a 501-character note', rec('published', NOW), editor, { type: 'revise', changeNote: '注'.repeat(501) }, 'change_note_too_long'],
  ['withdraw a scheduled record before its time: the schedule is cancelled', rec('scheduled', '2026-03-03T01:00:00.000Z'), editor, { type: 'withdraw', reason: '' }, 'approved'],
  ['withdraw a scheduled record after its time: a real withdrawal', rec('scheduled', '2026-03-01T01:00:00.000Z'), editor, { type: 'withdraw', reason: '有误' }, 'withdrawn'],
  ['withdraw without a reason', rec('published', NOW), editor, { type: 'withdraw', reason: '' }, 'reason_required'],
  ['withdraw a draft', rec('draft'), editor, { type: 'withdraw', reason: 'x' }, 'wrong_state'],
  ['withdraw twice', rec('withdrawn', NOW), editor, { type: 'withdraw', reason: 'x' }, 'wrong_state'],
  ['revise a published record', rec('published', NOW), editor, { type: 'revise', changeNote: '更正附件' }, 'published'],
  ['revise a scheduled record whose time has come', rec('scheduled', '2026-03-01T00:00:00.000Z'), editor, { type: 'revise', changeNote: '更正' }, 'published'],
  ['revise a scheduled record not yet public', rec('scheduled', '2026-04-01T00:00:00.000Z'), editor, { type: 'revise', changeNote: '更正' }, 'wrong_state'],
  ['revise without a note', rec('published', NOW), editor, { type: 'revise', changeNote: ' ' }, 'change_note_required'],
];

for (const [name, record, actor, command, expect] of ROWS) {
  test(`workflow: ${name} → ${expect}`, () => {
    const d = decide(record, actor, command, NOW);
    if (d.ok) {
      assert.equal(d.state, expect);
      assert.ok(d.events.length >= 1);
    } else {
      assert.equal(d.code, expect, d.message);
      assert.ok(d.reasons.length >= 1 && d.reasons.every((r) => /[\u4e00-\u9fff]/.test(r)), 'Chinese reasons');
    }
  });
}

test('publish sets the instant; schedule normalises the time to UTC', () => {
  const p = decide(rec('approved'), editor, { type: 'publish' }, NOW);
  assert.ok(p.ok && p.publishedAt === NOW && p.events[0]!.type === 'published');
  const s = decide(rec('approved'), editor, { type: 'schedule', at: '2026-10-08T09:00:00+08:00' }, NOW);
  assert.ok(s.ok && s.publishedAt === '2026-10-08T01:00:00.000Z');
});

test('a blocked approval names every blocking question with its article', () => {
  const d = decide(rec('submitted'), reviewer, { type: 'approve', checklist: { ...clean, state_secret: 'yes', internal_process: 'yes' }, reasons: '' }, NOW);
  assert.ok(!d.ok);
  assert.equal(d.reasons.length, 2);
  assert.match(d.reasons[0]!, /国家秘密.*第十四条/);
  assert.match(d.reasons[1]!, /过程性信息.*第十六条/);
});
