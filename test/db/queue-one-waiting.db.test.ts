// Migration 0042: one waiting remote number per person, venue and day, held by the database itself
// (two taps at once cannot both insert); hall numbers (no account) and finished ones are not limited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { insertVenue } from '../support/venue.ts';

forEachDialect('queue: one waiting number per person', (get) => {
  test('a second waiting ticket of the same account is refused by the index; other statuses and hall numbers are not', async () => {
    const { db } = get();
    const v = await insertVenue(db);
    const at = '2026-12-07T01:00:00.000Z';
    const row = (id: string, number: string, account: number | null, status = 'waiting') => ({ public_id: id, venue_id: v.venueId, group_code: 'A', day_on: '2026-12-07', number, source: account ? 'remote' : 'hall', account_id: account, status, issued_at: at, called_at: null, finished_at: null });
    await db.insertInto('qu_ticket').values(row('QT1', 'AW001', 7)).execute();
    await assert.rejects(db.insertInto('qu_ticket').values(row('QT2', 'AW002', 7)).execute());
    await db.insertInto('qu_ticket').values([row('QT3', 'AW003', 7, 'cancelled'), row('QT4', 'A001', null), row('QT5', 'A002', null), row('QT6', 'AW004', 8)]).execute();
    await db.updateTable('qu_ticket').set({ status: 'called' }).where('public_id', '=', 'QT1').execute();
    await db.insertInto('qu_ticket').values(row('QT7', 'AW005', 7)).execute();
    assert.equal(Number((await db.selectFrom('qu_ticket').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', 7).executeTakeFirstOrThrow()).n), 3);
  });
});
