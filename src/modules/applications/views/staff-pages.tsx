// Pure views: the staff side of 依申请公开 — queue with named lists, case page with the actions as
// forms, offline registration, statistics and internal targets.
import type { ComponentChildren } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import {
  ACTIONS, APPLICANT_TYPES, CHANNELS, CONFIDENTIALITY_RESULTS, CONSULTATION_KINDS, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES, LETTER_SENDINGS, OUTCOMES, REVIEW_KINDS, REVIEW_RESULTS, STAGES, findOutcome,
  type ActionType, type ApplicantType, type Channel, type DeliveryMethod, type Stage,
} from '../workflow.ts';
import { deadlineText, explanationLines, type LetterSending } from '../deadlines.ts';
import { LETTER_KINDS, letterAvailable } from '../letters.ts';
import type { CaseRow, StoredEvent } from '../applications.repository.ts';
import type { QueueName, StaffCaseView } from '../applications.service.ts';
import { publicStrings as p, staffStrings as t } from '../applications.strings.ts';
import type { StatisticsRow } from '../statistics-csv.ts';

const home = { href: '/staff', label: t.l.workbench };
const list = { href: '/staff/applications', label: t.title };
const opts = (e: { values: readonly { code: string; label: string }[] }) => e.values.map((v) => ({ value: v.code, label: v.label }));

/** `links`: which of the pages for supervisors (targets) and platform administrators (clock rules) to offer. */
export function QueuePage({ ctx, name, counts, rows, orgNames, links }: { ctx: PageContext; name: QueueName; counts: Record<QueueName, number>; rows: CaseRow[]; orgNames: Record<string, string>; links: { targets: boolean; rules: boolean } }) {
  return (
    <Layout ctx={ctx} title={`${t.title}：${t.queues[name]}`}>
      <Breadcrumbs items={[home, { label: t.title }]} />
      <h1>{t.title}</h1>
      <div class="actions">
        <a class="button" href="/staff/applications/new">{t.register}</a>
        <a href="/staff/applications/statistics">{t.statistics}</a>
        {links.targets && <a href="/staff/applications/targets">{t.targets}</a>}
        {links.rules && <a href="/staff/applications/rules">{t.rules}</a>}
      </div>
      <nav aria-label={t.lists}>
        <ul class="tabs">
          {(Object.keys(t.queues) as QueueName[]).map((q) => (
            <li key={q}><a href={`/staff/applications?list=${q}`} aria-current={q === name ? 'page' : undefined}>{t.queues[q]}（{counts[q]}）</a></li>
          ))}
        </ul>
      </nav>
      <h2>{t.queues[name]}</h2>
      {rows.length === 0 ? <p>{t.empty}</p> : (
        // On a phone the table scrolls sideways (as the 12345 list does) instead of wrapping names one character per line.
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t.queues[name]}>
        <table class="stats-table queue-table">
          <thead><tr><th scope="col">{t.l.reference}</th><th scope="col">{t.l.applicant}</th><th scope="col">{t.l.handlingOrg}</th><th scope="col">{t.l.stage}</th><th scope="col">{t.l.receivedDate}</th><th scope="col">{t.l.dueOn}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td><a href={`/staff/applications/${r.reference}`}>{r.reference}</a></td>
                <td>{r.applicant_name}</td>
                <td>{orgNames[r.assigned_org_code ?? r.org_code] ?? r.org_code}</td>
                <td>{labelOf(STAGES, r.stage as Stage)}</td>
                <td>{r.received_on ?? t.l.toConfirm}</td>
                <td>{r.due_on ?? '—'}{Number(r.due_provisional) ? <span class="tag">{t.l.provisional}</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </Layout>
  );
}

function Field({ id, label, children, hint, error }: { id: string; label: string; children: ComponentChildren; hint?: string; error?: string }) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}><span class="visually-hidden">{t.l.errorPrefix}</span>{error}</p>}
      {children}
    </div>
  );
}
const describedBy = (id: string, hint?: string, error?: string) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
const Input = ({ form, name, label, type, hint, value, error }: { form: string; name: string; label: string; type?: string; hint?: string; value?: string; error?: string }) => (
  <Field id={`${form}-${name}`} label={label} hint={hint} error={error}>
    <input id={`${form}-${name}`} name={name} type={type ?? 'text'} class={type === 'date' || type === 'number' ? 'input input--short' : 'input'} value={value ?? ''} aria-describedby={describedBy(`${form}-${name}`, hint, error)} aria-invalid={error ? 'true' : undefined} />
  </Field>
);
const Area = ({ form, name, label, hint }: { form: string; name: string; label: string; hint?: string }) => (
  <Field id={`${form}-${name}`} label={label} hint={hint}><textarea id={`${form}-${name}`} name={name} rows={3} class="input" aria-describedby={hint ? `${form}-${name}-hint` : undefined}></textarea></Field>
);
const Choice = ({ form, name, label, options, value, error }: { form: string; name: string; label: string; options: { value: string; label: string }[]; value?: string; error?: string }) => (
  <Field id={`${form}-${name}`} label={label} error={error}>
    <select id={`${form}-${name}`} name={name} class="input" aria-describedby={describedBy(`${form}-${name}`, undefined, error)} aria-invalid={error ? 'true' : undefined}>
      <option value="">{t.l.choose}</option>{options.map((o) => <option key={o.value} value={o.value} selected={o.value === value}>{o.label}</option>)}
    </select>
  </Field>
);

