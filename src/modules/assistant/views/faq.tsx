// Pure views: the staff FAQ of the 7×24 assistant — the scoped list, the pair form (new, edit,
// and 「添加问答」 from a badly answered question, pre-filled), and the 答得不好的问题 list with its
// filters and CSV link.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { FAQ_ANSWER_MAX, FAQ_LINKS_MAX, FAQ_QUESTION_MAX, FAQ_STATUSES, FAQ_VARIANTS_MAX, type FaqStatus } from '../vocabulary.ts';
import { BAD_OUTCOMES } from '../faq-input.ts';
import { faqStrings as fs } from '../faq.strings.ts';
import type { BadQuestion, FaqPair } from '../faq.service.ts';

export const FAQ_BASE = '/staff/assistant/faq';
export const QUESTIONS_BASE = '/staff/assistant/questions';
const st = fs.staff;
const f = fs.form;
const qs = fs.questions;
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: FAQ_BASE, label: st.title }, ...extra]} />;
const statusOptions = FAQ_STATUSES.values.map((v) => ({ value: v.code, label: v.label }));
type Org = { code: string; name: string };

export interface FaqListQuery { status: string; q: string }

function listQuery(q: FaqListQuery, offset?: number): string {
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.q) p.set('q', q.q);
  if (offset) p.set('offset', String(offset));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function FaqListPage({ ctx, q, rows, total, offset, limit, done, errors }: {
  ctx: PageContext; q: FaqListQuery; rows: readonly FaqPair[]; total: number; offset: number; limit: number; done?: string | undefined; errors: FieldErrors;
}) {
  const c = st.cols;
  return (
    <Layout ctx={ctx} title={st.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([])}
      <h1>{st.title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      <p><a class="button" href={`${FAQ_BASE}/new`}>{st.newLink}</a></p>
      <p><a href={QUESTIONS_BASE}>{st.questionsLink}</a></p>
      <form method="get" action={FAQ_BASE} class="filters" aria-label={st.filter}>
        <Select name="status" label={c.status} value={q.status} options={statusOptions} placeholder={st.statusAll} error={errors.status} />
        <TextInput name="q" label={st.search} value={q.q} />
        <button type="submit" class="button button--secondary">{st.filter}</button>
      </form>
      <p>{st.total(total)}</p>
      {rows.length === 0 ? <p>{st.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={st.title}>
          <table class="table">
            <thead><tr><th scope="col">{c.question}</th><th scope="col">{c.org}</th><th scope="col">{c.status}</th><th scope="col">{c.hits}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.publicId}>
                  <td><a href={`${FAQ_BASE}/${r.publicId}`}>{r.question}</a><br /><small>{r.publicId} · {st.variantsCount(r.variants.length)} · {c.updated} {beijingTime(r.updatedAt).slice(0, 16)}</small></td>
                  <td>{r.orgName}</td>
                  <td>{r.status === 'active' ? labelOf(FAQ_STATUSES, r.status) : <span class="tag tag--warn">{labelOf(FAQ_STATUSES, r.status)}</span>}</td>
                  <td>{r.hits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {offset > 0 && <a href={`${FAQ_BASE}${listQuery(q, Math.max(0, offset - limit))}`}>{st.prev}</a>}
        {offset > 0 && offset + limit < total && ' · '}
        {offset + limit < total && <a href={`${FAQ_BASE}${listQuery(q, offset + limit)}`}>{st.next}</a>}
      </p>
    </Layout>
  );
}

/** The pair form: a new pair (optionally from a badly answered question: `resolve` holds its key) or an existing one. */
export function FaqFormPage({ ctx, orgs, values, errors, pair, resolve, done }: {
  ctx: PageContext; orgs: readonly Org[]; values: Record<string, string>; errors: FieldErrors;
  pair?: FaqPair | undefined; resolve?: string | undefined; done?: string | undefined;
}) {
  const v = (k: string) => values[k] ?? '';
  const title = pair ? st.editTitle(pair.publicId) : st.newTitle;
  const orgOptions = orgs.map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }));
  // a value sent that is not among the caller's organisations is kept as typed (its error says why)
  if (v('org') && !orgs.some((o) => o.code === v('org'))) orgOptions.push({ value: v('org'), label: v('org') });
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: pair ? pair.publicId : st.newTitle }])}
      <h1>{title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      {resolve && <p>{f.fromQuestion(v('question'))}</p>}
      {pair && (
        <dl class="summary">
          <dt>{st.cols.status}</dt><dd>{labelOf(FAQ_STATUSES, pair.status)}</dd>
          <dt>{st.cols.hits}</dt><dd>{pair.hits}</dd>
          <dt>{f.createdBy}</dt><dd>{pair.createdBy}（{beijingTime(pair.createdAt)}）</dd>
          <dt>{f.updatedBy}</dt><dd>{pair.updatedBy}（{beijingTime(pair.updatedAt)}）</dd>
        </dl>
      )}
      <Form action={pair ? `${FAQ_BASE}/${pair.publicId}` : FAQ_BASE} csrfToken={ctx.csrfToken}>
        {resolve && <input type="hidden" name="resolve" value={resolve} />}
        <Select name="org" label={f.org} hint={f.orgHint} value={v('org')} options={orgOptions} placeholder="" error={errors.org} />
        <TextInput name="question" label={f.question} hint={f.questionHint(FAQ_QUESTION_MAX)} value={v('question')} error={errors.question} width="long" />
        <TextArea name="variants" label={f.variants} hint={f.variantsHint(FAQ_VARIANTS_MAX)} value={v('variants')} error={errors.variants} rows={4} />
        <TextArea name="answer" label={f.answer} hint={f.answerHint(FAQ_ANSWER_MAX)} value={v('answer')} error={errors.answer} rows={6} />
        <TextArea name="links" label={f.links} hint={f.linksHint(FAQ_LINKS_MAX)} value={v('links')} error={errors.links} rows={3} />
        <Button>{resolve ? f.submitResolve : f.submit}</Button>
      </Form>
      {pair && (
        <Form action={`${FAQ_BASE}/${pair.publicId}/${pair.status === 'active' ? 'archive' : 'restore'}`} csrfToken={ctx.csrfToken}>
          <Button variant={pair.status === 'active' ? 'warning' : 'secondary'}>{pair.status === 'active' ? st.archive : st.restore}</Button>
        </Form>
      )}
    </Layout>
  );
}

