// The key under which a client address is counted (sign-in throttle, rate limits).
import { isIP } from 'node:net';

/**
 * The key of a client address: one IPv6 host holds a whole /64 (any interface id it likes), so an
 * IPv6 address counts as its /64; an IPv4-mapped IPv6 address (::ffff:203.0.113.7) counts as the
 * IPv4 address; spellings (upper case, leading zeros, ::, a zone) do not give a fresh count.
 */
export function addressKey(address: string | undefined): string {
  // a socket already closed has no address
  const a = (address ?? 'unknown').trim().toLowerCase().replace(/%.*$/, '');
  if (isIP(a) !== 6) return a.slice(0, 100);
  const groups = ipv6Groups(a);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [x = 0, y = 0] = groups.slice(6);
    return `${x >> 8}.${x & 255}.${y >> 8}.${y & 255}`;
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with :: expanded and a dotted IPv4 tail read). */
function ipv6Groups(a: string): number[] {
  const words = (part: string) => (part ? part.split(':') : []).flatMap((w) => {
    if (!w.includes('.')) return [parseInt(w, 16)];
    const [p = 0, q = 0, r = 0, t = 0] = w.split('.').map(Number);
    return [(p << 8) | q, (r << 8) | t];
  });
  const [head = '', tail] = a.split('::');
  const h = words(head);
  if (tail === undefined) return h;
  const t = words(tail);
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
}
