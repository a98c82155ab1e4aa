// Pure views: the public 意见征集 pages — the list (open, upcoming, closed), one consultation
// (draft, published comments without contact data, the comment form while open, the feedback
// report with the final policy), and the confirmation after a comment.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, CaptchaField, ErrorSummary, Form, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { Captcha } from '../../../platform/captcha/captcha.ts';
import { localDateOf } from '../../../platform/clock/local-date.ts';
import { adoptionCounts } from '../participation.ts';
import { ADOPTION_LABELS, PHASE_LABELS, ps } from '../participation.strings.ts';
import type { Comment, ListedConsultation, PublicConsultation } from '../participation.service.ts';

const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/', label: ps.home }, { href: '/interaction', label: ps.interaction }, { href: '/participation', label: ps.title }, ...extra]} />;
const day = (iso: string) => localDateOf(new Date(iso));

function ConsultationTable({ caption, items }: { caption: string; items: ListedConsultation[] }) {
  if (!items.length) return <p>{ps.none}</p>;
  const c = ps.cols;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={`${caption}（表格）`}>
      {/* stats-table: a minimum width, so on a phone the table scrolls instead of wrapping one character per line */}
      <table class="stats-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead><tr><th scope="col">{c.title}</th><th scope="col">{c.org}</th><th scope="col">{c.period}</th><th scope="col">{c.comments}</th><th scope="col">{c.feedback}</th></tr></thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.reference}>
              <td><a href={`/participation/${r.reference}`}>{r.title}</a></td>
              <td>{r.org_name}</td>
              <td>{ps.period(r.opens_on, r.closes_on)}</td>
              <td>{r.comments}</td>
              <td>{r.phase !== 'closed' ? '—' : r.feedback_published_at ? <a href={`/participation/${r.reference}#feedback`}>{ps.feedbackPublished}</a> : ps.feedbackPending}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ListPage({ ctx, open, upcoming, closed }: { ctx: PageContext; open: ListedConsultation[]; upcoming: ListedConsultation[]; closed: ListedConsultation[] }) {
  return (
    <Layout ctx={ctx} title={ps.title}>
      {crumbs([])}
      <h1>{ps.title}</h1>
      <p>{ps.intro}</p>
      <section aria-labelledby="open"><h2 id="open">{ps.open}</h2><ConsultationTable caption={ps.open} items={open} /></section>
      {upcoming.length > 0 && <section aria-labelledby="upcoming"><h2 id="upcoming">{ps.upcoming}</h2><ConsultationTable caption={ps.upcoming} items={upcoming} /></section>}
      <section aria-labelledby="closed"><h2 id="closed">{ps.closed}</h2><ConsultationTable caption={ps.closed} items={closed} /></section>
    </Layout>
  );
}

export function ConsultationPage({ ctx, c, comments, final, values, errors, captcha }: {
  ctx: PageContext; c: PublicConsultation; comments: Comment[]; final: { title: string; href: string } | null;
  values: Record<string, string>; errors: FieldErrors; captcha: Captcha | null;
}) {
  const p = ps.page;
  const hasErrors = Object.keys(errors).length > 0;
  const counts = adoptionCounts(comments);
  return (
    <Layout ctx={ctx} title={c.title} hasErrors={hasErrors}>
      {crumbs([{ label: c.reference }])}
      <h1>{c.title}</h1>
      <dl class="summary">
        <dt>{p.reference}</dt><dd>{c.reference}</dd>
        <dt>{p.org}</dt><dd>{c.org_name}</dd>
        <dt>{p.period}</dt><dd>{ps.period(c.opens_on, c.closes_on)}</dd>
        <dt>{p.phase}</dt><dd><span class={`tag tag--${c.phase}`}>{PHASE_LABELS[c.phase]}</span></dd>
        {c.short_reason && <><dt>{p.shortReason}</dt><dd>{c.short_reason}</dd></>}
      </dl>
      {c.summary && <section aria-labelledby="summary"><h2 id="summary">{p.summary}</h2><p>{c.summary}</p></section>}
      <section aria-labelledby="draft">
        <h2 id="draft">{p.draft}</h2>
        {c.attachment_name && <p>{`${p.attachment}：`}<a href={`/participation/${c.reference}/draft`} download>{c.attachment_name}</a></p>}
        <div class="record-body" dangerouslySetInnerHTML={{ __html: c.draft_html }} />
      </section>

      {c.feedback_published_at && (
        <section aria-labelledby="feedback">
          <h2 id="feedback">{p.feedback}</h2>
          <p class="muted">{`${p.feedbackAt}：${day(c.feedback_published_at)}`}</p>
          <p>{p.counts(counts.total, counts.adopted, counts.partly, counts.notAdopted)}</p>
          <div class="record-body" dangerouslySetInnerHTML={{ __html: c.feedback_html ?? '' }} />
          {final && <p>{`${p.finalPolicy}：`}<a href={final.href}>{final.title}</a></p>}
        </section>
      )}

      <section aria-labelledby="comments">
        <h2 id="comments">{p.comments}</h2>
        {comments.length === 0 ? <p>{p.noComments}</p> : (
          <ol class="comment-list">
            {comments.map((k) => (
              <li key={k.reference}>
                <p class="muted">{`${k.name || p.anonymous} · ${p.commentAt} ${day(k.created_at)} · ${k.reference}`}</p>
                <p class="comment-text">{k.content}</p>
                {c.feedback_published_at && k.adoption && <p><span class="tag">{`${p.adoption}：${ADOPTION_LABELS[k.adoption as keyof typeof ADOPTION_LABELS] ?? k.adoption}`}</span>{k.adoption_reason ? ` ${p.reason}：${k.adoption_reason}` : ''}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="comment-form">
        <h2 id="comment-form">{p.form}</h2>
        {c.phase === 'upcoming' && !hasErrors && <p>{p.upcomingNote(c.opens_on)}</p>}
        {c.phase === 'closed' && !hasErrors && <p>{p.closedNote(c.closes_on)}</p>}
        {/* Refused outside the period: what was typed is shown to keep, with no form that could only be refused again. */}
        {c.phase !== 'open' && hasErrors && (
          <>
            <ErrorSummary errors={errors} />
            {values.content && (
              <div class="card">
                <p class="muted">{p.keptText}</p>
                {values.name && <p>{p.keptName(values.name)}</p>}
                <p class="comment-text">{values.content}</p>
              </div>
            )}
          </>
        )}
        {c.phase === 'open' && (
          <>
            <ErrorSummary errors={errors} />
            <p>{p.formIntro}</p>
            <Form action={`/participation/${c.reference}/comments`} csrfToken={ctx.csrfToken}>
              <TextInput name="name" label={p.name} value={values.name ?? ''} error={errors.name} autocomplete="name" />
              <TextInput name="contact" label={p.contact} hint={p.contactHint} value={values.contact ?? ''} error={errors.contact} />
              <TextArea name="content" label={p.content} hint={p.contentHint} value={values.content ?? ''} error={errors.content} rows={8} />
              {captcha && <CaptchaField token={captcha.token} svg={captcha.svg} error={errors.captcha_answer} alternative="也可以将意见寄送征集单位。" />}
              <Button>{p.submit}</Button>
            </Form>
          </>
        )}
      </section>
    </Layout>
  );
}

export function DonePage({ ctx, c, reference }: { ctx: PageContext; c: { reference: string; title: string }; reference: string }) {
  return (
    <Layout ctx={ctx} title={ps.done.title}>
      {crumbs([{ href: `/participation/${c.reference}`, label: c.reference }, { label: ps.done.title }])}
      <h1>{ps.done.title}</h1>
      <p>{ps.done.body(reference)}</p>
      <p><a href={`/participation/${c.reference}`}>{ps.done.back}</a></p>
    </Layout>
  );
}