export interface QuestionsQuery { month: string; outcome: string }

export function questionsQuery(q: QuestionsQuery): string {
  const p = new URLSearchParams();
  if (q.month) p.set('month', q.month);
  if (q.outcome) p.set('outcome', q.outcome);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function QuestionsPage({ ctx, q, rows, errors }: { ctx: PageContext; q: QuestionsQuery; rows: readonly BadQuestion[]; errors: FieldErrors }) {
  const c = qs.cols;
  return (
    <Layout ctx={ctx} title={qs.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: qs.title }])}
      <h1>{qs.title}</h1>
      <p>{qs.intro}</p>
      <ErrorSummary errors={errors} />
      <form method="get" action={QUESTIONS_BASE} class="filters" aria-label={st.filter}>
        <TextInput name="month" label={qs.month} value={q.month} type="month" width="short" error={errors.month} hint={qs.monthHint} />
        <Select name="outcome" label={qs.outcome} value={q.outcome} options={BAD_OUTCOMES.values.map((v) => ({ value: v.code, label: v.label }))} placeholder={qs.outcomeAll} error={errors.outcome} />
        <button type="submit" class="button button--secondary">{st.filter}</button>
      </form>
      <p>{qs.total(rows.length)} · <a href={`${QUESTIONS_BASE}.csv${questionsQuery(q)}`}>{qs.csvLink}</a></p>
      {rows.length === 0 ? <p>{qs.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={qs.title}>
          <table class="table">
            <thead><tr><th scope="col">{c.question}</th><th scope="col">{c.count}</th><th scope="col">{c.status}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td><span class="question-text">{r.text}</span><br /><small>{c.noMatch} {r.noMatch} · {c.unhelpful} {r.unhelpful} · {c.last} {beijingTime(r.lastAt).slice(0, 16)}</small></td>
                  <td>{r.count}</td>
                  <td>
                    {r.resolvedFaq ? <a href={`${FAQ_BASE}/${r.resolvedFaq}`}>{qs.resolved(r.resolvedFaq)}</a> : <span class="tag tag--warn">{qs.open}</span>}
                    {r.unresolved > 0 && <><br /><a href={`${FAQ_BASE}/new?${new URLSearchParams({ question: r.text, resolve: r.key, ...(r.orgCode ? { org: r.orgCode } : {}) }).toString()}`}>{qs.answer}</a></>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export const statusLabel = (s: string) => labelOf(FAQ_STATUSES, s as FaqStatus);
