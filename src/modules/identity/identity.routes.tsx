// Shell: sign-in/out, the staff home, organisation and user management, own password, audit log.
// Forms POST then redirect (303); a form with errors is shown again with 400 and the values kept.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { destroySession } from '../../platform/auth/sessions.ts';
import { warmDecoy } from '../../platform/auth/password.ts';
import { listAudit } from '../../platform/audit/audit.ts';
import { field, safeReturnPath } from '../../platform/web/forms.ts';
import { badRequest, forbidden, notFound } from '../../platform/web/http-error.ts';
import { pageContext, renewCsrfToken, sendPage, type App } from '../../platform/web/server.tsx';
import { platformView } from '../../schema.ts';
import { authenticateBeforeValidation, clearSessionCookie, registerAuthentication, requireRoles, requireStaff, SESSION_COOKIE, setSessionCookie } from './auth.hooks.ts';
import * as repo from './identity.repository.ts';
import * as service from './identity.service.ts';
import { hasAnyRole, isPlatformAdmin, scopePaths } from './policies.ts';
import type { Role } from './identity.ts';
import { identityStrings as s } from './identity.strings.ts';
import { ChangePasswordPage, SignInPage } from './views/sign-in.tsx';
import { AuditPage, NewUserPage, OrganisationsPage, StaffHomePage, UserPage, UsersPage } from './views/staff-pages.tsx';

const PAGE = 50;

function paging(request: FastifyRequest): { offset: number; q: string } {
  const query = request.query as Record<string, string | undefined>;
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(query.offset ?? '0', 10) || 0));
  return { offset, q: (query.q ?? '').trim().slice(0, 60) };
}

function userId(request: FastifyRequest): number {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('找不到该用户');
  return id;
}

function performer(request: FastifyRequest) {
  if (!request.actor) throw forbidden();
  return { actor: request.actor, requestId: request.id };
}

