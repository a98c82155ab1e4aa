// Pure views: the public list and report page, the staff list (with deadline reminders), the staff
// report page (checks, edit form, preview, publish) and the import page.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { CHECK_LABELS } from '../annual-checks.ts';
import { reportTitle, type AnnualReport } from '../annual-report.ts';
import { reportStrings as s } from '../reports.strings.ts';
import type { Reminder } from '../reports.service.ts';
import { ReportBody } from './report-body.tsx';

const publicCrumbs = (extra: { href?: string; label: string }[]) => [{ href: '/openness', label: s.crumbs.openness }, { href: '/openness/reports/annual', label: s.publicListTitle }, ...extra];
const staffCrumbs = (extra: { href?: string; label: string }[]) => [{ href: '/staff', label: s.crumbs.staff }, { href: '/staff/reports/annual', label: s.staffTitle }, ...extra];

export interface PublishedItem { org_code: string; org_name: string; year: number; source: string; published_at: string | null }

export function PublicListPage({ ctx, items }: { ctx: PageContext; items: PublishedItem[] }) {
  return (
    <Layout ctx={ctx} title={s.publicListTitle}>
      <Breadcrumbs items={[{ href: '/openness', label: s.crumbs.openness }, { label: s.publicListTitle }]} />
      <h1>{s.publicListTitle}</h1>
      <p>{s.publicListIntro}</p>
      {items.length === 0 ? <p>{s.noneYet}</p> : (
        <ul>
          {items.map((r) => (
            <li key={`${r.org_code}-${r.year}`}>
              <a href={`/openness/reports/annual/${r.org_code}/${r.year}`}>{reportTitle(r.org_name, r.year)}</a>
              {r.source === 'import' ? `（${s.sources.import}）` : ''}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function PublicReportPage({ ctx, report }: { ctx: PageContext; report: AnnualReport }) {
  const title = reportTitle(report.orgName, report.year);
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={publicCrumbs([{ label: title }])} />
      <h1>{title}</h1>
      {report.source === 'import' ? <Notice>{s.sources.import}</Notice> : null}
      <ReportBody report={report} headingLevel={2} />
      {report.source === 'system' ? <p><a href={`/openness/reports/annual/${report.orgCode}/${report.year}/report.docx`}>{s.staff.downloadDocx}</a></p> : null}
    </Layout>
  );
}

export interface StaffListItem { org_code: string; org_name: string; year: number; state: string; source: string; published_at: string | null }

export function StaffListPage({ ctx, reminders, reports, values, errors }: { ctx: PageContext; reminders: Reminder[]; reports: StaffListItem[]; values: Record<string, string>; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={s.staffTitle} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[{ href: '/staff', label: s.crumbs.staff }, { label: s.staffTitle }]} />
      <h1>{s.staffTitle}</h1>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="open-title">
        <h2 id="open-title">{s.staff.openReport}</h2>
        <form method="get" action="/staff/reports/annual/open" novalidate>
          <TextInput name="org" label={s.form.orgCode} value={values.org ?? ''} error={errors.org} width="short" />
          <TextInput name="year" label={s.form.year} value={values.year ?? ''} error={errors.year} width="short" />
          <Button>{s.form.open}</Button>
        </form>
        <p><a href="/staff/reports/annual/import">{s.form.importTitle}</a></p>
      </section>
      <section aria-labelledby="reminders-title">
        <h2 id="reminders-title">{s.staff.reminders}</h2>
        <p>{s.staff.remindersBasis}</p>
        {reminders.length === 0 ? <p>{s.staff.remindersNone}</p> : (
          <table>
            <thead><tr><th scope="col">{s.table.org}</th><th scope="col">{s.table.year}</th><th scope="col">{s.table.state}</th><th scope="col">{s.table.due}</th><th scope="col">{s.table.left}</th><th scope="col">{s.table.basis}</th></tr></thead>
            <tbody>
              {reminders.map((r) => (
                <tr key={r.orgCode}>
                  <th scope="row"><a href={`/staff/reports/annual/${r.orgCode}/${r.reportYear}`}>{r.orgName}</a></th>
                  <td>{r.reportYear}</td><td>{s.states[r.state]}</td><td>{r.dueOn}</td><td>{s.staff.daysLeft(r.daysLeft)}</td><td>{r.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="reports-title">
        <h2 id="reports-title">{s.staff.reports}</h2>
        {reports.length === 0 ? <p>{s.noneYet}</p> : (
          <table>
            <thead><tr><th scope="col">{s.table.org}</th><th scope="col">{s.table.year}</th><th scope="col">{s.table.state}</th><th scope="col">{s.table.source}</th><th scope="col">{s.table.publishedAt}</th></tr></thead>
            <tbody>
              {reports.map((r) => (
                <tr key={`${r.org_code}-${r.year}`}>
                  <th scope="row"><a href={`/staff/reports/annual/${r.org_code}/${r.year}`}>{reportTitle(r.org_name, r.year)}</a></th>
                  <td>{r.year}</td><td>{s.states[r.state] ?? r.state}</td><td>{s.sources[r.source] ?? r.source}</td><td>{r.published_at ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

export interface StaffReportProps {
  ctx: PageContext;
  report: AnnualReport;
  canEdit: boolean;
  canPublish: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  message: string | null;
  refusal: { title: string; reasons: string[] } | null;
}

export function StaffReportPage(p: StaffReportProps) {
  const r = p.report;
  const title = reportTitle(r.orgName, r.year);
  const base = `/staff/reports/annual/${r.orgCode}/${r.year}`;
  const editable = p.canEdit && r.state !== 'published';
  return (
    <Layout ctx={p.ctx} title={title} hasErrors={Object.keys(p.errors).length > 0 || !!p.refusal}>
      <Breadcrumbs items={staffCrumbs([{ label: title }])} />
      <h1>{title}</h1>
      <p>{`${s.table.state}：${s.states[r.state]}；${s.table.source}：${s.sources[r.source]}`}</p>
      {p.message ? <Notice>{p.message}</Notice> : null}
      {p.refusal ? (
        <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="refusal-title">
          <h2 id="refusal-title">{p.refusal.title}</h2>
          <ul>{p.refusal.reasons.map((x, i) => <li key={i}>{x}</li>)}</ul>
        </div>
      ) : null}
      <ErrorSummary errors={p.errors} />
      {r.checks.length ? (
        <section aria-labelledby="checks-title">
          <h2 id="checks-title">{s.staff.checks}</h2>
          <table id="checks">
            <thead><tr><th scope="col">{s.checkColumns.rule}</th><th scope="col">{s.checkColumns.result}</th><th scope="col">{s.checkColumns.detail}</th></tr></thead>
            <tbody>
              {r.checks.map((c) => <tr key={c.rule}><th scope="row">{CHECK_LABELS[c.rule]}</th><td>{c.ok ? s.checkOk : s.checkFail}</td><td>{c.detail}</td></tr>)}
            </tbody>
          </table>
        </section>
      ) : null}
      <div class="actions">
        {r.source === 'system' ? <a href={`${base}/report.docx`}>{s.staff.downloadDocx}</a> : null}
        {r.state === 'published' ? <a href={`/openness/reports/annual/${r.orgCode}/${r.year}`}>{s.staff.publicPage}</a> : null}
      </div>
      {editable ? (
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">{s.form.save}</h2>
          <Form action={base} csrfToken={p.ctx.csrfToken}>
            <Select name="includeSubtree" label={s.form.includeSubtree} value={p.values.includeSubtree ?? ''} options={[{ value: '0', label: s.form.includeSubtreeNo }, { value: '1', label: s.form.includeSubtreeYes }]} />
            <TextInput name="licensing" label={s.form.licensing} value={p.values.licensing ?? ''} error={p.errors.licensing} width="short" />
            <TextInput name="penalty" label={s.form.penalty} value={p.values.penalty ?? ''} error={p.errors.penalty} width="short" />
            <TextInput name="coercion" label={s.form.coercion} value={p.values.coercion ?? ''} error={p.errors.coercion} width="short" />
            <TextInput name="fees" label={s.form.fees} value={p.values.fees ?? ''} error={p.errors.fees} width="short" />
            <TextArea name="section1" label={s.form.section1} hint={s.form.prefillHint} value={p.values.section1 ?? ''} error={p.errors.section1} rows={10} />
            <TextArea name="section5" label={s.form.section5} value={p.values.section5 ?? ''} error={p.errors.section5} rows={6} />
            <TextArea name="section6" label={s.form.section6} value={p.values.section6 ?? ''} error={p.errors.section6} rows={6} />
            <TextArea name="carryReason" label={s.form.carryReason} value={p.values.carryReason ?? ''} error={p.errors.carryReason} rows={3} />
            <Button>{s.form.save}</Button>
          </Form>
        </section>
      ) : null}
      {editable ? (
        <section aria-labelledby="figures-title">
          <h2 id="figures-title">{s.form.figuresTitle}</h2>
          <p>{s.form.figuresIntro}</p>
          <form method="post" action={`${base}/figures`} enctype="multipart/form-data" novalidate>
            <input type="hidden" name="_csrf" value={p.ctx.csrfToken} />
            <div class="field">
              <label for="figuresFile">{s.form.figuresFile}</label>
              <input id="figuresFile" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
            </div>
            <TextArea name="figuresHtml" label={s.form.figuresHtml} value={p.values.figuresHtml ?? ''} rows={4} />
            <Button variant="secondary">{s.form.importButton}</Button>
          </form>
        </section>
      ) : null}
      {r.state !== 'published' && p.canPublish ? (
        <Form action={`${base}/publish`} csrfToken={p.ctx.csrfToken}><Button variant="warning">{s.form.publish}</Button></Form>
      ) : null}
      {r.state !== 'published' && !p.canPublish ? <p>{s.staff.cannotPublish}</p> : null}
      <section aria-labelledby="preview-title">
        <h2 id="preview-title">{r.state === 'published' ? title : s.staff.preview}</h2>
        <ReportBody report={r} headingLevel={3} />
      </section>
    </Layout>
  );
}

export function ImportPage({ ctx, values, errors, message }: { ctx: PageContext; values: Record<string, string>; errors: string[]; message: string | null }) {
  return (
    <Layout ctx={ctx} title={s.form.importTitle} hasErrors={errors.length > 0}>
      <Breadcrumbs items={staffCrumbs([{ label: s.form.importTitle }])} />
      <h1>{s.form.importTitle}</h1>
      <p>{s.form.importIntro}</p>
      {message ? <Notice>{message}</Notice> : null}
      {errors.length ? (
        <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="import-errors">
          <h2 id="import-errors">{s.importRefused}</h2>
          <ul>{errors.map((e, i) => <li key={i}>{e}</li>)}</ul>
        </div>
      ) : null}
      <form method="post" action="/staff/reports/annual/import" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <TextInput name="org" label={s.form.importOrg} value={values.org ?? ''} width="short" />
        <TextInput name="year" label={s.form.importYear} value={values.year ?? ''} width="short" />
        <div class="field">
          <label for="file">{s.form.importFile}</label>
          <input id="file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </div>
        <TextArea name="html" label={s.form.importHtml} value={values.html ?? ''} rows={8} />
        <Button>{s.form.importButton}</Button>
      </form>
    </Layout>
  );
}
