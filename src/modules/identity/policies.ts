// Pure: who may do what where. Every role is granted on one organisation and covers its
// subtree; a staff route names the roles it accepts and the organisation it touches.
import type { Actor, Grant } from '../../platform/auth/actor.ts';
import type { Role } from './identity.ts';

export type { Actor, Grant };

/** Does the actor hold one of `roles` on an organisation whose subtree contains `targetPath`? */
export function hasRoleOver(actor: Actor, roles: readonly Role[], targetPath: string): boolean {
  return actor.grants.some((g) => (roles as readonly string[]).includes(g.role) && targetPath.startsWith(g.orgPath));
}

/** Does the actor hold one of `roles` anywhere? (Entry to a staff page; rows are then scoped.) */
export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.grants.some((g) => (roles as readonly string[]).includes(g.role));
}

/** The subtree paths in which the actor holds one of `roles` (for scoping list queries). */
export function scopePaths(actor: Actor, roles: readonly Role[]): string[] {
  const paths = actor.grants.filter((g) => (roles as readonly string[]).includes(g.role)).map((g) => g.orgPath);
  // Drop paths already covered by a shorter one.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q))).sort();
}

/** An admin may grant a role on an organisation only inside their own admin subtree. */
export function canGrant(actor: Actor, targetPath: string): boolean {
  return hasRoleOver(actor, ['admin'], targetPath);
}

/** An admin may manage a user when every one of the user's grants lies in the admin's subtree. */
export function canManageUser(actor: Actor, userGrants: readonly Grant[]): boolean {
  if (!hasAnyRole(actor, ['admin'])) return false;
  return userGrants.every((g) => hasRoleOver(actor, ['admin'], g.orgPath));
}
