// Pure views: the staff 好差评 pages — the 差评 queues and all ratings (in scope), one rating with its
// event log and the action forms, the entry of a paper form or a 12345 callback, the county's time
// limits and the platform's 差评 reason list. Phones arrive masked.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { CHANNEL_ENUM, LEVELS, OFFLINE_INDICATORS, ONLINE_INDICATORS, SUBJECT_ENUM, type SubjectCode } from '../levels.ts';
import { ratingStrings as rs } from '../ratings.strings.ts';
import type { ListedRating, QueueName, StaffRating } from '../ratings.service.ts';
import type { ReasonRow, RatingSettings } from '../ratings.repository.ts';
import { OPEN_STATES, type ActionKind, type RatingState } from '../workflow.ts';

const st = rs.staff;
const wf = rs.workflow;
const BASE = '/staff/ratings';
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: BASE, label: st.list }, ...extra]} />;
const levelLabel = (n: number) => LEVELS.find((l) => l.stars === n)?.label ?? String(n);
const stateLabel = (s: string) => wf.states[s] ?? s;
const subjectLabel = (s: string) => labelOf(SUBJECT_ENUM, s as SubjectCode);
const channelLabel = (c: string) => labelOf(CHANNEL_ENUM, c as never);

export function ListPage({ ctx, queue, rows, total, offset, limit, done, can }: { ctx: PageContext; queue: QueueName; rows: ListedRating[]; total: number; offset: number; limit: number; done?: string | undefined; can: { entry: boolean; settings: boolean; reasons: boolean } }) {
  const c = st.cols;
  const title = queue === 'all' ? st.list : `${st.list}：${st.queues[queue]}`;
  const link = (o: number) => `${BASE}?queue=${queue}&offset=${o}`;
  return (
    <Layout ctx={ctx} title={title}>
      {crumbs(queue === 'all' ? [] : [{ label: st.queues[queue] ?? queue }])}
      <h1>{title}</h1>
      {done && <Notice>{done}</Notice>}
      <nav aria-label={st.list}>
        <ul class="inline-list">
          {(['callback', 'rectify', 'overdue', 'appealed', 'bad', 'all'] as const).map((q) => (
            <li key={q}>{q === queue ? <strong aria-current="page">{st.queues[q]}</strong> : <a href={`${BASE}?queue=${q}`}>{st.queues[q]}</a>}</li>
          ))}
        </ul>
      </nav>
      {/* The button and the links in separate paragraphs: side by side they overlap at 375 px. */}
      {can.entry && <p><a class="button" href={`${BASE}/new`}>{st.newEntry}</a></p>}
      {(can.settings || can.reasons) && (
        <p>
          {can.settings && <a href={`${BASE}/settings`}>{st.settingsLink}</a>}
          {can.settings && can.reasons && ' · '}
          {can.reasons && <a href={`${BASE}/reasons`}>{st.reasonsLink}</a>}
        </p>
      )}
      <p>{st.total(total)}</p>
      {rows.length === 0 ? <p>{st.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table class="table stats-table">
            <thead><tr><th scope="col">{c.id}</th><th scope="col">{c.org}</th><th scope="col">{c.subject}</th><th scope="col">{c.level}</th><th scope="col">{c.channel}</th><th scope="col">{c.ratedOn}</th><th scope="col">{c.state}</th><th scope="col">{c.due}</th><th scope="col">{c.rater}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.publicId}>
                  <td><a href={`${BASE}/${r.publicId}`}>{r.publicId}</a></td>
                  <td>{r.orgName}</td>
                  <td>{subjectLabel(r.subject)}{r.windowCode ? ` ${r.windowCode}` : ''}{r.staffNo ? ` ${r.staffNo}` : ''}</td>
                  <td>{levelLabel(r.level)}</td>
                  <td>{channelLabel(r.channel)}</td>
                  <td>{r.ratedOn}</td>
                  <td>{stateLabel(r.state)}{r.overdue && <> <span class="tag tag--warn">{st.overdueTag}</span></>}{r.excluded && <> <span class="tag">{st.excludedTag}</span></>}</td>
                  <td>{r.dueOn ?? '—'}</td>
                  <td>{r.raterName ? `${r.raterName}${r.raterPhone ? ` ${r.raterPhone}` : ''}` : st.anonymous}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {offset > 0 && <a href={link(Math.max(0, offset - limit))}>{st.prev}</a>}
        {offset > 0 && offset + limit < total && ' · '}
        {offset + limit < total && <a href={link(offset + limit)}>{st.next}</a>}
      </p>
    </Layout>
  );
}

/** The actions the actor may take now (the forms shown); decide() still judges each. */
export function availableActions(state: RatingState, named: boolean, standing: { inUnit: boolean; aboveUnit: boolean }, appeals: number): ActionKind[] {
  const out: ActionKind[] = [];
  if (standing.inUnit) {
    if (state === 'callback_due' && named) out.push('callback');
    if (state === 'rectify_due' || state === 'rectifying') out.push('rectify');
    if (state === 'reply_due' || state === 'rectify_due') out.push('reply');
    if (OPEN_STATES.includes(state) && appeals === 0) out.push('appeal');
    if (state === 'replied') out.push('close');
  }
  if (standing.aboveUnit && state === 'appealed') out.push('decide_appeal');
  return out;
}

function eventText(kind: string, p: Record<string, unknown>, planned = false): string {
  const parts: string[] = [];
  const v = (k: string) => (typeof p[k] === 'string' && p[k] ? String(p[k]) : '');
  if (kind === 'rated') parts.push(`${levelLabel(Number(p.level))}，${channelLabel(String(p.channel ?? ''))}`);
  if (kind === 'called_back') parts.push(`${p.reached ? '已联系上评价人' : '未联系上评价人'}：${v('note')}`);
  if (kind === 'rectify_planned') parts.push(`限期整改至 ${v('due_on')}：${v('measures')}`);
  // The end of a 限期整改 is recorded as a rectify too: call it what it is.
  if (kind === 'rectified') parts.push(`${planned ? '限期整改完成' : '立行立改'}：${v('measures')}`);
  if (kind === 'replied') parts.push(`${p.explained ? '（无需整改，予以解释）' : ''}${v('text')}`);
  if (kind === 'appealed') parts.push(v('reason'));
  if (kind === 'appeal_upheld' || kind === 'appeal_rejected') parts.push(v('note'));
  return parts.join('') || '—';
}

export function DetailPage({ ctx, r, reasons, values, errors, done, appeals, today }: {
  ctx: PageContext; today: string; r: StaffRating; reasons: ReasonRow[]; values: Record<string, string>; errors: FieldErrors; done?: string | undefined; appeals: number;
}) {
  const d = st.detail;
  const f = st.form;
  const row = r.row;
  const indicators = JSON.parse(row.indicators_json) as Record<string, number>;
  const reasonCodes = JSON.parse(row.reasons_json) as string[];
  const indicatorDefs = [...ONLINE_INDICATORS.values, ...OFFLINE_INDICATORS.values];
  const state = row.state as RatingState;
  const actions = availableActions(state, !!row.rater_name && !!row.rater_phone, r.standing, appeals);
  const title = `${st.list} ${row.public_id}`;
  const on = (a: string) => <TextInput name={`${a}_on`} label={f.on} hint={f.dateHint} value={values[`${a}_on`] ?? today} error={errors[`${a}_on`]} width="short" />;
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: row.public_id }])}
      <h1>{title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      {row.excluded ? <Notice>{d.excluded}</Notice> : null}
      <h2>{d.facts}</h2>
      <dl class="facts">
        <dt>{st.cols.org}</dt><dd>{r.orgName}（{row.org_code}）</dd>
        <dt>{st.cols.subject}</dt><dd>{subjectLabel(row.subject)}</dd>
        {row.venue_public_id && <><dt>{d.venue}</dt><dd>{r.names.venue ? `${r.names.venue}（${row.venue_public_id}）` : row.venue_public_id}</dd></>}
        {row.window_code && <><dt>{d.window}</dt><dd>{r.names.window ? `${row.window_code} ${r.names.window}` : row.window_code}</dd></>}
        {row.item_public_id && <><dt>{d.item}</dt><dd>{r.names.item ? `${r.names.item}（${row.item_public_id}）` : row.item_public_id}</dd></>}
        {row.staff_no && <><dt>{d.staffNo}</dt><dd>{row.staff_no}</dd></>}
        {row.case_ref && <><dt>{d.caseRef}</dt><dd>{row.case_ref}</dd></>}
        <dt>{st.cols.level}</dt><dd>{levelLabel(Number(row.level))}</dd>
        <dt>{st.cols.channel}</dt><dd>{channelLabel(row.channel)}</dd>
        <dt>{st.cols.ratedOn}</dt><dd>{row.rated_on}</dd>
        {Object.keys(indicators).length > 0 && <><dt>{d.indicators}</dt><dd>{Object.entries(indicators).map(([k, n]) => `${indicatorDefs.find((x) => x.code === k)?.label ?? k}：${levelLabel(n)}`).join('；')}</dd></>}
        {reasonCodes.length > 0 && <><dt>{d.reasons}</dt><dd>{reasonCodes.map((c) => reasons.find((x) => x.code === c)?.label ?? c).join('；')}</dd></>}
        {row.text && <><dt>{d.text}</dt><dd>{row.text}</dd></>}
        <dt>{d.rater}</dt><dd>{row.rater_name ?? st.anonymous}</dd>
        {r.phone && <><dt>{d.phone}</dt><dd>{r.phone}</dd></>}
        {row.entered_by && <><dt>{d.enteredBy}</dt><dd>{row.entered_by}</dd></>}
        {row.rerating_of && <><dt>{d.rerating}</dt><dd><a href={`${BASE}/${row.rerating_of}`}>{row.rerating_of}</a></dd></>}
        <dt>{st.cols.state}</dt><dd>{stateLabel(state)}{r.overdue && <> <span class="tag tag--warn">{st.overdueTag}</span></>}</dd>
        {row.callback_due_on && <><dt>{d.callbackDue}</dt><dd>{row.callback_due_on}</dd></>}
        {row.rectify_due_on && <><dt>{d.rectifyDue}</dt><dd>{row.rectify_due_on}</dd></>}
      </dl>
      <h2>{d.log}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={d.log}>
        <table class="table">
          <thead><tr><th scope="col">{d.on}</th><th scope="col">{d.step}</th><th scope="col">{d.content}</th><th scope="col">{d.actor}</th></tr></thead>
          <tbody>
            {r.events.map((e) => (
              <tr key={e.seq}><td>{e.on}</td><td>{wf.events[e.kind] ?? e.kind}</td><td>{eventText(e.kind, e.payload, r.events.some((x) => x.kind === 'rectify_planned' && x.seq < e.seq))}</td><td>{e.actor === 'public' ? rs.publicActor : e.actor}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      {row.is_bad ? (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">{d.actions}</h2>
          {actions.length === 0 && <p>{d.noActions}</p>}
          {/* 国办发〔2019〕51号: the rater is told the result and may rate again — entered here by staff. */}
          {(state === 'replied' || state === 'closed') && <p><a href={`${BASE}/new?rerating_of=${encodeURIComponent(row.public_id)}`}>{d.rerate}</a></p>}
          {actions.map((a) => (
            <Form key={a} action={`${BASE}/${row.public_id}/actions`} csrfToken={ctx.csrfToken} class="action-form">
              {/* A 限期整改 is finished by a rectify with mode immediate: say so, not "立行立改". */}
              <h3>{a === 'rectify' && state === 'rectifying' ? f.completeTitle : wf.actions[a]}</h3>
              <input type="hidden" name="action" value={a} />
              {on(a)}
              {a === 'callback' && <>
                <Select name="reached" label={f.reached} value={values.reached ?? ''} error={errors.reached} placeholder={st.entry.choose} options={[{ value: 'yes', label: f.yes }, { value: 'no', label: f.no }]} />
                <TextArea name="note" label={f.note} value={values.note ?? ''} error={errors.note} rows={3} />
              </>}
              {a === 'rectify' && <>
                {state === 'rectifying'
                  ? <input type="hidden" name="mode" value="immediate" />
                  : <Select name="mode" label={f.mode} value={values.mode ?? ''} error={errors.mode} placeholder={st.entry.choose} options={[{ value: 'immediate', label: wf.modes.immediate! }, { value: 'deadline', label: wf.modes.deadline! }]} />}
                <TextArea name="measures" label={state === 'rectifying' ? f.completeMeasures : f.measures} value={values.measures ?? ''} error={errors.measures} rows={3} />
                {state !== 'rectifying' && <TextInput name="due_on" label={f.dueOn} hint={f.dateHint} value={values.due_on ?? ''} error={errors.due_on} width="short" />}
              </>}
              {a === 'reply' && <TextArea name="text" label={f.text} value={values.text ?? ''} error={errors.text} rows={3} />}
              {a === 'appeal' && <TextArea name="reason" label={f.reason} value={values.reason ?? ''} error={errors.reason} rows={3} />}
              {a === 'decide_appeal' && <>
                <Select name="upheld" label={f.upheld} value={values.upheld ?? ''} error={errors.upheld} placeholder={st.entry.choose} options={[{ value: 'yes', label: f.upheldYes }, { value: 'no', label: f.upheldNo }]} />
                <TextArea name="note" label={f.decisionNote} value={values.note ?? ''} error={errors.note} rows={3} />
              </>}
              <Button>{f.submit(a === 'rectify' && state === 'rectifying' ? f.completeTitle : wf.actions[a] ?? a)}</Button>
            </Form>
          ))}
        </section>
      ) : null}
    </Layout>
  );
}

export function EntryPage({ ctx, values, errors, reasons, selectedReasons }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; reasons: ReasonRow[]; selectedReasons: string[] }) {
  const e = st.entry;
  const levelOptions = LEVELS.map((l) => ({ value: l.code, label: `${l.label}（${l.stars}）` }));
  const indicatorOptions = [{ value: '', label: e.notRated }, ...levelOptions];
  return (
    <Layout ctx={ctx} title={e.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: e.title }])}
      <h1>{e.title}</h1>
      <ErrorSummary errors={errors} />
      <Form action={BASE} csrfToken={ctx.csrfToken}>
        <TextInput name="org" label={e.org} hint={e.orgHint} value={values.org ?? ''} error={errors.org} width="short" />
        <Select name="channel" label={e.channel} value={values.channel ?? 'paper'} error={errors.channel} options={CHANNEL_ENUM.values.filter((c) => c.code === 'paper' || c.code === 'hotline_callback').map((c) => ({ value: c.code, label: c.label }))} />
        <Select name="subject" label={e.subject} value={values.subject ?? ''} error={errors.subject} placeholder={e.choose} options={SUBJECT_ENUM.values.map((s) => ({ value: s.code, label: s.label }))} />
        <TextInput name="venue" label={e.venue} value={values.venue ?? ''} error={errors.venue} width="short" />
        <TextInput name="window" label={e.window} value={values.window ?? ''} error={errors.window} width="short" />
        <TextInput name="item" label={e.item} value={values.item ?? ''} error={errors.item} width="short" />
        <TextInput name="staff_no" label={e.staffNo} value={values.staff_no ?? ''} error={errors.staff_no} width="short" />
        <TextInput name="case_ref" label={e.caseRef} value={values.case_ref ?? ''} error={errors.case_ref} width="short" />
        <TextInput name="rerating_of" label={e.reratingOf} value={values.rerating_of ?? ''} error={errors.rerating_of} width="short" />
        <Select name="level" label={e.level} value={values.level ?? ''} error={errors.level} placeholder={e.choose} options={levelOptions} />
        <fieldset class="field">
          <legend>{e.indicators}</legend>
          {[...OFFLINE_INDICATORS.values, ...ONLINE_INDICATORS.values].map((i) => (
            <Select key={i.code} name={`indicator_${i.code}`} label={i.label} value={values[`indicator_${i.code}`] ?? ''} error={errors[`indicators.${i.code}`]} options={indicatorOptions} />
          ))}
        </fieldset>
        <fieldset class={errors.reasons ? 'field field--error' : 'field'} id="reasons">
          <legend>{e.reasons}</legend>
          {errors.reasons && <p class="field-error" id="reasons-error">{errors.reasons}</p>}
          {reasons.filter((r) => r.active).map((r) => (
            <div key={r.code} class="checkbox">
              <input type="checkbox" id={`reason_${r.code}`} name="reasons" value={r.code} checked={selectedReasons.includes(r.code)} />
              <label for={`reason_${r.code}`}>{r.label}</label>
            </div>
          ))}
        </fieldset>
        <TextArea name="text" label={e.text} value={values.text ?? ''} error={errors.text} rows={3} />
        <TextInput name="rater_name" label={e.raterName} value={values.rater_name ?? ''} error={errors.rater_name} width="short" />
        <TextInput name="rater_phone" label={e.raterPhone} value={values.rater_phone ?? ''} error={errors.rater_phone} width="short" autocomplete="off" />
        <TextInput name="rated_on" label={e.ratedOn} hint={st.form.dateHint} value={values.rated_on ?? ''} error={errors.rated_on} width="short" />
        <Button>{e.submit}</Button>
      </Form>
    </Layout>
  );
}