function ActionForm({ ctx, reference, type, today, open, on, children }: { ctx: PageContext; reference: string; type: ActionType; today: string; open?: boolean; on?: string; children?: ComponentChildren }) {
  const id = `action-${type}`;
  return (
    <details id={id} class="action" open={open}>
      <summary>{labelOf(ACTIONS, type)}</summary>
      <Form action={`/staff/applications/${reference}/actions`} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="type" value={type} />
        <Input form={id} name="on" label={t.l.date} type="date" value={on ?? today} />
        {children}
        <Button>{labelOf(ACTIONS, type)}</Button>
      </Form>
    </details>
  );
}

function actionsFor(stage: Stage): ActionType[] {
  switch (stage) {
    case 'awaiting_confirmation': return ['confirm_receipt', 'withdraw'];
    case 'awaiting_correction': return ['receive_correction', 'decide', 'withdraw'];
    case 'in_consultation': return ['record_consultation_receipt', 'end_consultation', 'extend', 'confidentiality_review', 'withdraw'];
    // 登记征求意见书送达日期 stays open after the consultation ended (a signed receipt often comes back later); shown only when there was one.
    case 'awaiting_payment': return ['record_payment', 'decide', 'extend', 'record_consultation_receipt', 'withdraw'];
    case 'registered': case 'assigned': return ['assign', 'transfer', 'request_correction', 'start_consultation', 'record_consultation_receipt', 'issue_fee_notice', 'extend', 'confidentiality_review', 'decide', 'withdraw'];
    case 'decided': return ['deliver', 'record_review'];
    case 'delivered': return ['close', 'record_review'];
    default: return ['record_review'];
  }
}

function eventText(e: StoredEvent): string {
  const d = e.data;
  const due = (x: unknown) => (x as { due_on: string | null } | undefined)?.due_on ?? '—';
  switch (e.type) {
    case 'registered': return t.ev.registered(labelOf(CHANNELS, d.channel as Channel));
    case 'decide': return t.ev.decided(findOutcome(String(d.outcome))?.label ?? String(d.outcome));
    case 'due_recomputed': return t.ev.recomputed(String(d.reason), due(d.before), due(d.after));
    case 'request_correction': return t.ev.correction((d.items as string[]).join('；'), String(d.deadline_on));
    case 'extend': return t.ev.extended(String(d.days), String(d.approved_by), String(d.reason));
    case 'start_consultation': return t.ev.consultation(String(d.party), String(d.answer_due_on), labelOf(LETTER_SENDINGS, (d.sent_via ?? 'in_person') as LetterSending), String(d.received_on ?? e.on));
    case 'record_consultation_receipt': return t.ev.consultationReceipt(String(d.received_on), String(d.answer_due_on));
    case 'confidentiality_review': return t.ev.confidentiality(labelOf(CONFIDENTIALITY_RESULTS, d.result as 'cleared'), d.opinion ? String(d.opinion) : '');
    case 'deliver': return t.ev.delivered(labelOf(DELIVERY_METHODS, d.method as DeliveryMethod), d.tracking_no ? String(d.tracking_no) : '');
    default: return `${labelOf(ACTIONS, e.type as ActionType)}${d.org ? `：${String(d.org)}` : ''}${d.reason ? `：${String(d.reason)}` : ''}${d.result ? `：${String(d.result)}` : ''}`;
  }
}

