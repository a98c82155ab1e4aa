// Stable identifiers of published data: a UUID in the version-5 layout from a name (SHA-1), so the
// same dataset, service or venue has the same id in every export and installation.
import { hash } from 'node:crypto';

export function nameUuid(name: string): string {
  const h = hash('sha1', name, 'hex');
  const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
