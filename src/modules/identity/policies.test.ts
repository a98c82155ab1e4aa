import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountAuditOrg, canGrant, canManageUser, hasAnyRole, hasRoleOver, isPlatformAdmin, scopePaths, type Actor } from './policies.ts';
import { parseOrgCode } from './identity.ts';
import { normaliseRegionCode, shortRegionCode } from '../../platform/geo/region-code.ts';

const actor = (grants: Actor['grants']): Actor => ({ userId: 1, username: 'u', displayName: 'u', grants, via: 'session', mustChangePassword: false });
const cixianAdmin = actor([{ role: 'admin', orgCode: '130427', orgPath: '/13/1304/130427/' }]);

test('a role on a county covers its townships and departments, not a neighbour', () => {
  assert.equal(hasRoleOver(cixianAdmin, ['admin'], '/13/1304/130427/130427100/'), true);
  assert.equal(hasRoleOver(cixianAdmin, ['admin'], '/13/1304/130427/130427-gkb/'), true);
  assert.equal(hasRoleOver(cixianAdmin, ['admin'], '/13/1304/130426/'), false);
  assert.equal(hasRoleOver(cixianAdmin, ['admin'], '/13/1304/'), false, 'not upwards');
  assert.equal(hasRoleOver(cixianAdmin, ['editor'], '/13/1304/130427/'), false, 'not another role');
});

test('a code prefix is not a subtree: 13042 does not cover 130427', () => {
  const a = actor([{ role: 'admin', orgCode: 'x', orgPath: '/13/1304/13042/' }]);
  assert.equal(hasRoleOver(a, ['admin'], '/13/1304/130427/'), false);
});

test('scopePaths drops paths covered by a shorter one', () => {
  const a = actor([
    { role: 'editor', orgCode: '130427100', orgPath: '/13/1304/130427/130427100/' },
    { role: 'editor', orgCode: '130427', orgPath: '/13/1304/130427/' },
    { role: 'editor', orgCode: '440105', orgPath: '/44/4401/440105/' },
    { role: 'reviewer', orgCode: '440309', orgPath: '/44/4403/440309/' },
  ]);
  assert.deepEqual(scopePaths(a, ['editor']), ['/13/1304/130427/', '/44/4401/440105/']);
});

test('an admin manages a user only when all the user’s grants are inside the admin’s subtree', () => {
  assert.equal(canManageUser(cixianAdmin, [{ role: 'editor', orgCode: '130427100', orgPath: '/13/1304/130427/130427100/' }]), true);
  assert.equal(canManageUser(cixianAdmin, [
    { role: 'editor', orgCode: '130427100', orgPath: '/13/1304/130427/130427100/' },
    { role: 'editor', orgCode: '440105', orgPath: '/44/4401/440105/' },
  ]), false);
});

test('a platform administrator counts as admin everywhere, and only as admin', () => {
  const platform = actor([{ role: 'platform_admin', orgCode: '13', orgPath: '/13/' }]);
  assert.equal(isPlatformAdmin(platform), true);
  assert.equal(isPlatformAdmin(cixianAdmin), false);
  assert.equal(hasRoleOver(platform, ['admin'], '/44/4401/440105/'), true, 'outside the organisation the grant sits on');
  assert.equal(hasRoleOver(platform, ['editor'], '/13/1304/130427/'), false, 'not the working roles');
  assert.equal(hasAnyRole(platform, ['supervisor', 'case_handler']), false);
  assert.deepEqual(scopePaths(platform, ['admin', 'supervisor']), ['/']);
  assert.deepEqual(scopePaths(platform, ['editor']), []);
});

test('only a platform administrator grants platform_admin or manages its holders', () => {
  const platform = actor([{ role: 'platform_admin', orgCode: '13', orgPath: '/13/' }]);
  const hebeiAdmin = actor([{ role: 'admin', orgCode: '13', orgPath: '/13/' }]);
  assert.equal(canGrant(hebeiAdmin, '/13/1304/130427/', 'editor'), true);
  assert.equal(canGrant(hebeiAdmin, '/13/', 'platform_admin'), false);
  assert.equal(canGrant(platform, '/44/', 'platform_admin'), true);
  const holder = [{ role: 'platform_admin', orgCode: '13', orgPath: '/13/' }];
  assert.equal(canManageUser(hebeiAdmin, holder), false, 'the grant sits in the admin subtree, yet it is not theirs to manage');
  assert.equal(canManageUser(platform, holder), true);
  assert.equal(canManageUser(platform, [{ role: 'editor', orgCode: '440105', orgPath: '/44/4401/440105/' }]), true);
});

test('region and organisation codes accept short and 12-digit forms', () => {
  assert.equal(normaliseRegionCode('130427'), '130427000000');
  assert.equal(normaliseRegionCode('130427000000'), '130427000000');
  assert.equal(normaliseRegionCode('1304270'), null);
  assert.equal(shortRegionCode('440105001000'), '440105001');
  assert.equal(shortRegionCode('130000000000'), '13');
  assert.deepEqual(parseOrgCode('130427-GKB'), { regionCode: '130427000000', slug: 'gkb', canonical: '130427-gkb' });
  assert.deepEqual(parseOrgCode('130427000000'), { regionCode: '130427000000', slug: null, canonical: '130427' });
  assert.equal(parseOrgCode('130427-'), null);
  assert.equal(parseOrgCode('abc'), null);
});

test("an account's audit entries: the grant's organisation, install-wide for a platform administrator", () => {
  const editor = [{ role: 'editor', orgCode: '130427' }, { role: 'reviewer', orgCode: '130427100' }];
  assert.equal(accountAuditOrg(editor), '130427');
  assert.equal(accountAuditOrg(editor, '130427100'), '130427100');
  assert.equal(accountAuditOrg([...editor, { role: 'platform_admin', orgCode: '13' }], '130427'), null);
  assert.equal(accountAuditOrg([]), null);
});
