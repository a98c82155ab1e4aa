/** One rate-limit counter per (route, address): requests since `window_start_ms` (epoch ms). */
export interface RateLimitHitTable {
  key: string;
  window_start_ms: number;
  hits: number;
}
