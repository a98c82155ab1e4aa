// The one rule that unlocks a kiosk's rating form (no captcha), shared by /rate/kiosk/:id and
// /kiosk/{venue}/rate: a staff member over the venue's organisation — the county's 政务公开办 for its
// government's subtree included — but not the platform administrator, another county's staff, a
// township's staff for the county hall, or nobody signed in. And the government whose subtree a hall
// display shows: a department's venue its county, a township zone its township, a village zone its
// township (a 村委会 receives no 依申请公开: alone its screen would be all zeros).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { findUserByUsername, identityService, type Actor } from '../../src/modules/identity/index.ts';
import { KIOSK_UNLOCK_ROLES, kioskUnlocked } from '../../src/modules/ratings/index.ts';
import { findChannelVenue } from '../../src/modules/channels/venues.ts';
import { governmentPath } from '../../src/modules/channels/display.service.ts';

forEachDialect('kiosk unlock rule', (get) => {
  const actors: Record<string, Actor> = {};
  before(async () => {
    await withDemo(get());
    for (const u of ['cixian.gkb', 'cixian.editor', 'cizhou.handler', 'longhua.admin', 'platform']) {
      actors[u] = (await identityService.actorFor(get().db, (await findUserByUsername(get().db, u))!.id, 'token'))!;
    }
  });

  test('staff over the venue unlock it; the platform administrator, another county, a township for the county hall and nobody do not', async () => {
    assert.ok(!KIOSK_UNLOCK_ROLES.includes('platform_admin'));
    const hall = (await findChannelVenue(get().db, 'CX-ZWFW'))!;
    const town = (await findChannelVenue(get().db, 'CX-GKZQ-130427100'))!;
    assert.equal(await kioskUnlocked(get().db, actors['cixian.gkb'], hall.orgPath), true);
    assert.equal(await kioskUnlocked(get().db, actors['cixian.gkb'], town.orgPath), true);
    assert.equal(await kioskUnlocked(get().db, actors['cizhou.handler'], town.orgPath), true);
    assert.equal(await kioskUnlocked(get().db, actors['cizhou.handler'], hall.orgPath), false);
    assert.equal(await kioskUnlocked(get().db, actors['longhua.admin'], hall.orgPath), false);
    assert.equal(await kioskUnlocked(get().db, actors.platform, hall.orgPath), false);
    assert.equal(await kioskUnlocked(get().db, null, hall.orgPath), false);
  });

  test('the display shows the venue\'s government: county for the hall and county zone, the township for township and village zones', async () => {
    const pathOf = async (code: string) => (await get().db.selectFrom('organisation').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
    const county = await pathOf('130427');
    const town = await pathOf('130427100');
    for (const [venue, want] of [['CX-ZWFW', county], ['CX-GKZQ', county], ['CX-GKZQ-130427100', town], ['CX-GKZQ-130427100001', town]] as const) {
      const v = (await findChannelVenue(get().db, venue))!;
      assert.equal(await governmentPath(get().db, v.orgPath), want, venue);
    }
  });
});
