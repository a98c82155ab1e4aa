// Pure views: the 季度通报 staff pages — the list of an office's bulletins with the form that
// generates a new one, and one bulletin (edit texts, pick examples, preview of the document as
// it will be issued, figures frozen at generation, publish, download).
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { QUARTER_NAMES, chineseDate, docNumber, exampleLine, HEADINGS, paragraphsOf, TABLE_HEAD, tableCells, type BulletinContent, type BulletinState, type Candidate, type Quarter } from '../bulletin.ts';
import { BULLETIN_STATE_LABELS, bs } from '../bulletin.strings.ts';

const BASE = '/staff/supervision/bulletins';
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: BASE, label: bs.list }, ...extra]} />;
const stateLabel = (s: string) => BULLETIN_STATE_LABELS[s as BulletinState] ?? s;

export interface ListRow { public_id: string; title: string; office_name: string; year: number; quarter: number; state: string; updated_at: string }

export function BulletinListPage({ ctx, rows, offices, values, errors, done }: {
  ctx: PageContext; rows: ListRow[]; offices: { code: string; name: string }[]; values: Record<string, string>; errors: FieldErrors; done?: string | undefined;
}) {
  const f = bs.newForm;
  const c = bs.cols;
  return (
    <Layout ctx={ctx} title={bs.list} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([])}
      <h1>{bs.list}</h1>
      {done && <Notice>{done}</Notice>}
      {rows.length === 0 ? <p>{bs.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={bs.list}>
          <table class="table stats-table">
            <thead><tr><th scope="col">{c.quarter}</th><th scope="col">{c.title}</th><th scope="col">{c.office}</th><th scope="col">{c.state}</th><th scope="col">{c.updated}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.public_id}>
                  <td>{bs.quarterLabel(r.year, r.quarter as Quarter)}</td>
                  <td><a href={`${BASE}/${encodeURIComponent(r.public_id)}`}>{r.title}</a></td>
                  <td>{r.office_name}</td>
                  <td>{stateLabel(r.state)}</td>
                  <td>{beijingTime(r.updated_at).slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{f.title}</h2>
      <ErrorSummary errors={errors} />
      <Form action={BASE} csrfToken={ctx.csrfToken}>
        <Select name="office" label={f.office} hint={f.officeHint} value={values.office ?? ''} error={errors.office} options={offices.map((o) => ({ value: o.code, label: o.name }))} />
        <TextInput name="year" label={f.year} hint={f.yearHint} value={values.year ?? ''} error={errors.year} width="short" />
        <Select name="quarter" label={f.quarter} value={values.quarter ?? ''} error={errors.quarter} options={([1, 2, 3, 4] as Quarter[]).map((q) => ({ value: String(q), label: QUARTER_NAMES[q] }))} />
        <Button>{f.submit}</Button>
      </Form>
    </Layout>
  );
}

function Picks({ name, legend, candidates, picked }: { name: string; legend: string; candidates: Candidate[]; picked: string[] }) {
  const e = bs.edit;
  return (
    <fieldset class="field" id={name}>
      <legend>{legend}</legend>
      {candidates.length === 0 ? <p>{e.noCandidates}</p> : candidates.map((c, i) => (
        <div class="checkbox" key={c.key}>
          <input type="checkbox" id={`${name}_${i}`} name={name} value={c.key} checked={picked.includes(c.key)} />
          <label for={`${name}_${i}`}>〔{c.source === 'problem' ? e.problemTag : e.recordTag}〕{c.orgName}：{c.title}（{c.ref}）</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The document as it will be issued (the same order as the DOCX and the published record). */
function Preview({ title, c }: { title: string; c: BulletinContent }) {
  const p = (text: string) => paragraphsOf(text).map((x, i) => <p key={i}>{x}</p>);
  const list = (xs: BulletinContent['good']) => <ol>{xs.map((x, i) => <li key={i}>{exampleLine(x)}</li>)}</ol>;
  const cells = tableCells(c);
  return (
    <section class="bulletin-preview" aria-labelledby="preview-title">
      <p class="bulletin-office"><strong>{c.office.name}</strong></p>
      <p>{docNumber(c.docPrefix, c.year, c.docSerial)}</p>
      <h3 id="preview-title">{title}</h3>
      {c.recipient && <p>{c.recipient}：</p>}
      {p(c.texts.preamble)}
      <h4>{HEADINGS.overview}</h4>{p(c.texts.overview)}
      {c.good.length > 0 && <><h5>{HEADINGS.good}</h5>{list(c.good)}</>}
      <h4>{HEADINGS.problems}</h4>{p(c.texts.problems)}
      {c.bad.length > 0 && <><h5>{HEADINGS.bad}</h5>{list(c.bad)}</>}
      <h4>{HEADINGS.nextSteps}</h4>{p(c.texts.nextSteps)}
      <p>{c.office.name}<br />{chineseDate(c.dated)}</p>
      <h4>{HEADINGS.annex}</h4>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={HEADINGS.annex}>
        <table class="table stats-table">
          <thead><tr>{TABLE_HEAD.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
          <tbody>{cells.map((r, i) => <tr key={i}>{r.map((x, j) => (j === 1 ? <th scope="row" key={j}>{x}</th> : <td key={j}>{x}</td>))}</tr>)}</tbody>
        </table>
      </div>
    </section>
  );
}

export function BulletinPage({ ctx, b, candidates, values, errors, done }: {
  ctx: PageContext;
  b: { public_id: string; title: string; state: string; disclosure_ref: string | null; content: BulletinContent; disclosureId: number | null };
  candidates: Candidate[]; values: Record<string, string | string[]>; errors: FieldErrors; done?: string | undefined;
}) {
  const e = bs.edit;
  const c = b.content;
  const v = (k: string) => (typeof values[k] === 'string' ? values[k] as string : '');
  const list = (k: string) => (Array.isArray(values[k]) ? values[k] as string[] : []);
  const draft = b.state === 'draft';
  const href = `${BASE}/${encodeURIComponent(b.public_id)}`;
  return (
    <Layout ctx={ctx} title={b.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: b.title }])}
      <h1>{b.title}</h1>
      {done && <Notice>{done}</Notice>}
      <p>{bs.cols.state}：{stateLabel(b.state)}；{e.generatedAt(beijingTime(c.generatedAt))}</p>
      {b.disclosure_ref && <p>{b.disclosureId ? <a href={`/staff/disclosures/${b.disclosureId}`}>{e.disclosure(b.disclosure_ref)}</a> : e.disclosure(b.disclosure_ref)}</p>}
      <p><a class="button" href={`${href}/docx`} download>{e.download}</a></p>
      <ErrorSummary errors={errors} />
      {draft ? (
        <>
          <Form action={href} csrfToken={ctx.csrfToken}>
            <h2>{e.texts}</h2>
            <TextInput name="title" label={e.titleLabel} value={v('title')} error={errors.title} width="long" />
            <TextInput name="doc_prefix" label={e.docPrefix} hint={e.docPrefixHint} value={v('doc_prefix')} error={errors.doc_prefix} width="short" />
            <TextInput name="doc_serial" label={e.docSerial} value={v('doc_serial')} error={errors.doc_serial} width="short" />
            <TextInput name="recipient" label={e.recipient} value={v('recipient')} error={errors.recipient} width="long" />
            <TextInput name="dated" label={e.dated} hint={e.dateHint} value={v('dated')} error={errors.dated} width="short" />
            <TextArea name="preamble" label={e.preamble} value={v('preamble')} error={errors.preamble} rows={3} />
            <TextArea name="overview" label={e.overview} value={v('overview')} error={errors.overview} rows={5} />
            <TextArea name="problems" label={e.problems} value={v('problems')} error={errors.problems} rows={5} />
            <TextArea name="next_steps" label={e.nextSteps} value={v('next_steps')} error={errors.next_steps} rows={4} />
            <h2>{e.examples}</h2>
            {errors.good && <p class="error-message" id="good-error">{errors.good}</p>}
            <Picks name="good" legend={e.good} candidates={candidates} picked={list('good')} />
            <TextArea name="good_text" label={e.goodText} value={v('good_text')} error={errors.good_text} rows={3} />
            {errors.bad && <p class="error-message" id="bad-error">{errors.bad}</p>}
            <Picks name="bad" legend={e.bad} candidates={candidates} picked={list('bad')} />
            <TextArea name="bad_text" label={e.badText} value={v('bad_text')} error={errors.bad_text} rows={3} />
            <Button>{e.save}</Button>
          </Form>
          <Form action={`${href}/regenerate`} csrfToken={ctx.csrfToken}>
            <p class="hint">{e.regenerateHint}</p>
            <Button variant="secondary">{e.regenerate}</Button>
          </Form>
          <Form action={`${href}/publish`} csrfToken={ctx.csrfToken}>
            <p class="hint">{e.publishHint}</p>
            <Button>{e.publish}</Button>
          </Form>
        </>
      ) : <p>{e.readOnly}</p>}
      <h2>{e.preview}</h2>
      <Preview title={b.title} c={c} />
    </Layout>
  );
}
