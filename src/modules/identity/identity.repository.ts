// Shell: SQL for organisations, staff users, role grants and API tokens.
import { toAuditRow, type AuditRow } from '../../platform/audit/audit.ts';
import type { Db } from '../../schema.ts';
import { accountAuditOrg, type Grant } from './policies.ts';
import type { OrganisationKind, Role } from './identity.ts';

export interface Organisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  regionCode: string;
  parentCode: string | null;
  path: string;
  disabled: boolean;
}

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export interface GrantRow extends Grant {
  id: number;
  role: Role;
  orgName: string;
}

type OrgRow = { code: string; name: string; kind: OrganisationKind; region_code: string; parent_code: string | null; path: string; disabled: number };
const toOrg = (r: OrgRow): Organisation => ({ code: r.code, name: r.name, kind: r.kind, regionCode: r.region_code, parentCode: r.parent_code, path: r.path, disabled: !!r.disabled });

type UserRow = { id: number; username: string; display_name: string; password_hash: string; disabled: number; must_change_password: number; failed_logins: number; locked_until: string | null; last_login_at: string | null };
const toUser = (r: UserRow): StaffUser => ({
  id: r.id, username: r.username, displayName: r.display_name, passwordHash: r.password_hash, disabled: !!r.disabled,
  mustChangePassword: !!r.must_change_password, failedLogins: r.failed_logins, lockedUntil: r.locked_until, lastLoginAt: r.last_login_at,
});

export async function findOrganisation(db: Db, code: string): Promise<Organisation | null> {
  const r = await db.selectFrom('organisation').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toOrg(r) : null;
}

/** The government organisation of a region (its code is the region's short code). */
export async function findGovernmentOfRegion(db: Db, regionCode12: string): Promise<Organisation | null> {
  const r = await db.selectFrom('organisation').selectAll().where('region_code', '=', regionCode12).where('code', 'not like', '%-%').executeTakeFirst();
  return r ? toOrg(r) : null;
}

/** Organisations inside any of the given subtree paths, ordered by path. */
export async function listOrganisationsIn(db: Db, paths: string[], opts: { limit: number; offset: number; q?: string }): Promise<{ rows: Organisation[]; total: number }> {
  if (!paths.length) return { rows: [], total: 0 };
  let base = db.selectFrom('organisation').where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))));
  if (opts.q) base = base.where((eb) => eb.or([eb('name', 'like', `%${opts.q}%`), eb('code', 'like', `${opts.q}%`)]));
  const total = await base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('path').limit(opts.limit).offset(opts.offset).execute();
  return { rows: rows.map(toOrg), total: Number(total.n) };
}

export async function insertOrganisation(db: Db, org: Organisation, at: Date): Promise<void> {
  await insertOrganisations(db, [org], at);
}

export async function insertOrganisations(db: Db, orgs: Organisation[], at: Date): Promise<void> {
  for (let i = 0; i < orgs.length; i += 200) {
    await db.insertInto('organisation').values(orgs.slice(i, i + 200).map((org) => ({
      code: org.code, name: org.name, kind: org.kind, region_code: org.regionCode, parent_code: org.parentCode, path: org.path, disabled: org.disabled ? 1 : 0, created_at: at.toISOString(),
    }))).execute();
  }
}

