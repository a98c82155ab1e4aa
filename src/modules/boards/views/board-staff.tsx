// Pure views: the staff pages of the boards — the list, choosing the organisation and column, the
// post form with its table (rows added without script, values kept on error), a post with its
// publish/withdraw buttons, and the 监督电话 form.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { BOARD_COLUMNS, labelOfColumn, periodLabel, templateOf, type BoardColumn } from '../board-templates.ts';
import type { BoardOrg, BoardPost } from '../boards.service.ts';
import { boardStrings as s } from '../boards.strings.ts';
import { BodyText, PostTable } from './board-table.tsx';
import { postHref } from './board-public.tsx';

const CSS = '/assets/boards/boards.css';
const t = s.staff;
const crumbs = (label?: string) => [{ href: '/staff', label: t.workbench }, ...(label ? [{ href: '/staff/boards', label: t.listTitle }, { label }] : [{ label: t.listTitle }])];

export function StaffListPage({ ctx, posts, total, state, message, page, pages }: { ctx: PageContext; posts: (BoardPost & { orgName: string })[]; total: number; state: string; message: string | null; page: number; pages: number }) {
  const pageHref = (n: number) => `/staff/boards?${new URLSearchParams({ ...(state ? { state } : {}), page: String(n) }).toString()}`;
  return (
    <Layout ctx={ctx} title={t.listTitle}>
      <link rel="stylesheet" href={CSS} />
      <Breadcrumbs items={crumbs()} />
      <h1>{t.listTitle}</h1>
      {message && <Notice>{message}</Notice>}
      <p>{t.intro}</p>
      <p><a class="button" href="/staff/boards/new">{t.newPost}</a></p>
      <form method="get" action="/staff/boards" class="inline-form board-filter">
        <label for="state">{t.stateLabel}</label>
        <select id="state" name="state" class="input input--short">
          <option value="">{t.all}</option>
          {Object.entries(t.state).map(([k, v]) => <option key={k} value={k} selected={state === k}>{v}</option>)}
        </select>
        <button type="submit" class="button button--secondary">{t.filter}</button>
      </form>
      {posts.length === 0 ? <p>{t.none}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t.listTitle}>
          <table>
            <caption class="visually-hidden">{t.listTitle}（{s.rowCount(total)}）</caption>
            <thead><tr><th scope="col">{s.publicId}</th><th scope="col">{t.titleLabel}</th><th scope="col">{t.org}</th><th scope="col">{s.column}</th><th scope="col">{s.period}</th><th scope="col">{t.stateLabel}</th></tr></thead>
            <tbody>
              {posts.map((p) => (
                <tr key={p.id}>
                  <td>{p.postNo}</td>
                  <td><a href={`/staff/boards/${p.id}`}>{p.title}</a></td>
                  <td>{p.orgName}</td>
                  <td>{labelOfColumn(p.column)}</td>
                  <td>{periodLabel(p.period)}</td>
                  <td>{t.state[p.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label={t.paging} class="pager">
          {page > 1 && <a href={pageHref(page - 1)}>{t.prevPage}</a>}
          <span>{t.pageOf(page, pages, total)}</span>
          {page < pages && <a href={pageHref(page + 1)}>{t.nextPage}</a>}
        </nav>
      )}
    </Layout>
  );
}

export function ChoosePage({ ctx, orgs, values, errors }: { ctx: PageContext; orgs: { code: string; name: string }[]; values: { org: string; column: string }; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={t.chooseTitle} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={crumbs(t.newPost)} />
      <ErrorSummary errors={errors} />
      <h1>{t.chooseTitle}</h1>
      <form method="get" action="/staff/boards/new" novalidate>
        <Select name="org" label={t.org} hint={t.orgHint} value={values.org} error={errors.org} placeholder={t.choose} options={orgs.map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }))} />
        <Select name="column" label={s.column} value={values.column} error={errors.column} placeholder={t.choose} options={BOARD_COLUMNS.values.map((c) => ({ value: c.code, label: c.label }))} />
        <button type="submit" class="button">{t.next}</button>
      </form>
    </Layout>
  );
}

export interface PostFormProps {
  ctx: PageContext;
  org: BoardOrg;
  column: BoardColumn;
  action: string;
  heading: string;
  values: { title: string; period: string; body: string };
  /** The table as typed (strings), blank rows included. */
  rows: Record<string, string>[];
  errors: FieldErrors;
}

