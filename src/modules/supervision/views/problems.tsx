// Pure views: the 问题清单 (filters, the list, the ledger export) and one problem (facts, evidence,
// event log, files; the rectification form for the responsible organisation; verify, reject and
// dismiss for the supervising office). Each form's fields carry the action's prefix (rectify_on,
// verify_on, …): several forms share the page, and the names are the ids the error summary links to.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { formatBytes } from '../../../platform/files/file-type.ts';
import { EVENT_LABELS, FINISHED, PROBLEM_STATES, type ProblemStateCode } from '../problem-workflow.ts';
import type { ListedProblem, StoredEvent } from '../problems.service.ts';
import { ps } from '../problems.strings.ts';

const stateLabel = (code: string) => PROBLEM_STATES.values.find((v) => v.code === code)?.label ?? code;
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: ps.crumbsHome }, { href: '/staff/supervision/problems', label: ps.listTitle }, ...extra]} />;

export function ProblemListPage({ ctx, rows, capped, values, errors, exportHref }: {
  ctx: PageContext; rows: ListedProblem[]; capped: boolean; values: Record<string, string>; errors: FieldErrors; exportHref: string;
}) {
  const f = ps.filters;
  const c = ps.cols;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={ps.listTitle} hasErrors={hasErrors}>
      {crumbs([])}
      <h1>{ps.listTitle}</h1>
      <ErrorSummary errors={errors} />
      {values.todo && <p>{ps.todo[values.todo as keyof typeof ps.todo]} <a href="/staff/supervision/problems">{ps.todoAll}</a></p>}
      <form method="get" action="/staff/supervision/problems" novalidate class="filters">
        <fieldset>
          <legend>{f.legend}</legend>
          {values.todo && <input type="hidden" name="todo" value={values.todo} />}
          <TextInput name="org" label={f.org} hint={f.orgHint} value={values.org ?? ''} error={errors.org} width="short" />
          <Select name="state" label={f.state} value={values.state ?? ''} error={errors.state} placeholder={f.all} options={PROBLEM_STATES.values.map((v) => ({ value: v.code, label: v.label }))} />
          <TextInput name="month" label={f.month} hint={f.monthHint} value={values.month ?? ''} error={errors.month} width="short" />
          <div class="checkbox"><input type="checkbox" id="overdue" name="overdue" value="1" checked={values.overdue === '1'} /><label for="overdue">{f.overdue}</label></div>
          <Button variant="secondary">{f.submit}</Button>
        </fieldset>
      </form>
      {!hasErrors && <p><a class="button button--secondary" href={exportHref}>{f.export}</a></p>}
      {capped && <Notice>{ps.capped(rows.length)}</Notice>}
      {rows.length === 0 ? <p>{ps.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={ps.listTitle}>
          <table class="table stats-table">
            <thead><tr><th scope="col">{c.id}</th><th scope="col">{c.problem}</th><th scope="col">{c.org}</th><th scope="col">{c.due}</th><th scope="col">{c.state}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.public_id}>
                  <td><a href={`/staff/supervision/problems/${r.public_id}`}>{r.public_id}</a></td>
                  <td>{r.title}<br /><small>{r.rule_title ?? r.rule_code}</small></td>
                  <td>{r.org_name}</td>
                  <td>{r.due_on}{r.overdue && <> <span class="tag">{ps.overdueTag}</span></>}</td>
                  <td>{stateLabel(r.state)}{r.escalated_on && <><br /><small>{ps.escalatedTag(r.escalated_on)}</small></>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface ProblemView {
  public_id: string; rule_code: string; rule_title: string | null; title: string; detail: string; org_name: string; office_name: string | null; month: string;
  found_on: string; due_on: string; state: string; evidence_url: string | null; measures: string; rectified_on: string | null; verify_note: string; escalated_on: string | null;
}

function eventText(e: StoredEvent): string {
  const p = e.payload;
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  switch (e.kind) {
    case 'rectified': return [str('measures'), str('evidence'), ...(Array.isArray(p.links) ? p.links.filter((l): l is string => typeof l === 'string') : [])].filter(Boolean).join('；');
    case 'verified': return str('note');
    case 'rejected': case 'dismissed': return str('reason');
    case 'escalated': return `整改时限 ${str('due_on')}`;
    default: return str('title') || str('detail');
  }
}

const isHttp = (u: string) => /^https?:\/\//i.test(u);
/** A path on this site (the rules' links to the record, e.g. /staff/messages/LY-…), never a protocol-relative //host. */
const isSitePath = (u: string) => /^\/(?!\/)/.test(u);

export function ProblemPage({ ctx, p, overdue, events, files, canRectify, canReview, values, errors, done }: {
  ctx: PageContext; p: ProblemView; overdue: boolean; events: StoredEvent[]; files: { public_id: string; file_name: string; size: number; kind?: string }[];
  canRectify: boolean; canReview: boolean; values: Record<string, string>; errors: FieldErrors; done?: string | undefined;
}) {
  const v = ps.view;
  const fm = ps.forms;
  const state = p.state as ProblemStateCode;
  const finished = FINISHED.includes(state);
  const showRectify = canRectify && (state === 'open' || state === 'rejected');
  const showVerify = canReview && state === 'rectified';
  const showDismiss = canReview && !finished;
  const action = `/staff/supervision/problems/${p.public_id}/actions`;
  const rows: [string, preact.ComponentChildren][] = [
    [v.rule, p.rule_title ? `${p.rule_title}（${p.rule_code}）` : p.rule_code], [v.org, p.org_name], [v.office, p.office_name ?? ''], [v.month, p.month], [v.found, p.found_on],
    [v.due, <>{p.due_on}{overdue && <> <span class="tag">{ps.overdueTag}</span></>}{p.escalated_on && <> {ps.escalatedTag(p.escalated_on)}</>}</>],
    [v.state, stateLabel(p.state)], [v.detail, p.detail || '—'],
    [v.evidence, p.evidence_url ? (isHttp(p.evidence_url) ? <a href={p.evidence_url} rel="noopener noreferrer">{p.evidence_url}</a> : isSitePath(p.evidence_url) ? <a href={p.evidence_url}>{p.evidence_url}</a> : p.evidence_url) : v.noEvidence],
  ];
  // The checker's screenshot belongs to the finding; the rest is the organisation's rectification evidence.
  const fileItem = (f: { public_id: string; file_name: string; size: number }) => <li key={f.public_id}><a href={`/staff/supervision/problems/${p.public_id}/files/${f.public_id}`}>{f.file_name}</a>（{formatBytes(Number(f.size))}）</li>;
  const shots = files.filter((f) => f.kind === 'screenshot');
  const evidenceFiles = files.filter((f) => f.kind !== 'screenshot');
  if (shots.length > 0) rows.push([v.screenshots, <ul>{shots.map(fileItem)}</ul>]);
  if (p.measures) rows.push([v.measures, p.measures]);
  if (p.rectified_on) rows.push([v.rectifiedOn, p.rectified_on]);
  if (p.verify_note) rows.push([v.verifyNote, p.verify_note]);
  return (
    <Layout ctx={ctx} title={`${p.public_id} ${p.title}`} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: p.public_id }])}
      <h1>{p.title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      <h2>{v.facts}</h2>
      <dl class="summary">
        {rows.map(([k, val]) => <div key={k} class="summary-row"><dt>{k}</dt><dd>{val}</dd></div>)}
      </dl>
      {evidenceFiles.length > 0 && (
        <>
          <h2>{v.files}</h2>
          <ul>{evidenceFiles.map(fileItem)}</ul>
        </>
      )}
      <h2>{v.events}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={v.events}>
        <table class="table">
          <thead><tr><th scope="col">{v.eventCols.seq}</th><th scope="col">{v.eventCols.kind}</th><th scope="col">{v.eventCols.on}</th><th scope="col">{v.eventCols.actor}</th><th scope="col">{v.eventCols.detail}</th></tr></thead>
          <tbody>{events.map((e) => <tr key={e.seq}><td>{e.seq}</td><td>{EVENT_LABELS[e.kind] ?? e.kind}</td><td>{e.on}</td><td>{e.actor === 'system' ? ps.actorSystem : e.actor}</td><td>{eventText(e)}</td></tr>)}</tbody>
        </table>
      </div>
      {showRectify && (
        <section aria-labelledby="rectify-title">
          <h2 id="rectify-title">{fm.rectify}</h2>
          <p>{fm.rectifyHint}</p>
          <form method="post" action={action} encType="multipart/form-data" novalidate>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <input type="hidden" name="action" value="rectify" />
            <TextArea name="measures" label={fm.measures} value={values.measures ?? ''} error={errors.measures} rows={5} />
            <TextInput name="rectify_on" label={fm.on} hint={fm.onHint} value={values.rectify_on ?? ''} error={errors.rectify_on} width="short" />
            <TextArea name="evidence" label={fm.evidence} value={values.evidence ?? ''} error={errors.evidence} rows={3} />
            <TextArea name="links" label={fm.links} hint={fm.linksHint} value={values.links ?? ''} error={errors.links} rows={3} />
            <div class={errors.files ? 'field field--error' : 'field'}>
              <label for="files">{fm.files}</label>
              <p class="hint" id="files-hint">{fm.filesHint}</p>
              {errors.files && <p class="field-error" id="files-error">{errors.files}</p>}
              <input id="files" name="files" type="file" multiple accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" aria-describedby={errors.files ? 'files-hint files-error' : 'files-hint'} />
            </div>
            <Button>{fm.submitRectify}</Button>
          </form>
        </section>
      )}
      {showVerify && (
        <section aria-labelledby="verify-title">
          <h2 id="verify-title">{fm.verify}</h2>
          <Form action={action} csrfToken={ctx.csrfToken}>
            <input type="hidden" name="action" value="verify" />
            <TextInput name="verify_on" label={fm.verifyOn} hint={fm.onHint} value={values.verify_on ?? ''} error={errors.verify_on} width="short" />
            <TextArea name="note" label={fm.note} hint={fm.noteHint} value={values.note ?? ''} error={errors.note} rows={3} />
            <Button>{fm.submitVerify}</Button>
          </Form>
          <h2 id="reject-title">{fm.reject}</h2>
          <Form action={action} csrfToken={ctx.csrfToken}>
            <input type="hidden" name="action" value="reject" />
            <TextInput name="reject_on" label={fm.rejectOn} hint={fm.onHint} value={values.reject_on ?? ''} error={errors.reject_on} width="short" />
            <TextArea name="reject_reason" label={fm.reason} value={values.reject_reason ?? ''} error={errors.reject_reason} rows={3} />
            <Button variant="warning">{fm.submitReject}</Button>
          </Form>
        </section>
      )}
      {showDismiss && (
        <section aria-labelledby="dismiss-title">
          <h2 id="dismiss-title">{fm.dismiss}</h2>
          <Form action={action} csrfToken={ctx.csrfToken}>
            <input type="hidden" name="action" value="dismiss" />
            <TextInput name="dismiss_on" label={fm.dismissOn} hint={fm.onHint} value={values.dismiss_on ?? ''} error={errors.dismiss_on} width="short" />
            <TextArea name="dismiss_reason" label={fm.dismissReason} value={values.dismiss_reason ?? ''} error={errors.dismiss_reason} rows={3} />
            <Button variant="warning">{fm.submitDismiss}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}
