// Pure views: the public booking page (item choice, free slots by day with places left, the confirm
// form or a sign-in link), the booking's own page (confirmation with the cancel code shown once,
// cancel and reschedule) and the code form that opens it. Work without JavaScript and at 375 px.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { bookingStrings as s, slotInWords } from '../booking.strings.ts';
import { APPOINTMENT_STATUSES } from '../vocabulary.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import type { AppointmentView } from '../booking.service.ts';

const p = s.page;
const d = s.done;
const crumbs = (label: string, venue?: { public_id: string; name: string }) => (
  <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/services', label: s.services },
    ...(venue ? [{ href: `/services/venues/${encodeURIComponent(venue.public_id)}`, label: venue.name }] : []), { label }]} />
);

/** iCalendar text (RFC 5545): escapes \\ ; , and line breaks. */
const icsText = (t: string) => t.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const icsInstant = (iso: string) => new Date(Date.parse(iso)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The booking as a one-event calendar file, offered as a download link (no JavaScript, no extra request). */
export function calendarHref(a: Pick<AppointmentView, 'reference' | 'start' | 'end' | 'createdAt' | 'venue' | 'item'>): string {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//gongkai//appointments//ZH', 'CALSCALE:GREGORIAN', 'BEGIN:VEVENT',
    `UID:${a.reference}@gongkai`, `DTSTAMP:${icsInstant(a.createdAt)}`, `DTSTART:${icsInstant(a.start)}`, `DTEND:${icsInstant(a.end)}`,
    `SUMMARY:${icsText(d.calendarSummary(a.venue.name) + (a.item ? `（${a.item.name}）` : ''))}`,
    `LOCATION:${icsText(a.venue.address)}`, `DESCRIPTION:${icsText(d.calendarDescription(a.reference))}`,
    'END:VEVENT', 'END:VCALENDAR', '',
  ];
  return `data:text/calendar;charset=utf-8,${encodeURIComponent(lines.join('\r\n'))}`;
}

export interface SlotChoice { start: string; dayOn: string; startMin: number; endMin: number; free: number }

export interface BookPageProps {
  ctx: PageContext;
  venue: { public_id: string; name: string; address: string };
  items: readonly { public_id: string; name: string }[];
  /** Rules for the whole venue exist: an item need not be chosen. */
  anyItem: boolean;
  item: string;
  slots: readonly SlotChoice[];
  chosen: SlotChoice | null;
  signedIn: boolean;
  signInHref: string;
  values: Record<string, string>;
  errors: FieldErrors;
  reschedule: string | null;
  kiosk?: boolean;
}

const hm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

