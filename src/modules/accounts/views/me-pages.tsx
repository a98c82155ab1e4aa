// Pages of the personal space (issue 21 §2): the /me home, the lists of the owner's submissions, one
// submission, claiming earlier ones, and the enterprise's life-cycle block. Mobile first: lists,
// not tables; nothing wider than the phone.
import type { VNode } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { LifeEventStage } from '../../service-map/index.ts';
import { meStrings as s } from '../me.strings.ts';
import type { MyRecord, MyRecordDetail, RecordKind } from '../records.ts';

export interface WhoView { displayName: string; kind: string; phoneMasked: string | null; idNumberMasked: string | null; uscc: string | null; method: string }

/** An instant as Beijing time (UTC+8, no daylight saving), a day as it is. */
const when = (iso: string) => {
  const t = Date.parse(iso);
  return iso.length > 10 && Number.isFinite(t) ? new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : iso;
};
const crumbs = (items: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/', label: '首页' }, ...items]} />;

export function RecordList({ rows, showKind }: { rows: readonly MyRecord[]; showKind?: boolean }) {
  if (!rows.length) return <p>{s.emptyList}</p>;
  return (
    <ul class="me-records">
      {rows.map((r) => (
        <li key={`${r.kind}:${r.ref}`}>
          <a href={r.href}>{r.title || r.ref}</a>
          <br /><span class="hint">{showKind ? `${s.kindLabels[r.kind]} · ` : ''}{r.ref} · {r.status} · {when(r.submittedAt)}</span>
        </li>
      ))}
    </ul>
  );
}

export function WhoBlock({ who }: { who: WhoView }) {
  return (
    <section aria-labelledby="me-who">
      <h2 id="me-who">{s.who.heading}</h2>
      <dl class="summary">
        <div class="summary-row"><dt>{s.who.name}</dt><dd>{who.displayName}</dd></div>
        <div class="summary-row"><dt>{s.who.kind}</dt><dd>{s.who.kinds[who.kind] ?? who.kind}</dd></div>
        <div class="summary-row"><dt>{s.who.phone}</dt><dd>{who.phoneMasked ?? s.who.none}</dd></div>
        {who.kind === 'enterprise'
          ? <div class="summary-row"><dt>{s.who.uscc}</dt><dd>{who.uscc ?? s.who.none}</dd></div>
          : <div class="summary-row"><dt>{s.who.idNumber}</dt><dd>{who.idNumberMasked ?? s.who.none}</dd></div>}
        <div class="summary-row"><dt>{s.who.method}</dt><dd>{s.who.methods[who.method] ?? who.method}</dd></div>
      </dl>
    </section>
  );
}

export interface KindSummary { key: 'application' | 'message' | 'rating' | 'consultation' | 'appointment'; href: string; count: number; latest: MyRecord | null }

export function RecordsBlock({ kinds, claimable }: { kinds: readonly KindSummary[]; claimable: number }) {
  return (
    <section aria-labelledby="me-records">
      <h2 id="me-records">{s.records.heading}</h2>
      {claimable > 0 && <Notice><a href="/me/claim">{s.records.foundEarlier(claimable)}</a>，{s.records.claimLink}</Notice>}
      <ul class="me-records">
        {kinds.map((k) => (
          <li key={k.key}>
            <a href={k.href}>{s.lists[k.key]}</a>（{s.records.count(k.count)}）
            {k.latest && <><br /><span class="hint">{s.records.latest}：<a href={k.latest.href}>{k.latest.title || k.latest.ref}</a> · {k.latest.status}</span></>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function StageBlock({ csrfToken, stages, current, stage, applications }: { csrfToken: string; stages: readonly { slug: string; name: string }[]; current: string | null; stage: LifeEventStage | null; applications: readonly MyRecord[] }) {
  const name = stages.find((x) => x.slug === current)?.name ?? null;
  return (
    <section aria-labelledby="me-stage">
      <h2 id="me-stage">{s.stage.heading}</h2>
      <p>{s.stage.intro}</p>
      <Form action="/me/stage" csrfToken={csrfToken}>
        <div class="field">
          <label for="stage">{s.stage.label}</label>
          <select id="stage" name="stage">
            <option value="">{s.stage.choose}</option>
            {stages.map((x) => <option key={x.slug} value={x.slug} selected={x.slug === current}>{x.name}</option>)}
          </select>
        </div>
        <Button variant="secondary">{s.stage.submit}</Button>
      </Form>
      {name && (
        <>
          <h3>{s.stage.items(name)}</h3>
          {stage?.items.length
            ? <ul>{stage.items.map((i) => <li key={i.publicId}><a href={`/services/items/${encodeURIComponent(i.publicId)}`}>{i.name}</a></li>)}</ul>
            : <p>{s.stage.noItems}</p>}
        </>
      )}
      <p><a href="/services/life-events?audience=enterprise">{s.stage.lifeEvents}</a></p>
      <h3>{s.stage.ownApplications}</h3>
      {applications.length ? <RecordList rows={applications} /> : <p>{s.stage.noApplications}</p>}
    </section>
  );
}

export function MeHomePage({ ctx, who, notice, errors, blocks }: { ctx: PageContext; who: WhoView; notice: string | null; errors: FieldErrors; blocks: readonly VNode[] }) {
  return (
    <Layout ctx={ctx} title={s.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: s.title }])}
      <ErrorSummary errors={errors} />
      <h1>{s.title}</h1>
      {notice && <Notice>{notice}</Notice>}
      <p>{s.intro}</p>
      <WhoBlock who={who} />
      {blocks}
    </Layout>
  );
}

export function MeListPage({ ctx, title, rows, showKind }: { ctx: PageContext; title: string; rows: readonly MyRecord[]; showKind?: boolean }) {
  return (
    <Layout ctx={ctx} title={title}>
      {crumbs([{ href: '/me', label: s.title }, { label: title }])}
      <h1>{title}</h1>
      <RecordList rows={rows} {...(showKind ? { showKind } : {})} />
      <p><a href="/me">{s.back}</a></p>
    </Layout>
  );
}

export function MeDetailPage({ ctx, listTitle, listHref, d }: { ctx: PageContext; listTitle: string; listHref: string; d: MyRecordDetail }) {
  const turns = d.kind === 'consultation';
  return (
    <Layout ctx={ctx} title={d.title || d.ref}>
      {crumbs([{ href: '/me', label: s.title }, { href: listHref, label: listTitle }, { label: d.ref }])}
      <h1>{d.title || d.ref}</h1>
      <dl class="summary">
        <div class="summary-row"><dt>{s.detail.ref}</dt><dd>{d.ref}</dd></div>
        <div class="summary-row"><dt>{s.detail.status}</dt><dd>{d.status}</dd></div>
        <div class="summary-row"><dt>{s.detail.submittedAt}</dt><dd>{when(d.submittedAt)}</dd></div>
        {d.facts.map((f) => <div class="summary-row" key={f.label}><dt>{f.label}</dt><dd>{f.value}</dd></div>)}
      </dl>
      {d.body && <section aria-labelledby="me-body"><h2 id="me-body">{s.detail.body}</h2><p class="comment-text">{d.body}</p></section>}
      {d.reply && <section aria-labelledby="me-reply"><h2 id="me-reply">{s.detail.reply}</h2><p class="comment-text">{d.reply}</p></section>}
      {d.kind === 'application' && d.letter && <p><a href={`/me/applications/${encodeURIComponent(d.ref)}/letter`}>{s.detail.letter}</a></p>}
      {d.events.length > 0 && (
        <section aria-labelledby="me-events">
          <h2 id="me-events">{turns ? s.detail.turns : s.detail.events}</h2>
          <ol>{d.events.map((e, i) => <li key={i}>{e.on} {e.label}</li>)}</ol>
        </section>
      )}
      <p><a href={listHref}>{listTitle}</a> · <a href="/me">{s.back}</a></p>
    </Layout>
  );
}

export function ClaimPage({ ctx, rows, errors }: { ctx: PageContext; rows: readonly MyRecord[]; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={s.claim.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ href: '/me', label: s.title }, { label: s.claim.title }])}
      <ErrorSummary errors={errors} />
      <h1>{s.claim.title}</h1>
      {rows.length ? (
        <>
          <p>{s.claim.intro}</p>
          <Form action="/me/claim" csrfToken={ctx.csrfToken}>
            <fieldset class="field" id="pick">
              <legend>{s.claim.legend}</legend>
              {errors.pick && <p class="field-error">{errors.pick}</p>}
              {rows.map((r, i) => (
                <p key={`${r.kind}:${r.ref}`}>
                  <input type="checkbox" id={`pick_${i}`} name="pick" value={`${r.kind}:${r.ref}`} />{' '}
                  <label for={`pick_${i}`}>{s.kindLabels[r.kind]}：{r.title || r.ref}</label>
                  <br /><span class="hint">{r.ref} · {r.status} · {when(r.submittedAt)} · {s.columns.matched}：{(r.matchedBy ?? []).map((m) => s.claim.matched[m]).join('、')}</span>
                </p>
              ))}
            </fieldset>
            <Button>{s.claim.submit}</Button>
          </Form>
        </>
      ) : <p>{s.claim.none}</p>}
      <p><a href="/me">{s.back}</a></p>
    </Layout>
  );
}

export const LIST_KEYS: Record<'applications' | 'messages' | 'ratings' | 'consultations' | 'appointments', { key: 'application' | 'message' | 'rating' | 'consultation' | 'appointment'; kinds: readonly RecordKind[] }> = {
  applications: { key: 'application', kinds: ['application'] },
  messages: { key: 'message', kinds: ['message'] },
  ratings: { key: 'rating', kinds: ['rating'] },
  consultations: { key: 'consultation', kinds: ['enquiry', 'consultation'] },
  appointments: { key: 'appointment', kinds: ['appointment'] },
};
