// WGS-84 → GCJ-02 / BD-09 against known coordinate pairs (the values of the published transformation
// as computed by the gcoord library, an independent implementation), within about 0.2 m; no
// conversion outside China; and the route URIs of each map app in its own coordinate system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outOfChina, toBd09, toGcj02, wgs84ToGcj02 } from './coords.ts';
import { routeUri } from './map-links.ts';

// [place, WGS-84 lat, lng, GCJ-02 lat, lng, BD-09 lat, lng]
const KNOWN: [string, number, number, number, number, number, number][] = [
  ['北京天安门', 39.908, 116.397, 39.909403, 116.403243, 39.915744, 116.409616],
  ['龙华区政务服务中心', 22.6566, 114.0297, 22.653835, 114.034773, 22.659747, 114.041271],
  ['磁县', 36.3742, 114.3826, 36.374444, 114.388718, 36.380471, 114.395224],
  ['海珠区', 23.0839, 113.3172, 23.081275, 113.322605, 23.08707, 113.329163],
  ['乌鲁木齐', 43.8256, 87.6168, 43.826805, 87.61965, 43.83295, 87.6261],
  ['拉萨', 29.65, 91.1, 29.6473, 91.101568, 29.653419, 91.108037],
  ['哈尔滨', 45.8038, 126.535, 45.805782, 126.54104, 45.811396, 126.547659],
  ['三亚', 18.2528, 109.512, 18.251094, 109.516084, 18.256878, 109.522631],
  ['漠河', 52.97, 122.54, 52.971508, 122.547023, 52.977569, 122.553506],
];
const TOL = 2e-6; // degrees, ≈ 0.2 m

test('WGS-84 → GCJ-02 and → BD-09 match known pairs', () => {
  for (const [name, lat, lng, glat, glng, blat, blng] of KNOWN) {
    const g = toGcj02(lat, lng);
    const b = toBd09(lat, lng);
    assert.ok(Math.abs(g.lat - glat) <= TOL && Math.abs(g.lng - glng) <= TOL, `${name} GCJ-02 ${g.lat},${g.lng} ≠ ${glat},${glng}`);
    assert.ok(Math.abs(b.lat - blat) <= TOL && Math.abs(b.lng - blng) <= TOL, `${name} BD-09 ${b.lat},${b.lng} ≠ ${blat},${blng}`);
    // The offsets are hundreds of metres, never zero, inside China.
    assert.ok(Math.abs(g.lat - lat) + Math.abs(g.lng - lng) > 0.001, name);
  }
});

test('no conversion outside China', () => {
  for (const [lat, lng] of [[51.5, -0.12], [40.71, -74.0], [-33.87, 151.21], [0.5, 100]] as const) {
    assert.equal(outOfChina(lat, lng), true);
    assert.deepEqual(wgs84ToGcj02(lat, lng), { lat, lng });
    assert.deepEqual(toBd09(lat, lng), { lat, lng });
  }
});

test('route URIs: 高德 and 腾讯 in GCJ-02, 百度 in BD-09, from my position to the venue', () => {
  const from = { lat: 22.6185, lng: 114.0413 };
  const to = { lat: 22.6566, lng: 114.0297 };
  const gf = toGcj02(from.lat, from.lng);
  const gt = toGcj02(to.lat, to.lng);
  const bf = toBd09(from.lat, from.lng);
  const bt = toBd09(to.lat, to.lng);
  const amap = new URL(routeUri('amap', from, to, '龙华区政务服务中心'));
  assert.equal(amap.origin + amap.pathname, 'https://uri.amap.com/navigation');
  assert.equal(amap.searchParams.get('from'), `${gf.lng},${gf.lat},我的位置`);
  assert.equal(amap.searchParams.get('to'), `${gt.lng},${gt.lat},龙华区政务服务中心`);
  assert.equal(amap.searchParams.get('coordinate'), 'gaode');
  const baidu = new URL(routeUri('baidu', from, to, '龙华区政务服务中心'));
  assert.equal(baidu.origin + baidu.pathname, 'https://api.map.baidu.com/direction');
  assert.equal(baidu.searchParams.get('origin'), `latlng:${bf.lat},${bf.lng}|name:我的位置`);
  assert.equal(baidu.searchParams.get('destination'), `latlng:${bt.lat},${bt.lng}|name:龙华区政务服务中心`);
  assert.equal(baidu.searchParams.get('coord_type'), 'bd09ll');
  const qq = new URL(routeUri('tencent', from, to, '龙华区政务服务中心'));
  assert.equal(qq.origin + qq.pathname, 'https://apis.map.qq.com/uri/v1/routeplan');
  assert.equal(qq.searchParams.get('fromcoord'), `${gf.lat},${gf.lng}`);
  assert.equal(qq.searchParams.get('tocoord'), `${gt.lat},${gt.lng}`);
  // A name with & or # cannot cut the URI.
  const odd = new URL(routeUri('amap', from, to, 'A&B#C'));
  assert.equal(odd.searchParams.get('to'), `${gt.lng},${gt.lat},A&B#C`);
});