/**
 * `values` / `failed`: after a refused action, the values posted and its type, so that form is
 * shown open with them and with its field errors (`action-<type>-<field>`).
 */
export function CasePage({ ctx, v, venue = null, orgName, errors, message, warnings, today, orgOptions, attachments, values = {}, failed = null }: {
  ctx: PageContext; v: StaffCaseView; orgName: string;
  /** The venue (政务公开专区, service centre) a walk-in application was handed in at, if recorded. */
  venue?: { publicId: string; name: string | null } | null; errors: FieldErrors; message: string | null; warnings: string[]; today: string; orgOptions: { value: string; label: string }[];
  attachments: { id: number; filename: string; created_at: string }[]; values?: Record<string, string>; failed?: string | null;
}) {
  const r = v.row;
  const stage = r.stage as Stage;
  const a = v.applicant;
  const ref = r.reference;
  const kept = (type: ActionType, name: string) => (failed === type ? values[name] : undefined);
  const fieldError = (type: ActionType, name: string) => errors[`action-${type}-${name}`];
  const forms: Record<ActionType, ComponentChildren> = {
    confirm_receipt: null, receive_correction: null, record_payment: null, close: null,
    request_correction: <><Area form="action-request_correction" name="items" label={t.l.correctionItems} hint={t.l.correctionItemsHint} /><Input form="action-request_correction" name="deadline_on" label={t.l.correctionDeadline(v.correctionPeriodDays)} type="date" /></>,
    assign: <Choice form="action-assign" name="org" label={t.l.assignOrg} options={orgOptions} />,
    transfer: <><Choice form="action-transfer" name="org" label={t.l.transferOrg} options={orgOptions} /><Area form="action-transfer" name="reason" label={t.l.transferReason} /></>,
    extend: <><Input form="action-extend" name="days" label={t.l.extendDays} type="number" /><Input form="action-extend" name="approved_by" label={t.l.approvedBy} /><Area form="action-extend" name="reason" label={t.l.extendReason} /></>,
    start_consultation: <>
      <Input form="action-start_consultation" name="party" label={t.l.party} value={kept('start_consultation', 'party')} />
      <Choice form="action-start_consultation" name="kind" label={t.l.kind} options={opts(CONSULTATION_KINDS)} value={kept('start_consultation', 'kind')} />
      <Choice form="action-start_consultation" name="sent_via" label={t.l.sentVia} options={opts(LETTER_SENDINGS)} value={kept('start_consultation', 'sent_via') ?? 'in_person'} error={fieldError('start_consultation', 'sent_via')} />
      <Input form="action-start_consultation" name="received_on" label={t.l.consultReceivedOn} type="date" hint={t.l.consultReceivedOnHint(v.consultationMailDays)} value={kept('start_consultation', 'received_on')} error={fieldError('start_consultation', 'received_on')} />
    </>,
    record_consultation_receipt: <Input form="action-record_consultation_receipt" name="received_on" label={t.l.consultActualReceivedOn} type="date" hint={t.l.consultActualReceivedOnHint} value={kept('record_consultation_receipt', 'received_on')} error={fieldError('record_consultation_receipt', 'received_on')} />,
    end_consultation: <Area form="action-end_consultation" name="result" label={t.l.consultResult} />,
    issue_fee_notice: <><Choice form="action-issue_fee_notice" name="basis" label={t.l.feeBasis} options={[{ value: 'count', label: t.l.byCount }, { value: 'pages', label: t.l.byPages }]} /><Input form="action-issue_fee_notice" name="pages" label={t.l.pages} type="number" /><Input form="action-issue_fee_notice" name="amount" label={t.l.amount} type="number" /></>,
    decide: <><Choice form="action-decide" name="outcome" label={t.l.outcome} options={OUTCOMES.map((o) => ({ value: o.code, label: `${o.code} ${o.label}` }))} /><Area form="action-decide" name="reasons" label={t.l.reasons} hint={t.l.reasonsHint} /><Area form="action-decide" name="withheld_reason" label={t.l.withheldReason} /><Input form="action-decide" name="record_index_no" label={t.l.recordIndexNo} /></>,
    deliver: <><Choice form="action-deliver" name="method" label={t.l.deliveryMethod} options={opts(DELIVERY_METHODS)} /><Input form="action-deliver" name="tracking_no" label={t.l.trackingNo} /></>,
    withdraw: <Area form="action-withdraw" name="reason" label={t.l.withdrawReason} />,
    record_review: <><Choice form="action-record_review" name="kind" label={t.l.kind} options={opts(REVIEW_KINDS)} /><Choice form="action-record_review" name="result" label={t.l.result} options={opts(REVIEW_RESULTS)} /></>,
    confidentiality_review: <><Choice form="action-confidentiality_review" name="result" label={t.l.reviewResult} options={opts(CONFIDENTIALITY_RESULTS)} /><Area form="action-confidentiality_review" name="opinion" label={t.l.reviewOpinion} /></>,
  };
  return (
    <Layout ctx={ctx} title={`${t.caseTitle} ${ref}`} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[home, list, { label: ref }]} />
      <ErrorSummary errors={errors} />
      <h1>{t.caseTitle} {ref}</h1>
      {message && <Notice>{message}</Notice>}
      {warnings.length > 0 && <div class="notice notice--warning" role="status"><h2>{t.l.reminders}</h2><ul>{warnings.map((w) => <li key={w}>{w}</li>)}</ul></div>}
      <dl class="summary">
        <div class="summary-row"><dt>{t.l.stage}</dt><dd>{labelOf(STAGES, stage)}</dd></div>
        <div class="summary-row"><dt>{t.l.handlingOrg}</dt><dd>{orgName}{r.assigned_org_code ? t.l.assignedTo(r.assigned_org_code) : ''}</dd></div>
        <div class="summary-row"><dt>{t.l.channel}</dt><dd>{labelOf(CHANNELS, r.channel as Channel)}</dd></div>
        {venue ? <div class="summary-row"><dt>{t.l.venue}</dt><dd><a href={`/services/venues/${encodeURIComponent(venue.publicId)}`}>{venue.name ?? venue.publicId}</a>{venue.name ? `（${venue.publicId}）` : ''}</dd></div> : null}
        <div class="summary-row"><dt>{t.l.receivedOn}</dt><dd>{r.received_on ?? t.l.receivedOnPending}</dd></div>
        <div class="summary-row"><dt>{t.l.dueOn}</dt><dd>{r.due_on ? deadlineText(r.due_on) : stage === 'in_consultation' ? p.paused : '—'}{r.due_on && Number(r.due_provisional) ? <> <span class="tag">{t.l.provisional}</span></> : null}</dd></div>
        <div class="summary-row"><dt>{t.l.dueExplanation}</dt><dd><ul class="explanation">{explanationLines(r.due_explanation).map((line) => <li key={line}>{line}</li>)}</ul></dd></div>

        {v.correctionNoticeBy && <div class="summary-row"><dt>{t.l.correctionNoticeBy}</dt><dd>{t.l.correctionNoticeByText(v.correctionNoticeBy)}</dd></div>}
        <div class="summary-row"><dt>{t.l.applicant}</dt><dd>{a.name}（{labelOf(APPLICANT_TYPES, a.type as ApplicantType)}{a.subtype ? `·${a.subtype}` : ''}）</dd></div>
        <div class="summary-row"><dt>{t.l.idNumber}</dt><dd>{a.idNumber ?? '—'}</dd></div>
        <div class="summary-row"><dt>{t.l.contact}</dt><dd>{[a.phone, a.email, a.address].filter(Boolean).join('；')}</dd></div>
        <div class="summary-row"><dt>{t.l.description}</dt><dd>{r.description}</dd></div>
        <div class="summary-row"><dt>{t.l.delivery}</dt><dd>{labelOf(DELIVERY_METHODS, r.delivery as DeliveryMethod)}</dd></div>
        {r.outcome && <div class="summary-row"><dt>{t.l.outcome}</dt><dd>{findOutcome(r.outcome)?.label}</dd></div>}
      </dl>
      {v.state.consultations.length > 0 && (
        <>
          <h2>{t.l.consultation}</h2>
          <ul>{v.state.consultations.map((c) => (
            <li key={c.from}>{t.l.consultationText(c.party, c.from, labelOf(LETTER_SENDINGS, c.sentVia), c.receivedOn, c.receiptRecorded, c.answerDueOn)}{c.to ? t.l.consultationEnded(c.to, c.result ?? '') : ''}</li>
          ))}</ul>
        </>
      )}
      {(v.canAct || v.canReview) && (
        <>
          <h2>{t.actions}</h2>
          {actionsFor(stage).filter((type) => (v.canAct || type === 'confidentiality_review') && (type !== 'record_consultation_receipt' || v.state.consultations.length > 0)).map((type) => <ActionForm key={type} ctx={ctx} reference={ref} type={type} today={today} open={failed === type} on={kept(type, 'on')}>{forms[type]}</ActionForm>)}
          {v.canAct && actionsFor(stage).includes('decide') && (
            <details class="action">
              <summary>{t.reasonLibrary}</summary>
              <table>
                <thead><tr><th scope="col">{t.l.outcome}</th><th scope="col">{t.l.basis}</th><th scope="col">{t.l.standardReasons}</th></tr></thead>
                <tbody>{OUTCOMES.map((o) => <tr key={o.code}><td>{o.code} {o.label}</td><td>{o.basis}</td><td>{o.reasonTexts.join(' / ')}</td></tr>)}</tbody>
              </table>
            </details>
          )}
        </>
      )}
      {(v.row.decided_on || attachments.length > 0) && (
        <>
          <h2>{t.receipts}</h2>
          {attachments.length > 0 && <ul>{attachments.map((f) => <li key={f.id}><a href={`/staff/applications/${ref}/attachments/${f.id}`}>{f.filename}</a>（{f.created_at.slice(0, 10)}）</li>)}</ul>}
          {v.canAct && v.row.decided_on && (
            <form method="post" action={`/staff/applications/${ref}/attachments`} enctype="multipart/form-data" novalidate>
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <div class={errors['receipt-file'] ? 'field field--error' : 'field'}>
                <label for="receipt-file">{t.l.receiptFile}</label>
                {errors['receipt-file'] && <p class="field-error" id="receipt-file-error"><span class="visually-hidden">{t.l.errorPrefix}</span>{errors['receipt-file']}</p>}
                <input id="receipt-file" name="file" type="file" accept=".pdf,.jpg,.jpeg,.png" aria-describedby={errors['receipt-file'] ? 'receipt-file-error' : undefined} />
              </div>
              <Button variant="secondary">{t.l.upload}</Button>
            </form>
          )}
        </>
      )}
      <h2>{t.letters}</h2>
      <ul>
        {LETTER_KINDS.filter((k) => letterAvailable(k.code, v.state)).map((k) => <li key={k.code}><a href={`/staff/applications/${ref}/letters/${k.code}`}>{k.label}（DOCX）</a></li>)}
      </ul>
      <h2>{t.events}</h2>
      <table>
        <thead><tr><th scope="col">{t.l.seq}</th><th scope="col">{t.l.date}</th><th scope="col">{t.l.item}</th><th scope="col">{t.l.actor}</th></tr></thead>
        <tbody>{v.events.map((e) => <tr key={e.seq}><td>{e.seq}</td><td>{e.on}</td><td>{eventText(e)}</td><td>{e.actorLabel}</td></tr>)}</tbody>
      </table>
    </Layout>
  );
}

