// The portal's in-memory figures: concurrent requests share one load; a failed load is not kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { PortalService, type HotLists } from '../../src/modules/portal/portal.service.ts';
import { forEachDialect } from '../support/db.ts';

forEachDialect('portal figures cache', (get) => {
  const make = (cacheMs: number, hot: () => Promise<HotLists>) =>
    new PortalService({ db: get().db, clock: fixedClock(new Date('2026-11-26T02:00:00Z')), hot, onTime: { extensionsMoveDeadline: true }, cacheMs });

  test('requests arriving while the figures load share that one load', async () => {
    let loads = 0;
    const svc = make(10_000, async () => { loads++; await new Promise((r) => setTimeout(r, 20)); return { queries: [], items: [] }; });
    const all = await Promise.all(Array.from({ length: 8 }, () => svc.services()));
    assert.equal(loads, 1);
    assert.ok(all.every((d) => d === all[0]));
    await svc.services();
    assert.equal(loads, 1, 'kept after the load');
    svc.forget();
    await svc.services();
    assert.equal(loads, 2, 'forget() drops what is kept');
  });

  test('a failed load is not kept: the next request loads again', async () => {
    let loads = 0;
    const svc = make(10_000, async () => { loads++; if (loads === 1) throw new Error('search unavailable'); return { queries: [], items: [] }; });
    await assert.rejects(svc.services(), /search unavailable/);
    const d = await svc.services();
    assert.deepEqual(d.hot, { queries: [], items: [] });
    assert.equal(loads, 2);
  });

  test('without a cache time every request loads', async () => {
    let loads = 0;
    const svc = make(0, async () => { loads++; return { queries: [], items: [] }; });
    await Promise.all([svc.services(), svc.services()]);
    assert.equal(loads, 2);
  });
});