export async function identityRoutes(app: App, deps: service.IdentityDeps): Promise<void> {
  registerAuthentication(app, deps);
  warmDecoy();
  authenticateBeforeValidation(app);

  app.get('/login', async (request, reply) => {
    const next = safeReturnPath(String((request.query as Record<string, unknown>).next ?? '/staff'), '/staff');
    if (request.actor) return reply.redirect(next, 303);
    return sendPage(reply, <SignInPage ctx={pageContext(request)} values={{ username: '' }} errors={{}} next={next} />);
  });

  // Besides the throttle per (username, address) in the service, one address may try at most 20
  // sign-ins a minute whatever the usernames (keyed like every limit: an IPv6 address counts as its /64).
  app.post('/login', { config: { rateLimit: { max: 20, timeWindow: '1 minute', allowList: () => false } } }, async (request, reply) => {
    const next = safeReturnPath(String((request.query as Record<string, unknown>).next ?? '/staff'), '/staff');
    const username = field(request.body, 'username').trim();
    const password = field(request.body, 'password');
    const errors: Record<string, string> = {};
    if (!username) errors.username = s.errors.usernameRequired;
    if (!password) errors.password = s.errors.passwordRequired;
    let status = 400;
    if (!Object.keys(errors).length) {
      const result = await service.signIn(deps, username, password, { address: request.ip, requestId: request.id });
      if (result.ok) {
        // A session the browser held before (another user's, on a shared computer) ends here.
        const previous = request.cookies[SESSION_COOKIE];
        if (previous) await destroySession(platformView(deps.db), previous);
        setSessionCookie(request, reply, result.sessionId);
        renewCsrfToken(request, reply);
        return reply.redirect(result.mustChangePassword ? '/staff/account/password' : next, 303);
      }
      errors.username = result.message;
      if (result.retryAt) {
        status = 429;
        reply.header('retry-after', String(Math.max(1, Math.ceil((new Date(result.retryAt).getTime() - deps.clock.now().getTime()) / 1000))));
      }
    }
    return sendPage(reply, <SignInPage ctx={pageContext(request)} values={{ username }} errors={errors} next={next} />, status);
  });

  app.post('/logout', async (request, reply) => {
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await destroySession(platformView(deps.db), sid);
    clearSessionCookie(reply);
    renewCsrfToken(request, reply);
    return reply.redirect('/', 303);
  });

  app.get('/staff', { preHandler: requireStaff() }, async (request, reply) => {
    const actor = request.actor!;
    const grants = await repo.grantsOf(deps.db, actor.userId);
    const links = [
      ...(hasAnyRole(actor, ['admin']) ? [
        { href: '/staff/organisations', label: s.organisations, description: '建立单位，查看单位树' },
        { href: '/staff/users', label: s.users, description: '建立用户、授权、停用、重置密码' },
        { href: '/staff/audit', label: s.audit, description: isPlatformAdmin(actor) ? '所有工作人员写操作的记录' : '本单位及下级单位工作人员写操作的记录' },
      ] : []),
      // Platform-only pages: shown to platform administrators alone (a county admin would get 403).
      ...(isPlatformAdmin(actor) ? [
        { href: '/staff/calendar', label: s.calendar, description: '法定节假日与调休上班日（全平台共用）' },
      ] : []),
      ...app.staffLinks.filter((l) => hasAnyRole(actor, l.roles as Role[])).map(({ href, label, description }) => ({ href, label, description })),
      { href: '/staff/account/password', label: s.account, description: '修改自己的登录密码' },
    ];
    // The work first: each module the person may use gives its counts (scoped to their grants).
    const work = await Promise.all(app.staffWork.filter((w) => hasAnyRole(actor, w.roles as Role[]))
      .map(async (w) => ({ title: w.title, counts: await w.counts(actor) })));
    return sendPage(reply, <StaffHomePage ctx={pageContext(request)} grants={grants} links={links} work={work} />);
  });

  const showOrganisations = async (request: FastifyRequest, values: Record<string, string>, errors: Record<string, string>, created: string | null) => {
    const { offset, q } = paging(request);
    const { rows, total } = await repo.listOrganisationsIn(deps.db, scopePaths(request.actor!, ['admin']), { limit: PAGE, offset, q });
    return <OrganisationsPage ctx={pageContext(request)} rows={rows} total={total} offset={offset} limit={PAGE} q={q} values={values} errors={errors} created={created} />;
  };

  app.get('/staff/organisations', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const created = (request.query as Record<string, string | undefined>).created ?? null;
    return sendPage(reply, await showOrganisations(request, {}, {}, created));
  });

  app.post('/staff/organisations', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const values = { code: field(request.body, 'code'), name: field(request.body, 'name'), kind: field(request.body, 'kind') };
    const result = await service.createOrganisation(deps, performer(request), values);
    if (result.ok) return reply.redirect(`/staff/organisations?created=${encodeURIComponent(result.code)}&q=${encodeURIComponent(result.code)}`, 303);
    return sendPage(reply, await showOrganisations(request, values, result.errors, null), 400);
  });

  app.get('/staff/users', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const { offset, q } = paging(request);
    const { rows, total } = await repo.listUsersIn(deps.db, scopePaths(request.actor!, ['admin']), { limit: PAGE, offset, q, withPlatformAdmins: isPlatformAdmin(request.actor!) });
    return sendPage(reply, <UsersPage ctx={pageContext(request)} rows={rows} total={total} offset={offset} limit={PAGE} q={q} />);
  });

  app.get('/staff/users/new', { preHandler: requireRoles('admin') }, async (request, reply) =>
    sendPage(reply, <NewUserPage ctx={pageContext(request)} values={{}} errors={{}} platform={isPlatformAdmin(request.actor!)} />));

  app.post('/staff/users', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const values = { username: field(request.body, 'username'), display_name: field(request.body, 'display_name'), role: field(request.body, 'role'), org: field(request.body, 'org') };
    const result = await service.createUser(deps, performer(request), { username: values.username, displayName: values.display_name, role: values.role, orgCode: values.org });
    if (!result.ok) return sendPage(reply, <NewUserPage ctx={pageContext(request)} values={values} errors={result.errors} platform={isPlatformAdmin(request.actor!)} />, 400);
    // The temporary password is shown once, on this response only (never in a URL or a log).
    return showUser(request, reply, result.id, {}, {}, `已建立用户。临时密码：${result.temporaryPassword}（只显示这一次，请当面或电话告知本人）`, 201);
  });

  async function showUser(request: FastifyRequest, reply: FastifyReply, id: number, values: Record<string, string>, errors: Record<string, string>, message: string | null, status = 200) {
    const { user, grants, tokens } = await service.getManagedUser(deps, request.actor!, id);
    return sendPage(reply, <UserPage ctx={pageContext(request)} user={user} grants={grants} tokens={tokens} values={values} errors={errors} message={message} platform={isPlatformAdmin(request.actor!)} />, status);
  }

  const flash: Record<string, string> = {
    disabled: '账号已停用，其所有登录会话已结束。',
    enabled: '账号已启用。',
    granted: '已授权。',
    revoked: '已撤销授权。',
  };

  app.get('/staff/users/:id', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const done = (request.query as Record<string, string | undefined>).done;
    return showUser(request, reply, userId(request), {}, {}, done ? flash[done] ?? null : null);
  });

  app.post('/staff/users/:id/disable', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const id = userId(request);
    const r = await service.setDisabled(deps, performer(request), id, true);
    if (!r.ok) return showUser(request, reply, id, {}, {}, r.message, 409);
    return reply.redirect(`/staff/users/${id}?done=disabled`, 303);
  });

  app.post('/staff/users/:id/enable', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const id = userId(request);
    const r = await service.setDisabled(deps, performer(request), id, false);
    if (!r.ok) return showUser(request, reply, id, {}, {}, r.message, 409);
    return reply.redirect(`/staff/users/${id}?done=enabled`, 303);
  });

  app.post('/staff/users/:id/reset-password', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const id = userId(request);
    const temp = await service.resetPassword(deps, performer(request), id);
    return showUser(request, reply, id, {}, {}, `密码已重置，该用户的登录会话已全部结束。临时密码：${temp}（只显示这一次）`);
  });

  app.post('/staff/users/:id/roles', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const id = userId(request);
    const values = { role: field(request.body, 'role'), org: field(request.body, 'org') };
    const r = await service.grantRole(deps, performer(request), id, values.role, values.org);
    if (!r.ok) return showUser(request, reply, id, values, r.errors, null, 400);
    return reply.redirect(`/staff/users/${id}?done=granted`, 303);
  });

  app.post('/staff/users/:id/roles/:grantId/revoke', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const id = userId(request);
    const grantId = Number((request.params as { grantId: string }).grantId);
    if (!Number.isSafeInteger(grantId)) throw badRequest('invalid_grant', '授权编号不正确');
    const r = await service.revokeGrant(deps, performer(request), id, grantId);
    if (!r.ok) return showUser(request, reply, id, {}, {}, r.message, 409);
    return reply.redirect(`/staff/users/${id}?done=revoked`, 303);
  });

  app.get('/staff/account/password', { preHandler: requireStaff() }, async (request, reply) =>
    sendPage(reply, <ChangePasswordPage ctx={pageContext(request)} errors={{}} forced={request.actor!.mustChangePassword} done={(request.query as Record<string, string>).done === '1'} />));

  app.post('/staff/account/password', { preHandler: requireStaff() }, async (request, reply) => {
    const r = await service.changeOwnPassword(deps, request.actor!, field(request.body, 'current_password'), field(request.body, 'new_password'), field(request.body, 'confirm_password'));
    if (!r.ok) return sendPage(reply, <ChangePasswordPage ctx={pageContext(request)} errors={r.errors} forced={request.actor!.mustChangePassword} done={false} />, 400);
    return reply.redirect('/staff/account/password?done=1', 303);
  });

  app.get('/staff/audit', { preHandler: requireRoles('admin') }, async (request, reply) => {
    const { offset } = paging(request);
    // A platform administrator reads every entry; a county admin only the entries whose
    // organisation lies in their admin subtree (install-wide entries have none, so stay hidden).
    const actor = request.actor!;
    const rows = isPlatformAdmin(actor)
      ? await listAudit(platformView(deps.db), { limit: PAGE, offset })
      : await repo.listAuditIn(deps.db, scopePaths(actor, ['admin']), { limit: PAGE, offset });
    return sendPage(reply, <AuditPage ctx={pageContext(request)} rows={rows} offset={offset} limit={PAGE} />);
  });
}
