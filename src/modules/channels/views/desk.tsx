// Pure views of the window desk (/staff/desk): the desk page (place, guide lookup, rating QR,
// walk-in application, 咨询登记), the place chooser, the rating QR page and the walk-in form.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { beijingTime, formatWithWeekday } from '../../../platform/clock/local-date.ts';
import { APPLICANT_TYPES, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES } from '../../applications/index.ts';
import { ds } from '../desk.strings.ts';
import type { Item } from '../../service-map/index.ts';
import type { DeskPlace } from '../desk.service.ts';
import { GuideSheet } from './guide-sheet.tsx';
import type { NextSlot } from '../kiosk-slots.ts';
import { OneCodeOutcomeNotice, OneCodePanel, ONE_CODE_CSS } from './onecode-panel.tsx';
import type { OneCodeOutcome } from '../onecode-fill.ts';
import { os } from '../onecode.strings.ts';

const crumbs = (extra: { href?: string; label: string }[] = []) =>
  <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, ...(extra.length ? [{ href: '/staff/desk', label: ds.title }, ...extra] : [{ label: ds.title }])]} />;
const enc = encodeURIComponent;

/** Where the desk is, shown at the top of every desk page. */
function PlaceBar({ place }: { place: DeskPlace | null }) {
  return (
    <section class="desk-place" aria-labelledby="desk-place-h">
      <h2 id="desk-place-h" class="desk-place__h">{ds.place.heading}</h2>
      {place
        ? <p><strong>{ds.place.current(place.venue.name, place.window ? `${place.window.code} ${place.window.name}` : null)}</strong> <a href={`/staff/desk/place?venue=${enc(place.venue.publicId)}`}>{ds.place.change}<span class="visually-hidden">{ds.place.heading}</span></a></p>
        : <p>{ds.place.none} <a href="/staff/desk/place">{ds.place.choose}</a></p>}
    </section>
  );
}

export interface SearchView { q: string; total: number; hits: { id: string; title: string; titleHtml: string; body: string }[]; didYouMean: string | null; error?: string | undefined }

export interface DeskPageProps {
  ctx: PageContext; place: DeskPlace | null; search: SearchView | null; item: Item | null; itemMissing: boolean;
  rating: { values: Record<string, string>; errors: FieldErrors; notice?: string | undefined } | null;
  canApply: boolean; canEnquire: boolean;
  /** Whether the caller may issue a rating link (else the form is not offered: it would only answer 403). */
  canRate?: boolean;
  /** 一码办 is available (the accounts module's reader): the walk-in form says it can be filled from a code. */
  oneCode?: boolean;
  /** Today's appointments still to come at the place and its next free slots (null: no place, or no appointments there). */
  appointments?: DeskAppointments | null;
}

export interface DeskAppointments {
  today: string;
  waiting: readonly { reference: string; time: string; item: string | null; name: string }[];
  /** null: the venue takes no appointments. */
  slots: readonly NextSlot[] | null;
}

