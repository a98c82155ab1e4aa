import { test } from 'node:test';
import { openTestDb } from './support/db.ts';
import { buildTestApp, withDemo } from './support/app.ts';
test('probe', async () => {
  const db = await openTestDb('sqlite'); await withDemo(db);
  const t = await buildTestApp(db);
  for (const u of (process.env.URLS ?? '').split(',')) {
    const r = await t.app.inject({ url: u });
    console.log('=== ', u, r.statusCode);
    const re = new RegExp(process.env.GREP ?? 'xx', 'g');
    for (const m of r.body.matchAll(re)) console.log(r.body.slice(Math.max(0, m.index! - 200), m.index! + 200));
  }
  await t.app.close(); await db.close();
});
