// Pure views: the 月检查 staff pages — rules and their switches, manual check items, the manual
// finding form, and the inspection runs.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { DEADLINE_CLASSES, DEADLINE_WORKING_DAYS, SEVERITIES, deadlineClassLabel, severityLabel, type DeadlineClass } from '../deadline-classes.ts';
import { inspectStrings as s } from '../inspect.strings.ts';

export interface OfficeOption { code: string; name: string }
export interface RuleLine { code: string; title: string; basis: string; severity: string; deadlineClass: string; active: boolean }
export interface ItemLine { id: number; code: string; title: string; basis: string; severity: string; deadlineClass: string; active: boolean }

const sevOptions = SEVERITIES.values.map((v) => ({ value: v.code, label: v.label }));
const dlOptions = DEADLINE_CLASSES.values.map((v) => ({ value: v.code, label: `${v.label}（${DEADLINE_WORKING_DAYS[v.code]}个工作日）` }));
const crumbs = (label: string) => <Breadcrumbs items={[{ href: '/staff', label: s.staffHome }, { label }]} />;

function OfficePicker({ action, offices, office }: { action: string; offices: OfficeOption[]; office: string }) {
  if (offices.length < 2) return null;
  return (
    <form method="get" action={action} class="inline-form">
      <Select name="office" label={s.rules.office} value={office} options={offices.map((o) => ({ value: o.code, label: o.name }))} />
      <button type="submit" class="button button--secondary">{s.rules.chooseOffice}</button>
    </form>
  );
}