/** 今日预约 (到场 posts to the attendance route and comes back here) and 最近可预约时段 (book on behalf). */
function AppointmentsPanel({ ctx, place, a }: { ctx: PageContext; place: DeskPlace; a: DeskAppointments }) {
  const t = ds.appointments;
  const venue = place.venue.publicId;
  return (
    <section class="desk-panel desk-appointments" aria-labelledby="desk-appointments-h">
      <h2 id="desk-appointments-h">{t.heading}</h2>
      <p>{t.intro} <a href={`/staff/appointments?venue=${enc(venue)}&day=${enc(a.today)}`}>{t.all}</a></p>
      {a.waiting.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="desk-appointments-h">
          <table class="desk-appointments__table">
            <thead><tr><th scope="col">{t.time}</th><th scope="col">{t.item}</th><th scope="col">{t.name}</th><th scope="col">{t.action}</th></tr></thead>
            <tbody>
              {a.waiting.map((w) => (
                <tr data-reference={w.reference}>
                  <td>{w.time}</td><td>{w.item ?? t.anyItem}</td><th scope="row">{w.name}</th>
                  <td>
                    <form method="post" action={`/staff/appointments/${enc(w.reference)}/attendance`} novalidate>
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <input type="hidden" name="status" value="attended" />
                      <input type="hidden" name="venue" value={venue} />
                      <input type="hidden" name="day" value={a.today} />
                      <input type="hidden" name="back" value="/staff/desk" />
                      <button type="submit" class="button button--secondary">{t.arrived}<span class="visually-hidden">（{t.arrivedFor(w.name, w.time)}）</span></button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p>{t.none}</p>}
      <h3 id="desk-slots-h">{t.slotsHeading}</h3>
      {a.slots === null ? <p>{t.notTaken}</p> : a.slots.length ? (
        <>
          <p>{t.slotsIntro}</p>
          <ul class="desk-slots" aria-labelledby="desk-slots-h">
            {a.slots.map((x) => <li data-slot={x.start}>{x.day} <strong>{x.time}</strong> {t.free(x.free)} <a href={x.bookHref}>{t.book}<span class="visually-hidden">（{t.bookFor(x.day, x.time)}）</span></a></li>)}
          </ul>
        </>
      ) : <p>{t.noSlots}</p>}
    </section>
  );
}

export function DeskPage({ ctx, place, search, item, itemMissing, rating, canApply, canEnquire, canRate = true, oneCode = false, appointments = null }: DeskPageProps) {
  const errors = { ...(search?.error ? { q: search.error } : {}), ...(rating?.errors ?? {}) };
  return (
    <Layout ctx={ctx} title={ds.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs()}
      <ErrorSummary errors={errors} />
      <h1>{ds.title}</h1>
      <p><a href="/staff/desk/help">{ds.help.link}</a></p>
      <PlaceBar place={place} />
      {place && appointments ? <AppointmentsPanel ctx={ctx} place={place} a={appointments} /> : null}
      <div class="desk-grid">
        <section class="desk-panel" aria-labelledby="desk-search-h">
          <h2 id="desk-search-h">{ds.search.heading}</h2>
          <form method="get" action="/staff/desk" role="search" class="desk-search">
            <TextInput name="q" label={ds.search.label} value={search?.q ?? ''} error={search?.error} />
            <Button>{ds.search.button}</Button>
          </form>
          {search && !search.error && search.q ? (
            search.hits.length ? (
              <>
                <p role="status">{ds.search.results(search.q, search.total)}</p>
                {search.didYouMean ? <p>{ds.search.didYouMean}<a href={`/staff/desk?q=${enc(search.didYouMean)}`}>{search.didYouMean}</a></p> : null}
                <ol class="desk-results">
                  {search.hits.map((h) => (
                    <li key={h.id}>
                      <a href={`/staff/desk?q=${enc(search.q)}&item=${enc(h.id)}#desk-guide`} aria-current={item?.publicId === h.id ? 'true' : undefined} dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                      {h.body ? <span class="desk-results__body"> · {h.body}</span> : null}
                    </li>
                  ))}
                </ol>
              </>
            ) : <p role="status">{ds.search.none(search.q)}</p>
          ) : null}
          {itemMissing ? <Notice>{ds.guide.notFound}</Notice> : null}
          {item ? (
            <div class="desk-guide" id="desk-guide">
              <link rel="stylesheet" href="/assets/channels/guide-sheet.css" />
              <p class="desk-actions">
                <a class="button" href={`/services/items/${enc(item.publicId)}/print`} target="_blank" rel="noopener">{ds.guide.print}<span class="visually-hidden">（{ds.guide.printHint}）</span></a>
                {canRate ? <>{' '}<a href={`/staff/desk?item=${enc(item.publicId)}&q=${enc(search?.q ?? '')}#desk-rating-h`}>{ds.guide.rateThis}</a></> : null}
              </p>
              <GuideSheet item={item} level={2} idPrefix="desk-guide" />
            </div>
          ) : null}
        </section>
        <section class="desk-panel" aria-labelledby="desk-rating-h">
          <h2 id="desk-rating-h">{ds.rating.heading}</h2>
          <p>{ds.rating.intro}</p>
          {rating?.notice ? <Notice>{rating.notice}</Notice> : null}
          {!canRate ? <p>{ds.rating.notAllowed}</p> : place ? (
            <Form action="/staff/desk/rating" csrfToken={ctx.csrfToken}>
              <input type="hidden" name="venue" value={place.venue.publicId} />
              <input type="hidden" name="window" value={place.window?.publicId ?? ''} />
              <TextInput name="case_ref" label={ds.rating.caseRef} hint={ds.rating.caseRefHint} value={rating?.values.case_ref ?? ''} error={rating?.errors.case_ref} autocomplete="off" />
              <TextInput name="item" label={ds.rating.item} hint={ds.rating.itemHint} value={rating?.values.item ?? item?.publicId ?? ''} error={rating?.errors.item ?? rating?.errors.subject} autocomplete="off" />
              <Button>{ds.rating.button}</Button>
            </Form>
          ) : <p>{ds.rating.needPlace} <a href="/staff/desk/place">{ds.place.choose}</a></p>}
        </section>
        <section class="desk-panel" aria-labelledby="desk-apply-h">
          <h2 id="desk-apply-h">{ds.apply.heading}</h2>
          <p>{ds.apply.intro}</p>
          {canApply ? <p><a href="/staff/desk/apply">{ds.apply.link}</a></p> : <p>{ds.apply.notHandler}</p>}
          {canApply && oneCode ? <p class="hint">{os.deskHint}</p> : null}
        </section>
        <section class="desk-panel" aria-labelledby="desk-enquiry-h">
          <h2 id="desk-enquiry-h">{ds.enquiry.heading}</h2>
          <p>{ds.enquiry.intro}</p>
          {!canEnquire ? <p>{ds.enquiry.notAllowed}</p> : place ? (
            <ul class="desk-links">
              <li><a href={`/staff/enquiries/new?venue=${enc(place.venue.publicId)}&window=${enc(place.window?.publicId ?? '')}&channel=window`}>{ds.enquiry.link}</a></li>
              <li><a href={`/staff/enquiries?zone=${enc(place.venue.publicId)}`}>{ds.enquiry.list}</a></li>
            </ul>
          ) : <p>{ds.errors.place} <a href="/staff/desk/place">{ds.place.choose}</a></p>}
        </section>
      </div>
    </Layout>
  );
}

export function PlacePage({ ctx, venues, venue, windows, values, errors }: {
  ctx: PageContext; venues: { publicId: string; name: string }[]; venue: { publicId: string; name: string } | null;
  windows: { publicId: string; code: string; name: string }[]; values: Record<string, string>; errors: FieldErrors;
}) {
  const p = ds.place;
  return (
    <Layout ctx={ctx} title={p.title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: p.title }])}
      <ErrorSummary errors={errors} />
      <h1>{p.title}</h1>
      {venues.length === 0 ? <p>{p.noVenues}</p> : (
        <>
          <form method="get" action="/staff/desk/place">
            <Select name="venue" label={p.venue} hint={p.venueHint} options={venues.map((v) => ({ value: v.publicId, label: v.name }))} value={values.venue ?? venue?.publicId} error={venue ? undefined : errors.venue} placeholder={ds.apply.choose} />
            <Button variant={venue ? 'secondary' : undefined}>{p.next}</Button>
          </form>
          {venue ? (
            <Form action="/staff/desk/place" csrfToken={ctx.csrfToken} class="desk-window-form">
              <input type="hidden" name="venue" value={venue.publicId} />
              <Select name="window" label={`${venue.name} · ${p.window}`} options={windows.map((w) => ({ value: w.publicId, label: `${w.code} ${w.name}` }))} value={values.window} error={errors.window ?? errors.venue} placeholder={p.windowNone} />
              <Button>{p.save}</Button>
            </Form>
          ) : null}
        </>
      )}
    </Layout>
  );
}