export function SettingsPage({ ctx, counties, values, errors, done }: { ctx: PageContext; counties: { code: string; name: string; settings: RatingSettings }[]; values: Record<string, Record<string, string>>; errors: Record<string, FieldErrors>; done?: string | undefined }) {
  const title = rs.settings.title;
  const all: FieldErrors = Object.fromEntries(Object.entries(errors).flatMap(([c, e]) => Object.entries(e).map(([k, m]) => [`${c}_${k}`, m])));
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(all).length > 0}>
      {crumbs([{ label: title }])}
      <h1>{title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={all} />
      <p>{st.settingsIntro}</p>
      {counties.length === 0 && <p>{st.noCounty}</p>}
      {counties.map((c) => (
        <Form key={c.code} action={`${BASE}/settings/${c.code}`} csrfToken={ctx.csrfToken} class="action-form">
          <h2>{c.name}（{c.code}）{c.settings.stored ? '' : st.settingsDefault}</h2>
          {(['callbackDays', 'rectifyDays', 'linkValidDays'] as const).map((k) => (
            <TextInput key={k} name={`${c.code}_${k}`} label={st.settingsFields[k]!} value={values[c.code]?.[k] ?? String(c.settings[k])} error={errors[c.code]?.[k]} width="short" />
          ))}
          <Button>{st.settingsSave}</Button>
        </Form>
      ))}
    </Layout>
  );
}

