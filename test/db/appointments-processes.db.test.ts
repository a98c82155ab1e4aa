// The last place of a slot across several processes on PostgreSQL: 4 processes send 50 bookings
// for a slot with one place at the same moment; exactly one wins, 49 are slot_full, and the slot's
// counter equals the number of active bookings. Runs only with TEST_DATABASE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openTestDb } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';
import { instantAt } from '../../src/modules/appointments/slots.repository.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const NOW = '2026-09-28T01:00:00Z';

test('50 bookings from 4 processes for one place on PostgreSQL: one 201, 49 slot_full', { skip: !process.env.TEST_DATABASE_URL, timeout: 120_000 }, async () => {
  const t = await openTestDb('postgres');
  try {
    const v = await insertVenue(t.db);
    await t.db.insertInto('ap_slot_rule').values({ venue_id: v.venueId, item_id: null, weekdays: '1,2,3,4,5', start_min: 600, end_min: 630, capacity: 1, position: 1, created_at: NOW }).execute();
    const start = instantAt('2026-09-29', 600);
    const counts = [13, 13, 12, 12];
    const children = counts.map((n, i) => spawn(process.execPath, ['--import', 'tsx', 'test/support/appointments-worker.ts', t.pgSchema!, v.venuePublicId, start, String(i * 100), String(n), NOW], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] }));
    const lines = children.map((c) => {
      let out = '';
      c.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
      return {
        ready: new Promise<void>((resolve) => { const f = () => { if (out.includes('ready\n')) { c.stdout!.off('data', f); resolve(); } }; c.stdout!.on('data', f); }),
        done: new Promise<string[]>((resolve, reject) => c.on('exit', (code) => { const last = out.trim().split('\n').pop() ?? ''; if (code !== 0) reject(new Error(`worker exited ${code}: ${out}`)); else resolve(JSON.parse(last) as string[]); })),
      };
    });
    await Promise.all(lines.map((l) => l.ready));
    for (const c of children) c.stdin!.write('go\n');
    const results = (await Promise.all(lines.map((l) => l.done))).flat();
    assert.equal(results.length, 50);
    assert.equal(results.filter((r) => r === 'ok').length, 1, JSON.stringify(results));
    assert.equal(results.filter((r) => r === 'slot_full').length, 49, JSON.stringify(results));
    const booked = Number((await t.db.selectFrom('ap_slot_load').select('booked').where('venue_id', '=', v.venueId).executeTakeFirstOrThrow()).booked);
    const active = Number((await t.db.selectFrom('ap_appointment').select((eb) => eb.fn.countAll<number>().as('n')).where('venue_id', '=', v.venueId).where('status', '=', 'booked').executeTakeFirstOrThrow()).n);
    assert.deepEqual([booked, active], [1, 1]);
  } finally {
    await t.close();
  }
});
