// Pure: navigation links. Venues are stored in WGS-84 (GPS); 高德 and 腾讯 maps expect GCJ-02 and
// 百度 expects BD-09, so coordinates are converted with gcoord before building each app's URI.
import gcoordModule from 'gcoord';

// gcoord is CommonJS: at run time the default import is module.exports; its typings describe `default`.
type Gcoord = (typeof import('gcoord'))['default'];
const gcoord = ((gcoordModule as unknown as { default?: Gcoord }).default ?? gcoordModule) as Gcoord;

export interface NavLink { provider: 'amap' | 'baidu' | 'tencent'; label: string; href: string; lat: number; lng: number }

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function toGcj02(lat: number, lng: number): { lat: number; lng: number } {
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lat: r6(y), lng: r6(x) };
}

export function toBd09(lat: number, lng: number): { lat: number; lng: number } {
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.BD09) as [number, number];
  return { lat: r6(y), lng: r6(x) };
}

/** Links to 高德, 百度 and 腾讯 maps for a WGS-84 point. */
export function navigationLinks(lat: number, lng: number, name: string, address = ''): NavLink[] {
  const g = toGcj02(lat, lng);
  const b = toBd09(lat, lng);
  const n = encodeURIComponent(name);
  const a = encodeURIComponent(address);
  return [
    { provider: 'amap', label: '高德地图', lat: g.lat, lng: g.lng, href: `https://uri.amap.com/marker?position=${g.lng},${g.lat}&name=${n}&coordinate=gaode&callnative=1` },
    { provider: 'baidu', label: '百度地图', lat: b.lat, lng: b.lng, href: `https://api.map.baidu.com/marker?location=${b.lat},${b.lng}&title=${n}&content=${a}&coord_type=bd09ll&output=html&src=gongkai` },
    { provider: 'tencent', label: '腾讯地图', lat: g.lat, lng: g.lng, href: `https://apis.map.qq.com/uri/v1/marker?marker=coord:${g.lat},${g.lng};title:${n};addr:${a}&referer=gongkai` },
  ];
}
