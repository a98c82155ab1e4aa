// Shell: identity commands — sign-in (throttled per username and address), users, role grants, organisations, API tokens.
// Each write runs in one transaction with its audit row. Validation problems come back as field
// errors for the form; scope violations as HttpError 403.
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { hashPassword, passwordProblems, PUBLISHED_DEMO_PASSWORD, verifyDecoy, verifyPassword } from '../../platform/auth/password.ts';
import { createSession, destroyUserSessions } from '../../platform/auth/sessions.ts';
import { hashSecret, randomSecret } from '../../platform/auth/tokens.ts';
import { forbidden, notFound } from '../../platform/web/http-error.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { isUniqueViolation } from '../../platform/db/db.ts';
import { levelOfCode, shortRegionCode } from '../../platform/geo/region-code.ts';
import { platformView, type Db } from '../../schema.ts';
import { childPath, ORGANISATION_KINDS, parseOrgCode, ROLES, type OrganisationKind, type Role } from './identity.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import { accountAuditOrg, canGrant, canManageUser, hasRoleOver, isPlatformAdmin, WHOLE_PLATFORM, type Actor } from './policies.ts';
import * as repo from './identity.repository.ts';
import * as throttle from './sign-in-throttle.ts';
import { identityStrings as s } from './identity.strings.ts';

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  sessionIdleMinutes: number;
  /**
   * A production start (DEMO_DATA=false) refuses accounts that still have the published demo
   * password; while it runs, such an account that was disabled is not enabled again either.
   */
  refusePublishedPassword?: boolean;
}

export type { Performer };

/** Wrong passwords in a row (any address) between two alert rows in the audit log; never a lock. */
export const ALERT_FAILURES = 50;
const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;

const label = auditActor;

/** '10:15:00' in Beijing time, for throttle messages. */
function shanghaiTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** Builds the actor for a user id, or null when the user is missing or disabled. */
export async function actorFor(db: Db, userId: number, via: Actor['via']): Promise<Actor | null> {
  const user = await repo.findUserById(db, userId);
  if (!user || user.disabled) return null;
  const grants = await repo.grantsOf(db, userId);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    grants: grants.map((g) => ({ role: g.role, orgCode: g.orgCode, orgPath: g.orgPath, orgKind: g.orgKind })),
    via,
    mustChangePassword: user.mustChangePassword,
  };
}

export type SignInResult =
  | { ok: true; sessionId: string; userId: number; mustChangePassword: boolean }
  /** `retryAt` (ISO) when this username is throttled from this address: answer 429. */
  | { ok: false; message: string; retryAt?: string };

/** Where a sign-in comes from: the client address (request.ip) and the request id for the audit. */
export interface SignInFrom {
  address: string;
  requestId?: string;
}

/**
 * Checks a password. Wrong passwords are throttled per (username, address) — see
 * sign-in-throttle.ts — so nobody can lock an account by guessing from elsewhere; the account itself
 * is never locked. Every ALERT_FAILURES wrong passwords in a row (from any address) leave a
 * `sign_in_failures_alert` audit row for the administrators. An unknown username costs the same
 * argon2 verification as a wrong password, and is throttled the same way.
 */
export async function signIn(deps: IdentityDeps, username: string, password: string, from: SignInFrom = { address: 'unknown' }): Promise<SignInResult> {
  const now = deps.clock.now();
  const requestId = from.requestId ?? null;
  const blocked = await throttle.blockedUntil(deps.db, username, from.address, now);
  if (blocked) return { ok: false, message: s.errors.throttled(shanghaiTime(blocked)), retryAt: blocked };
  const user = await repo.findUserByUsername(deps.db, username.trim().toLowerCase());
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
  if (!user || !valid) {
    const r = await throttle.recordFailure(deps.db, username, from.address, now);
    if (user) {
      const failed = user.failedLogins + 1;
      await deps.db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, { failedLogins: failed });
        const entry = { actorId: null, actorLabel: user.username, entity: 'staff_user', entityId: String(user.id), requestId, orgCode: await repo.homeOrgOf(trx, user.id), after: { address: from.address, failures: r.failures } };
        await recordAudit(platformView(trx), now, { ...entry, action: r.blockedUntil ? 'sign_in_throttled' : 'sign_in_failed' });
        if (failed % ALERT_FAILURES === 0) await recordAudit(platformView(trx), now, { ...entry, action: 'sign_in_failures_alert', after: { address: from.address, failuresInARow: failed } });
      });
    }
    return r.blockedUntil
      ? { ok: false, message: s.errors.throttled(shanghaiTime(r.blockedUntil)), retryAt: r.blockedUntil }
      : { ok: false, message: s.errors.badCredentials };
  }
  if (user.disabled) return { ok: false, message: s.errors.disabled };
  await throttle.clearFailures(deps.db, username, from.address);
  const sessionId = await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now.toISOString() });
    await recordAudit(platformView(trx), now, { actorId: user.id, actorLabel: user.username, action: 'sign_in', entity: 'staff_user', entityId: String(user.id), requestId, orgCode: await repo.homeOrgOf(trx, user.id) });
    return createSession(platformView(trx), user.id, now, deps.sessionIdleMinutes);
  });
  return { ok: true, sessionId, userId: user.id, mustChangePassword: user.mustChangePassword };
}