export function RegisterPage({ ctx, values, errors, orgOptions }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; orgOptions: { value: string; label: string }[] }) {
  return (
    <Layout ctx={ctx} title={t.register} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[home, list, { label: t.register }]} />
      <ErrorSummary errors={errors} />
      <h1>{t.register}</h1>
      <p class="hint">{t.registerHint}</p>
      <Form action="/staff/applications" csrfToken={ctx.csrfToken}>
        <Select name="org" label={t.l.org} options={orgOptions} value={values.org} error={errors.org} placeholder={t.l.choose} />
        <Select name="channel" label={t.l.applicationChannel} options={opts(CHANNELS)} value={values.channel} error={errors.channel} placeholder={t.l.choose} />
        <TextInput name="received_on" label={t.l.receivedOn} hint={t.l.receivedOnHint} type="date" value={values.received_on} error={errors.received_on} width="short" />
        <Select name="applicant_type" label={t.l.applicantType} options={opts(APPLICANT_TYPES)} value={values.applicant_type} error={errors.applicant_type} placeholder={t.l.choose} />
        <Select name="applicant_subtype" label={t.l.subtype} options={LEGAL_PERSON_SUBTYPES.map((x) => ({ value: x, label: x }))} value={values.applicant_subtype} error={errors.applicant_subtype} placeholder={t.l.subtypeNone} />
        <TextInput name="applicant_name" label={t.l.nameOrOrg} value={values.applicant_name} error={errors.applicant_name} />
        <TextInput name="applicant_id_number" label={t.l.idOrUscc} value={values.applicant_id_number} error={errors.applicant_id_number} />
        <TextInput name="applicant_phone" label={t.l.phone} value={values.applicant_phone} error={errors.applicant_phone} />
        <TextInput name="applicant_email" label={t.l.email} value={values.applicant_email} error={errors.applicant_email} />
        <TextInput name="applicant_address" label={t.l.address} value={values.applicant_address} error={errors.applicant_address} />
        <TextArea name="description" label={t.l.requestedInfo} value={values.description} error={errors.description} />
        <Select name="delivery" label={t.l.delivery} options={opts(DELIVERY_METHODS)} value={values.delivery} error={errors.delivery} placeholder={t.l.choose} />
        <Button>{t.register}</Button>
      </Form>
    </Layout>
  );
}

