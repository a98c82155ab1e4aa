// The display's shared snapshots are bounded (issue 19, Performance): one kept per venue asked for,
// never one for a venue that does not exist, and at most `maxVenues` at a time — the least recently
// asked for is dropped, so walking every venue's /display/{venue} cannot grow the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { RatingResults } from '../../src/modules/ratings/index.ts';
import { DisplayService } from '../../src/modules/channels/display.service.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');

forEachDialect('display snapshots kept per venue, bounded', (get) => {
  test('unknown venues are never kept; known ones at most maxVenues, least recently asked for dropped first', async () => {
    const db = get().db;
    const venues = (await db.selectFrom('sm_venue').select('public_id').where('public_id', 'like', 'CX-%').orderBy('public_id').limit(5).execute()).map((v) => v.public_id);
    assert.equal(venues.length, 5);
    const svc = new DisplayService({ db, clock, onTime: loadConfig({ DATA_DIR: 'unused' }).interaction.onTime, ratings: new RatingResults(db, clock), apiOperations: () => 0, cacheMs: 60_000, maxVenues: 3 });

    for (let i = 0; i < 20; i++) assert.equal(await svc.snapshotOf(`NO-SUCH-${i}`), null);
    assert.equal(await svc.snapshotOf(venues[0]!.toLowerCase()), null, 'venue codes are exact');
    assert.equal(svc.keptVenues, 0, 'no unknown venue is kept');

    const first = await svc.snapshotOf(venues[0]!);
    assert.ok(first);
    for (const v of venues.slice(1, 3)) assert.ok(await svc.snapshotOf(v));
    assert.equal(svc.keptVenues, 3);
    // venues[0] asked for again: the most recent; the next new venue drops venues[1]
    assert.equal(await svc.snapshotOf(venues[0]!), first, 'a kept snapshot is shared, not recomputed');
    assert.ok(await svc.snapshotOf(venues[3]!));
    assert.ok(await svc.snapshotOf(venues[4]!));
    assert.equal(svc.keptVenues, 3, 'never more than maxVenues');
    assert.equal(await svc.snapshotOf(venues[0]!), first, 'the screen asked for most recently stays kept');
    // concurrent first requests of one venue share one computation
    const [a, b] = await Promise.all([svc.snapshotOf(venues[1]!), svc.snapshotOf(venues[1]!)]);
    assert.ok(a && a === b);
    assert.equal(svc.keptVenues, 3);
  });
}, withDemo);