export interface NewUserInput {
  username: string;
  displayName: string;
  role: string;
  orgCode: string;
  /** When absent a temporary password is generated and must be changed at first sign-in. */
  password?: string;
}

export type CreateUserResult = { ok: true; id: number; temporaryPassword: string | null } | { ok: false; errors: FieldErrors };

/** A readable random password for resets (no look-alike characters). */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = Buffer.from(randomSecret(24), 'base64url');
  return Array.from(bytes.subarray(0, 14), (b) => alphabet[b % alphabet.length]).join('');
}

async function resolveGrantTarget(deps: IdentityDeps, performer: Performer, roleInput: string, orgInput: string, errors: FieldErrors): Promise<{ role: Role; org: repo.Organisation } | null> {
  const role = parseEnum(ROLES, roleInput);
  if (!role) errors.role = s.errors.roleRequired;
  const parsed = orgInput.trim() ? parseOrgCode(orgInput) : null;
  let org: repo.Organisation | null = null;
  if (!orgInput.trim()) errors.org = s.errors.orgRequired;
  else if (!parsed) errors.org = s.errors.orgFormat;
  else {
    org = await repo.findOrganisation(deps.db, parsed.canonical);
    if (!org) errors.org = s.errors.orgUnknown(parsed.canonical);
    else if ('actor' in performer && !canGrant(performer.actor, org.path)) errors.org = s.errors.orgOutOfScope;
  }
  // Only the command line or another platform administrator makes a platform administrator.
  if (role === 'platform_admin' && 'actor' in performer && !canGrant(performer.actor, org?.path ?? '', role)) errors.role = s.errors.platformAdminOnly;
  return role && org && !errors.org && !errors.role ? { role, org } : null;
}

/** Creates a staff user with one role on one organisation. */
export async function createUser(deps: IdentityDeps, performer: Performer, input: NewUserInput): Promise<CreateUserResult> {
  const errors: FieldErrors = {};
  const username = input.username.trim().toLowerCase();
  const displayName = input.displayName.trim();
  if (!USERNAME.test(username)) errors.username = s.errors.usernameFormat;
  if (!displayName) errors.display_name = s.errors.displayNameRequired;
  else if (displayName.length > 40) errors.display_name = s.errors.displayNameLong;
  const target = await resolveGrantTarget(deps, performer, input.role, input.orgCode, errors);
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, username);
    if (problems.length) errors.password = problems.join('；');
  }
  if (!errors.username && (await repo.findUserByUsername(deps.db, username))) errors.username = s.errors.usernameTaken;
  if (Object.keys(errors).length || !target) return { ok: false, errors };

  const temp = input.password === undefined ? temporaryPassword() : null;
  const passwordHash = await hashPassword(input.password ?? (temp as string));
  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertUser(trx, { username, displayName, passwordHash, mustChangePassword: temp !== null }, now);
      await repo.insertGrant(trx, id, target.role, target.org.code, now);
      await recordAudit(platformView(trx), now, { ...label(performer), action: 'user_created', entity: 'staff_user', entityId: String(id), after: { username, displayName, role: target.role, org: target.org.code }, orgCode: await repo.homeOrgOf(trx, id) });
      return id;
    });
    return { ok: true, id, temporaryPassword: temp };
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, errors: { username: s.errors.usernameTaken } };
    throw e;
  }
}