export function RegisteredPage({ ctx, reference, trackingCode, dueOn, dueProvisional }: { ctx: PageContext; reference: string; trackingCode: string; dueOn: string | null; dueProvisional: boolean }) {
  return (
    <Layout ctx={ctx} title={t.registered}>
      <Breadcrumbs items={[home, list, { label: t.registered }]} />
      <h1>{t.registered}</h1>
      <dl class="summary">
        <div class="summary-row"><dt>{t.l.reference}</dt><dd>{reference}</dd></div>
        <div class="summary-row"><dt>{t.l.code}</dt><dd><strong>{trackingCode}</strong></dd></div>
        <div class="summary-row"><dt>{t.l.dueOn}</dt><dd>{dueOn ? <>{deadlineText(dueOn)}{dueProvisional ? <> <span class="tag">{t.l.provisional}</span></> : null}</> : t.l.dueAfterConfirmation}</dd></div>
      </dl>
      <Notice>{t.codeOnce}</Notice>
      <Form action={`/staff/applications/${reference}/receipt`} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="tracking_code" value={trackingCode} />
        <Button variant="secondary">{t.l.downloadReceipt}</Button>
      </Form>
      <p><a href={`/staff/applications/${reference}`}>{t.l.openCase}</a></p>
    </Layout>
  );
}

