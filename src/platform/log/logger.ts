// Shell: the pino logger. Request ids come from Fastify; ID numbers and mobile numbers are masked
// in every message and logged object, and credentials are removed.
import pino, { type Logger } from 'pino';
import { maskDeep, maskPersonalData } from './mask.ts';

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
          const masked = args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : maskDeep(a))) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
      serializers: {
        req: (req: { id?: string; method?: string; url?: string; ip?: string }) => ({ id: req.id, method: req.method, url: req.url ? maskPersonalData(req.url) : req.url, ip: req.ip }),
      },
    },
    destination,
  );
}
