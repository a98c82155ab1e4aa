// Pure: who may do what where. Every role is granted on one organisation and covers its
// subtree; a staff route names the roles it accepts and the organisation it touches.
//
// Two kinds of administrator (docs/model/identity.md, "Who may change what"):
// - `platform_admin` owns what every county shares (working-day calendar, message categories and
//   deadline classes, search synonyms, install-wide rules). It is stored as an ordinary grant on
//   some organisation but means the whole installation, and it includes everything `admin` may
//   do, anywhere: wherever a check accepts `admin`, a platform administrator passes over '/'.
// - `admin` changes only rows inside the subtree of their grant.
import type { Actor, Grant } from '../../platform/auth/actor.ts';
import type { Role } from './identity.ts';

export type { Actor, Grant };

/** The subtree path that covers every organisation (paths all start with '/'). */
export const WHOLE_PLATFORM = '/';

/** Does the actor hold the platform administrator role (on any organisation)? */
export function isPlatformAdmin(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'platform_admin');
}

/** The grants that count for `roles`: a platform administrator counts as `admin` over '/'. */
function grantsFor(actor: Actor, roles: readonly Role[]): Grant[] {
  const wanted = roles as readonly string[];
  const out = actor.grants.filter((g) => wanted.includes(g.role));
  if (wanted.includes('admin') && isPlatformAdmin(actor)) out.push({ role: 'admin', orgCode: '*', orgPath: WHOLE_PLATFORM });
  return out;
}

/** Does the actor hold one of `roles` on an organisation whose subtree contains `targetPath`? */
export function hasRoleOver(actor: Actor, roles: readonly Role[], targetPath: string): boolean {
  return grantsFor(actor, roles).some((g) => targetPath.startsWith(g.orgPath));
}

/** Does the actor hold one of `roles` anywhere? (Entry to a staff page; rows are then scoped.) */
export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return grantsFor(actor, roles).length > 0;
}

/** The subtree paths in which the actor holds one of `roles` (for scoping list queries). */
export function scopePaths(actor: Actor, roles: readonly Role[]): string[] {
  const paths = [...new Set(grantsFor(actor, roles).map((g) => g.orgPath))];
  // Drop paths already covered by a shorter one.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q))).sort();
}

/**
 * May the actor grant `role` on the organisation at `targetPath`? An admin grants inside their own
 * admin subtree; only a platform administrator grants `platform_admin`.
 */
export function canGrant(actor: Actor, targetPath: string, role?: string): boolean {
  if (role === 'platform_admin') return isPlatformAdmin(actor);
  return hasRoleOver(actor, ['admin'], targetPath);
}

/**
 * An admin may manage a user when every one of the user's grants lies in the admin's subtree;
 * a user holding `platform_admin` is managed by platform administrators only.
 */
export function canManageUser(actor: Actor, userGrants: readonly Grant[]): boolean {
  if (!hasAnyRole(actor, ['admin'])) return false;
  if (userGrants.some((g) => g.role === 'platform_admin') && !isPlatformAdmin(actor)) return false;
  return userGrants.every((g) => hasRoleOver(actor, ['admin'], g.orgPath));
}

/**
 * The organisation an audit entry about a user's account (sign-ins, resets, grants) is filed
 * under: `orgCode` (default: the first grant's), except that a platform administrator's account is
 * managed by platform administrators only, so its entries are install-wide (null).
 */
export function accountAuditOrg(grants: readonly { role: string; orgCode: string }[], orgCode: string | null = grants[0]?.orgCode ?? null): string | null {
  return grants.some((g) => g.role === 'platform_admin') ? null : orgCode;
}
