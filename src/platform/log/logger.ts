// Shell: the pino logger. Request ids come from Fastify; ID numbers and mobile numbers are masked
// in every message and logged object, and credentials are removed — so are the secrets some URLs
// carry in their path (a single-use rating link /rate/t/<token>: whoever reads the log could rate).
import pino, { type Logger } from 'pino';
import { maskDeep, maskPersonalData } from './mask.ts';

/** Paths whose next segment is a secret (the link IS the credential). */
const SECRET_PATH = /(\/rate\/t\/)[^/?#\s"'<>]+/g;

/** Text as it may be logged: personal data masked, path secrets hidden. */
export function maskForLog(text: string): string {
  return maskPersonalData(text).replace(SECRET_PATH, '$1[已隐藏]');
}

function maskDeepForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskForLog(value);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return maskDeep(value, depth);
  if (Array.isArray(value)) return value.map((v) => maskDeepForLog(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeepForLog(v, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
        censor: '[已隐藏]',
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskForLog(a) : maskDeepForLog(a))) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
      serializers: {
        req: (req: { id?: string; method?: string; url?: string; ip?: string }) => ({ id: req.id, method: req.method, url: req.url ? maskForLog(req.url) : req.url, ip: req.ip }),
      },
    },
    destination,
  );
}
