import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressAreas, hoursText, hsdsSchedules, weeklyOf } from './hsds.ts';

test('hsdsSchedules: one WEEKLY schedule per time range with its weekdays; 24:00 closes at 23:59; 7×24; unreadable hours give none', () => {
  const w = weeklyOf(JSON.stringify({ mon: '08:30-12:00,14:30-17:30', tue: '08:30-12:00,14:30-17:30', sat: '08:30-12:00', sun: '20:00-24:00' }));
  const s = hsdsSchedules(w, false, 'own_hours');
  assert.deepEqual(s.map((x) => [x.byday, x.opens_at, x.closes_at]), [['MO,TU,SA', '08:30+08:00', '12:00+08:00'], ['MO,TU', '14:30+08:00', '17:30+08:00'], ['SU', '20:00+08:00', '23:59+08:00']]);
  assert.ok(s.every((x) => x.freq === 'WEEKLY' && x.timezone === 8 && x.notes === '节假日照常按每周时间开放。'));
  assert.deepEqual(hsdsSchedules(null, true, 'statutory').map((x) => [x.byday, x.opens_at, x.closes_at]), [['MO,TU,WE,TH,FR,SA,SU', '00:00+08:00', '23:59+08:00']]);
  assert.deepEqual(hsdsSchedules(weeklyOf('{"mon":"bad"}'), false, 'statutory'), []);
  assert.match(hsdsSchedules(w, false, 'statutory')[0]!.notes, /法定节假日闭馆；调休上班日按周一时间开放/);
});

test('hoursText joins consecutive days with the same hours; addressAreas names province, city and county', () => {
  const w = weeklyOf(JSON.stringify({ mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '', fri: '09:00-17:00' }));
  assert.equal(hoursText(w, false), '周一至周三 09:00-17:00；周四 休息；周五 09:00-17:00；周六至周日 休息');
  assert.equal(hoursText(w, true), '7×24 小时');
  const names: Record<string, string> = { '110000000000': '北京市', '110101000000': '东城区' };
  assert.deepEqual(addressAreas('110101001000', (c) => names[c] ?? null), { state_province: '北京市', city: '北京市', region: '东城区' });
});