/** The organisation an entry about this account is filed under (as repo.homeOrgOf, from grants already read). */
function accountOrgOf(grants: readonly repo.GrantRow[], orgCode?: string): string | null {
  const first = grants.reduce<repo.GrantRow | undefined>((a, g) => (a && a.id < g.id ? a : g), undefined);
  return accountAuditOrg(grants, orgCode === undefined ? first?.orgCode ?? null : orgCode);
}

async function managedUser(deps: IdentityDeps, actor: Actor, userId: number): Promise<{ user: repo.StaffUser; grants: repo.GrantRow[] }> {
  const user = await repo.findUserById(deps.db, userId);
  if (!user) throw notFound('找不到该用户');
  const grants = await repo.grantsOf(deps.db, userId);
  if (!canManageUser(actor, grants)) throw forbidden('该用户不在您管理的单位范围内');
  return { user, grants };
}

/** Loads a user the actor may manage. @throws HttpError 404/403 */
export async function getManagedUser(deps: IdentityDeps, actor: Actor, userId: number) {
  const { user, grants } = await managedUser(deps, actor, userId);
  const tokens = await repo.listApiTokens(deps.db, userId);
  return { user, grants, tokens };
}

/** Resets a password to a temporary one, signs the user out everywhere, and returns it once. */
export async function resetPassword(deps: IdentityDeps, performer: { actor: Actor; requestId?: string }, userId: number): Promise<string> {
  const { user, grants } = await managedUser(deps, performer.actor, userId);
  const temp = temporaryPassword();
  const hash = await hashPassword(temp);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { passwordHash: hash, mustChangePassword: true, failedLogins: 0, lockedUntil: null });
    await destroyUserSessions(platformView(trx), user.id);
    await recordAudit(platformView(trx), now, { ...label(performer), action: 'password_reset', entity: 'staff_user', entityId: String(user.id), orgCode: accountOrgOf(grants) });
  });
  return temp;
}

/** Disables or re-enables an account; disabling ends its sessions. */
export async function setDisabled(deps: IdentityDeps, performer: { actor: Actor; requestId?: string }, userId: number, disabled: boolean): Promise<{ ok: true } | { ok: false; message: string }> {
  if (disabled && userId === performer.actor.userId) return { ok: false, message: s.errors.selfDisable };
  const { user, grants } = await managedUser(deps, performer.actor, userId);
  if (!disabled && user.disabled && deps.refusePublishedPassword && (await verifyPassword(user.passwordHash, PUBLISHED_DEMO_PASSWORD))) return { ok: false, message: s.errors.enableDemoPassword };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { disabled });
    if (disabled) await destroyUserSessions(platformView(trx), user.id);
    await recordAudit(platformView(trx), now, { ...label(performer), action: disabled ? 'user_disabled' : 'user_enabled', entity: 'staff_user', entityId: String(user.id), before: { disabled: user.disabled }, after: { disabled }, orgCode: accountOrgOf(grants) });
  });
  return { ok: true };
}

/** Grants a role on an organisation inside the actor's admin subtree. */
export async function grantRole(deps: IdentityDeps, performer: Performer, userId: number, roleInput: string, orgInput: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if ('actor' in performer) await managedUser(deps, performer.actor, userId);
  else if (!(await repo.findUserById(deps.db, userId))) throw notFound('找不到该用户');
  const errors: FieldErrors = {};
  const target = await resolveGrantTarget(deps, performer, roleInput, orgInput, errors);
  if (!target) return { ok: false, errors };
  const now = deps.clock.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertGrant(trx, userId, target.role, target.org.code, now);
      await recordAudit(platformView(trx), now, { ...label(performer), action: 'role_granted', entity: 'staff_user', entityId: String(userId), after: { role: target.role, org: target.org.code }, orgCode: await repo.homeOrgOf(trx, userId, target.org.code) });
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, errors: { role: s.errors.grantExists } };
    throw e;
  }
  return { ok: true };
}

/** Revokes one grant; the last grant cannot be revoked (disable the account instead). */
export async function revokeGrant(deps: IdentityDeps, performer: { actor: Actor; requestId?: string }, userId: number, grantId: number): Promise<{ ok: true } | { ok: false; message: string }> {
  const { grants } = await managedUser(deps, performer.actor, userId);
  const grant = grants.find((g) => g.id === grantId);
  if (!grant) throw notFound('找不到该授权');
  if (grants.length === 1) return { ok: false, message: s.errors.lastGrant };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteGrant(trx, grantId);
    await recordAudit(platformView(trx), now, { ...label(performer), action: 'role_revoked', entity: 'staff_user', entityId: String(userId), before: { role: grant.role, org: grant.orgCode }, orgCode: accountOrgOf(grants, grant.orgCode) });
  });
  return { ok: true };
}