export function StatisticsPage({ ctx, values, errors, rows, orgOptions }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; rows: StatisticsRow[] | null; orgOptions: { value: string; label: string }[] }) {
  const q = new URLSearchParams(values).toString();
  return (
    <Layout ctx={ctx} title={t.statistics} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[home, list, { label: t.statistics }]} />
      <ErrorSummary errors={errors} />
      <h1>{t.statistics}</h1>
      <form method="get" action="/staff/applications/statistics">
        <Select name="org" label={t.l.orgSubtree} options={orgOptions} value={values.org} error={errors.org} />
        <TextInput name="from" label={t.l.from} type="date" value={values.from} error={errors.from} width="short" />
        <TextInput name="to" label={t.l.to} type="date" value={values.to} error={errors.to} width="short" />
        <Button>{t.l.compute}</Button>
      </form>
      {rows && (
        <>
          <p>{rows.length ? t.summary(rows[rows.length - 1]!) : t.empty}</p>
          <table>
            <thead><tr><th scope="col">{t.l.orgCol}</th><th scope="col">{t.l.receivedCol}</th><th scope="col">{t.l.closedCol}</th><th scope="col">{t.l.inProgressCol}</th><th scope="col">{t.l.overdueCol}</th></tr></thead>
            <tbody>{rows.map((r) => <tr key={r.orgCode}><td>{r.orgName}</td><td>{r.received}</td><td>{r.closed}</td><td>{r.inProgress}</td><td>{r.overdue}</td></tr>)}</tbody>
          </table>
          <p><a href={`/staff/applications/statistics.csv?${q}`}>{t.l.downloadCsv}</a></p>
        </>
      )}
    </Layout>
  );
}