export function BookPage(props: BookPageProps) {
  const { ctx, venue, items, item, slots, chosen, errors, values } = props;
  const hasErrors = Object.keys(errors).length > 0;
  const base = `/services/venues/${encodeURIComponent(venue.public_id)}/book`;
  const link = (start: string) => `${base}?${new URLSearchParams({ ...(item ? { item } : {}), start, ...(props.reschedule ? { reschedule: props.reschedule } : {}) }).toString()}`;
  const days = [...new Set(slots.map((x) => x.dayOn))];
  const needsItem = !props.anyItem && items.length > 0 && !item;
  return (
    <Layout ctx={ctx} title={p.title(venue.name)} hasErrors={hasErrors}>
      {crumbs(s.book, venue)}
      <div class="booking">
        <h1>{p.title(venue.name)}</h1>
        <p>{props.reschedule ? p.reschedulingOf(props.reschedule) : p.intro}</p>
        <p class="hint">{`${p.address}：${venue.address}`}</p>
        <ErrorSummary errors={errors} />
        {(items.length > 1 || (items.length === 1 && props.anyItem)) && (
          <form method="get" action={base} class="booking-item">
            <div class="field">
              <label for="item">{p.item}</label>
              <select id="item" name="item" class="input">
                {props.anyItem && <option value="">{p.anyItem}</option>}
                {items.map((i) => <option key={i.public_id} value={i.public_id} selected={i.public_id === item}>{i.name}</option>)}
              </select>
            </div>
            {props.reschedule && <input type="hidden" name="reschedule" value={props.reschedule} />}
            <button type="submit" class="button button--secondary">{p.chooseItem}</button>
          </form>
        )}
        {chosen && (
          <section class="booking-confirm" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{p.confirmTitle}</h2>
            <dl class="summary">
              <dt>{p.venue}</dt><dd>{venue.name}</dd>
              {item && <><dt>{p.item}</dt><dd>{items.find((i) => i.public_id === item)?.name ?? item}</dd></>}
              <dt>{p.when}</dt><dd>{slotInWords(chosen.dayOn, chosen.startMin, chosen.endMin)}</dd>
            </dl>
            {props.signedIn || props.kiosk ? (
              <Form action={base} csrfToken={ctx.csrfToken} submitOnce>
                <input type="hidden" name="start" value={chosen.start} />
                {item && <input type="hidden" name="item" value={item} />}
                {props.reschedule ? <input type="hidden" name="reschedule" value={props.reschedule} /> : (
                  <>
                    <TextInput name="name" label={p.name} value={values.name ?? ''} error={errors.name} autocomplete="name" />
                    <TextInput name="phone" label={p.phone} type="tel" value={values.phone ?? ''} error={errors.phone} hint={p.phoneHint} autocomplete="tel" width="short" />
                  </>
                )}
                {errors.start && <p class="field-error" id="start">{errors.start}</p>}
                <Button>{props.reschedule ? p.submitReschedule : p.submit}</Button>
              </Form>
            ) : (
              <div id="start">
                <p>{p.signInHint}</p>
                <p><a class="button" href={props.signInHref}>{p.signIn}</a></p>
              </div>
            )}
          </section>
        )}
        {needsItem ? null : (
          <section aria-labelledby="slots-title">
            <h2 id="slots-title">{p.slots(14)}</h2>
            {!days.length && <p>{p.noSlots}</p>}
            {days.map((day) => {
              const own = slots.filter((x) => x.dayOn === day);
              const title = slotInWords(day, 0, 0).replace(/00:00–00:00$/, '');
              return (
                <div key={day} class="booking-day">
                  <table class="table">
                    <caption>{p.slotTable(title)}</caption>
                    <thead><tr><th scope="col">{p.time}</th><th scope="col">{p.places}</th><th scope="col">{p.action}</th></tr></thead>
                    <tbody>
                      {own.map((x) => (
                        <tr key={x.start}>
                          <td>{`${hm(x.startMin)}–${hm(x.endMin)}`}</td>
                          <td>{x.free > 0 ? p.left(x.free) : p.full}</td>
                          <td>{x.free > 0 ? <a href={link(x.start)} aria-label={`${p.choose} ${title}${hm(x.startMin)}`}>{p.choose}</a> : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              );
            })}
          </section>
        )}
      </div>
    </Layout>
  );
}

export function AppointmentPage({ ctx, a, code, canAct, proofCode, notice }: { ctx: PageContext; a: AppointmentView; code: string | null; canAct: boolean; proofCode: string | null; notice: string | null }) {
  const active = a.status === 'booked';
  const title = code ? d.title : d.lookupTitle(a.reference);
  return (
    <Layout ctx={ctx} title={title}>
      {crumbs(s.book, a.venue)}
      <div class="booking">
        <h1>{title}</h1>
        {notice && <Notice>{notice}</Notice>}
        <dl class="summary">
          <dt>{d.reference}</dt><dd><strong>{a.reference}</strong></dd>
          {code && <><dt>{d.code}</dt><dd><strong class="booking-code">{code}</strong></dd></>}
          <dt>{d.status}</dt><dd>{labelOf(APPOINTMENT_STATUSES, a.status as 'booked')}</dd>
          <dt>{p.when}</dt><dd>{a.when}</dd>
          <dt>{p.venue}</dt><dd><a href={`/services/venues/${encodeURIComponent(a.venue.public_id)}`}>{a.venue.name}</a></dd>
          <dt>{p.address}</dt><dd>{a.venue.address}</dd>
          {a.item && <><dt>{p.item}</dt><dd>{a.item.name}</dd></>}
          <dt>{p.name}</dt><dd>{a.name}</dd>
          <dt>{p.phone}</dt><dd>{a.phoneMasked}</dd>
        </dl>
        {code && <p class="hint">{d.codeHint}</p>}
        {a.rescheduledTo && <p><a href={`/appointments/${encodeURIComponent(a.rescheduledTo)}`}>{d.rescheduledTo(a.rescheduledTo)}</a></p>}
        {canAct && active && (
          <div class="booking-actions">
            <Form action={`/appointments/${encodeURIComponent(a.reference)}/cancel`} csrfToken={ctx.csrfToken} submitOnce>
              {proofCode && <input type="hidden" name="code" value={proofCode} />}
              <p>{d.cancelConfirm}</p>
              <Button variant="warning">{d.cancel}</Button>
            </Form>
            {!proofCode && <p><a class="button button--secondary" href={`/services/venues/${encodeURIComponent(a.venue.public_id)}/book?${new URLSearchParams({ ...(a.item ? { item: a.item.public_id } : {}), reschedule: a.reference }).toString()}`}>{d.reschedule}</a></p>}
          </div>
        )}
        <section class="booking-next" aria-labelledby="booking-next-title">
          <h2 id="booking-next-title">{d.next}</h2>
          <ul>
            {active && <li><a href={calendarHref(a)} download={`${a.reference}.ics`}>{d.calendar}</a></li>}
            {!proofCode && ctx.resident && <li><a href="/me/appointments">{d.mine}</a></li>}
            <li><a href={`/services/venues/${encodeURIComponent(a.venue.public_id)}`}>{d.backToVenue(a.venue.name)}</a></li>
          </ul>
        </section>
      </div>
    </Layout>
  );
}

export function LookupPage({ ctx, reference, errors, values }: { ctx: PageContext; reference: string; errors: FieldErrors; values: Record<string, string> }) {
  return (
    <Layout ctx={ctx} title={d.lookupTitle(reference)} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(s.book)}
      <div class="booking">
        <h1>{d.lookupTitle(reference)}</h1>
        <p>{d.lookupIntro}</p>
        <ErrorSummary errors={errors} />
        <Form action={`/appointments/${encodeURIComponent(reference)}`} csrfToken={ctx.csrfToken}>
          <TextInput name="code" label={d.code} value={values.code ?? ''} error={errors.code} width="short" autocomplete="off" />
          <Button>{d.show}</Button>
        </Form>
      </div>
    </Layout>
  );
}
