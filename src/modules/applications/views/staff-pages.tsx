// Pure views: the staff side of 依申请公开 — queue with named lists, case page with the actions as
// forms, offline registration, statistics and internal targets.
import type { ComponentChildren } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import {
  ACTIONS, APPLICANT_TYPES, CHANNELS, CONFIDENTIALITY_RESULTS, CONSULTATION_KINDS, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES, OUTCOMES, REVIEW_KINDS, REVIEW_RESULTS, STAGES, findOutcome,
  type ActionType, type ApplicantType, type Channel, type DeliveryMethod, type Stage,
} from '../workflow.ts';
import { LETTER_KINDS, letterAvailable } from '../letters.ts';
import type { CaseRow, StoredEvent } from '../applications.repository.ts';
import type { QueueName, StaffCaseView } from '../applications.service.ts';
import { staffStrings as t } from '../applications.strings.ts';
import type { StatisticsRow } from '../statistics-csv.ts';

const home = { href: '/staff', label: '工作台' };
const list = { href: '/staff/applications', label: t.title };
const opts = (e: { values: readonly { code: string; label: string }[] }) => e.values.map((v) => ({ value: v.code, label: v.label }));

export function QueuePage({ ctx, name, counts, rows, orgNames }: { ctx: PageContext; name: QueueName; counts: Record<QueueName, number>; rows: CaseRow[]; orgNames: Record<string, string> }) {
  return (
    <Layout ctx={ctx} title={`${t.title}：${t.queues[name]}`}>
      <Breadcrumbs items={[home, { label: t.title }]} />
      <h1>{t.title}</h1>
      <div class="actions">
        <a class="button" href="/staff/applications/new">{t.register}</a>
        <a href="/staff/applications/statistics">{t.statistics}</a>
        <a href="/staff/applications/targets">{t.targets}</a>
        <a href="/staff/applications/rules">{t.rules}</a>
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
        <table>
          <thead><tr><th scope="col">申请编号</th><th scope="col">申请人</th><th scope="col">办理机关</th><th scope="col">状态</th><th scope="col">收到日期</th><th scope="col">答复期限</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td><a href={`/staff/applications/${r.reference}`}>{r.reference}</a></td>
                <td>{r.applicant_name}</td>
                <td>{orgNames[r.assigned_org_code ?? r.org_code] ?? r.org_code}</td>
                <td>{labelOf(STAGES, r.stage as Stage)}</td>
                <td>{r.received_on ?? '待确认'}</td>
                <td>{r.due_on ?? '—'}{Number(r.due_provisional) ? <span class="tag">暂定</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function Field({ id, label, children, hint }: { id: string; label: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {children}
    </div>
  );
}
const Input = ({ form, name, label, type, hint, value }: { form: string; name: string; label: string; type?: string; hint?: string; value?: string }) => (
  <Field id={`${form}-${name}`} label={label} hint={hint}>
    <input id={`${form}-${name}`} name={name} type={type ?? 'text'} class={type === 'date' || type === 'number' ? 'input input--short' : 'input'} value={value ?? ''} aria-describedby={hint ? `${form}-${name}-hint` : undefined} />
  </Field>
);
const Area = ({ form, name, label, hint }: { form: string; name: string; label: string; hint?: string }) => (
  <Field id={`${form}-${name}`} label={label} hint={hint}><textarea id={`${form}-${name}`} name={name} rows={3} class="input" aria-describedby={hint ? `${form}-${name}-hint` : undefined}></textarea></Field>
);
const Choice = ({ form, name, label, options }: { form: string; name: string; label: string; options: { value: string; label: string }[] }) => (
  <Field id={`${form}-${name}`} label={label}>
    <select id={`${form}-${name}`} name={name} class="input"><option value="">请选择</option>{options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>
  </Field>
);

function ActionForm({ ctx, reference, type, today, children }: { ctx: PageContext; reference: string; type: ActionType; today: string; children?: ComponentChildren }) {
  const id = `action-${type}`;
  return (
    <details id={id} class="action">
      <summary>{labelOf(ACTIONS, type)}</summary>
      <Form action={`/staff/applications/${reference}/actions`} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="type" value={type} />
        <Input form={id} name="on" label="日期" type="date" value={today} />
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
    case 'in_consultation': return ['end_consultation', 'extend', 'confidentiality_review', 'withdraw'];
    case 'awaiting_payment': return ['record_payment', 'decide', 'extend', 'withdraw'];
    case 'registered': case 'assigned': return ['assign', 'transfer', 'request_correction', 'start_consultation', 'issue_fee_notice', 'extend', 'confidentiality_review', 'decide', 'withdraw'];
    case 'decided': return ['deliver', 'record_review'];
    case 'delivered': return ['close', 'record_review'];
    default: return ['record_review'];
  }
}

function eventText(e: StoredEvent): string {
  const d = e.data;
  switch (e.type) {
    case 'registered': return `登记（${labelOf(CHANNELS, d.channel as Channel)}）`;
    case 'decide': { const o = findOutcome(String(d.outcome)); return `作出答复：${o?.label ?? d.outcome}`; }
    case 'due_recomputed': return `重新计算答复期限：${String(d.reason)}（${(d.before as { due_on: string | null }).due_on ?? '—'} → ${(d.after as { due_on: string | null }).due_on ?? '—'}）`;
    case 'request_correction': return `补正告知：${(d.items as string[]).join('；')}（期限 ${String(d.deadline_on)}）`;
    case 'extend': return `延期 ${String(d.days)} 个工作日（${String(d.approved_by)} 批准）：${String(d.reason)}`;
    case 'start_consultation': return `征求意见：${String(d.party)}（答复期限 ${String(d.answer_due_on)}）`;
    case 'confidentiality_review': return `保密审查：${labelOf(CONFIDENTIALITY_RESULTS, d.result as 'cleared')}${d.opinion ? `（${String(d.opinion)}）` : ''}`;
    case 'deliver': return `送达：${labelOf(DELIVERY_METHODS, d.method as DeliveryMethod)}${d.tracking_no ? `（${String(d.tracking_no)}）` : ''}`;
    default: return `${labelOf(ACTIONS, e.type as ActionType)}${d.org ? `：${String(d.org)}` : ''}${d.reason ? `：${String(d.reason)}` : ''}${d.result ? `：${String(d.result)}` : ''}`;
  }
}

export function CasePage({ ctx, v, orgName, errors, message, warnings, today, orgOptions, attachments }: {
  ctx: PageContext; v: StaffCaseView; orgName: string; errors: FieldErrors; message: string | null; warnings: string[]; today: string; orgOptions: { value: string; label: string }[];
  attachments: { id: number; filename: string; created_at: string }[];
}) {
  const r = v.row;
  const stage = r.stage as Stage;
  const a = v.applicant;
  const ref = r.reference;
  const forms: Record<ActionType, ComponentChildren> = {
    confirm_receipt: null, receive_correction: null, record_payment: null, close: null,
    request_correction: <><Area form="action-request_correction" name="items" label="需要补正的事项" hint="每行一项；补正应一次性告知（第三十条）" /><Input form="action-request_correction" name="deadline_on" label="补正期限（可不填，默认 15 个工作日）" type="date" /></>,
    assign: <Choice form="action-assign" name="org" label="承办单位" options={orgOptions} />,
    transfer: <><Choice form="action-transfer" name="org" label="转办机关" options={orgOptions} /><Area form="action-transfer" name="reason" label="转办理由" /></>,
    extend: <><Input form="action-extend" name="days" label="延长工作日数（最多 20 个）" type="number" /><Input form="action-extend" name="approved_by" label="批准人用户名（政务公开工作机构负责人）" /><Area form="action-extend" name="reason" label="延期理由" /></>,
    start_consultation: <><Input form="action-start_consultation" name="party" label="第三方或机关名称" /><Choice form="action-start_consultation" name="kind" label="类型" options={opts(CONSULTATION_KINDS)} /></>,
    end_consultation: <Area form="action-end_consultation" name="result" label="征求意见结果" />,
    issue_fee_notice: <><Choice form="action-issue_fee_notice" name="basis" label="计收方式" options={[{ value: 'count', label: '按件计收' }, { value: 'pages', label: '按量计收' }]} /><Input form="action-issue_fee_notice" name="pages" label="页数（按量计收时填写）" type="number" /><Input form="action-issue_fee_notice" name="amount" label="金额（元，不填时按标准计算）" type="number" /></>,
    decide: <><Choice form="action-decide" name="outcome" label="答复类型" options={OUTCOMES.map((o) => ({ value: o.code, label: `${o.code} ${o.label}` }))} /><Area form="action-decide" name="reasons" label="答复理由" hint="每行一段；不填时使用该类型的标准理由" /><Area form="action-decide" name="withheld_reason" label="不予公开部分的理由（部分公开时必填）" /><Input form="action-decide" name="record_index_no" label="已主动公开信息的索引号（可选）" /></>,
    deliver: <><Choice form="action-deliver" name="method" label="送达方式" options={opts(DELIVERY_METHODS)} /><Input form="action-deliver" name="tracking_no" label="EMS 邮件号（邮寄时必填）" /></>,
    withdraw: <Area form="action-withdraw" name="reason" label="撤回理由" />,
    record_review: <><Choice form="action-record_review" name="kind" label="类型" options={opts(REVIEW_KINDS)} /><Choice form="action-record_review" name="result" label="结果" options={opts(REVIEW_RESULTS)} /></>,
    confidentiality_review: <><Choice form="action-confidentiality_review" name="result" label="审查结论" options={opts(CONFIDENTIALITY_RESULTS)} /><Area form="action-confidentiality_review" name="opinion" label="审查意见" /></>,
  };
  return (
    <Layout ctx={ctx} title={`${t.caseTitle} ${ref}`} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[home, list, { label: ref }]} />
      <ErrorSummary errors={errors} />
      <h1>{t.caseTitle} {ref}</h1>
      {message && <Notice>{message}</Notice>}
      {warnings.length > 0 && <div class="notice notice--warning" role="status"><h2>提醒</h2><ul>{warnings.map((w) => <li key={w}>{w}</li>)}</ul></div>}
      <dl class="summary">
        <div class="summary-row"><dt>状态</dt><dd>{labelOf(STAGES, stage)}</dd></div>
        <div class="summary-row"><dt>办理机关</dt><dd>{orgName}{r.assigned_org_code ? `（承办：${r.assigned_org_code}）` : ''}</dd></div>
        <div class="summary-row"><dt>渠道</dt><dd>{labelOf(CHANNELS, r.channel as Channel)}</dd></div>
        <div class="summary-row"><dt>收到申请日期</dt><dd>{r.received_on ?? '待确认（第三十一条）'}</dd></div>
        <div class="summary-row"><dt>答复期限</dt><dd>{r.due_on ?? '—'}{Number(r.due_provisional) ? <span class="tag">暂定</span> : null}</dd></div>
        <div class="summary-row"><dt>期限说明</dt><dd>{r.due_explanation}</dd></div>
        {v.correctionNoticeBy && <div class="summary-row"><dt>补正告知期限</dt><dd>如需补正，应于 {v.correctionNoticeBy} 前一次性告知（第三十条）</dd></div>}
        <div class="summary-row"><dt>申请人</dt><dd>{a.name}（{labelOf(APPLICANT_TYPES, a.type as ApplicantType)}{a.subtype ? `·${a.subtype}` : ''}）</dd></div>
        <div class="summary-row"><dt>证件号码</dt><dd>{a.idNumber ?? '—'}</dd></div>
        <div class="summary-row"><dt>联系方式</dt><dd>{[a.phone, a.email, a.address].filter(Boolean).join('；')}</dd></div>
        <div class="summary-row"><dt>所需信息</dt><dd>{r.description}</dd></div>
        <div class="summary-row"><dt>获取方式</dt><dd>{labelOf(DELIVERY_METHODS, r.delivery as DeliveryMethod)}</dd></div>
        {r.outcome && <div class="summary-row"><dt>答复类型</dt><dd>{findOutcome(r.outcome)?.label}</dd></div>}
      </dl>
      {(v.canAct || v.canReview) && (
        <>
          <h2>{t.actions}</h2>
          {actionsFor(stage).filter((type) => v.canAct || type === 'confidentiality_review').map((type) => <ActionForm key={type} ctx={ctx} reference={ref} type={type} today={today}>{forms[type]}</ActionForm>)}
          {v.canAct && actionsFor(stage).includes('decide') && (
            <details class="action">
              <summary>{t.reasonLibrary}</summary>
              <table>
                <thead><tr><th scope="col">答复类型</th><th scope="col">法律依据</th><th scope="col">标准理由</th></tr></thead>
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
                <label for="receipt-file">送达回执扫描件（PDF、JPEG 或 PNG，不超过 5 MB）</label>
                {errors['receipt-file'] && <p class="field-error" id="receipt-file-error"><span class="visually-hidden">错误：</span>{errors['receipt-file']}</p>}
                <input id="receipt-file" name="file" type="file" accept=".pdf,.jpg,.jpeg,.png" aria-describedby={errors['receipt-file'] ? 'receipt-file-error' : undefined} />
              </div>
              <Button variant="secondary">上传</Button>
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
        <thead><tr><th scope="col">序号</th><th scope="col">日期</th><th scope="col">事项</th><th scope="col">操作人</th></tr></thead>
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
        <Select name="org" label="受理机关" options={orgOptions} value={values.org} error={errors.org} placeholder="请选择" />
        <Select name="channel" label="申请渠道" options={opts(CHANNELS)} value={values.channel} error={errors.channel} placeholder="请选择" />
        <TextInput name="received_on" label="收到申请日期" hint="当面：提交当日；信函：签收之日；传真、网上：提交日期（确认后开始计算）" type="date" value={values.received_on} error={errors.received_on} width="short" />
        <Select name="applicant_type" label="申请人类型" options={opts(APPLICANT_TYPES)} value={values.applicant_type} error={errors.applicant_type} placeholder="请选择" />
        <Select name="applicant_subtype" label="法人或其他组织类型" options={LEGAL_PERSON_SUBTYPES.map((x) => ({ value: x, label: x }))} value={values.applicant_subtype} error={errors.applicant_subtype} placeholder="（自然人不填）" />
        <TextInput name="applicant_name" label="姓名或名称" value={values.applicant_name} error={errors.applicant_name} />
        <TextInput name="applicant_id_number" label="身份证号码或统一社会信用代码" value={values.applicant_id_number} error={errors.applicant_id_number} />
        <TextInput name="applicant_phone" label="联系电话" value={values.applicant_phone} error={errors.applicant_phone} />
        <TextInput name="applicant_email" label="电子邮箱" value={values.applicant_email} error={errors.applicant_email} />
        <TextInput name="applicant_address" label="通信地址" value={values.applicant_address} error={errors.applicant_address} />
        <TextArea name="description" label="所需政府信息" value={values.description} error={errors.description} />
        <Select name="delivery" label="获取方式" options={opts(DELIVERY_METHODS)} value={values.delivery} error={errors.delivery} placeholder="请选择" />
        <Button>{t.register}</Button>
      </Form>
    </Layout>
  );
}

export function RegisteredPage({ ctx, reference, trackingCode, dueOn }: { ctx: PageContext; reference: string; trackingCode: string; dueOn: string | null }) {
  return (
    <Layout ctx={ctx} title={t.registered}>
      <Breadcrumbs items={[home, list, { label: t.registered }]} />
      <h1>{t.registered}</h1>
      <dl class="summary">
        <div class="summary-row"><dt>申请编号</dt><dd>{reference}</dd></div>
        <div class="summary-row"><dt>查询码</dt><dd><strong>{trackingCode}</strong></dd></div>
        <div class="summary-row"><dt>答复期限</dt><dd>{dueOn ?? '确认收到后计算'}</dd></div>
      </dl>
      <Notice>{t.codeOnce}</Notice>
      <Form action={`/staff/applications/${reference}/receipt`} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="tracking_code" value={trackingCode} />
        <Button variant="secondary">下载登记回执（含查询码，DOCX）</Button>
      </Form>
      <p><a href={`/staff/applications/${reference}`}>打开申请</a></p>
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
        <Select name="org" label="机关（含下级）" options={orgOptions} value={values.org} error={errors.org} />
        <TextInput name="from" label="起始日期" type="date" value={values.from} error={errors.from} width="short" />
        <TextInput name="to" label="截止日期" type="date" value={values.to} error={errors.to} width="short" />
        <Button>统计</Button>
      </form>
      {rows && (
        <>
          <p>{rows.length ? t.summary(rows[rows.length - 1]!) : t.empty}</p>
          <table>
            <thead><tr><th scope="col">机关</th><th scope="col">收到申请</th><th scope="col">办结</th><th scope="col">正在办理</th><th scope="col">其中逾期</th></tr></thead>
            <tbody>{rows.map((r) => <tr key={r.orgCode}><td>{r.orgName}</td><td>{r.received}</td><td>{r.closed}</td><td>{r.inProgress}</td><td>{r.overdue}</td></tr>)}</tbody>
          </table>
          <p><a href={`/staff/applications/statistics.csv?${q}`}>下载 CSV</a></p>
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
        <Select name="org" label="机关" options={orgOptions} value={values.org} error={errors.org} />
        <TextInput name="register_days" label="登记（工作日）" type="number" value={values.register_days} error={errors.register_days} width="short" />
        <TextInput name="assign_days" label="交办（工作日）" type="number" value={values.assign_days} error={errors.assign_days} width="short" />
        <TextInput name="draft_days" label="拟办（工作日）" type="number" value={values.draft_days} error={errors.draft_days} width="short" />
        <TextInput name="reply_days" label="答复（工作日）" type="number" value={values.reply_days} error={errors.reply_days} width="short" />
        <h2>答复书中的救济途径</h2>
        <p class="hint">不填时按单位层级推定：{values.derived}（管辖规则以当地规定为准）</p>
        <TextInput name="review_body" label="行政复议机关" value={values.review_body} error={errors.review_body} />
        <TextInput name="court" label="行政诉讼管辖法院" value={values.court} error={errors.court} />
        <Button>保存</Button>
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
        <Select name="feePausesClock" label="收费通知发出至缴费期间是否不计入答复期限" options={[{ value: 'no', label: '否（计入答复期限）' }, { value: 'yes', label: '是（暂停计算）' }]} value={values.feePausesClock} error={errors.feePausesClock} />
        <TextInput name="feePaymentDays" label="缴费期限（收到收费通知次日起，工作日）" type="number" value={values.feePaymentDays} error={errors.feePaymentDays} width="short" />
        <TextInput name="defaultCorrectionPeriodDays" label="补正告知未写期限时的默认补正期限（工作日）" type="number" value={values.defaultCorrectionPeriodDays} error={errors.defaultCorrectionPeriodDays} width="short" />
        <Button>保存</Button>
      </Form>
    </Layout>
  );
}