export function ReasonsPage({ ctx, reasons, values, errors, done }: { ctx: PageContext; reasons: ReasonRow[]; values: Record<string, string>; errors: FieldErrors; done?: string | undefined }) {
  const title = rs.reasons.title;
  const c = st.reasonCols;
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: title }])}
      <h1>{title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      <p>{st.reasonIntro}</p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
        <table class="table">
          <thead><tr><th scope="col">{c.code}</th><th scope="col">{c.label}</th><th scope="col">{c.position}</th><th scope="col">{c.active}</th></tr></thead>
          <tbody>{reasons.map((r) => <tr key={r.code}><td>{r.code}</td><td>{r.label}</td><td>{r.position}</td><td>{r.active ? st.form.yes : st.form.no}</td></tr>)}</tbody>
        </table>
      </div>
      <h2>{st.reasonAdd}</h2>
      <Form action={`${BASE}/reasons`} csrfToken={ctx.csrfToken}>
        <TextInput name="code" label={c.code} value={values.code ?? ''} error={errors.code} width="short" />
        <TextInput name="label" label={c.label} value={values.label ?? ''} error={errors.label} />
        <TextInput name="position" label={c.position} value={values.position ?? ''} error={errors.position} width="short" />
        <Select name="active" label={c.active} value={values.active ?? '1'} options={[{ value: '1', label: st.form.yes }, { value: '0', label: st.form.no }]} />
        <Button>{st.reasonSave}</Button>
      </Form>
    </Layout>
  );
}
