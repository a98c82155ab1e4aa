// Pure views: the staff side — the dispatcher's queue (with due-soon and overdue lists) and one
// message with its event log and the workflow actions as forms.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { maskPhone } from '../../../platform/log/mask.ts';
import { interactionStrings as s } from '../interaction.strings.ts';
import type { MessageRow, StoredEvent } from '../interaction.repository.ts';
import { EVENT_LABELS, RATING_LABELS, showsProvisional, STAGE_LABELS, type Stage } from '../workflow.ts';

const stageLabel = (stage: string) => STAGE_LABELS[stage as Stage] ?? stage;
export const QUEUE_VIEWS = ['dispatch', 'to_accept', 'to_sign', 'handling', 'review', 'due_soon', 'overdue', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export function QueuePage({ ctx, view, rows, total, page, pageSize, today, orgNames }: {
  ctx: PageContext; view: QueueView; rows: MessageRow[]; total: number; page: number; pageSize: number; today: string; orgNames: Map<string, string>;
}) {
  const p = s.staff.page;
  return (
    <Layout ctx={ctx} title={s.staff.queueTitle}>
      <Breadcrumbs items={[{ href: '/staff', label: p.workbench }, { label: s.staff.queueTitle }]} />
      <h1>{s.staff.queueTitle}</h1>
      <nav aria-label={p.groups}>
        <ul class="actions">
          {QUEUE_VIEWS.map((v) => (
            <li key={v}><a href={`/staff/messages?view=${v}`} aria-current={v === view ? 'page' : undefined}>{s.staff.views[v]}</a></li>
          ))}
        </ul>
      </nav>
      <p><a href="/staff/messages/hotline">{s.staff.hotline.title}</a> · <a href="/staff/messages/statistics">{s.stats.staffTitle}</a></p>
      <h2>{s.staff.views[view]}{p.count(total)}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={s.staff.views[view]}>
      <table>
        <caption class="visually-hidden">{s.staff.views[view]}</caption>
        <thead>
          <tr>{p.columns.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.reference}>
              <td><a href={`/staff/messages/${m.reference}`}>{m.reference}</a></td>
              <td>{m.sensitive ? p.sensitiveTag : ''}{m.title}</td>
              <td>{m.source === 'hotline' ? p.hotline(m.order_type) : p.sources[m.source] ?? m.source}</td>
              <td>{stageLabel(m.stage)}{m.source === 'hotline' && m.external_status ? p.hotlineStatus(m.external_status) : ''}</td>
              <td>{m.assignee_org ? orgNames.get(m.assignee_org) ?? m.assignee_org : '—'}</td>
              <td>{m.received_on}</td>
              <td>{m.due_on ?? '—'}{showsProvisional(m) ? s.provisionalTag : ''}{m.due_on && m.due_on < today && !m.closed_on ? p.overdue : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <nav aria-label={p.paging} class="actions">
        {page > 1 && <a href={`/staff/messages?view=${view}&page=${page - 1}`}>{p.prev}</a>}
        {page * pageSize < total && <a href={`/staff/messages?view=${view}&page=${page + 1}`}>{p.next}</a>}
      </nav>
    </Layout>
  );
}

/** 12345 work orders only, with what the hotline sent: 工单编号, 创建工号, 来电时间, 工单状态. */
export function HotlineListPage({ ctx, rows, total, page, pageSize, today }: { ctx: PageContext; rows: MessageRow[]; total: number; page: number; pageSize: number; today: string }) {
  const p = s.staff.page;
  const h = s.staff.hotline;
  return (
    <Layout ctx={ctx} title={h.title}>
      <Breadcrumbs items={[{ href: '/staff', label: p.workbench }, { href: '/staff/messages', label: s.staff.queueTitle }, { label: h.title }]} />
      <h1>{h.title}</h1>
      <p class="lead">{h.lead}</p>
      <p>{h.count(total)} <a href="/staff/messages/hotline.csv">{h.export}</a> · <a href="/staff/messages/hotline/import">{h.importLink}</a></p>
      {rows.length === 0 ? <p>{h.none}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={h.title}>
          <table class="stats-table hotline-table">
            <caption class="visually-hidden">{h.title}</caption>
            <thead><tr>{h.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.reference}>
                  <td><a href={`/staff/messages/${m.reference}`}>{m.work_order_no ?? m.reference}</a></td>
                  <td>{m.operator_no ?? '—'}</td>
                  <td>{m.title}</td>
                  <td>{m.called_at ?? '—'}</td>
                  <td>{m.planned_at ?? '—'}</td>
                  <td>{m.order_type ?? '—'}</td>
                  <td>{m.external_status ?? '—'}</td>
                  <td>{stageLabel(m.stage)}</td>
                  <td>{m.due_on ?? '—'}{showsProvisional(m) ? s.provisionalTag : ''}{m.due_on && m.due_on < today && !m.closed_on ? p.overdue : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={p.paging} class="actions">
        {page > 1 && <a href={`/staff/messages/hotline?page=${page - 1}`}>{p.prev}</a>}
        {page * pageSize < total && <a href={`/staff/messages/hotline?page=${page + 1}`}>{p.next}</a>}
      </nav>
    </Layout>
  );
}

type Option = { value: string; label: string };
export interface ConvertOptions { applicantTypes: Option[]; subtypes: Option[]; deliveries: Option[] }

export function StaffMessagePage({ ctx, m, events, photoIds, orgNames, assignOptions, classes, today, errors, values, convertOptions, notice }: {
  ctx: PageContext; m: MessageRow; events: StoredEvent[]; photoIds: number[]; orgNames: Map<string, string>; convertOptions: ConvertOptions; notice?: string | undefined;
  assignOptions: { code: string; name: string }[]; classes: { code: string; label: string; workingDays: number }[]; today: string;
  errors: FieldErrors; values: Record<string, string>;
}) {
  const action = `/staff/messages/${m.reference}/actions`;
  const c = s.staff.convert;
  const p = s.staff.page;
  const a = s.staff.actions;
  const on = <TextInput name="on" label={s.staff.actions.on} value={values.on ?? today} width="short" error={errors.on} />;
  const form = (type: string, title: string, body: preact.ComponentChildren, variant?: 'secondary' | 'warning') => (
    <details key={type} open={values.type === type}>
      <summary>{title}</summary>
      <Form action={action} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="type" value={type} />
        {on}
        {body}
        <Button variant={variant}>{title}</Button>
      </Form>
    </details>
  );
  const st = m.stage as Stage;
  const open = ['accepted', 'assigned', 'in_progress', 'replied', 'awaiting_review'].includes(st);
  return (
    <Layout ctx={ctx} title={s.staff.messageTitle(m.reference)} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[{ href: '/staff', label: p.workbench }, { href: '/staff/messages', label: s.staff.queueTitle }, { label: m.reference }]} />
      <h1>{m.title}</h1>
      <ErrorSummary errors={errors} />
      {notice && <Notice><p>{notice}</p></Notice>}
      <dl class="summary">
        <dt>{p.reference}</dt><dd>{m.reference}{m.work_order_no ? p.workOrder(m.work_order_no) : ''}</dd>
        <dt>{p.stage}</dt><dd>{stageLabel(m.stage)}{m.sensitive ? p.sensitive : ''}{m.reopened ? p.reopened : ''}</dd>
        {m.source === 'hotline' && (<>
          <dt>{p.externalStatus}</dt><dd>{m.external_status ?? '—'}</dd>
          <dt>{p.operatorNo}</dt><dd>{m.operator_no ?? '—'}</dd>
          <dt>{p.calledAt}</dt><dd>{m.called_at ?? '—'}</dd>
          <dt>{p.plannedAt}</dt><dd>{m.planned_at ?? '—'}</dd>
          <dt>{p.orderType}</dt><dd>{m.order_type ?? '—'}</dd>
        </>)}
        <dt>{p.org}</dt><dd>{orgNames.get(m.org_code) ?? m.org_code}</dd>
        <dt>{p.assignee}</dt><dd>{m.assignee_org ? orgNames.get(m.assignee_org) ?? m.assignee_org : p.suggested(m.routed_org ? orgNames.get(m.routed_org) ?? m.routed_org : null)}</dd>
        <dt>{p.dueOn}</dt><dd>{m.due_on ?? '—'}{showsProvisional(m) ? <><strong>{s.provisionalTag}</strong><br /><span class="hint">{s.provisionalHint}</span></> : null}<br /><span class="hint">{m.due_explanation}</span></dd>
        <dt>{p.contact}</dt><dd>{m.contact_name ?? '—'} {m.contact_phone ? maskPhone(m.contact_phone) : ''}</dd>
        <dt>{p.isPublic}</dt><dd>{m.is_public ? p.public : p.private}</dd>
        {m.rating && (<><dt>{p.rating}</dt><dd>{RATING_LABELS[m.rating as 'satisfied']}</dd></>)}
        {m.stage === 'converted_to_application' && (<><dt>{c.term}</dt><dd>{m.application_ref ? <a href={`/staff/applications/${encodeURIComponent(m.application_ref)}`}>{m.application_ref}</a> : c.pending}</dd></>)}
      </dl>
      <h2>{p.content}</h2>
      <p class="prewrap">{m.content}</p>
      {photoIds.length > 0 && (
        <ul class="cards">
          {photoIds.map((id, i) => <li key={id}><a href={`/staff/messages/${m.reference}/photos/${id}`}><img src={`/staff/messages/${m.reference}/photos/${id}`} alt={p.photoAlt(i + 1)} width={200} /></a></li>)}
        </ul>
      )}
      {(m.address || m.region_code || m.lat !== null) && (
        <>
          <p>{p.place}{m.address ?? '—'}{m.lat !== null && m.lng !== null ? `（${m.lat}, ${m.lng}）` : ''}{m.region_code ? `；${p.region}${m.region_code}` : ''}</p>
          <p class="hint">{p.addressPublic(m.address_public === 1)}</p>
        </>
      )}
      {m.response && (<><h2>{p.response}</h2><p class="prewrap">{m.response}</p></>)}
      <h2>{p.actions}</h2>
      {st === 'submitted' && form('accept', a.accept, <Select name="class" label={a.classLabel} value={values.class ?? m.class_code} options={classes.map((c) => ({ value: c.code, label: a.classOption(c.label, c.workingDays) }))} />)}
      {st === 'submitted' && form('reject', a.reject, <TextArea name="reason" label={a.rejectReason} value={values.reason ?? ''} error={errors.reason} rows={3} />, 'warning')}
      {(st === 'submitted' || st === 'accepted') && form('convert', c.action, <>
        <p class="hint">{c.hint}</p>
        <Select name="applicant_type" label={c.applicantType} value={values.applicant_type ?? ''} placeholder={c.choose} options={convertOptions.applicantTypes} error={errors.applicant_type} />
        <Select name="applicant_subtype" label={c.subtype} value={values.applicant_subtype ?? ''} placeholder={c.choose} options={convertOptions.subtypes} error={errors.applicant_subtype} />
        <TextInput name="applicant_name" label={c.name} value={values.applicant_name ?? ''} error={errors.applicant_name} />
        <TextInput name="applicant_id_number" label={c.idNumber} value={values.applicant_id_number ?? ''} error={errors.applicant_id_number} autocomplete="off" />
        <TextInput name="applicant_phone" label={c.phone} value={values.applicant_phone ?? ''} error={errors.applicant_phone} />
        <TextInput name="applicant_email" label={c.email} value={values.applicant_email ?? ''} error={errors.applicant_email} />
        <TextInput name="applicant_address" label={c.address} value={values.applicant_address ?? ''} error={errors.applicant_address} />
        <Select name="delivery" label={c.delivery} value={values.delivery ?? ''} placeholder={c.choose} options={convertOptions.deliveries} error={errors.delivery} />
      </>, 'secondary')}
      {st === 'accepted' && form('assign', a.assign, <Select name="org" label={p.assignee} value={values.org ?? m.routed_org ?? ''} placeholder={c.choose} options={assignOptions.map((o) => ({ value: o.code, label: o.name }))} />)}
      {st === 'assigned' && form('sign', a.sign, null)}
      {(st === 'assigned' || st === 'in_progress') && form('reply', a.reply, <TextArea name="text" label={a.replyText} value={values.text ?? ''} error={errors.text} rows={4} />)}
      {(st === 'assigned' || st === 'in_progress') && form('return', a.return, <TextArea name="reason" label={a.returnReason} value={values.reason ?? ''} rows={3} />, 'warning')}
      {(st === 'assigned' || st === 'in_progress') && form('escalate', a.escalate, <TextArea name="reason" label={a.escalateReason} value={values.reason ?? ''} rows={3} />, 'secondary')}
      {(st === 'replied' || st === 'awaiting_review') && form('respond', a.respond, <TextArea name="text" label={a.respondText} value={values.text ?? m.response ?? ''} rows={5} />)}
      {st === 'awaiting_review' && form('approve', a.approve, null)}
      {st === 'responded' && form('rate', a.rate, <Select name="level" label={p.rating} value={values.level ?? ''} placeholder={c.choose} options={Object.entries(RATING_LABELS).map(([value, label]) => ({ value, label }))} />)}
      {(st === 'responded' || st === 'rated') && form('close', a.close, null)}
      {['assigned', 'in_progress', 'replied'].includes(st) && form('extend', a.extend, <><TextInput name="days" label={a.extendDays} value={values.days ?? ''} width="short" /><TextInput name="approved_by" label={a.approvedBy} value={values.approved_by ?? ''} /></>, 'secondary')}
      {open && form('supervise', a.supervise, <TextArea name="note" label={a.superviseNote} value={values.note ?? ''} rows={3} />, 'secondary')}
      {open && form('chase', a.chase, <TextArea name="note" label={a.chaseNote} value={values.note ?? ''} rows={3} />, 'secondary')}
      {!m.sensitive && !['closed', 'rejected', 'converted_to_application'].includes(st) && form('mark_sensitive', a.markSensitive, <TextArea name="reason" label={a.sensitiveReason} value={values.reason ?? ''} rows={2} />, 'warning')}
      <h2>{s.staff.events}</h2>
      <ol>
        {events.map((e) => (
          <li key={e.seq}>
            {e.event.on} {EVENT_LABELS[e.event.type]}（{e.actorLabel}）
            {'reason' in e.event && e.event.reason ? `：${e.event.reason}` : ''}
            {'note' in e.event && e.event.note ? `：${e.event.note}` : ''}
            {'text' in e.event && e.event.text ? `：${e.event.text}` : ''}
            {e.event.type === 'assigned' ? `：${orgNames.get(e.event.org) ?? e.event.org}` : ''}
            {e.event.type === 'escalated' ? `：${orgNames.get(e.event.from) ?? e.event.from} → ${orgNames.get(e.event.to) ?? e.event.to}` : ''}
            {e.event.type === 'extended' ? p.extended(e.event.days, e.event.approvedBy, e.event.dueOn) : ''}
            {e.event.type === 'converted' && e.event.applicationRef ? `：${e.event.applicationRef}` : ''}
            {e.event.type === 'hotline_updated' && (
              <ul>
                {e.event.changes.map((c, i) => <li key={i}>{c.field === '工单内容' ? p.contentChanged : p.change(c.field, c.from, c.to)}</li>)}
                {e.event.receivedOn ? <li>{p.receivedMoved(e.event.receivedOn)}</li> : null}
                {e.event.dueOn ? <li>{p.dueOn}：{e.event.dueOn}{e.event.explanation ? `（${e.event.explanation}）` : ''}</li> : null}
                {e.event.warning ? <li><strong>{p.warning}</strong>{e.event.warning}</li> : null}
              </ul>
            )}
            {e.event.type === 'hotline_reopened' ? p.hotlineReopened(e.event.status, e.event.dueOn) : ''}
            {e.event.type === 'due_recomputed' ? s.recompute.event(e.event.before.dueOn, e.event.before.provisional, e.event.after.dueOn, e.event.after.provisional) : ''}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** What a finished 12345 import shows: the counts, the import's reference and the orders it touched. */
export interface HotlineImportResult {
  importRef: string;
  fileName: string;
  count: number;
  created: { reference: string; workOrderNo: string }[];
  updated: { reference: string; workOrderNo: string }[];
  unchanged: number;
  reopened: number;
  warnings: string[];
}

const IMPORT_LISTED = 50;

/** The 12345 CSV upload: the form (受理单位, 分类, file), the file's problems, or the result. */
export function HotlineImportPage({ ctx, orgs, categories, values, errors, problems, keptFile, result, maxMb }: {
  ctx: PageContext; orgs: { code: string; name: string }[]; categories: { code: string; name: string }[]; values: Record<string, string>;
  errors: FieldErrors; problems: { title: string; items: string[] } | null; keptFile: string | null; result: HotlineImportResult | null; maxMb: number;
}) {
  const p = s.staff.page;
  const h = s.staff.hotlineImport;
  const touched = result ? [...result.created.map((o) => ({ ...o, tag: h.createdTag })), ...result.updated.map((o) => ({ ...o, tag: h.updatedTag }))] : [];
  return (
    <Layout ctx={ctx} title={h.title} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[{ href: '/staff', label: p.workbench }, { href: '/staff/messages/hotline', label: s.staff.hotline.title }, { label: h.title }]} />
      <h1>{h.title}</h1>
      <ErrorSummary errors={errors} />
      {problems && (
        <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="file-problems-title">
          <h2 id="file-problems-title">{problems.title}</h2>
          <ul>{problems.items.slice(0, 200).map((e, i) => <li key={i}>{e}</li>)}</ul>
        </div>
      )}
      {result && (
        <Notice>
          <h2>{h.done}</h2>
          <p>{h.reference(result.importRef)}</p>
          <p>{h.fileLine(result.fileName, result.count)}{h.counts(result.created.length, result.updated.length, result.unchanged)}{result.reopened ? `；${h.reopened(result.reopened)}` : ''}。</p>
        </Notice>
      )}
      {result && result.warnings.length > 0 && (<><h2>{h.warnings}</h2><ul>{result.warnings.slice(0, 100).map((w, i) => <li key={i}>{w}</li>)}</ul></>)}
      {touched.length > 0 && (
        <>
          <h2>{h.orders}</h2>
          <ul>{touched.slice(0, IMPORT_LISTED).map((o) => <li key={o.reference}><a href={`/staff/messages/${o.reference}`}>{o.workOrderNo}</a>（{o.tag}）</li>)}</ul>
          {touched.length > IMPORT_LISTED && <p>{h.more(touched.length - IMPORT_LISTED)}</p>}
        </>
      )}
      {result && <h2>{h.another}</h2>}
      <p class="lead">{h.lead}</p>
      <p>{h.limit(maxMb)}</p>
      <form method="post" action="/staff/messages/hotline/import" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <Select name="org" label={h.org} hint={h.orgHint} value={values.org ?? ''} placeholder={h.choose} options={orgs.map((o) => ({ value: o.code, label: o.name }))} error={errors.org} />
        <Select name="category" label={h.category} hint={h.categoryHint} value={values.category ?? 'other'} options={categories.map((c) => ({ value: c.code, label: c.name }))} error={errors.category} />
        <div class={errors.file ? 'field field--error' : 'field'}>
          <label for="file">{h.file}</label>
          {keptFile && <p class="hint" id="file-kept">{h.keptFile(keptFile)}</p>}
          {errors.file && <p class="field-error" id="file-error">{errors.file}</p>}
          <input type="file" id="file" name="file" accept=".csv,text/csv" aria-describedby={[keptFile ? 'file-kept' : '', errors.file ? 'file-error' : ''].filter(Boolean).join(' ') || undefined} />
        </div>
        <Button>{h.submit}</Button>
      </form>
    </Layout>
  );
}