/** Changes the signed-in user's own password. */
export async function changeOwnPassword(deps: IdentityDeps, actor: Actor, current: string, next: string, confirm: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user) throw notFound();
  const errors: FieldErrors = {};
  if (!(await verifyPassword(user.passwordHash, current))) errors.current_password = s.errors.currentPasswordWrong;
  const problems = passwordProblems(next, user.username);
  // The published demo password would let anyone in now, and stop the next DEMO_DATA=false start.
  if (next === PUBLISHED_DEMO_PASSWORD) problems.push(s.errors.demoPasswordChosen);
  if (problems.length) errors.new_password = problems.join('；');
  else if (next !== confirm) errors.confirm_password = s.errors.passwordsDiffer;
  if (Object.keys(errors).length) return { ok: false, errors };
  const hash = await hashPassword(next);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { passwordHash: hash, mustChangePassword: false });
    await recordAudit(platformView(trx), now, { actorId: actor.userId, actorLabel: `${actor.displayName}（${actor.username}）`, action: 'password_changed', entity: 'staff_user', entityId: String(user.id), orgCode: await repo.homeOrgOf(trx, user.id) });
  });
  return { ok: true };
}

/**
 * Sets a user's password from the command line (to replace a published or forgotten one): the
 * user keeps it (no forced change), and their sessions end.
 */
export async function setPasswordByCli(deps: IdentityDeps, username: string, password: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const user = await repo.findUserByUsername(deps.db, username.trim().toLowerCase());
  if (!user) return { ok: false, message: `找不到用户 ${username}` };
  const problems = passwordProblems(password, user.username);
  if (problems.length) return { ok: false, message: problems.join('；') };
  const hash = await hashPassword(password);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { passwordHash: hash, mustChangePassword: false, failedLogins: 0, lockedUntil: null });
    await destroyUserSessions(platformView(trx), user.id);
    await recordAudit(platformView(trx), now, { ...label({ cli: true }), action: 'password_set', entity: 'staff_user', entityId: String(user.id), orgCode: await repo.homeOrgOf(trx, user.id) });
  });
  return { ok: true };
}

/**
 * Usernames of enabled accounts whose password is `password` (sorted). One argon2 verification
 * per enabled account, four at a time (the argon2 thread pool): about 25 ms each, so a second or
 * two for a few hundred accounts.
 */
export async function usersWithPassword(db: Db, password: string): Promise<string[]> {
  const rows = await db.selectFrom('staff_user').select(['username', 'password_hash']).where('disabled', '=', 0).orderBy('username').execute();
  const found: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      if (await verifyPassword(row.password_hash, password)) found.push(row.username);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return found.sort();
}

export interface NewOrganisationInput {
  code: string;
  name: string;
  kind: string;
}

/**
 * Creates an organisation. A bare region code is that region's government, placed under the
 * parent region's government; a 'REGION-slug' code is a department or office under its region's
 * government. The actor must be an admin over the parent.
 */
