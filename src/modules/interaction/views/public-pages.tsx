// Pure views: the public side of 民心直通车 — the message form (web and kiosk), confirmation,
// status, the public list with replies, one public message, and the statistics page.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, CaptchaField, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { maskPersonalData } from '../../../platform/log/mask.ts';
import { interactionStrings as s } from '../interaction.strings.ts';
import type { Category, MessageRow } from '../interaction.repository.ts';
import type { PublicLocation } from '../location-privacy.ts';
import { EVENT_LABELS, RATING_LABELS, showsProvisional, STAGE_LABELS, type MessageEvent, type Stage } from '../workflow.ts';

const crumbs = (label: string) => <Breadcrumbs items={[{ href: '/interaction', label: s.section }, { label }]} />;
const stageLabel = (stage: string) => STAGE_LABELS[stage as Stage] ?? stage;
/** Public text: HTML is escaped by the renderer; phone and ID numbers are masked. */
const publicText = (t: string | null) => maskPersonalData(t ?? '');
const u = s.pages;

export interface FormValues { [k: string]: string }

export function MessageFormPage({ ctx, kiosk, values, errors, orgs, categories, places, map, captcha, idempotencyKey, similar }: {
  map: { center: string } | null;
  ctx: PageContext;
  kiosk: boolean;
  values: FormValues;
  errors: FieldErrors;
  orgs: { code: string; name: string }[];
  places: { code: string; name: string; level: string; parent_code: string | null }[];
  categories: Category[];
  captcha: { token: string; svg: string } | null;
  idempotencyKey: string;
  similar: MessageRow[];
}) {
  const title = kiosk ? s.kioskTitle : s.newTitle;
  const action = kiosk ? '/interaction/kiosk' : '/interaction/messages';
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(title)}
      <h1>{title}</h1>
      <p>{s.boardLead}</p>
      <ErrorSummary errors={errors} />
      {similar.length > 0 && (
        <Notice>
          <p>{s.duplicateHint}</p>
          <ul>
            {similar.map((m) => (
              <li key={m.reference}><a href={`/interaction/messages/${m.reference}`}>{publicText(m.title)}</a>（{stageLabel(m.stage)}，{m.received_on}）</li>
            ))}
          </ul>
        </Notice>
      )}
      {similar.length === 0 && <div id="similar-live" class="notice-live" aria-live="polite" data-lead={s.duplicateHint} />}
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="idempotency_key" value={idempotencyKey} />
        <Select name="org" label={s.fields.org} value={values.org ?? ''} error={errors.org} placeholder={u.choose} options={orgs.map((o) => ({ value: o.code, label: o.name }))} />
        <Select name="category" label={s.fields.category} value={values.category ?? ''} error={errors.category} placeholder={u.choose} options={categories.map((c) => ({ value: c.code, label: `${c.group} · ${c.name}` }))} />
        <TextInput name="title" label={s.fields.title} value={values.title ?? ''} error={errors.title} />
        <TextArea name="content" label={s.fields.content} value={values.content ?? ''} error={errors.content} rows={kiosk ? 4 : 8} />
        <fieldset class="field">
          <legend>{u.placeOptional}</legend>
          <PlaceSelect places={places} value={values.region ?? ''} error={errors.region} />
          <TextInput name="address" label={s.fields.address} hint={s.fields.addressHint} value={values.address ?? ''} error={errors.address} />
          <div class={errors.address_public ? 'field field--error' : 'field'}>
            {errors.address_public && <p class="field-error" id="address_public-error">{errors.address_public}</p>}
            <p class="checkbox">
              <input type="checkbox" id="address_public" name="address_public" value="yes" checked={values.address_public === 'yes'} aria-describedby="address_public-hint" />{' '}
              <label for="address_public">{s.fields.addressPublic}</label>
            </p>
            <p class="hint" id="address_public-hint">{s.fields.addressPublicHint}</p>
          </div>
          <p class="hint">{s.fields.mapHint}</p>
          <TextInput name="lat" label={s.fields.lat} value={values.lat ?? ''} error={errors.lat} width="short" />
          <TextInput name="lng" label={s.fields.lng} value={values.lng ?? ''} width="short" />
          <p><button type="button" class="button button--secondary" data-locate="1" hidden>{u.locate}</button></p>
          {map && (
            <div id="map" hidden data-center={values.lat && values.lng ? `${values.lat},${values.lng}` : map.center} data-zoom="15">
              <p class="hint">{u.mapHint}</p>
            </div>
          )}
        </fieldset>
        {!kiosk && (
          <div class={errors.photos ? 'field field--error' : 'field'}>
            <p><strong>{s.fields.photos}</strong></p>
            <p class="hint" id="photos-hint">{s.fields.photosHint}</p>
            {errors.photos && <p class="field-error" id="photos">{errors.photos}</p>}
            {[1, 2, 3].map((i) => (
              <p key={i}>
                <label for={`photo${i}`}>{u.photo(i)}</label>
                <input id={`photo${i}`} name={`photo${i}`} type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="photos-hint" />
              </p>
            ))}
          </div>
        )}
        {ctx.resident && !kiosk && <p class="hint">{s.fields.signedInContact}</p>}
        <TextInput name="contact_name" label={s.fields.contactName} value={values.contact_name ?? ''} error={errors.contact_name} autocomplete="name" />
        <TextInput name="contact_phone" label={s.fields.contactPhone} hint={s.fields.contactPhoneHint} value={values.contact_phone ?? ''} error={errors.contact_phone} autocomplete="tel" type="tel" />
        <TextInput name="contact_email" label={s.fields.contactEmail} value={values.contact_email ?? ''} error={errors.contact_email} autocomplete="email" type="email" />
        <fieldset class={errors.is_public ? 'field field--error' : 'field'} id="is_public">
          <legend>{s.fields.isPublic}</legend>
          {errors.is_public && <p class="field-error">{errors.is_public}</p>}
          <p><input type="radio" id="is_public_yes" name="is_public" value="yes" checked={values.is_public !== 'no'} /> <label for="is_public_yes">{s.fields.publicYes}</label></p>
          <p><input type="radio" id="is_public_no" name="is_public" value="no" checked={values.is_public === 'no'} /> <label for="is_public_no">{s.fields.publicNo}</label></p>
        </fieldset>
        {captcha && <CaptchaField token={captcha.token} svg={captcha.svg} error={errors.captcha_answer} alternative={s.captchaAlternative} />}
        <Button>{s.submit}</Button>
      </form>
      <script src="/interaction/assets/locate.js" defer></script>
      {map && <script src="/interaction/assets/map.js" defer></script>}
    </Layout>
  );
}

