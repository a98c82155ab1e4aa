// Shell: the pino logger. Request ids come from Fastify; ID numbers, mobile numbers and the secrets
// of single-use links are masked in every message and logged object, and credentials are removed.
import pino, { type Logger } from 'pino';
import { maskDeep, maskForLog } from './mask.ts';

interface LoggedRequest { id?: string; method?: string; url?: string; ip?: string }

// Fastify logs `{ req: request }` and `{ res: reply }`: those objects keep their getters (method,
// url, statusCode live on the prototype) and go to the serializers below, which mask what they keep;
// every other logged value is masked deeply.
const SERIALIZED = new Set(['req', 'res']);

function maskArg(a: unknown): unknown {
  if (typeof a === 'string') return maskForLog(a);
  if (a === null || typeof a !== 'object' || Array.isArray(a) || a instanceof Error) return maskDeep(a);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) out[k] = SERIALIZED.has(k) && v !== null && typeof v === 'object' ? v : maskDeep(v, 1);
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
          method.apply(this, args.map(maskArg) as Parameters<typeof method>);
        },
      },
      serializers: {
        req: (req: LoggedRequest) => ({ id: req.id, method: req.method, url: typeof req.url === 'string' ? maskPositions(maskForLog(req.url)) : req.url, ip: req.ip }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}

/**
 * A person's position in a request URL (the route from here: `from=`, the nearest venues: `near=`,
 * `lat=`/`lng=`) is not logged: the pages promise it is used for the answer and kept nowhere.
 */
export function maskPositions(url: string): string {
  return url.replace(/([?&](?:from|near|lat|lng)=)[^&#]*/gi, '$1*');
}