export async function createOrganisation(deps: IdentityDeps, performer: Performer, input: NewOrganisationInput): Promise<{ ok: true; code: string } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const parsed = parseOrgCode(input.code);
  const name = input.name.trim();
  const kind = parseEnum(ORGANISATION_KINDS, input.kind);
  if (!parsed) errors.code = s.errors.orgFormat;
  if (!name) errors.name = s.errors.orgNameRequired;
  else if (name.length > 60) errors.name = s.errors.orgNameLong;
  if (!kind) errors.kind = s.errors.kindRequired;
  let parent: repo.Organisation | null = null;
  if (parsed) {
    const region = await deps.db.selectFrom('region').select(['code', 'parent_code']).where('code', '=', parsed.regionCode).executeTakeFirst();
    if (!region) errors.code = s.errors.regionUnknown(shortRegionCode(parsed.regionCode));
    else if (await repo.findOrganisation(deps.db, parsed.canonical)) errors.code = s.errors.orgExists(parsed.canonical);
    else {
      const parentRegion = parsed.slug ? region.code : region.parent_code;
      parent = parentRegion ? await repo.findGovernmentOfRegion(deps.db, parentRegion) : null;
      if (parsed.slug && !parent) errors.code = `请先建立区划 ${shortRegionCode(region.code)} 的人民政府（单位代码 ${shortRegionCode(region.code)}）`;
      const scopePath = parent?.path ?? childPath(null, parsed.canonical);
      if (!errors.code && 'actor' in performer && !hasRoleOver(performer.actor, ['admin'], scopePath)) errors.code = s.errors.orgOutOfScope;
    }
  }
  if (Object.keys(errors).length || !parsed || !kind) return { ok: false, errors };
  const org: repo.Organisation = {
    code: parsed.canonical, name, kind: kind as OrganisationKind, regionCode: parsed.regionCode, parentCode: parent?.code ?? null,
    path: childPath(parent?.path ?? null, parsed.canonical), disabled: false,
  };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertOrganisation(trx, org, now);
    await recordAudit(platformView(trx), now, { ...label(performer), action: 'organisation_created', entity: 'organisation', entityId: org.code, after: { name: org.name, kind: org.kind, parent: org.parentCode }, orgCode: org.code });
  });
  return { ok: true, code: org.code };
}

/** The default kind of a region's government by level. */
export function governmentKindFor(regionCode12: string): OrganisationKind {
  const level = levelOfCode(regionCode12);
  return level === 'township' ? 'township_government' : level === 'village' ? 'village_committee' : 'government';
}

/** Creates an API token for a user; the plain token is returned once and stored only as a hash. */
export async function createApiToken(deps: IdentityDeps, performer: Performer, userId: number, tokenLabel: string): Promise<string> {
  const user = await repo.findUserById(deps.db, userId);
  if (!user) throw notFound('找不到该用户');
  if ('actor' in performer) await managedUser(deps, performer.actor, userId);
  const token = `gk_${randomSecret(32)}`;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertApiToken(trx, userId, hashSecret(token), tokenLabel || 'api', now);
    await recordAudit(platformView(trx), now, { ...label(performer), action: 'api_token_created', entity: 'staff_user', entityId: String(userId), after: { tokenId: id, label: tokenLabel }, orgCode: await repo.homeOrgOf(trx, userId) });
  });
  return token;
}

/** The actor for a bearer token, or null when unknown, revoked or the user is disabled. */
export async function actorForToken(deps: IdentityDeps, token: string): Promise<Actor | null> {
  if (!/^gk_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await repo.findApiToken(deps.db, hashSecret(token));
  if (!row || row.revoked) return null;
  const now = deps.clock.now();
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 60_000) await repo.touchApiToken(deps.db, row.id, now);
  return actorFor(deps.db, row.userId, 'token');
}


function parentPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length > 1 ? `/${parts.slice(0, -1).join('/')}/` : path;
}

/**
 * The subtree paths where the actor holds one of `roles`, with one widening: a grant on a
 * 政务公开办 (organisation kind `openness_office`) covers its parent government's subtree, since the
 * office supervises the government's openness work (its departments, townships and villages).
 */
export async function officeScopes(db: Db, actor: Actor, roles: readonly string[]): Promise<string[]> {
  // A platform administrator counts as `admin` over the whole installation (policies.ts).
  if (roles.includes('admin') && isPlatformAdmin(actor)) return [WHOLE_PLATFORM];
  const out: string[] = [];
  for (const g of actor.grants) {
    if (!roles.includes(g.role)) continue;
    // The kind comes with the grant (actorFor loads it); only a hand-built actor needs the lookup.
    const kind = g.orgKind ?? (await repo.findOrganisation(db, g.orgCode))?.kind;
    out.push(kind === 'openness_office' ? parentPath(g.orgPath) : g.orgPath);
  }
  return [...new Set(out)].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q))).sort();
}

/** Is this role input (code or label) the platform administrator? */
export function isPlatformRole(input: string): boolean {
  return parseEnum(ROLES, input) === 'platform_admin';
}

/** The organisation a platform administrator's grant is stored on when none is named: the first top-level one. */
export async function defaultPlatformOrg(db: Db): Promise<string | null> {
  const r = await db.selectFrom('organisation').select('code').where('parent_code', 'is', null).where('disabled', '=', 0).orderBy('path').executeTakeFirst();
  return r?.code ?? null;
}
