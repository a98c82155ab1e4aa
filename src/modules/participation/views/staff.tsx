// Pure views: the staff 意见征集 pages — the list in scope, the form that opens a consultation, and
// one consultation with its comments (contact masked), moderation, adoption and the feedback form.
// Each comment's fields are named after it (decision_12, …): one page holds many such forms, and
// the names are the ids that labels and the error summary point to.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { ADOPTIONS, maskContact, type Phase } from '../participation.ts';
import { ADOPTION_LABELS, COMMENT_STATE_LABELS, PHASE_LABELS, ps } from '../participation.strings.ts';
import type { Comment, Consultation } from '../participation.service.ts';

const st = ps.staff;
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: '/staff/participation', label: st.list }, ...extra]} />;

export interface StaffListRow { id: number; reference: string; title: string; org_name: string; opens_on: string; closes_on: string; phase: Phase; pending: number; feedback_published_at: string | null }

export function StaffListPage({ ctx, rows, done, toModerate = false }: { ctx: PageContext; rows: StaffListRow[]; done?: string | undefined; toModerate?: boolean }) {
  const c = ps.cols;
  return (
    <Layout ctx={ctx} title={toModerate ? st.toModerate : st.list}>
      {crumbs(toModerate ? [{ label: st.toModerate }] : [])}
      <h1>{toModerate ? st.toModerate : st.list}</h1>
      {toModerate && <p><a href="/staff/participation">{st.allList}</a></p>}
      {done && <Notice>{done}</Notice>}
      <p><a class="button" href="/staff/participation/new">{st.new}</a></p>
      {rows.length === 0 ? <p>{st.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={st.list}>
          <table class="table stats-table">
            <thead><tr><th scope="col">{c.title}</th><th scope="col">{c.org}</th><th scope="col">{c.period}</th><th scope="col">{c.phase}</th><th scope="col">{c.feedback}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td><a href={`/staff/participation/${r.id}`}>{r.title}</a>{r.pending > 0 && <> <span class="tag">{st.pending(r.pending)}</span></>}</td>
                  <td>{r.org_name}</td>
                  <td>{ps.period(r.opens_on, r.closes_on)}</td>
                  <td>{PHASE_LABELS[r.phase]}</td>
                  <td>{r.feedback_published_at ? ps.feedbackPublished : r.phase === 'closed' ? ps.feedbackPending : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function NewPage({ ctx, values, errors }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors }) {
  const f = st.form;
  return (
    <Layout ctx={ctx} title={f.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: f.title }])}
      <h1>{f.title}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/staff/participation" csrfToken={ctx.csrfToken}>
        <TextInput name="org" label={f.org} hint={f.orgHint} value={values.org ?? ''} error={errors.org} width="short" />
        <TextInput name="title" label={f.titleLabel} hint={f.titleHint} value={values.title ?? ''} error={errors.title} width="long" />
        <TextArea name="summary" label={f.summary} hint={f.summaryHint} value={values.summary ?? ''} error={errors.summary} rows={4} />
        <TextArea name="draft" label={f.draft} hint={f.draftHint} value={values.draft ?? ''} error={errors.draft} rows={14} />
        <TextInput name="opens_on" label={f.opensOn} hint={f.dateHint} value={values.opens_on ?? ''} error={errors.opens_on} width="short" />
        <TextInput name="closes_on" label={f.closesOn} hint={f.dateHint} value={values.closes_on ?? ''} error={errors.closes_on} width="short" />
        <TextArea name="short_reason" label={f.shortReason} hint={f.shortReasonHint} value={values.short_reason ?? ''} error={errors.short_reason} rows={2} />
        <Button>{f.submit}</Button>
      </Form>
    </Layout>
  );
}

export function StaffConsultationPage({ ctx, c, phase, orgName, comments, values, errors, done, refusals }: {
  ctx: PageContext; c: Consultation; phase: Phase; orgName: string; comments: Comment[]; values: Record<string, string>; errors: FieldErrors; done?: string | undefined; refusals: string[];
}) {
  const v = st.view;
  const closed = phase === 'closed';
  return (
    <Layout ctx={ctx} title={c.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: c.title }])}
      <h1>{c.title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      <dl class="summary">
        <dt>{ps.page.reference}</dt><dd>{c.reference}</dd>
        <dt>{ps.page.org}</dt><dd>{orgName}</dd>
        <dt>{ps.page.period}</dt><dd>{`${ps.period(c.opens_on, c.closes_on)}（${PHASE_LABELS[phase]}）`}</dd>
      </dl>
      <p><a href={`/participation/${c.reference}`}>{v.publicPage}</a></p>
      {!c.feedback_published_at && (
        <form method="post" action={`/staff/participation/${c.id}/attachment`} encType="multipart/form-data" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <div class={errors.file ? 'field field--error' : 'field'}>
            <label for="file">{st.attachment}</label>
            <p class="hint" id="file-hint">{c.attachment_name ? `${st.attachmentHint}。${st.current(c.attachment_name)}` : st.attachmentHint}</p>
            {errors.file && <p class="field-error" id="file-error">{errors.file}</p>}
            <input id="file" name="file" type="file" accept=".pdf,.docx" aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'} />
          </div>
          <Button variant="secondary">{st.upload}</Button>
        </form>
      )}

      <h2>{v.comments}</h2>
      {comments.length === 0 && <p>{v.noComments}</p>}
      {comments.map((k) => (
        <article key={k.id} class="card" aria-labelledby={`k${k.id}`}>
          <h3 id={`k${k.id}`} class="h4">{`${k.reference} · ${k.name || ps.page.anonymous} · ${COMMENT_STATE_LABELS[k.state as keyof typeof COMMENT_STATE_LABELS] ?? k.state}`}</h3>
          {k.contact && <p class="muted">{`${v.contact}：${maskContact(k.contact)}`}</p>}
          <p class="comment-text">{k.content}</p>
          {k.reject_reason && <p class="muted">{`${v.rejectReason}：${k.reject_reason}`}</p>}
          {k.state === 'pending' && (
            <Form action={`/staff/participation/${c.id}/comments/${k.id}/moderate`} csrfToken={ctx.csrfToken}>
              <Select name={`decision_${k.id}`} label={v.moderate} value={values[`decision_${k.id}`] ?? ''} error={errors[`decision_${k.id}`]} placeholder="请选择" options={[{ value: 'approve', label: v.approve }, { value: 'reject', label: v.reject }]} />
              <TextInput name={`reason_${k.id}`} label={v.rejectReason} value={values[`reason_${k.id}`] ?? ''} error={errors[`reason_${k.id}`]} />
              <Button variant="secondary">{v.moderate}</Button>
            </Form>
          )}
          {k.state === 'published' && closed && !c.feedback_published_at && (
            <Form action={`/staff/participation/${c.id}/comments/${k.id}/adoption`} csrfToken={ctx.csrfToken}>
              <Select name={`adoption_${k.id}`} label={v.adoption} value={values[`adoption_${k.id}`] ?? k.adoption ?? ''} error={errors[`adoption_${k.id}`]} placeholder="请选择" options={ADOPTIONS.values.map((a) => ({ value: a.code, label: a.label }))} />
              <TextInput name={`adoption_reason_${k.id}`} label={v.adoptionReason} value={values[`adoption_reason_${k.id}`] ?? k.adoption_reason ?? ''} error={errors[`adoption_reason_${k.id}`]} />
              <Button variant="secondary">{v.saveAdoption}</Button>
            </Form>
          )}
          {k.adoption && (c.feedback_published_at || !closed) && <p><span class="tag">{ADOPTION_LABELS[k.adoption as keyof typeof ADOPTION_LABELS]}</span> {k.adoption_reason ?? ''}</p>}
        </article>
      ))}

      <h2>{v.feedback}</h2>
      {c.feedback_published_at ? <p>{v.feedbackDone}</p> : (
        <>
          {refusals.length > 0 && <ul>{refusals.map((r) => <li key={r}>{r}</li>)}</ul>}
          <Form action={`/staff/participation/${c.id}/feedback`} csrfToken={ctx.csrfToken}>
            <TextArea name="feedback" label={v.feedbackText} hint={v.feedbackHint} value={values.feedback ?? ''} error={errors.feedback} rows={6} />
            <TextInput name="final_index_no" label={v.finalPolicy} hint={v.finalPolicyHint} value={values.final_index_no ?? ''} error={errors.final_index_no} />
            <Button>{v.publishFeedback}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}
