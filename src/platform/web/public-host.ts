// Shell: the absolute base of public URLs (feeds, sitemap, API, a board's printed notice) from the
// request's scheme and host (behind a trusted proxy — config trustProxy — the X-Forwarded-* ones).
// The host is checked, so a forged Host header cannot put markup or odd text into what is published.
import type { FastifyRequest } from 'fastify';
import { badRequest } from './http-error.ts';

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

/** A request's host as absolute URLs may carry it (lower case, a DNS name or IP with an optional port), else null. */
function cleanHost(host: string): string | null {
  const h = host.trim().toLowerCase().replace(/\.(?=:|$)/, '');
  return h.length <= 260 && HOST.test(h) ? h : null;
}

/** `http(s)://host` of the request; a host that is not a DNS name or IP is a 400 with `message`. */
export function publicBaseUrl(request: FastifyRequest, message: string): string {
  const host = cleanHost(request.host);
  if (!host) throw badRequest('invalid_host', message);
  return `${request.protocol === 'https' ? 'https' : 'http'}://${host}`;
}