export function TargetsPage({ ctx, values, errors, message, orgOptions }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; message: string | null; orgOptions: { value: string; label: string }[] }) {
  return (
    <Layout ctx={ctx} title={t.targets} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[home, list, { label: t.targets }]} />
      <ErrorSummary errors={errors} />
      <h1>{t.targets}</h1>
      {message && <Notice>{message}</Notice>}
      <p>{t.targetsHint}</p>
      <Form action="/staff/applications/targets" csrfToken={ctx.csrfToken}>
        <Select name="org" label={t.l.orgCol} options={orgOptions} value={values.org} error={errors.org} />
        <TextInput name="register_days" label={t.l.registerDays} type="number" value={values.register_days} error={errors.register_days} width="short" />
        <TextInput name="assign_days" label={t.l.assignDays} type="number" value={values.assign_days} error={errors.assign_days} width="short" />
        <TextInput name="draft_days" label={t.l.draftDays} type="number" value={values.draft_days} error={errors.draft_days} width="short" />
        <TextInput name="reply_days" label={t.l.replyDays} type="number" value={values.reply_days} error={errors.reply_days} width="short" />
        <h2>{t.l.remedies}</h2>
        <p class="hint">不填时按单位层级推定：{values.derived}（管辖规则以当地规定为准）</p>
        <TextInput name="review_body" label={t.l.reviewBody} value={values.review_body} error={errors.review_body} />
        <TextInput name="court" label={t.l.court} value={values.court} error={errors.court} />
        <Button>{t.l.save}</Button>
      </Form>
    </Layout>
  );
}

export function RulesPage({ ctx, values, errors, message }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; message: string | null }) {
  return (
    <Layout ctx={ctx} title={t.rules} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[home, list, { label: t.rules }]} />
      <ErrorSummary errors={errors} />
      <h1>{t.rules}</h1>
      {message && <Notice>{message}</Notice>}
      <p>{t.rulesHint}</p>
      <Form action="/staff/applications/rules" csrfToken={ctx.csrfToken}>
        <Select name="feePausesClock" label={t.l.feePauses} options={[{ value: 'no', label: t.l.feePausesNo }, { value: 'yes', label: t.l.feePausesYes }]} value={values.feePausesClock} error={errors.feePausesClock} />
        <TextInput name="feePaymentDays" label={t.l.feePaymentDays} type="number" value={values.feePaymentDays} error={errors.feePaymentDays} width="short" />
        <TextInput name="defaultCorrectionPeriodDays" label={t.l.defaultCorrectionDays} type="number" value={values.defaultCorrectionPeriodDays} error={errors.defaultCorrectionPeriodDays} width="short" />
        <TextInput name="consultationMailDays" label={t.l.consultationMailDays} type="number" value={values.consultationMailDays} error={errors.consultationMailDays} width="short" />
        <Button>{t.l.save}</Button>
      </Form>
    </Layout>
  );
}
