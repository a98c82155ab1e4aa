// Pure views: the staff pages of proactive disclosure — list by state, record form, record page
// with actions, 保密审查 checklist.
import { OPENNESS, OPENNESS_REASONS, opennessLabel, reasonLabel, reasonsFor } from '../../openness.ts';
import { parseEnum } from '../../../../platform/web/enums.ts';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import type { FieldErrors } from '../../../../platform/web/forms.ts';
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../../platform/web/components.tsx';
import { formatBytes } from '../../../../platform/files/file-type.ts';
import { DISCLOSURE_STATES, GENRES, VALIDITIES, type Genre, type Validity } from '../../disclosures.table.ts';
import { CHECKLIST, STATE_LABELS, type State } from '../../workflow.ts';
import { disclosureStrings as s, EVENT_LABELS, STAFF_GENRE_LABELS, VALIDITY_LABELS } from '../../disclosures.strings.ts';
import type { StaffListRow } from '../../disclosures.repository.ts';
import type { PickableItem, RecordInput } from '../../disclosures.service.ts';
import type { staffView } from '../../disclosures.service.ts';
import { GenreDetailBlock, GenreDetailFields } from '../genre-detail.tsx';
import { emptyDetail } from '../../genre-detail.ts';

const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: s.staffHome }, { href: '/staff/disclosures', label: s.list.title }, ...extra]} />;
const stateLabel = (st: string) => STATE_LABELS[st as State] ?? st;
const genreLabel = (g: string) => STAFF_GENRE_LABELS[g as Genre] ?? g;
const fmtTime = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export function ListPage({ ctx, nowIso, rows, total, counts, state, page, pageSize, done, review }: {
  ctx: PageContext; nowIso: string; rows: StaffListRow[]; total: number; counts: Record<string, number>; state: string; page: number; pageSize: number; done?: string | undefined;
  /** For reviewers: how many records wait for their own 保密审查, and whether the list shows just those. */
  review?: { count: number; active: boolean } | undefined;
}) {
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const reviewing = !!review?.active;
  const href = (st: string, p = 1, todo = false) => `/staff/disclosures?${new URLSearchParams({ ...(todo ? { todo: 'review' } : st ? { state: st } : {}), ...(p > 1 ? { page: String(p) } : {}) }).toString()}`;
  return (
    <Layout ctx={ctx} title={s.list.title}>
      {crumbs([])}
      <h1>{s.list.title}</h1>
      {done && <Notice>{done}</Notice>}
      <p><a class="button" href="/staff/disclosures/new">{s.list.newRecord}</a></p>
      <nav aria-label={s.list.stateFilter}>
        <ul class="inline-list">
          {review && <li>{reviewing ? <strong>{`${s.list.toReview}（${review.count}）`}</strong> : <a href={href('', 1, true)}>{`${s.list.toReview}（${review.count}）`}</a>}</li>}
          <li>{state || reviewing ? <a href={href('')}>{`${s.list.all}（${all}）`}</a> : <strong>{`${s.list.all}（${all}）`}</strong>}</li>
          {DISCLOSURE_STATES.map((st) => (
            <li key={st}>{state === st ? <strong>{`${stateLabel(st)}（${counts[st] ?? 0}）`}</strong> : <a href={href(st)}>{`${stateLabel(st)}（${counts[st] ?? 0}）`}</a>}</li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? <p>{s.list.empty}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={s.list.caption}>
        <table class="table">
          <caption>{s.list.caption}</caption>
          <thead><tr><th scope="col">{s.list.cols.indexNo}</th><th scope="col">{s.list.cols.title}</th><th scope="col">{s.list.cols.org}</th><th scope="col">{s.list.cols.genre}</th><th scope="col">{s.list.cols.state}</th><th scope="col">{s.list.cols.due}</th><th scope="col">{s.list.cols.published}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.index_no}</td>
                <td><a href={`/staff/disclosures/${r.id}`}>{r.title}</a></td>
                <td>{r.org_name}</td>
                <td>{genreLabel(r.genre)}</td>
                <td>{r.state === 'scheduled' && r.published_at && r.published_at <= nowIso ? s.list.scheduledLive : stateLabel(r.state)}</td>
                <td>{r.due_on ?? ''}</td>
                <td>{fmtTime(r.published_at)}{r.late_working_days ? `（${s.list.late(r.late_working_days)}）` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <p class="muted">{s.list.page(page, total)}</p>
      <p>
        {page > 1 && <a href={href(state, page - 1, reviewing)}>{s.list.prev}</a>}{' '}
        {page * pageSize < total && <a href={href(state, page + 1, reviewing)}>{s.list.next}</a>}
      </p>
    </Layout>
  );
}

export function RecordFormPage({ ctx, mode, id, title, values, errors, categories, items, changeNote }: {
  ctx: PageContext; mode: 'new' | 'edit' | 'revise'; id?: number; title?: string; values: RecordInput; errors: FieldErrors;
  categories: { code: string; name: string }[]; items: PickableItem[]; changeNote?: string;
}) {
  const heading = mode === 'new' ? s.form.newTitle : mode === 'edit' ? s.form.editTitle(title ?? '') : s.form.reviseTitle(title ?? '');
  const action = mode === 'new' ? '/staff/disclosures' : mode === 'edit' ? `/staff/disclosures/${id}` : `/staff/disclosures/${id}/revise`;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={heading} hasErrors={hasErrors}>
      {crumbs(id ? [{ href: `/staff/disclosures/${id}`, label: title ?? String(id) }, { label: heading }] : [{ label: heading }])}
      <h1>{heading}</h1>
      <ErrorSummary errors={errors} />
      <Form action={action} csrfToken={ctx.csrfToken}>
        {mode === 'revise' && <TextArea name="change_note" label={s.form.changeNote} hint={s.form.changeNoteHint} value={changeNote ?? ''} error={errors.change_note} rows={2} />}
        {mode === 'new' ? <TextInput name="org" label={s.form.org} hint={s.form.orgHint} value={values.org} error={errors.org} width="short" /> : <input type="hidden" name="org" value={values.org} />}
        <TextInput name="title" label={s.form.title} value={values.title} error={errors.title} width="long" />
        <TextInput name="publisher" label={s.form.publisher} hint={s.form.publisherHint} value={values.publisher} error={errors.publisher} />
        <TextInput name="document_no" label={s.form.documentNo} hint={s.form.documentNoHint} value={values.documentNo} error={errors.document_no} />
        <Select name="genre" label={s.form.genre} value={values.genre} error={errors.genre} placeholder={s.form.placeholder} options={GENRES.map((g) => ({ value: g, label: STAFF_GENRE_LABELS[g] }))} />
        <Select name="category" label={s.form.category} value={values.category} error={errors.category} placeholder={s.form.placeholder} options={categories.map((c) => ({ value: c.code, label: c.name }))} />
        <Select name="openness" label={s.form.openness} hint={s.form.opennessHint} value={parseEnum(OPENNESS, values.openness ?? '') ?? (values.openness || 'proactive')} error={errors.openness} options={OPENNESS.values.map((o) => ({ value: o.code, label: o.label }))} />
        <Select name="openness_reason" label={s.form.opennessReason} hint={s.form.opennessReasonHint} value={parseEnum(OPENNESS_REASONS, values.opennessReason ?? '') ?? (values.opennessReason ?? '')} error={errors.openness_reason} placeholder={s.form.opennessReasonNone}
          options={(['on_request', 'withheld'] as const).flatMap((o) => reasonsFor(o).map((r) => ({ value: r.code, label: `${opennessLabel(o)}：${r.label}` })))} />
        <TextInput name="written_on" label={s.form.writtenOn} hint={s.form.dateHint} value={values.writtenOn} error={errors.written_on} width="short" />
        <TextInput name="formed_on" label={s.form.formedOn} hint={`${s.form.formedOnHint}；${s.form.dateHint}`} value={values.formedOn} error={errors.formed_on} width="short" />
        <Select name="validity" label={s.form.validity} value={values.validity} error={errors.validity} options={VALIDITIES.map((v) => ({ value: v, label: VALIDITY_LABELS[v as Validity] }))} />
        <TextInput name="effective_on" label={s.form.effectiveOn} hint={s.form.dateHint} value={values.effectiveOn} error={errors.effective_on} width="short" />
        <TextInput name="expires_on" label={s.form.expiresOn} hint={s.form.dateHint} value={values.expiresOn} error={errors.expires_on} width="short" />
        <TextInput name="repealed_on" label={s.form.repealedOn} hint={s.form.dateHint} value={values.repealedOn} error={errors.repealed_on} width="short" />
        <TextArea name="summary" label={s.form.summary} hint={s.form.summaryHint} value={values.summary} error={errors.summary} rows={3} />
        <TextArea name="body" label={s.form.body} hint={s.form.bodyHint} value={values.bodyHtml} error={errors.body} rows={14} />
        <div class={errors.catalog_items ? 'field field--error' : 'field'}>
          <label for="catalog_items">{s.form.catalogItems}</label>
          <p class="hint" id="catalog_items-hint">{s.form.catalogItemsHint}</p>
          {errors.catalog_items && <p class="field-error" id="catalog_items-error">{errors.catalog_items}</p>}
          <select id="catalog_items" name="catalog_items" multiple size={Math.min(10, Math.max(3, items.length))} class="input" aria-describedby={errors.catalog_items ? 'catalog_items-hint catalog_items-error' : 'catalog_items-hint'}>
            {items.map((it) => <option key={it.id} value={String(it.id)} selected={values.catalogItemIds.includes(it.id)}>{`${it.label}（${it.deadline.text || s.form.noDeadline}）`}</option>)}
          </select>
        </div>
        <TextArea name="links" label={s.form.links} hint={s.form.linksHint} value={values.linkedIndexNos.join('\n')} error={errors.links} rows={2} />
        <GenreDetailFields values={values.detail ?? emptyDetail()} errors={errors} />
        <Button>{mode === 'revise' ? s.form.saveRevision : s.form.save}</Button>
      </Form>
    </Layout>
  );
}

type View = Awaited<ReturnType<typeof staffView>>;

export function RecordPage({ ctx, v, nowIso, done, errors, values }: { ctx: PageContext; v: View; nowIso: string; done?: string | undefined; errors?: FieldErrors; values?: Record<string, string> }) {
  const r = v.record;
  const st = r.state as State;
  const live = st === 'published' || (st === 'scheduled' && !!r.published_at && r.published_at <= nowIso);
  const errs = errors ?? {};
  const rows: [string, string][] = [
    [s.view.indexNo, r.index_no], [s.view.state, stateLabel(r.state)], [s.view.org, `${r.publisher}（${v.orgName}）`], [s.view.documentNo, r.document_no ?? s.view.none],
    [s.view.genre, genreLabel(r.genre)], [s.view.category, v.categoryName], [s.view.openness, `${opennessLabel(r.openness)}${r.openness_reason ? `（${reasonLabel(r.openness_reason)}）` : ''}`], [s.view.validity, `${VALIDITY_LABELS[r.validity as Validity] ?? r.validity}${r.effective_on ? s.view.effectiveFrom(r.effective_on) : ''}${r.expires_on ? s.view.expiredOn(r.expires_on) : ''}${r.repealed_on ? s.view.repealedOn(r.repealed_on) : ''}`],
    [s.view.writtenOn, r.written_on ?? s.view.none], [s.view.formedOn, r.formed_on], [s.view.due, r.due_on ?? s.view.none], [s.view.dueExplanation, r.due_explanation ?? ''],
    [s.view.publishedAt, fmtTime(r.published_at) || s.view.none], [s.view.late, r.late_working_days === null ? s.view.none : r.late_working_days === 0 ? s.view.onTime : s.list.late(r.late_working_days)],
    [s.view.author, v.author], [s.view.version, String(r.version_no)],
  ];
  if (r.withdrawn_reason) rows.push([s.view.withdrawnReason, r.withdrawn_reason]);
  return (
    <Layout ctx={ctx} title={r.title} hasErrors={Object.keys(errs).length > 0}>
      {crumbs([{ label: r.title }])}
      <h1>{r.title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errs} />
      <h2>{s.view.meta}</h2>
      <table class="table"><tbody>{rows.map(([k, val]) => <tr key={k}><th scope="row">{k}</th><td>{val}</td></tr>)}</tbody></table>
      {live && <p><a href={`/openness/disclosures/${encodeURIComponent(r.index_no)}`}>{s.view.publicPage}</a></p>}

      <h2>{s.view.actions}</h2>
      <div class="actions">
        {v.can.edit && (st === 'draft' || st === 'rejected') && <p><a class="button button--secondary" href={`/staff/disclosures/${r.id}/edit`}>{s.view.edit}</a></p>}
        {v.can.edit && (st === 'draft' || st === 'rejected') && <Form action={`/staff/disclosures/${r.id}/actions/submit`} csrfToken={ctx.csrfToken}><Button>{s.view.submit}</Button></Form>}
        {v.can.review && st === 'submitted' && <p><a class="button" href={`/staff/disclosures/${r.id}/review`}>{s.view.review}</a></p>}
        {v.can.edit && st === 'approved' && (
          <>
            <Form action={`/staff/disclosures/${r.id}/actions/publish`} csrfToken={ctx.csrfToken}><Button>{s.view.publish}</Button></Form>
            <Form action={`/staff/disclosures/${r.id}/actions/schedule`} csrfToken={ctx.csrfToken}>
              <TextInput name="at" label={s.view.scheduleAt} hint={s.view.scheduleHint} value={values?.at ?? ''} error={errs.at} width="short" />
              <Button variant="secondary">{s.view.schedule}</Button>
            </Form>
          </>
        )}
        {v.can.edit && live && <p><a class="button button--secondary" href={`/staff/disclosures/${r.id}/revise`}>{s.view.revise}</a></p>}
        {v.can.edit && (st === 'published' || st === 'scheduled') && (
          <Form action={`/staff/disclosures/${r.id}/actions/withdraw`} csrfToken={ctx.csrfToken}>
            <TextArea name="reason" label={live ? s.view.withdrawReason : s.view.cancelReason} value={values?.reason ?? ''} error={errs.reason} rows={2} />
            <Button variant="warning">{live ? s.view.withdraw : s.view.cancelSchedule}</Button>
          </Form>
        )}
      </div>

      <h2>{s.view.body}</h2>
      <div class="record-body" dangerouslySetInnerHTML={{ __html: r.body_html }} />
      {v.detail && <GenreDetailBlock d={v.detail} />}

      <h2>{s.view.items}</h2>
      {v.items.length ? <ul>{v.items.map((i) => <li key={`${i.catalogId}/${i.itemKey}`}><a href={`/openness/catalogs/${i.catalogId}/items/${encodeURIComponent(i.itemKey)}`}>{i.label}</a></li>)}</ul> : <p>{s.view.none}</p>}

      <h2>{s.view.links}</h2>
      {v.links.length ? (
        <ul>{v.links.map((l) => <li key={`${l.direction}${l.id}`}>{`${l.direction === 'out' ? s.view.linkOut[l.kind as 'interprets'] ?? l.kind : s.view.linkIn[l.kind as 'interprets'] ?? l.kind}：`}<a href={`/staff/disclosures/${l.id}`}>{l.title}</a>{`（${l.indexNo}，${stateLabel(l.state)}）`}</li>)}</ul>
      ) : <p>{s.view.none}</p>}

      <h2>{s.view.attachments}</h2>
      {v.attachments.length ? (
        <ul>
          {v.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/openness/disclosures/${encodeURIComponent(r.index_no)}/attachments/${a.id}`}>{a.filename}</a>{`（${formatBytes(a.sizeBytes)}）`}
              {v.can.edit && (st === 'draft' || st === 'rejected') && (
                <form method="post" action={`/staff/disclosures/${r.id}/attachments/${a.id}/delete`} class="inline-form">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="link-button">{`${s.view.remove} ${a.filename}`}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : <p>{s.view.noAttachments}</p>}
      {v.can.edit && (st === 'draft' || st === 'rejected') && (
        <form method="post" action={`/staff/disclosures/${r.id}/attachments`} encType="multipart/form-data" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <div class={errs.file ? 'field field--error' : 'field'}>
            <label for="file">{s.view.upload}</label>
            <p class="hint" id="file-hint">{s.view.uploadHint('10 MB')}</p>
            {errs.file && <p class="field-error" id="file-error">{errs.file}</p>}
            <input id="file" name="file" type="file" accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" aria-describedby="file-hint" />
          </div>
          <Button variant="secondary">{s.view.upload}</Button>
        </form>
      )}

      <h2>{s.view.reviews}</h2>
      {v.reviews.length ? (
        <ul>{v.reviews.map((rv) => <li key={rv.id}>{`${fmtTime(rv.at)} ${rv.reviewerLabel}：${s.view.conclusion[rv.conclusion as 'approve'] ?? rv.conclusion}${rv.reasons ? `，${rv.reasons}` : ''}（${CHECKLIST.map((q) => `${q.question}：${rv.checklist[q.key] === 'yes' ? s.review.yes : s.review.no}`).join('；')}）`}</li>)}</ul>
      ) : <p>{s.view.none}</p>}

      <h2>{s.view.versions}</h2>
      {v.versions.length ? <ul>{v.versions.map((x) => <li key={x.versionNo}>{s.view.versionLine(x.versionNo, fmtTime(x.at), x.changeNote)}</li>)}</ul> : <p>{s.view.none}</p>}

      <h2>{s.view.history}</h2>
      <ol>{v.events.map((e) => <li key={e.seq}>{`${fmtTime(e.at)} ${e.actorLabel}：${EVENT_LABELS[e.type] ?? e.type}${typeof e.data.reason === 'string' ? `（${e.data.reason}）` : ''}${typeof e.data.change_note === 'string' ? `（${e.data.change_note}）` : ''}${typeof e.data.at === 'string' && e.type === 'scheduled' ? `（${fmtTime(e.data.at)}）` : ''}`}</li>)}</ol>
    </Layout>
  );
}

export function ReviewPage({ ctx, v, values, errors, reasons }: { ctx: PageContext; v: View; values: Record<string, string>; errors: FieldErrors; reasons?: string[] }) {
  const r = v.record;
  const title = s.review.title(r.title);
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ href: `/staff/disclosures/${r.id}`, label: r.title }, { label: s.view.review }])}
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      {reasons && reasons.length > 0 && <ul class="field-error">{reasons.map((x) => <li key={x}>{x}</li>)}</ul>}
      <p>{s.review.intro}</p>
      <div class="record-body" dangerouslySetInnerHTML={{ __html: r.body_html }} />
      <Form action={`/staff/disclosures/${r.id}/review`} csrfToken={ctx.csrfToken}>
        {CHECKLIST.map((q) => (
          <fieldset key={q.key} class={errors[q.key] ? 'field field--error' : 'field'} id={q.key}>
            <legend>{q.question}</legend>
            {errors[q.key] && <p class="field-error">{errors[q.key]}</p>}
            {(['yes', 'no'] as const).map((a) => (
              <label key={a} class="radio"><input type="radio" name={q.key} value={a} checked={values[q.key] === a} />{a === 'yes' ? s.review.yes : s.review.no}</label>
            ))}
          </fieldset>
        ))}
        <fieldset class={errors.conclusion ? 'field field--error' : 'field'} id="conclusion">
          <legend>{s.review.conclusion}</legend>
          {errors.conclusion && <p class="field-error">{errors.conclusion}</p>}
          {(['approve', 'reject'] as const).map((c) => (
            <label key={c} class="radio"><input type="radio" name="conclusion" value={c} checked={values.conclusion === c} />{s.view.conclusion[c]}</label>
          ))}
        </fieldset>
        <TextArea name="reasons" label={s.review.reasons} hint={s.review.reasonsHint} value={values.reasons ?? ''} error={errors.reasons} rows={3} />
        <Button>{s.review.sign}</Button>
      </Form>
    </Layout>
  );
}