export function RatingQrPage({ ctx, place, caseRef, url, svg, expiresAt }: { ctx: PageContext; place: DeskPlace; caseRef: string; url: string; svg: string; expiresAt: string }) {
  const r = ds.rating;
  return (
    <Layout ctx={ctx} title={r.pageTitle(caseRef)}>
      {crumbs([{ label: r.pageTitle(caseRef) }])}
      <h1>{r.pageTitle(caseRef)}</h1>
      <section class="desk-qr" aria-label={r.pageTitle(caseRef)}>
        <p class="desk-qr__prompt">{r.scan}</p>
        <div class="desk-qr__code" dangerouslySetInnerHTML={{ __html: svg }} />
        <p class="desk-qr__url">{url}</p>
        <p class="desk-qr__where">{ds.place.current(place.venue.name, place.window ? `${place.window.code} ${place.window.name}` : null)}</p>
        <p class="desk-qr__expires">{r.expires(beijingTime(expiresAt).slice(0, 16))}</p>
      </section>
      <p><a href="/staff/desk">{r.back}</a></p>
    </Layout>
  );
}

export function ApplyPage({ ctx, place, values, errors, orgOptions, oneCode }: {
  ctx: PageContext; place: DeskPlace | null; values: Record<string, string>; errors: FieldErrors; orgOptions: { value: string; label: string }[];
  /** 一码办 (issue 21 §4): offered when the accounts module provides a reader; what `?code_read=` filled. */
  oneCode?: { enabled: boolean; outcome: OneCodeOutcome };
}) {
  const a = ds.apply;
  const l = a.l;
  const opts = (e: { values: readonly { code: string; label: string }[] }) => e.values.map((v) => ({ value: v.code, label: v.label }));
  return (
    <Layout ctx={ctx} title={a.pageTitle} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: a.pageTitle }])}
      <ErrorSummary errors={errors} />
      <h1>{a.pageTitle}</h1>
      <PlaceBar place={place} />
      <p class="hint">{a.intro}</p>
      {oneCode ? <OneCodeOutcomeNotice outcome={oneCode.outcome} /> : null}
      {place ? (
        <div class={oneCode?.enabled ? 'desk-apply-grid' : undefined}>
        {oneCode?.enabled ? (
          <>
            <link rel="stylesheet" href={ONE_CODE_CSS} />
            <OneCodePanel form="desk_apply" action="/staff/desk/code" next="/staff/desk/apply" purpose={os.purposeApply} csrfToken={ctx.csrfToken} />
          </>
        ) : null}
        <Form action="/staff/desk/apply" csrfToken={ctx.csrfToken}>
          <input type="hidden" name="venue" value={place.venue.publicId} />
          <input type="hidden" name="window" value={place.window?.publicId ?? ''} />
          <dl class="summary">
            <div class="summary-row"><dt>{a.channel}</dt><dd>{a.channelValue}</dd></div>
            <div class="summary-row"><dt>{a.venue}</dt><dd>{place.venue.name}</dd></div>
          </dl>
          <Select name="org" label={a.org} options={orgOptions} value={values.org} error={errors.org} placeholder={a.choose} />
          <Select name="applicant_type" label={l.applicantType} options={opts(APPLICANT_TYPES)} value={values.applicant_type} error={errors.applicant_type} placeholder={a.choose} />
          <Select name="applicant_subtype" label={l.subtype} options={LEGAL_PERSON_SUBTYPES.map((x) => ({ value: x, label: x }))} value={values.applicant_subtype} error={errors.applicant_subtype} placeholder={l.subtypeNone} />
          <TextInput name="applicant_name" label={l.name} value={values.applicant_name} error={errors.applicant_name} autocomplete="off" />
          <TextInput name="applicant_id_number" label={l.idNumber} value={values.applicant_id_number} error={errors.applicant_id_number} autocomplete="off" />
          <TextInput name="applicant_phone" label={l.phone} hint={l.contactHint} value={values.applicant_phone} error={errors.applicant_phone} autocomplete="off" />
          <TextInput name="applicant_email" label={l.email} value={values.applicant_email} error={errors.applicant_email} autocomplete="off" />
          <TextInput name="applicant_address" label={l.address} value={values.applicant_address} error={errors.applicant_address} autocomplete="off" />
          <TextArea name="description" label={l.description} value={values.description} error={errors.description} />
          <Select name="delivery" label={l.delivery} options={opts(DELIVERY_METHODS)} value={values.delivery} error={errors.delivery} placeholder={a.choose} />
          <Button>{a.button}</Button>
        </Form>
        </div>
      ) : <p>{a.needPlace} <a href="/staff/desk/place">{ds.place.choose}</a></p>}
    </Layout>
  );
}

