import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptionCounts, checkComment, checkConsultation, commentRefusal, feedbackRefusals, maskContact, periodDays, phaseOf } from './participation.ts';

const period = { opens_on: '2026-03-01', closes_on: '2026-03-30' };

test('phase: both ends of the period are open', () => {
  assert.equal(phaseOf(period, '2026-02-28'), 'upcoming');
  assert.equal(phaseOf(period, '2026-03-01'), 'open');
  assert.equal(phaseOf(period, '2026-03-30'), 'open');
  assert.equal(phaseOf(period, '2026-03-31'), 'closed');
  assert.equal(periodDays('2026-03-01', '2026-03-30'), 30);
  assert.equal(periodDays('2026-02-27', '2026-03-02'), 4);
});

test('a comment on a closed or not-yet-open consultation is refused with the date', () => {
  assert.equal(commentRefusal(period, '2026-03-15'), null);
  assert.deepEqual(commentRefusal(period, '2026-04-01'), { code: 'consultation_closed', message: '本次意见征集已于 2026-03-30 结束，不再接受意见' });
  assert.equal(commentRefusal(period, '2026-02-01')?.code, 'consultation_not_open');
});

test('opening: title, draft, dates in order, not ended; under 30 days needs a reason (条例第十五条)', () => {
  const f = { title: '征求意见', summary: '', draftText: '草案', draftTooLarge: false, opensOn: '2026-03-01', closesOn: '2026-03-15', shortReason: '' };
  assert.deepEqual(Object.keys(checkConsultation(f, '2026-03-01')), ['short_reason']);
  assert.deepEqual(checkConsultation({ ...f, shortReason: '落实上级紧急部署' }, '2026-03-01'), {});
  assert.deepEqual(checkConsultation({ ...f, closesOn: '2026-03-30' }, '2026-03-01'), {});
  assert.deepEqual(Object.keys(checkConsultation({ ...f, title: '', draftText: '', opensOn: '2026-02-30', closesOn: '2026-02-01' }, '2026-03-01')).sort(), ['closes_on', 'draft', 'opens_on', 'title']);
  assert.match(checkConsultation({ ...f, opensOn: '2026-04-10', closesOn: '2026-04-01' }, '2026-03-01').closes_on ?? '', /不能早于开始日期/);
});

test('opening: the period starts no earlier than the day it is published, so backdating cannot make up the 30 days', () => {
  // published on 03-20 with a start of 03-01: 30 days on paper, 11 in fact
  const f = { title: '征求意见', summary: '', draftText: '草案', draftTooLarge: false, opensOn: '2026-03-01', closesOn: '2026-03-30', shortReason: '' };
  assert.deepEqual(Object.keys(checkConsultation(f, '2026-03-20')), ['opens_on']);
  assert.match(checkConsultation(f, '2026-03-20').opens_on ?? '', /不能早于今天/);
  assert.deepEqual(checkConsultation(f, '2026-03-01'), {});
  assert.deepEqual(Object.keys(checkConsultation({ ...f, opensOn: '2026-03-20' }, '2026-03-20')), ['short_reason']);
});

test('a comment needs content; name and contact are optional but checked', () => {
  assert.deepEqual(checkComment({ name: '', contact: '', content: '建议增加夜间办理时段' }), {});
  assert.deepEqual(Object.keys(checkComment({ name: '名'.repeat(31), contact: '12345', content: ' ' })).sort(), ['contact', 'content', 'name']);
  assert.deepEqual(checkComment({ name: '', contact: '138 0013 8000', content: 'x' }), {});
  assert.deepEqual(checkComment({ name: '', contact: 'a@example.com', content: 'x' }), {});
  assert.equal(maskContact('13800138000'), '138****8000');
  assert.equal(maskContact('zhang@example.com'), 'z***@example.com');
});

test('feedback: only after the period, with nothing pending and every published comment decided', () => {
  const c = { ...period, feedback_published_at: null };
  const comments = [{ state: 'published', adoption: 'adopted' }, { state: 'published', adoption: null }, { state: 'pending', adoption: null }, { state: 'rejected', adoption: null }];
  assert.deepEqual(feedbackRefusals(c, '2026-03-20', comments), ['征集期至 2026-03-30 结束，结束后才能公布采纳情况', '还有 1 条意见待审核', '还有 1 条公开的意见未填写采纳情况']);
  assert.deepEqual(feedbackRefusals(c, '2026-04-01', [{ state: 'published', adoption: 'partly' }, { state: 'rejected', adoption: null }]), []);
  assert.deepEqual(feedbackRefusals({ ...c, feedback_published_at: '2026-04-02T00:00:00Z' }, '2026-04-03', []), ['采纳情况已公布，不能再修改']);
  assert.deepEqual(adoptionCounts([...comments, { state: 'published', adoption: 'not_adopted' }]), { total: 3, adopted: 1, partly: 0, notAdopted: 1 });
});

test('opening: an end more than a year ahead (a mistyped year) is refused, since an open consultation cannot be edited', () => {
  const f = { title: '征求意见', summary: '', draftText: '草案', draftTooLarge: false, opensOn: '2026-03-01', closesOn: '2036-03-31', shortReason: '' };
  assert.match(checkConsultation(f, '2026-03-01').closes_on ?? '', /一年之后，请检查年份/);
  assert.deepEqual(checkConsultation({ ...f, closesOn: '2027-03-01' }, '2026-03-01'), {});
  assert.equal(checkConsultation({ ...f, opensOn: '2036-03-01', closesOn: '2036-03-31' }, '2026-03-01').closes_on, '截止日期不能晚于一年之后，请检查年份');
});
