import { openDb } from '../src/platform/db/db.ts';
import type { Database } from '../src/schema.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
const db = openDb<Database>({ databaseUrl: null, sqliteFile: process.argv[2]! });
const app = await buildApp({ config: loadConfig({ DATA_DIR: '/tmp', LOG_LEVEL: 'silent' }), db, clock: fixedClock('2026-11-26T02:00:00.000Z'), logger: createLogger('silent') });
await app.listen({ port: 38411, host: '127.0.0.1' });
