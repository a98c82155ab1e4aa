import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddressPublic, publicLocation, regionPlaceName, roundCoordinate, villagePlace } from './location-privacy.ts';

test('coordinates are rounded to 3 decimals (about 100 m), symmetric around zero', () => {
  assert.equal(roundCoordinate(36.37123), 36.371);
  assert.equal(roundCoordinate(114.37987), 114.38);
  assert.equal(roundCoordinate(36.3705), 36.371);
  assert.equal(roundCoordinate(-36.3705), -36.371);
  assert.equal(roundCoordinate(null), null);
  assert.equal(roundCoordinate(Number.NaN), null);
});

test('by default the public sees the region names and rounded coordinates, never the typed address', () => {
  const m = { address: '磁县磁州镇阜才社区5号楼2单元301室', address_public: 0, lat: 36.37123, lng: 114.37987 };
  assert.deepEqual(publicLocation(m, '磁州镇阜才社区'), { place: '磁州镇阜才社区', lat: 36.371, lng: 114.38, detailed: false });
  assert.deepEqual(publicLocation({ ...m, lat: null, lng: null }, null), { place: null, lat: null, lng: null, detailed: false });
});

test('with 公开详细地址 the typed address (ID and mobile numbers masked) and the exact point are public', () => {
  const m = { address: ' 阜才社区5号楼 130427199001011230 13912345678 ', address_public: 1, lat: 36.37123, lng: 114.37987 };
  assert.deepEqual(publicLocation(m, '磁州镇阜才社区'), { place: '阜才社区5号楼 130427********1230 139****5678', lat: 36.37123, lng: 114.37987, detailed: true });
  // ticked but no address typed: the region names still say where
  assert.equal(publicLocation({ ...m, address: '' }, '磁州镇').place, '磁州镇');
});

test('the 公开详细地址 choice: absent is no; yes/no spellings; anything else is refused', () => {
  for (const v of [undefined, null, '', false, 'no', '0', 'false', 'off']) assert.equal(parseAddressPublic(v), false, String(v));
  for (const v of [true, 'yes', '1', 'true', 'on', 'TRUE']) assert.equal(parseAddressPublic(v), true, String(v));
  for (const v of ['maybe', '2', ['yes', 'no'], {}]) assert.equal(parseAddressPublic(v), null, String(v));
});

test('village names read as places, not committees', () => {
  assert.equal(villagePlace('阜才社区居民委员会'), '阜才社区');
  assert.equal(villagePlace('白龙村村民委员会'), '白龙村');
  assert.equal(villagePlace('东关村民委员会'), '东关村');
  assert.equal(villagePlace('东关村委会'), '东关村');
  assert.equal(villagePlace('新港居委会'), '新港社区');
  assert.equal(villagePlace('虚拟社区'), '虚拟社区');
  assert.equal(regionPlaceName('磁州镇', '阜才社区居民委员会'), '磁州镇阜才社区');
  assert.equal(regionPlaceName('磁州镇', null), '磁州镇');
  assert.equal(regionPlaceName(null, null), null);
});