export async function findUserById(db: Db, id: number): Promise<StaffUser | null> {
  const r = await db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findUserByUsername(db: Db, username: string): Promise<StaffUser | null> {
  const r = await db.selectFrom('staff_user').selectAll().where('username', '=', username).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function insertUser(db: Db, u: { username: string; displayName: string; passwordHash: string; mustChangePassword: boolean }, at: Date): Promise<number> {
  const r = await db.insertInto('staff_user').values({
    username: u.username, display_name: u.displayName, password_hash: u.passwordHash, disabled: 0, must_change_password: u.mustChangePassword ? 1 : 0, failed_logins: 0, locked_until: null, created_at: at.toISOString(), last_login_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateUser(db: Db, id: number, changes: Partial<{ displayName: string; passwordHash: string; disabled: boolean; mustChangePassword: boolean; failedLogins: number; lockedUntil: string | null; lastLoginAt: string }>): Promise<void> {
  const set: Record<string, unknown> = {};
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
  if (changes.disabled !== undefined) set.disabled = changes.disabled ? 1 : 0;
  if (changes.mustChangePassword !== undefined) set.must_change_password = changes.mustChangePassword ? 1 : 0;
  if (changes.failedLogins !== undefined) set.failed_logins = changes.failedLogins;
  if (changes.lockedUntil !== undefined) set.locked_until = changes.lockedUntil;
  if (changes.lastLoginAt !== undefined) set.last_login_at = changes.lastLoginAt;
  if (Object.keys(set).length) await db.updateTable('staff_user').set(set).where('id', '=', id).execute();
}

export async function grantsOf(db: Db, userId: number): Promise<GrantRow[]> {
  const rows = await db
    .selectFrom('role_grant')
    .innerJoin('organisation', 'organisation.code', 'role_grant.org_code')
    .select(['role_grant.id', 'role_grant.role', 'role_grant.org_code', 'organisation.path', 'organisation.name', 'organisation.kind'])
    .where('role_grant.user_id', '=', userId)
    .orderBy('organisation.path')
    .orderBy('role_grant.role')
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, orgCode: r.org_code, orgPath: r.path, orgName: r.name, orgKind: r.kind }));
}

/**
 * The organisation an entry about a user's account is filed under (policies.ts accountAuditOrg):
 * `orgCode` or their first grant's, install-wide for a platform administrator.
 */
export async function homeOrgOf(db: Db, userId: number, orgCode?: string): Promise<string | null> {
  const rows = await db.selectFrom('role_grant').select(['org_code', 'role']).where('user_id', '=', userId).orderBy('id').execute();
  const grants = rows.map((r) => ({ role: r.role, orgCode: r.org_code }));
  return orgCode === undefined ? accountAuditOrg(grants) : accountAuditOrg(grants, orgCode);
}

export async function insertGrant(db: Db, userId: number, role: Role, orgCode: string, at: Date): Promise<number> {
  const r = await db.insertInto('role_grant').values({ user_id: userId, role, org_code: orgCode, created_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function deleteGrant(db: Db, grantId: number): Promise<void> {
  await db.deleteFrom('role_grant').where('id', '=', grantId).execute();
}

export interface UserListRow {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
  /** The user's grants inside the listed subtrees (another county's are not shown). */
  grants: GrantRow[];
  /** How many of the user's grants lie outside them (the user is then not the admin's to manage). */
  grantsElsewhere: number;
}

/** Users holding at least one grant inside the given subtrees (or with no grant at all, for admins of a root). */
/** Users with a grant in one of `paths`; holders of `platform_admin` only when `withPlatformAdmins`. */
export async function listUsersIn(db: Db, paths: string[], opts: { limit: number; offset: number; q?: string; withPlatformAdmins?: boolean }): Promise<{ rows: UserListRow[]; total: number }> {
  if (!paths.length) return { rows: [], total: 0 };
  const ids = db
    .selectFrom('role_grant')
    .innerJoin('organisation', 'organisation.code', 'role_grant.org_code')
    .select('role_grant.user_id')
    .where((eb) => eb.or(paths.map((p) => eb('organisation.path', 'like', `${p}%`))));
  let base = db.selectFrom('staff_user').where('id', 'in', ids);
  if (!opts.withPlatformAdmins) base = base.where('id', 'not in', db.selectFrom('role_grant').select('user_id').where('role', '=', 'platform_admin'));
  if (opts.q) base = base.where((eb) => eb.or([eb('username', 'like', `%${opts.q}%`), eb('display_name', 'like', `%${opts.q}%`)]));
  const total = await base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const users = await base.selectAll().orderBy('username').limit(opts.limit).offset(opts.offset).execute();
  const rows: UserListRow[] = [];
  for (const u of users) {
    const all = await grantsOf(db, u.id);
    const inside = all.filter((g) => paths.some((p) => g.orgPath.startsWith(p)));
    rows.push({ id: u.id, username: u.username, displayName: u.display_name, disabled: !!u.disabled, grants: inside, grantsElsewhere: all.length - inside.length });
  }
  return { rows, total: Number(total.n) };
}

export async function insertApiToken(db: Db, userId: number, tokenHash: string, label: string, at: Date): Promise<number> {
  const r = await db.insertInto('api_token').values({ user_id: userId, token_hash: tokenHash, label, created_at: at.toISOString(), last_used_at: null, revoked_at: null }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findApiToken(db: Db, tokenHash: string): Promise<{ id: number; userId: number; revoked: boolean; lastUsedAt: string | null } | null> {
  const r = await db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id, revoked: !!r.revoked_at, lastUsedAt: r.last_used_at } : null;
}

export async function touchApiToken(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: at.toISOString() }).where('id', '=', id).execute();
}

export async function listApiTokens(db: Db, userId: number) {
  return db.selectFrom('api_token').select(['id', 'label', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

/**
 * The audit entries whose organisation lies in one of `paths` (newest first). Entries without an
 * organisation (install-wide data, sign-ins) are left out: a county admin sees their subtree only.
 */
export async function listAuditIn(db: Db, paths: string[], opts: { limit: number; offset: number }): Promise<AuditRow[]> {
  if (!paths.length) return [];
  const rows = await db
    .selectFrom('audit_log')
    .innerJoin('organisation', 'organisation.code', 'audit_log.org_code')
    .selectAll('audit_log')
    .where((eb) => eb.or(paths.map((p) => eb('organisation.path', 'like', `${p}%`))))
    .orderBy('audit_log.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return rows.map(toAuditRow);
}
