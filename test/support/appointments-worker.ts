// A separate process that books one slot many times at once (test/db/appointments-processes.db.test.ts):
// argv: schema, venue public id, start, first phone index, count. Waits for "go" on stdin so that all
// processes start together, then prints one JSON line: the outcome code of each booking.
import { openDb } from '../../src/platform/db/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Database } from '../../src/schema.ts';
import { book } from '../../src/modules/appointments/booking.service.ts';

const [schema, venue, start, firstText, countText, nowText] = process.argv.slice(2) as [string, string, string, string, string, string];
const db = openDb<Database>({ databaseUrl: process.env.TEST_DATABASE_URL as string, pgSchema: schema, poolSize: 8 });
await db.selectFrom('sm_venue').select('id').limit(1).execute(); // connect before the start signal
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const first = Number(firstText);
  const clock = fixedClock(nowText);
  const results = await Promise.all(Array.from({ length: Number(countText) }, (_, i) =>
    book(db, clock, { venue, start, name: '并发', phone: `135${String(10_000_000 + first + i)}`, channel: 'api' }).then((r) => (r.ok ? 'ok' : r.code), (e: Error) => `error ${e.message}`)));
  process.stdout.write(`${JSON.stringify(results)}\n`);
  await db.destroy();
  process.exit(0);
});
