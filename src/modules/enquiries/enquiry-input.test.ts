import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEnquiryInput, checkFollowUp, maskContactName, maskContactPhone, normaliseContactPhone, parseAskedAt, parseMonth, topicKey } from './enquiry-input.ts';
import { monthBounds } from '../../platform/clock/local-date.ts';

const now = new Date('2026-03-02T02:00:00Z'); // 10:00 in Beijing

test('phones: mainland mobiles and landlines with their area code, normalised; anything else refused', () => {
  assert.equal(normaliseContactPhone('139 1234 5678'), '13912345678');
  assert.equal(normaliseContactPhone('+86-13912345678'), '13912345678');
  assert.equal(normaliseContactPhone('１３９１２３４５６７８'), '13912345678');
  assert.equal(normaliseContactPhone('0310-7512345'), '0310-7512345');
  assert.equal(normaliseContactPhone('(0310)7512345'), '0310-7512345');
  assert.equal(normaliseContactPhone('010-12345678-123'), '010-12345678-123');
  assert.equal(normaliseContactPhone('010-1234567'), null, '3-digit area codes have 8-digit numbers');
  for (const bad of ['12345678901', '1391234567', '7512345', '12345', 'abc', '110']) assert.equal(normaliseContactPhone(bad), null, bad);
});

test('masking: mobiles keep 3 + 4 digits, landlines the area code and the last two; names the family name', () => {
  assert.equal(maskContactPhone('13912345678'), '139****5678');
  assert.equal(maskContactPhone('0310-7512345'), '0310-*****45');
  assert.equal(maskContactPhone('010-12345678-123'), '010-******78');
  assert.equal(maskContactPhone(null), null);
  assert.equal(maskContactName('王先生'), '王**');
  assert.equal(maskContactName('欧阳'), '欧*');
  assert.equal(maskContactName('张'), '*');
});

test('topics group by their normalised text', () => {
  assert.equal(topicKey('低保怎么申请？'), topicKey('低保 怎么申请'));
  assert.equal(topicKey('ＡＢＣ 社保'), topicKey('abc社保'));
  assert.notEqual(topicKey('低保怎么申请'), topicKey('低保怎么续期'));
});

test('times are Beijing time as typed, or ISO with an offset; months and their bounds', () => {
  assert.equal(parseAskedAt('2026-03-02 09:30')?.toISOString(), '2026-03-02T01:30:00.000Z');
  assert.equal(parseAskedAt('2026-03-02T09:30:15')?.toISOString(), '2026-03-02T01:30:15.000Z');
  assert.equal(parseAskedAt('2026-03-02T01:30:00Z')?.toISOString(), '2026-03-02T01:30:00.000Z');
  for (const bad of ['2026-02-30 09:00', '2026-03-02 24:00', 'yesterday', '2026-03-02']) assert.equal(parseAskedAt(bad), null, bad);
  assert.equal(parseMonth('2026-02'), '2026-02');
  assert.equal(parseMonth('2026-13'), null);
  assert.deepEqual(monthBounds('2024-02'), { from: '2024-02-01', to: '2024-02-29' });
});

test('an entry: the topic is required (stable code first), the channel by code or label, not in the future', () => {
  const none = checkEnquiryInput({ channel: '窗口', topic: ' ' }, now);
  assert.deepEqual(none.ok ? null : [none.code, Object.keys(none.errors)], ['enquiry_topic_required', ['topic']]);
  const many = checkEnquiryInput({ channel: '邮件', topic: '', contact_phone: '123' }, now);
  assert.ok(!many.ok && many.code === 'enquiry_topic_required' && many.errors.channel && many.errors.contact_phone);
  const future = checkEnquiryInput({ channel: 'phone', topic: '问', asked_at: '2026-03-02 10:05' }, now);
  assert.equal(!future.ok && future.code, 'enquiry_time_future');
  const long = checkEnquiryInput({ channel: 'phone', topic: '问'.repeat(201) }, now);
  assert.equal(!long.ok && long.code, 'enquiry_topic_too_long');
  const ok = checkEnquiryInput({ channel: '自助终端', topic: '  社保  证明 ', follow_up: 'on', contact_phone: '0310 7512345', window: 'W01' }, now);
  assert.equal(ok.ok, false, 'a window needs its venue');
  const good = checkEnquiryInput({ channel: '自助终端', topic: '  社保  证明 ', follow_up: 'on', contact_phone: '0310 7512345', venue: 'CX-GKZQ', window: 'W01' }, now);
  assert.ok(good.ok);
  if (!good.ok) return;
  assert.deepEqual([good.value.channel, good.value.topic, good.value.followUp, good.value.contactPhone, good.value.askedAt, good.value.askedOn], ['self_service', '社保 证明', true, '0310-7512345', now.toISOString(), '2026-03-02']);
});

test('follow-up: a day between the enquiry and today, only when a follow-up is needed', () => {
  assert.ok(checkFollowUp({ follow_up: 'yes', followed_up_on: '2026-03-02' }, '2026-02-27', '2026-03-02').ok);
  assert.equal(checkFollowUp({ follow_up: '', followed_up_on: '2026-03-01' }, '2026-02-27', '2026-03-02').ok, false);
  assert.equal(checkFollowUp({ follow_up: 'yes', followed_up_on: '2026-02-26' }, '2026-02-27', '2026-03-02').ok, false);
  assert.equal(checkFollowUp({ follow_up: 'maybe' }, '2026-02-27', '2026-03-02').ok, false);
});
