// The boundary check of a rating (pure): levels as code, label or stars; 差评 reasons; indicators of
// the subject's channel only; bounded text; rated_on not in the future; the stable code of each refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRatingInput, inferSubject, normalisePhone, type RatingInput } from './rating-input.ts';
import { DEFAULT_REASONS } from './levels.ts';

const ctx = { today: '2026-10-09', reasons: DEFAULT_REASONS };
const base = (over: Partial<RatingInput> = {}): RatingInput => ({ orgCode: '130427100', venuePublicId: 'CX-BM-130427100', channel: 'paper', level: '5', ratedOn: '2026-10-09', ...over });

test('the five levels by code, Chinese label or stars; the last two are 差评', () => {
  const cases: [string | number, number, boolean][] = [
    ['very_satisfied', 5, false], ['满意', 4, false], ['3', 3, false], [2, 2, true], ['非常不满意', 1, true], [' 不满意 ', 2, true],
  ];
  for (const [level, stars, bad] of cases) {
    const r = checkRatingInput(base({ level, reasons: bad ? ['attitude'] : [] }), ctx);
    assert.ok(r.ok, `${level}: ${JSON.stringify(r)}`);
    assert.equal(r.value.level, stars);
    assert.equal(r.value.bad, bad);
  }
});

test('refusals name the field in Chinese with a stable code', () => {
  const cases: [string, Partial<RatingInput>, string, string][] = [
    ['a level outside the five', { level: '6' }, 'level', 'rating_level_invalid'],
    ['no level', { level: '' }, 'level', 'rating_level_invalid'],
    ['a 差评 without a reason', { level: '不满意' }, 'reasons', 'rating_reason_required'],
    ['an unknown reason', { level: '1', reasons: ['天气不好'] }, 'reasons', 'rating_reason_unknown'],
    ['a reason on a good rating', { level: '5', reasons: ['attitude'] }, 'reasons', 'rating_reason_unknown'],
    ['an online indicator on an offline subject', { indicators: { 平台操作性: '5' } }, 'indicators.平台操作性', 'rating_indicator_invalid'],
    ['an indicator level outside the five', { indicators: { 服务态度: '10' } }, 'indicators.service_attitude', 'rating_indicator_invalid'],
    ['text too long', { text: '长'.repeat(501) }, 'text', 'rating_text_too_long'],
    ['a date in the future', { ratedOn: '2026-10-10' }, 'rated_on', 'rating_date_future'],
    ['a date that does not exist', { ratedOn: '2026-02-30' }, 'rated_on', 'rating_date_invalid'],
    ['an unknown channel', { channel: '飞鸽传书' }, 'channel', 'rating_channel_invalid'],
    ['a window without its venue', { venuePublicId: '', windowCode: 'A01' }, 'venue', 'rating_subject_target_missing'],
    ['a subject without its target', { subject: 'staff' }, 'subject', 'rating_subject_target_missing'],
    ['a phone that is not one', { raterName: '王五', raterPhone: '12345' }, 'rater_phone', 'rating_rater_invalid'],
    ['a phone without a name', { raterPhone: '13800138000' }, 'rater_name', 'rating_rater_invalid'],
    ['no organisation', { orgCode: ' ' }, 'org', 'rating_org_unknown'],
  ];
  for (const [name, over, fieldName, code] of cases) {
    const r = checkRatingInput(base(over), ctx);
    assert.ok(!r.ok, name);
    assert.equal(r.code, code, name);
    assert.ok(r.errors[fieldName], `${name}: ${JSON.stringify(r.errors)}`);
    assert.match(r.errors[fieldName]!, /[\u4e00-\u9fa5]/, name);
  }
});

test('indicators of the channel, by code or label, stored as stars; online subjects use the online ones', () => {
  const off = checkRatingInput(base({ indicators: { 服务效率: '满意', service_attitude: '5', service_level: '' } }), ctx);
  assert.ok(off.ok);
  assert.deepEqual(off.value.indicators, { service_efficiency: 4, service_attitude: 5 });
  const on = checkRatingInput(base({ venuePublicId: '', itemPublicId: 'CX-YYZZ-SL', channel: 'web', indicators: { 办事便捷度: '3' } }), ctx);
  assert.ok(on.ok);
  assert.equal(on.value.subject, 'online');
  assert.deepEqual(on.value.indicators, { convenience: 3 });
  const wrong = checkRatingInput(base({ venuePublicId: '', itemPublicId: 'CX-YYZZ-SL', channel: 'web', indicators: { 服务态度: '3' } }), ctx);
  assert.ok(!wrong.ok && wrong.code === 'rating_indicator_invalid');
});

test('the subject follows from the fields when not named; phones are normalised', () => {
  assert.equal(inferSubject({ venuePublicId: 'V', windowCode: 'A01', channel: 'window_qr' }), 'window');
  assert.equal(inferSubject({ venuePublicId: 'V', itemPublicId: 'I', channel: 'paper' }), 'item');
  assert.equal(inferSubject({ itemPublicId: 'I', channel: 'web' }), 'online');
  assert.equal(inferSubject({ venuePublicId: 'V', staffNo: 'CX1001', channel: 'paper' }), 'staff');
  assert.equal(inferSubject({ caseRef: '12345001', channel: '12345回访' }), 'hotline');
  assert.equal(inferSubject({ channel: 'web' }), null);
  assert.equal(normalisePhone('+86 138 0013 8000'), '13800138000');
  assert.equal(normalisePhone('0310-2321234'), '0310-2321234');
  assert.equal(normalisePhone('１３８００１３８０００'), '13800138000');
  assert.equal(normalisePhone('110'), null);
});

test('a rating without a date is rated today; reasons by label are stored as codes, once', () => {
  const r = checkRatingInput(base({ ratedOn: undefined, level: '2', reasons: ['服务态度差', 'attitude', 'slow'] }), ctx);
  assert.ok(r.ok);
  assert.equal(r.value.ratedOn, '2026-10-09');
  assert.deepEqual(r.value.reasons, ['attitude', 'slow']);
});
