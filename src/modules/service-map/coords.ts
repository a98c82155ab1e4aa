// Pure: China's map coordinate systems. Venues are stored in WGS-84 (GPS); 高德 and 腾讯 expect
// GCJ-02 (the «火星坐标» offset required of maps published in China) and 百度 expects BD-09 (GCJ-02
// with Baidu's own further offset). The transformations are the well-known published ones (the
// Krasovsky-ellipsoid polynomial of GCJ-02 and Baidu's rotation of it); they are not exact inverses
// of anything official, and are accurate to about a metre against the maps. Outside China the
// maps use WGS-84 unchanged, so no conversion is made there.

export interface LatLng { lat: number; lng: number }

const A = 6378245.0; // Krasovsky 1940 semi-major axis
const EE = 0.006693421622965943; // its eccentricity squared
const X_PI = (Math.PI * 3000.0) / 180.0;

/** The rough box GCJ-02 applies in (mainland China and its seas; the published constant). */
export function outOfChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** WGS-84 → GCJ-02 (unchanged outside China). */
export function wgs84ToGcj02(lat: number, lng: number): LatLng {
  if (outOfChina(lat, lng)) return { lat, lng };
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

/** GCJ-02 → BD-09 (Baidu's published offset). */
export function gcj02ToBd09(lat: number, lng: number): LatLng {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
  return { lat: z * Math.sin(theta) + 0.006, lng: z * Math.cos(theta) + 0.0065 };
}

/** WGS-84 → GCJ-02, rounded to 6 decimals (about 0.1 m) for URIs. */
export function toGcj02(lat: number, lng: number): LatLng {
  const g = wgs84ToGcj02(lat, lng);
  return { lat: round6(g.lat), lng: round6(g.lng) };
}

/** WGS-84 → BD-09 (via GCJ-02), rounded to 6 decimals; unchanged outside China. */
export function toBd09(lat: number, lng: number): LatLng {
  if (outOfChina(lat, lng)) return { lat, lng };
  const g = wgs84ToGcj02(lat, lng);
  const b = gcj02ToBd09(g.lat, g.lng);
  return { lat: round6(b.lat), lng: round6(b.lng) };
}
