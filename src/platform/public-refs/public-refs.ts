// Shell: public references and tracking codes for things citizens submit (applications,
// messages). A reference is printed on letters and read over the phone, so it avoids look-alike
// characters; the tracking code is a secret that, with the reference, opens the status page.
// Only its hash is stored (see hashSecret).
import { randomInt } from 'node:crypto';
import { hashSecret, safeEqual } from '../auth/tokens.ts';

/** Crockford-style alphabet without I, L, O, U, 0 and 1. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomChars(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * A reference such as `YSQ-20260918-7KQ3M`: a module prefix, the local date of receipt and five
 * random characters (30^5 ≈ 24 million per prefix and day; callers retry on a unique violation).
 */
export function newReference(prefix: string, localDate: string): string {
  if (!/^[A-Z]{1,6}$/.test(prefix)) throw new Error(`bad reference prefix ${prefix}`);
  return `${prefix}-${localDate.replaceAll('-', '')}-${randomChars(5)}`;
}

/** Normalises what a citizen typed: case, spaces, full-width hyphens. */
export function normaliseReference(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '').replace(/[‐-―－]/g, '-');
}

/** An 8-character tracking code (30^8 ≈ 6.6 × 10^11). */
export function newTrackingCode(): string {
  return randomChars(8);
}

export function hashTrackingCode(code: string): string {
  return hashSecret(code.normalize('NFKC').trim().toUpperCase());
}

export function trackingCodeMatches(input: string, storedHash: string): boolean {
  return safeEqual(hashTrackingCode(input), storedHash);
}