export function AppliedPage({ ctx, place, reference, trackingCode, dueOn, dueProvisional }: { ctx: PageContext; place: DeskPlace; reference: string; trackingCode: string; dueOn: string | null; dueProvisional: boolean }) {
  const a = ds.apply;
  return (
    <Layout ctx={ctx} title={a.registered}>
      {crumbs([{ label: a.registered }])}
      <h1>{a.registered}</h1>
      <dl class="summary">
        <div class="summary-row"><dt>{a.reference}</dt><dd>{reference}</dd></div>
        <div class="summary-row"><dt>{a.code}</dt><dd><strong>{trackingCode}</strong></dd></div>
        <div class="summary-row"><dt>{a.dueOn}</dt><dd>{dueOn ? <>{formatWithWeekday(dueOn)}{dueProvisional ? <> <span class="tag">{a.provisional}</span></> : null}</> : a.dueAfterConfirmation}</dd></div>
        <div class="summary-row"><dt>{a.venue}</dt><dd>{place.venue.name}</dd></div>
      </dl>
      <Notice>{a.codeOnce}</Notice>
      <Form action={`/staff/applications/${enc(reference)}/receipt`} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="tracking_code" value={trackingCode} />
        <Button variant="secondary">{a.receipt}</Button>
      </Form>
      <p><a href={`/staff/applications/${enc(reference)}`}>{a.openCase}</a> · <a href="/staff/desk">{a.another}</a></p>
    </Layout>
  );
}