export function RulesPage({ ctx, offices, office, rules, items, values, errors, message, editing }: {
  ctx: PageContext; offices: OfficeOption[]; office: string; rules: RuleLine[]; items: ItemLine[];
  values: Record<string, string>; errors: FieldErrors; message: string | null; editing: ItemLine | null;
}) {
  const r = s.rules;
  const it = s.items;
  const officeName = offices.find((o) => o.code === office)?.name ?? '';
  return (
    <Layout ctx={ctx} title={r.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(r.title)}
      <ErrorSummary errors={errors} />
      <h1>{r.title}{officeName && <span class="muted">（{officeName}）</span>}</h1>
      {message && <Notice>{message}</Notice>}
      <p class="lead">{r.lead}</p>
      <OfficePicker action="/staff/supervision/rules" offices={offices} office={office} />
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{r.title}</caption>
          <thead><tr><th scope="col">{r.code}</th><th scope="col">{r.name}</th><th scope="col">{r.basis}</th><th scope="col">{r.severity}</th><th scope="col">{r.deadline}</th><th scope="col">{r.state}</th></tr></thead>
          <tbody>
            {rules.map((x) => (
              <tr key={x.code}>
                <td><code>{x.code}</code></td>
                <td>{x.title}</td>
                <td>{x.basis}</td>
                <td>{severityLabel(x.severity)}</td>
                <td>{deadlineClassLabel(x.deadlineClass)}（{r.days(DEADLINE_WORKING_DAYS[x.deadlineClass as DeadlineClass] ?? 0)}）</td>
                <td>
                  <Form action={`/staff/supervision/rules/${encodeURIComponent(x.code)}/switch`} csrfToken={ctx.csrfToken} class="inline-form">
                    <input type="hidden" name="office" value={office} />
                    <input type="hidden" name="active" value={x.active ? '0' : '1'} />
                    <span>{x.active ? r.on : r.off}</span>{' '}
                    <button type="submit" class="button button--secondary" aria-label={x.active ? r.switchOff(x.title) : r.switchOn(x.title)}>{x.active ? r.off : r.on}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">{r.deadlineNote}</p>

      <h2>{it.title}</h2>
      <p>{it.lead}</p>
      {items.length === 0 ? <p>{it.none}</p> : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{it.title}</caption>
            <thead><tr><th scope="col">{r.code}</th><th scope="col">{it.fieldTitle}</th><th scope="col">{r.basis}</th><th scope="col">{r.severity}</th><th scope="col">{r.deadline}</th><th scope="col">{r.state}</th><th scope="col"><span class="visually-hidden">{it.save}</span></th></tr></thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <td><code>{x.code}</code></td><td>{x.title}</td><td>{x.basis}</td><td>{severityLabel(x.severity)}</td><td>{deadlineClassLabel(x.deadlineClass)}</td>
                  <td>{x.active ? r.on : r.off}</td>
                  <td><a href={`/staff/supervision/rules?office=${encodeURIComponent(office)}&edit=${encodeURIComponent(x.code)}#item-form`}>{it.edit(x.title)}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="item-form">{editing ? it.edit(editing.title) : it.add}</h3>
      <Form action={editing ? `/staff/supervision/check-items/${encodeURIComponent(editing.code)}` : '/staff/supervision/check-items'} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="office" value={office} />
        <TextInput name="title" label={it.fieldTitle} value={values.title ?? ''} error={errors.title} />
        <TextArea name="basis" label={it.fieldBasis} value={values.basis ?? ''} error={errors.basis} rows={3} />
        <Select name="severity" label={it.fieldSeverity} value={values.severity ?? 'general'} options={sevOptions} error={errors.severity} />
        <Select name="deadline_class" label={it.fieldDeadline} value={values.deadline_class ?? 'limited'} options={dlOptions} error={errors.deadline_class} />
        {editing && <Select name="active" label={it.fieldActive} value={values.active ?? '1'} options={[{ value: '1', label: r.on }, { value: '0', label: r.off }]} />}
        <Button>{editing ? it.save : it.add}</Button>
      </Form>
    </Layout>
  );
}

export function FindingPage({ ctx, orgs, items, values, errors, message, maxMb, problemId }: {
  ctx: PageContext; orgs: { code: string; name: string }[]; items: { code: string; title: string; officeName: string }[];
  values: Record<string, string>; errors: FieldErrors; message: string | null; maxMb: number; problemId?: string | null;
}) {
  const f = s.finding;
  return (
    <Layout ctx={ctx} title={f.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(f.title)}
      <ErrorSummary errors={errors} />
      <h1>{f.title}</h1>
      {message && <Notice>{message}{problemId && <> <a href={`/staff/supervision/problems/${problemId}`}>{f.view}</a></>}</Notice>}
      <p class="lead">{f.lead}</p>
      {items.length === 0 && <Notice>{f.noItems}</Notice>}
      <form method="post" action="/staff/supervision/findings" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <Select name="org" label={f.org} value={values.org ?? ''} placeholder={f.choose} options={orgs.map((o) => ({ value: o.code, label: o.name }))} error={errors.org} />
        <Select name="item" label={f.item} value={values.item ?? ''} placeholder={f.choose} options={items.map((i) => ({ value: i.code, label: `${i.title}（${i.officeName}）` }))} error={errors.item} />
        <TextInput name="title" label={f.fieldTitle} value={values.title ?? ''} error={errors.title} />
        <TextArea name="detail" label={f.detail} value={values.detail ?? ''} error={errors.detail} rows={4} />
        <TextInput name="link" label={f.link} hint={f.linkHint} value={values.link ?? ''} error={errors.link} />
        <div class={errors.screenshot ? 'field field--error' : 'field'}>
          <label for="screenshot">{f.screenshot}</label>
          <p class="hint" id="screenshot-hint">{f.screenshotHint(maxMb)}</p>
          {errors.screenshot && <p class="field-error" id="screenshot-error">{errors.screenshot}</p>}
          <input type="file" id="screenshot" name="screenshot" accept="image/png,image/jpeg" aria-describedby={errors.screenshot ? 'screenshot-hint screenshot-error' : 'screenshot-hint'} />
        </div>
        <Button>{f.submit}</Button>
      </form>
    </Layout>
  );
}

export interface RunLine { id: number; month: string; scope: string; trigger: string; startedAt: string; finished: boolean; done: number; total: number; found: number; raised: number }

export function InspectionsPage({ ctx, offices, runs, values, errors, message }: {
  ctx: PageContext; offices: OfficeOption[]; runs: RunLine[]; values: Record<string, string>; errors: FieldErrors; message: string | null;
}) {
  const p = s.inspections;
  return (
    <Layout ctx={ctx} title={p.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(p.title)}
      <ErrorSummary errors={errors} />
      <h1>{p.title}</h1>
      {message && <Notice>{message}</Notice>}
      <p class="lead">{p.lead}</p>
      <Form action="/staff/supervision/inspections" csrfToken={ctx.csrfToken}>
        <Select name="office" label={p.office} value={values.office ?? offices[0]?.code ?? ''} options={offices.map((o) => ({ value: o.code, label: o.name }))} error={errors.office} />
        <TextInput name="month" label={p.month} hint={p.monthHint} value={values.month ?? ''} error={errors.month} width="short" />
        <Button>{p.run}</Button>
      </Form>
      {runs.length === 0 ? <p>{p.none}</p> : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{p.title}</caption>
            <thead><tr><th scope="col">{p.cols.month}</th><th scope="col">{p.cols.scope}</th><th scope="col">{p.cols.trigger}</th><th scope="col">{p.cols.started}</th><th scope="col">{p.cols.state}</th><th scope="col">{p.cols.found}</th><th scope="col">{p.cols.raised}</th></tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.month}</td><td>{r.scope}</td><td>{p.triggers[r.trigger] ?? r.trigger}</td><td>{beijingTime(r.startedAt)}</td>
                  <td>{r.finished ? p.finished : p.running(r.done, r.total)}</td><td>{r.found}</td><td>{r.raised}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
