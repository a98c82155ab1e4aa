import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDetail, emptyDetail, normaliseMessageRef, parseSpeakerLines, speakerLines } from './genre-detail.ts';

const TODAY = '2026-03-02';

test('speaker lines: 「姓名，职务」 with Chinese or ASCII separators; a bad line is named', () => {
  const r = parseSpeakerLines('张明，县民政局局长\n\n李华, 县政府办公室副主任\n王芳');
  assert.deepEqual(r.speakers, [{ name: '张明', title: '县民政局局长' }, { name: '李华', title: '县政府办公室副主任' }, { name: '王芳', title: '' }]);
  assert.equal(r.bad, null);
  assert.equal(speakerLines(r.speakers), '张明，县民政局局长\n李华，县政府办公室副主任\n王芳');
  assert.equal(parseSpeakerLines(`张明，局长\n${'名'.repeat(31)}，职务`).bad, 2);
});

test('a 新闻发布会 needs its date (not in the future), place, at least one speaker and a transcript', () => {
  const empty = checkDetail('press_conference', emptyDetail(), '', TODAY, '1949-10-01');
  assert.deepEqual(Object.keys(empty.errors).sort(), ['held_on', 'place', 'speakers', 'transcript']);
  assert.equal(empty.value, null);
  const future = checkDetail('press_conference', { ...emptyDetail(), heldOn: '2026-03-03', place: '县政府新闻发布厅', speakers: [{ name: '张明', title: '局长' }] }, '实录', TODAY, '1949-10-01');
  assert.match(future.errors.held_on ?? '', /不能晚于今天/);
  const ok = checkDetail('press_conference', { ...emptyDetail(), heldOn: '2026-03-01', place: ' 县政府新闻发布厅 ', speakers: [{ name: '张明', title: '局长' }] }, '实录', TODAY, '1949-10-01');
  assert.deepEqual(ok.errors, {});
  assert.equal(ok.value?.place, '县政府新闻发布厅');
  assert.deepEqual(JSON.parse(ok.value!.speakers_json!), [{ name: '张明', title: '局长' }]);
});

test('a 回应关切 needs the concern and its source (code or Chinese label); the message reference is checked', () => {
  const bad = checkDetail('response', { ...emptyDetail(), concernSummary: '路灯', concernSource: '微博', messageRef: 'abc' }, '', TODAY, '1949-10-01');
  assert.deepEqual(Object.keys(bad.errors).sort(), ['concern_source', 'message_ref']);
  const ok = checkDetail('response', { ...emptyDetail(), concernSummary: '城区路灯夜间不亮', concernSource: '12345热线', messageRef: 'ly－20260301－7kq3m' }, '', TODAY, '1949-10-01');
  assert.deepEqual(ok.errors, {});
  assert.equal(ok.value?.concern_source, 'hotline');
  assert.equal(ok.value?.message_ref, 'LY-20260301-7KQ3M');
  assert.equal(normaliseMessageRef(' ly-20260301-7kq3m '), 'LY-20260301-7KQ3M');
});

test('other genres carry none of these fields', () => {
  assert.deepEqual(checkDetail('notice', { ...emptyDetail(), place: 'x' }, '', TODAY, '1949-10-01'), { errors: {}, value: null });
});
