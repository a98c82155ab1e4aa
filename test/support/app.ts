// Test fixture: the real app on a test database, with helpers to sign in and post forms.
import type { LightMyRequestResponse } from 'fastify';
import './schema-cache.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock, type Clock } from '../../src/platform/clock/clock.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import type { App } from '../../src/platform/web/server.tsx';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo.ts';
import { migrateAndSeed, openTestDb, type TestDb } from './db.ts';
import { copyPgTemplate, copySqliteTemplate, ensurePgTemplate, sqliteTemplate, templatesEnabled, withSqliteTemplateLock, writeSqliteTemplate } from './demo-template.ts';
import { openDb } from '../../src/platform/db/db.ts';
import type { Database } from '../../src/schema.ts';

export const CSRF = 'test-csrf-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa'.slice(0, 43);
export { DEMO_PASSWORD };

export interface TestApp {
  app: App;
  clock: Clock;
}

/** Builds the app over a database that already holds the demo data; `env` adds settings. */
export async function buildTestApp(t: TestDb, clock: Clock = fixedClock('2026-03-02T02:00:00Z'), env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ DATA_DIR: 'data-test-unused', ...env });
  const app = await buildApp({ config, db: t.db, clock, logger: createLogger('silent') });
  return { app, clock };
}

const DEMO_CLOCK = '2026-01-05T02:00:00Z';

/**
 * Loads the demo counties, governments, departments and users (once per suite): the rows of the
 * demo template (test/support/demo-template.ts), built by the first suite that needs it with
 * loadDemo itself, are copied into the suite's freshly opened database.
 */
export async function withDemo(t: TestDb): Promise<void> {
  if (!templatesEnabled) {
    await loadDemo(t.db, fixedClock(DEMO_CLOCK));
    return;
  }
  if (t.dialect === 'sqlite') {
    let file = sqliteTemplate();
    if (!file) {
      // built in a database of its own (so that this one is filled the same way as when it exists)
      await withSqliteTemplateLock(async () => {
        const b = await openTestDb('sqlite');
        try {
          await loadDemo(b.db, fixedClock(DEMO_CLOCK));
          await writeSqliteTemplate(b.db);
        } finally {
          await b.close();
        }
      });
      file = sqliteTemplate();
    }
    if (file) await copySqliteTemplate(t.db, file);
    else await loadDemo(t.db, fixedClock(DEMO_CLOCK));
    return;
  }
  if (!t.pgSchema) {
    await loadDemo(t.db, fixedClock(DEMO_CLOCK));
    return;
  }
  await ensurePgTemplate(async (schema) => {
    const db = openDb<Database>({ databaseUrl: process.env.TEST_DATABASE_URL as string, pgSchema: schema, poolSize: 4 });
    try {
      await migrateAndSeed(db);
      await loadDemo(db, fixedClock(DEMO_CLOCK));
    } finally {
      await db.destroy();
    }
  });
  await copyPgTemplate(t.pgSchema);
}

/**
 * The demo template as an SQLite file (built first if need be), for tests that give a real CLI or
 * server process a database holding the demo — copied to DATA_DIR/gongkai.sqlite — instead of
 * running `gongkai demo load` (test/cli.test.ts runs that command itself). Null when templates are
 * off (GONGKAI_TEST_DEMO_TEMPLATE=off): run `demo load` then.
 */
export async function demoSqliteFile(): Promise<string | null> {
  if (!templatesEnabled) return null;
  const built = sqliteTemplate();
  if (built) return built;
  const t = await openTestDb('sqlite');
  try {
    await withDemo(t);
  } finally {
    await t.close();
  }
  return sqliteTemplate();
}

/** Cookies from a response, as one Cookie header value merged over `base`. */
export function cookiesFrom(res: LightMyRequestResponse, base = ''): string {
  const jar = new Map(base.split('; ').filter(Boolean).map((c) => c.split('=') as [string, string]));
  for (const c of res.cookies as { name: string; value: string }[]) jar.set(c.name, c.value);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * Signs in through the real form; returns the Cookie header (session + CSRF). Sign-in renews the
 * gk_csrf cookie; this test client then keeps using its own token CSRF (cookie and form field
 * alike, as any browser holding that cookie would), so tests can write `_csrf: CSRF` in bodies.
 * test/web/sign-in.web.test.ts checks the renewal itself.
 */
export async function signIn(app: App, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/login', cookies: { gk_csrf: CSRF }, payload: { username, password, _csrf: CSRF } });
  if (res.statusCode !== 303) throw new Error(`sign-in of ${username} failed: ${res.statusCode}`);
  return cookiesFrom(res, `gk_csrf=${CSRF}`).replace(/(^|; )gk_csrf=[^;]*/, `$1gk_csrf=${CSRF}`);
}

/** The gk_csrf value in a Cookie header, if any. */
export function csrfOf(cookie: string): string | undefined {
  return /(?:^|; )gk_csrf=([^;]*)/.exec(cookie)?.[1];
}

/** Posts a form with the CSRF token of `cookie` (CSRF when it has none). */
export function postForm(app: App, url: string, cookie: string, payload: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, headers: { cookie }, payload: { _csrf: csrfOf(cookie) ?? CSRF, ...payload } });
}
