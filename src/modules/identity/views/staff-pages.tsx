// Pure views: the staff back office — home, organisations, users, audit log.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { AuditRow } from '../../../platform/audit/audit.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { ORGANISATION_KINDS, ROLES, type Role } from '../identity.ts';
import type { GrantRow, Organisation, StaffUser, UserListRow } from '../identity.repository.ts';
import { identityStrings as s } from '../identity.strings.ts';

const staffCrumb = { href: '/staff', label: s.staffHome };

export interface WorkBlock { title: string; counts: { label: string; count: number; href: string }[] }

export function StaffHomePage({ ctx, grants, links, work }: { ctx: PageContext; grants: { role: Role; orgCode: string; orgName: string }[]; links: { href: string; label: string; description: string }[]; work: WorkBlock[] }) {
  return (
    <Layout ctx={ctx} title={s.staffHome}>
      <h1>{s.staffHome}</h1>
      <h2>{s.work.title}</h2>
      {work.length === 0 ? <p>{s.work.none}</p> : (
        <div class="work-grid">
          {work.map((w, i) => (
            <section key={w.title} class="work-block" aria-labelledby={`work-${i}`}>
              <h3 id={`work-${i}`}>{w.title}</h3>
              {w.counts.length === 0 ? <p class="muted">{s.work.nothing}</p> : (
                <ul class="work-counts">
                  {w.counts.map((c) => (
                    <li key={c.href} class={c.count > 0 ? 'work-count work-count--due' : 'work-count'}>
                      <a href={c.href}><span class="work-count__label">{c.label}</span> <span class="work-count__n">{s.work.count(c.count)}</span></a>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      )}
      <h2>{s.work.links}</h2>
      <ul class="cards">
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{l.label}</a>
            <p class="muted">{l.description}</p>
          </li>
        ))}
      </ul>
      <h2>我的角色</h2>
      <table>
        <thead>
          <tr><th scope="col">角色</th><th scope="col">单位</th><th scope="col">单位代码</th></tr>
        </thead>
        <tbody>
          {grants.map((g) => (
            <tr key={`${g.role}-${g.orgCode}`}><td>{labelOf(ROLES, g.role)}</td><td>{g.orgName}</td><td>{g.orgCode}</td></tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function Pager({ base, offset, limit, total, q }: { base: string; offset: number; limit: number; total: number; q: string }) {
  const qs = (o: number) => `${base}?offset=${o}${q ? `&q=${encodeURIComponent(q)}` : ''}`;
  return (
    <nav class="actions" aria-label="分页">
      <span>共 {total} 条，第 {total ? offset + 1 : 0}–{Math.min(offset + limit, total)} 条</span>
      {offset > 0 && <a href={qs(Math.max(0, offset - limit))}>上一页</a>}
      {offset + limit < total && <a href={qs(offset + limit)}>下一页</a>}
    </nav>
  );
}

function SearchBox({ action, q, label }: { action: string; q: string; label: string }) {
  return (
    <form method="get" action={action} class="actions" role="search">
      <label for="q">{label}</label>
      <input id="q" name="q" value={q} class="input input--short" />
      <button type="submit" class="button button--secondary">搜索</button>
    </form>
  );
}

export function OrganisationsPage({ ctx, rows, total, offset, limit, q, values, errors, created }: {
  ctx: PageContext; rows: Organisation[]; total: number; offset: number; limit: number; q: string;
  values: Record<string, string>; errors: FieldErrors; created: string | null;
}) {
  return (
    <Layout ctx={ctx} title={s.organisations} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[staffCrumb, { label: s.organisations }]} />
      <ErrorSummary errors={errors} />
      <h1>{s.organisations}</h1>
      {created && <Notice>已建立单位 {created}。</Notice>}
      <SearchBox action="/staff/organisations" q={q} label="按名称或代码查找" />
      <table>
        <thead>
          <tr><th scope="col">单位代码</th><th scope="col">名称</th><th scope="col">类型</th><th scope="col">上级单位</th><th scope="col">状态</th></tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.code}>
              <td>{o.code}</td><td>{o.name}</td><td>{labelOf(ORGANISATION_KINDS, o.kind)}</td><td>{o.parentCode ?? '—'}</td><td>{o.disabled ? '已停用' : '正常'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager base="/staff/organisations" offset={offset} limit={limit} total={total} q={q} />
      <h2 id="new">新建单位</h2>
      <p class="hint">区划的人民政府、街道办事处或村（居）委会用区划代码（如 130427、130427100）；部门和机构用“区划代码-简称”（如 130427-gkb 政务公开办）。</p>
      <Form action="/staff/organisations" csrfToken={ctx.csrfToken}>
        <TextInput name="code" label="单位代码" value={values.code} error={errors.code} width="short" />
        <TextInput name="name" label="单位名称" value={values.name} error={errors.name} />
        <Select name="kind" label="单位类型" value={values.kind} error={errors.kind} placeholder="请选择" options={ORGANISATION_KINDS.values.map((k) => ({ value: k.code, label: k.label }))} />
        <Button>建立单位</Button>
      </Form>
    </Layout>
  );
}

export function UsersPage({ ctx, rows, total, offset, limit, q }: { ctx: PageContext; rows: UserListRow[]; total: number; offset: number; limit: number; q: string }) {
  return (
    <Layout ctx={ctx} title={s.users}>
      <Breadcrumbs items={[staffCrumb, { label: s.users }]} />
      <h1>{s.users}</h1>
      <p><a href="/staff/users/new" class="button">新建用户</a></p>
      <SearchBox action="/staff/users" q={q} label="按用户名或姓名查找" />
      <table>
        <thead>
          <tr><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">角色与单位</th><th scope="col">状态</th></tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <td><a href={`/staff/users/${u.id}`}>{u.username}</a></td>
              <td>{u.displayName}</td>
              <td>{[...u.grants.map((g) => `${labelOf(ROLES, g.role)}@${g.orgName}`), ...(u.grantsElsewhere ? [s.grantsElsewhere(u.grantsElsewhere)] : [])].join('；')}</td>
              <td>{u.disabled ? '已停用' : '正常'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager base="/staff/users" offset={offset} limit={limit} total={total} q={q} />
    </Layout>
  );
}

/** The roles offered in a form: only a platform administrator is offered `platform_admin`. */
const roleOptions = (platform: boolean) => ROLES.values.filter((r) => platform || r.code !== 'platform_admin').map((r) => ({ value: r.code, label: r.label }));

export function NewUserPage({ ctx, values, errors, platform }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; platform: boolean }) {
  return (
    <Layout ctx={ctx} title="新建用户" hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[staffCrumb, { href: '/staff/users', label: s.users }, { label: '新建用户' }]} />
      <ErrorSummary errors={errors} />
      <h1>新建用户</h1>
      <Form action="/staff/users" csrfToken={ctx.csrfToken}>
        <TextInput name="username" label={s.username} hint="3–32 位小写字母、数字、点、下划线或连字符" value={values.username} error={errors.username} width="short" />
        <TextInput name="display_name" label="姓名" value={values.display_name} error={errors.display_name} />
        <Select name="role" label="角色" value={values.role} error={errors.role} placeholder="请选择" options={roleOptions(platform)} />
        <TextInput name="org" label="所属单位代码" hint="角色在该单位及其下级单位有效，例如 130427 或 130427-gkb" value={values.org} error={errors.org} width="short" />
        <p class="hint">系统将生成临时密码，用户首次登录时须修改。</p>
        <Button>建立用户</Button>
      </Form>
    </Layout>
  );
}

export function UserPage({ ctx, user, grants, tokens, values, errors, message, platform }: {
  ctx: PageContext; user: StaffUser; grants: GrantRow[]; platform: boolean;
  tokens: { id: number; label: string; created_at: string; last_used_at: string | null; revoked_at: string | null }[];
  values: Record<string, string>; errors: FieldErrors; message: string | null;
}) {
  const base = `/staff/users/${user.id}`;
  return (
    <Layout ctx={ctx} title={`用户 ${user.username}`} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[staffCrumb, { href: '/staff/users', label: s.users }, { label: user.username }]} />
      <ErrorSummary errors={errors} />
      <h1>{user.displayName}（{user.username}）</h1>
      {message && <Notice>{message}</Notice>}
      <dl class="summary">
        <dt>状态</dt><dd>{user.disabled ? '已停用' : '正常'}{user.mustChangePassword ? '（待修改临时密码）' : ''}</dd>
        <dt>最近登录</dt><dd>{user.lastLoginAt ?? '从未登录'}</dd>
      </dl>
      <h2>角色与单位</h2>
      <table>
        <thead><tr><th scope="col">角色</th><th scope="col">单位</th><th scope="col">操作</th></tr></thead>
        <tbody>
          {grants.map((g) => (
            <tr key={g.id}>
              <td>{labelOf(ROLES, g.role)}</td>
              <td>{g.orgName}（{g.orgCode}）</td>
              <td>
                <Form action={`${base}/roles/${g.id}/revoke`} csrfToken={ctx.csrfToken} class="inline-form">
                  <button type="submit" class="link-button">撤销</button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>增加授权</h3>
      <Form action={`${base}/roles`} csrfToken={ctx.csrfToken}>
        <Select name="role" label="角色" value={values.role} error={errors.role} placeholder="请选择" options={roleOptions(platform)} />
        <TextInput name="org" label="单位代码" value={values.org} error={errors.org} width="short" />
        <Button variant="secondary">授权</Button>
      </Form>
      <h2>账号操作</h2>
      <div class="actions">
        <Form action={`${base}/reset-password`} csrfToken={ctx.csrfToken} class="inline-form">
          <Button variant="secondary">重置密码</Button>
        </Form>
        <Form action={`${base}/${user.disabled ? 'enable' : 'disable'}`} csrfToken={ctx.csrfToken} class="inline-form">
          <Button variant={user.disabled ? 'secondary' : 'warning'}>{user.disabled ? '启用账号' : '停用账号'}</Button>
        </Form>
      </div>
      <h2>API 令牌</h2>
      {tokens.length === 0 ? <p>没有 API 令牌。可用命令行 <code>gongkai token create --user {user.username}</code> 建立。</p> : (
        <table>
          <thead><tr><th scope="col">编号</th><th scope="col">用途</th><th scope="col">建立时间</th><th scope="col">最近使用</th><th scope="col">状态</th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}><td>{t.id}</td><td>{t.label}</td><td>{t.created_at}</td><td>{t.last_used_at ?? '—'}</td><td>{t.revoked_at ? '已撤销' : '有效'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function AuditPage({ ctx, rows, offset, limit }: { ctx: PageContext; rows: AuditRow[]; offset: number; limit: number }) {
  return (
    <Layout ctx={ctx} title={s.audit}>
      <Breadcrumbs items={[staffCrumb, { label: s.audit }]} />
      <h1>{s.audit}</h1>
      <p>{s.auditScope}</p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={s.audit}>
        <table class="audit-table">
          <thead><tr><th scope="col">时间（北京时间）</th><th scope="col">单位</th><th scope="col">操作人</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">修改前</th><th scope="col">修改后</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}><td>{beijingTime(r.at)}</td><td>{r.orgCode ?? s.auditInstallWide}</td><td>{r.actorLabel}</td><td>{r.action}</td><td>{r.entity} {r.entityId}</td><td><code>{r.before ?? ''}</code></td><td><code>{r.after ?? ''}</code></td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="actions" aria-label="分页">
        {offset > 0 && <a href={`/staff/audit?offset=${Math.max(0, offset - limit)}`}>较新</a>}
        {rows.length === limit && <a href={`/staff/audit?offset=${offset + limit}`}>较早</a>}
      </nav>
    </Layout>
  );
}
