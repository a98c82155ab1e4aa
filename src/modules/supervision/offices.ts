// Shell: the 政务公开办 a member of staff acts for — one rule for the rule switches, manual findings and
// inspection runs, the 季通报 and the 年考评: the enabled offices over which they hold one of `roles`
// (the office's own supervisors and administrators, administrators of its government and above; a
// platform administrator every one). Each office supervises its parent government's subtree
// (`parentPath`, what identityService.officeScopes gives for a grant on the office). Not
// officeScopes itself: that widening would hand a city office's supervisor every county office.
import type { Db } from '../../schema.ts';
import { hasRoleOver, scopePaths, type Actor, type Role } from '../identity/index.ts';

export interface ActingOffice { code: string; name: string; path: string; parentCode: string; parentPath: string; parentName: string }

export async function actingOffices(db: Db, actor: Actor, roles: readonly Role[]): Promise<ActingOffice[]> {
  const paths = scopePaths(actor, roles);
  if (!paths.length) return [];
  let q = db.selectFrom('organisation as o').innerJoin('organisation as p', 'p.code', 'o.parent_code')
    .select(['o.code', 'o.name', 'o.path', 'p.code as parentCode', 'p.path as parentPath', 'p.name as parentName'])
    .where('o.kind', '=', 'openness_office').where('o.disabled', '=', 0);
  if (!paths.includes('/')) q = q.where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))));
  const rows = await q.orderBy('o.path').execute();
  return rows.filter((r) => hasRoleOver(actor, roles, r.path));
}