/** The optional township / village choice, grouped by township (a list: works without a map). */
function PlaceSelect({ places, value, error }: { places: { code: string; name: string; level: string; parent_code: string | null }[]; value: string; error?: string | undefined }) {
  const townships = places.filter((p) => p.level === 'township');
  const short = (c: string) => c.replace(/(000)+$/, '');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for="region">{s.fields.region}</label>
      <p class="hint" id="region-hint">{s.fields.regionHint}</p>
      {error && <p class="field-error" id="region-error">{error}</p>}
      <select id="region" name="region" class="input" aria-describedby={error ? 'region-hint region-error' : 'region-hint'} aria-invalid={error ? 'true' : undefined}>
        <option value="">{u.none}</option>
        {townships.map((t) => (
          <optgroup key={t.code} label={t.name}>
            <option value={short(t.code)} selected={value === short(t.code)}>{u.wholeTownship(t.name)}</option>
            {places.filter((v) => v.parent_code === t.code).map((v) => (
              <option key={v.code} value={v.code} selected={value === v.code}>{v.name}</option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

export function ConfirmPage({ ctx, reference, trackingCode, dueOn, dueProvisional = false, replayed }: { ctx: PageContext; reference: string; trackingCode: string | null; dueOn: string | null; dueProvisional?: boolean; replayed: boolean }) {
  return (
    <Layout ctx={ctx} title={s.confirmTitle}>
      {crumbs(s.confirmTitle)}
      <h1>{s.confirmTitle}</h1>
      {replayed ? <Notice><p>{s.replayNotice}{trackingCode ? s.replayNewCode : ''}</p></Notice> : <p>{s.confirmLead}</p>}
      <dl class="summary">
        <dt>{s.fields.reference}</dt>
        <dd><strong>{reference}</strong></dd>
        {trackingCode && (<><dt>{s.fields.trackingCode}</dt><dd><strong>{trackingCode}</strong></dd></>)}
        {dueOn && (<><dt>{u.dueOn}</dt><dd>{s.dueLine(dueOn, dueProvisional)}</dd></>)}
      </dl>
      <p><a href="/interaction/status">{s.statusTitle}</a></p>
    </Layout>
  );
}

export function StatusPage({ ctx, values, errors, message, events, canRate }: {
  ctx: PageContext; values: FormValues; errors: FieldErrors; message: MessageRow | null; events: { event: MessageEvent }[]; canRate: boolean;
}) {
  return (
    <Layout ctx={ctx} title={s.statusTitle} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(s.statusTitle)}
      <h1>{s.statusTitle}</h1>
      <ErrorSummary errors={errors} />
      <Form action="/interaction/status" csrfToken={ctx.csrfToken}>
        <TextInput name="reference" label={s.fields.reference} value={values.reference ?? ''} error={errors.reference} />
        <TextInput name="tracking_code" label={s.fields.trackingCode} value={values.tracking_code ?? ''} error={errors.tracking_code} autocomplete="off" />
        <Button>{s.check}</Button>
      </Form>
      {message && (
        <section aria-labelledby="result">
          <h2 id="result">{message.title}</h2>
          <dl class="summary">
            <dt>{u.stage}</dt><dd>{stageLabel(message.stage)}</dd>
            <dt>{u.receivedOn}</dt><dd>{message.received_on}</dd>
            {message.due_on && (<><dt>{u.dueOn}</dt><dd>{message.due_on}{showsProvisional(message) ? <><strong>{s.provisionalTag}</strong><br /><span class="hint">{s.provisionalHint}</span></> : null}<br /><span class="hint">{message.due_explanation}</span></dd></>)}
            {message.response && (<><dt>{u.response}</dt><dd>{message.response}</dd></>)}
            {message.rating && (<><dt>{u.rating}</dt><dd>{RATING_LABELS[message.rating as 'satisfied']}</dd></>)}
            {message.application_ref && (<><dt>{s.staff.convert.term}</dt><dd>{s.convertedToApplication(message.application_ref)}</dd></>)}
          </dl>
          <h3>{u.events}</h3>
          <ol>
            {events.filter((e) => e.event.type !== 'marked_sensitive').map((e, i) => (
              <li key={i}>{e.event.on} {EVENT_LABELS[e.event.type]}{e.event.type === 'rejected' ? `：${e.event.reason}` : ''}{e.event.type === 'due_recomputed' ? `：${e.event.reason}${s.recompute.event(e.event.before.dueOn, e.event.before.provisional, e.event.after.dueOn, e.event.after.provisional)}` : ''}</li>
            ))}
          </ol>
          {canRate && (
            <Form action="/interaction/status/rate" csrfToken={ctx.csrfToken}>
              <input type="hidden" name="reference" value={values.reference ?? ''} />
              <input type="hidden" name="tracking_code" value={values.tracking_code ?? ''} />
              <fieldset class="field">
                <legend>{u.rateLegend}</legend>
                {(['satisfied', 'basically_satisfied', 'dissatisfied'] as const).map((r) => (
                  <p key={r}><input type="radio" id={`level_${r}`} name="level" value={r} /> <label for={`level_${r}`}>{RATING_LABELS[r]}</label></p>
                ))}
              </fieldset>
              <Button>{u.rateSubmit}</Button>
            </Form>
          )}
        </section>
      )}
    </Layout>
  );
}

export function PublicListPage({ ctx, rows, locations, total, page, pageSize, q, category, categories, totals }: {
  ctx: PageContext; rows: MessageRow[]; locations: Map<number, PublicLocation>; total: number; page: number; pageSize: number; q: string; category: string; categories: Category[];
  totals: { assigned: number; replied: number };
}) {
  const catName = (c: string) => categories.find((x) => x.code === c)?.name ?? c;
  const qs = (p: number) => `/interaction/messages?${new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { category } : {}), page: String(p) }).toString()}`;
  return (
    <Layout ctx={ctx} title={s.listTitle}>
      {crumbs(s.listTitle)}
      <h1>{s.boardTitle}：{s.listTitle}</h1>
      <p>{s.stats.summary(totals.assigned, totals.replied)}。<a href="/interaction/messages/new">{s.newTitle}</a> · <a href="/interaction/status">{s.statusTitle}</a> · <a href="/interaction/statistics">{s.statsTitle}</a></p>
      <form method="get" action="/interaction/messages" role="search">
        <TextInput name="q" label={u.search} value={q} />
        <Select name="category" label={s.fields.category} value={category} placeholder={u.allCategories} options={categories.map((c) => ({ value: c.code, label: c.name }))} />
        <button type="submit" class="button button--secondary">{u.searchButton}</button>
      </form>
      <p>{u.total(total)}<a href={`/interaction/messages.csv?${new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { category } : {}) }).toString()}`}>{s.stats.export}</a></p>
      <ul class="message-list">
        {rows.map((m) => (
          <li key={m.reference}>
            <h2><a href={`/interaction/messages/${m.reference}`}>{publicText(m.title)}</a></h2>
            <p class="muted">{m.reference} · {catName(m.category_code)}{locations.get(m.id)?.place ? ` · ${locations.get(m.id)?.place}` : ''} · {m.received_on} · <span class="tag">{stageLabel(m.stage)}</span></p>
            <p>{publicText(m.content).slice(0, 200)}</p>
            {m.response && <p><strong>{u.responseLead}</strong>{publicText(m.response).slice(0, 200)}</p>}
          </li>
        ))}
      </ul>
      <nav aria-label={u.paging} class="actions">
        {page > 1 && <a href={qs(page - 1)}>{u.prev}</a>}
        {page * pageSize < total && <a href={qs(page + 1)}>{u.next}</a>}
      </nav>
    </Layout>
  );
}

export function PublicMessagePage({ ctx, m, location, categoryName, orgName, assigneeName, events, photoIds }: {
  ctx: PageContext; m: MessageRow; location: PublicLocation; categoryName: string; orgName: string; assigneeName: string | null; events: { event: MessageEvent }[]; photoIds: number[];
}) {
  return (
    <Layout ctx={ctx} title={publicText(m.title)}>
      <Breadcrumbs items={[{ href: '/interaction', label: s.section }, { href: '/interaction/messages', label: s.listTitle }, { label: m.reference }]} />
      <h1>{publicText(m.title)}</h1>
      <dl class="summary">
        <dt>{s.fields.reference}</dt><dd>{m.reference}</dd>
        <dt>{s.fields.category}</dt><dd>{categoryName}</dd>
        <dt>{s.fields.org}</dt><dd>{orgName}</dd>
        {assigneeName && (<><dt>{u.assignee}</dt><dd>{assigneeName}</dd></>)}
        <dt>{u.stage}</dt><dd>{stageLabel(m.stage)}</dd>
        <dt>{u.receivedOn}</dt><dd>{m.received_on}</dd>
        {location.place && (<><dt>{u.place}</dt><dd>{location.place}</dd></>)}
        {location.lat !== null && location.lng !== null && (<><dt>{u.position}</dt><dd>{u.coordinates(location.lat, location.lng, location.detailed)}</dd></>)}
      </dl>
      <h2>{u.content}</h2>
      <p class="prewrap">{publicText(m.content)}</p>
      {photoIds.length > 0 && (
        <ul class="cards">
          {photoIds.map((id, i) => <li key={id}><img src={`/interaction/messages/${m.reference}/photos/${id}`} alt={u.photoAlt(i + 1)} width={200} /></li>)}
        </ul>
      )}
      <h2>{u.response}</h2>
      {m.response ? <p class="prewrap">{publicText(m.response)}</p> : <p class="muted">{u.noResponse}</p>}
      <h2>{u.events}</h2>
      <ol>
        {events.filter((e) => !['marked_sensitive', 'response_submitted', 'replied'].includes(e.event.type)).map((e, i) => (
          <li key={i}>{e.event.on} {EVENT_LABELS[e.event.type]}</li>
        ))}
      </ol>
    </Layout>
  );
}