export function PostFormPage(p: PostFormProps) {
  const template = templateOf(p.column);
  const hasErrors = Object.keys(p.errors).length > 0;
  return (
    <Layout ctx={p.ctx} title={p.heading} hasErrors={hasErrors}>
      <link rel="stylesheet" href={CSS} />
      <Breadcrumbs items={crumbs(p.heading)} />
      <ErrorSummary errors={p.errors} />
      <h1>{p.heading}</h1>
      <p class="muted">{p.org.name}（{p.org.code}）· {labelOfColumn(p.column)}</p>
      <Form action={p.action} csrfToken={p.ctx.csrfToken}>
        <input type="hidden" name="org" value={p.org.code} />
        <input type="hidden" name="column" value={p.column} />
        <TextInput name="title" label={t.titleLabel} value={p.values.title} error={p.errors.title} />
        <TextInput name="period" label={t.periodLabel} hint={p.column === 'finance' ? t.periodHintFinance : t.periodHint} value={p.values.period} error={p.errors.period} width="short" />
        <TextArea name="body" label={t.bodyLabel} hint={template ? t.bodyHintTable : undefined} value={p.values.body} error={p.errors.body} rows={template ? 3 : 10} />
        {template && (
          <fieldset class="board-form-table">
            <legend>{t.table}</legend>
            <p class="hint" id="rows-hint">{t.tableHint}</p>
            {p.errors.rows && <p class="field-error" id="rows">{p.errors.rows}</p>}
            <input type="hidden" name="row_count" value={String(p.rows.length)} />
            <div class="table-scroll" tabIndex={0} role="region" aria-label={t.table}>
              <table class="board-input-table">
                <thead><tr><th scope="col">{t.rowHead}</th>{template.fields.map((f) => <th key={f.key} scope="col">{f.label}{f.required ? '' : t.optional}</th>)}</tr></thead>
                <tbody>
                  {p.rows.map((r, i) => (
                    <tr key={i}>
                      <th scope="row">{i + 1}</th>
                      {template.fields.map((f) => {
                        const name = `c_${i + 1}_${f.key}`;
                        const err = p.errors[name];
                        return (
                          <td key={f.key} class={err ? 'cell--error' : undefined}>
                            <input id={name} name={name} value={r[f.key] ?? ''} class="input input--cell" aria-label={`${t.row(i + 1)} ${f.label}`}
                              aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${name}-error` : undefined}
                              inputMode={f.type === 'amount' || f.type === 'area' ? 'decimal' : undefined} />
                            {err && <span class="cell-error" id={`${name}-error`}>{err}</span>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button type="submit" name="intent" value="add_rows" class="button button--secondary">{t.addRows}</button>
          </fieldset>
        )}
        <button type="submit" name="intent" value="save" class="button">{t.save}</button>
      </Form>
    </Layout>
  );
}

export function StaffPostPage({ ctx, org, post, phone, message, errors }: { ctx: PageContext; org: BoardOrg; post: BoardPost; phone: string | null; message: string | null; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={post.title} hasErrors={Object.keys(errors).length > 0}>
      <link rel="stylesheet" href={CSS} />
      <Breadcrumbs items={crumbs(post.title)} />
      <ErrorSummary errors={errors} />
      {message && <Notice>{message}</Notice>}
      <h1>{post.title}</h1>
      <dl class="board-facts">
        <div><dt>{t.org}</dt><dd>{org.name}（{org.code}）</dd></div>
        <div><dt>{s.column}</dt><dd>{labelOfColumn(post.column)}</dd></div>
        <div><dt>{s.period}</dt><dd>{periodLabel(post.period) || '—'}</dd></div>
        <div><dt>{s.publicId}</dt><dd>{post.postNo}</dd></div>
        <div><dt>{t.stateLabel}</dt><dd>{t.state[post.state]}{post.publishedAt && post.publishedBy ? `（${t.publishedBy(post.publishedBy, beijingTime(post.publishedAt))}）` : ''}</dd></div>
        <div><dt>{s.supervisionPhone}</dt><dd>{phone ?? '—'} <a href={`/staff/boards/settings?org=${org.code}`}>{t.settingsLink}</a></dd></div>
      </dl>
      <BodyText text={post.body} />
      <PostTable column={post.column} rows={post.rows} audience="staff" caption={post.title} />
      <div class="board-actions">
        {post.state === 'draft' && <a class="button button--secondary" href={`/staff/boards/${post.id}/edit`}>{t.edit}</a>}
        {post.state === 'draft' && <Form action={`/staff/boards/${post.id}/publish`} csrfToken={ctx.csrfToken} class="inline-form"><Button>{t.publish}</Button></Form>}
        {post.state === 'published' && <a href={postHref(org.code, post.postNo)}>{t.viewPublic}</a>}
        {post.state === 'published' && <Form action={`/staff/boards/${post.id}/withdraw`} csrfToken={ctx.csrfToken} class="inline-form"><Button variant="warning">{t.withdraw}</Button></Form>}
      </div>
      {post.state === 'draft' && templateOf(post.column) && (
        <section aria-labelledby="upload-h">
          <h2 id="upload-h">{t.uploadTitle}</h2>
          <p class="hint">{t.uploadHint(templateOf(post.column)!.fields.map((f) => f.label).join('、'))}</p>
          <form method="post" action={`/staff/boards/${post.id}/table`} encType="multipart/form-data" novalidate>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <div class={errors.file ? 'field field--error' : 'field'}>
              <label for="file">{t.fileLabel}</label>
              {errors.file && <p class="field-error" id="file-error">{errors.file}</p>}
              <input type="file" id="file" name="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby={errors.file ? 'file-error' : undefined} />
            </div>
            <button type="submit" class="button button--secondary">{t.upload}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

export function SettingsPage({ ctx, org, value, error, message }: { ctx: PageContext; org: BoardOrg; value: string; error: string | undefined; message: string | null }) {
  const errors: FieldErrors = error ? { phone: error } : {};
  return (
    <Layout ctx={ctx} title={`${t.settingsTitle} - ${org.name}`} hasErrors={!!error}>
      <Breadcrumbs items={crumbs(t.settingsTitle)} />
      <ErrorSummary errors={errors} />
      {message && <Notice>{message}</Notice>}
      <h1>{org.name}：{t.settingsTitle}</h1>
      <Form action="/staff/boards/settings" csrfToken={ctx.csrfToken}>
        <input type="hidden" name="org" value={org.code} />
        <TextInput name="phone" label={s.supervisionPhone} hint={t.settingsHint} value={value} error={error} width="short" />
        <Button>{t.settingsSave}</Button>
      </Form>
    </Layout>
  );
}
