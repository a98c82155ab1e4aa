// Pure: navigation links. Venues are stored in WGS-84 (GPS); 高德 and 腾讯 maps expect GCJ-02 and
// 百度 expects BD-09, so coordinates are converted (coords.ts) before building each app's URI:
// a marker on the venue, and (issue 22 §4) a route from the person's position to the venue —
// built only on the server (GET /services/route), the one place the person's position is converted.
import { toBd09, toGcj02, type LatLng } from './coords.ts';

export { toBd09, toGcj02 } from './coords.ts';

export const NAV_PROVIDERS = ['amap', 'baidu', 'tencent'] as const;
export type NavProvider = (typeof NAV_PROVIDERS)[number];

export interface NavLink { provider: NavProvider; label: string; href: string; lat: number; lng: number }

export const PROVIDER_LABELS: Record<NavProvider, string> = { amap: '高德地图', baidu: '百度地图', tencent: '腾讯地图' };

/** Links to 高德, 百度 and 腾讯 maps for a WGS-84 point. */
export function navigationLinks(lat: number, lng: number, name: string, address = ''): NavLink[] {
  const g = toGcj02(lat, lng);
  const b = toBd09(lat, lng);
  const n = encodeURIComponent(name);
  const a = encodeURIComponent(address);
  return [
    { provider: 'amap', label: PROVIDER_LABELS.amap, lat: g.lat, lng: g.lng, href: `https://uri.amap.com/marker?position=${g.lng},${g.lat}&name=${n}&coordinate=gaode&callnative=1` },
    { provider: 'baidu', label: PROVIDER_LABELS.baidu, lat: b.lat, lng: b.lng, href: `https://api.map.baidu.com/marker?location=${b.lat},${b.lng}&title=${n}&content=${a}&coord_type=bd09ll&output=html&src=gongkai` },
    { provider: 'tencent', label: PROVIDER_LABELS.tencent, lat: g.lat, lng: g.lng, href: `https://apis.map.qq.com/uri/v1/marker?marker=coord:${g.lat},${g.lng};title:${n};addr:${a}&referer=gongkai` },
  ];
}

/** The start of a route: the person's position, named 我的位置 in the app. */
const FROM_NAME = '我的位置';

/**
 * A route (public transport) from `from` to `to`, both WGS-84, in the provider's coordinate system:
 * 高德 uri.amap.com/navigation (GCJ-02, coordinate=gaode), 百度 api.map.baidu.com/direction
 * (BD-09, coord_type=bd09ll), 腾讯 apis.map.qq.com/uri/v1/routeplan (GCJ-02).
 */
export function routeUri(provider: NavProvider, from: LatLng, to: LatLng, toName: string): string {
  const n = encodeURIComponent(toName);
  const f = encodeURIComponent(FROM_NAME);
  if (provider === 'baidu') {
    const a = toBd09(from.lat, from.lng);
    const b = toBd09(to.lat, to.lng);
    return `https://api.map.baidu.com/direction?origin=latlng:${a.lat},${a.lng}|name:${f}&destination=latlng:${b.lat},${b.lng}|name:${n}&mode=transit&coord_type=bd09ll&output=html&src=gongkai`;
  }
  const a = toGcj02(from.lat, from.lng);
  const b = toGcj02(to.lat, to.lng);
  if (provider === 'amap') return `https://uri.amap.com/navigation?from=${a.lng},${a.lat},${f}&to=${b.lng},${b.lat},${n}&mode=bus&policy=0&coordinate=gaode&callnative=1&src=gongkai`;
  return `https://apis.map.qq.com/uri/v1/routeplan?type=bus&from=${f}&fromcoord=${a.lat},${a.lng}&to=${n}&tocoord=${b.lat},${b.lng}&policy=0&referer=gongkai`;
}
