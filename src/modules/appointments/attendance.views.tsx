// Pure view: a venue's appointments of one day for its staff (/staff/appointments) — venue and day
// pickers, the day's counts, the table with 已到场 / 爽约 / 撤销 buttons, and the CSV link.
import { Layout } from '../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, Notice } from '../../platform/web/components.tsx';
import type { FieldErrors } from '../../platform/web/forms.ts';
import type { PageContext } from '../../platform/web/page-context.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { formatWithWeekday, type LocalDate } from '../../platform/clock/local-date.ts';
import { APPOINTMENT_STATUSES } from './vocabulary.ts';
import type { DayCounts } from './attendance.rules.ts';
import type { DayAppointment, StaffVenue } from './attendance.service.ts';
import { attendanceStrings as s } from './attendance.strings.ts';

const enc = encodeURIComponent;
export const ATTENDANCE_PATH = '/staff/appointments';
export const attendanceHref = (venue: string, day: string) => `${ATTENDANCE_PATH}?venue=${enc(venue)}&day=${enc(day)}`;

/** One row's buttons: mark (booked, today or earlier; 爽约 once the slot started) or undo (marked today). */
function RowActions({ a, csrf, day, venue, today, nowIso, back }: { a: DayAppointment; csrf: string; day: string; venue: string; today: LocalDate; nowIso: string; back: string }) {
  const form = (status: string, label: string, hidden: string, variant?: string) => (
    <form method="post" action={`${ATTENDANCE_PATH}/${enc(a.reference)}/attendance`} class="attendance-action" novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="status" value={status} />
      <input type="hidden" name="venue" value={venue} />
      <input type="hidden" name="day" value={day} />
      {back ? <input type="hidden" name="back" value={back} /> : null}
      <button type="submit" class={variant ? `button button--${variant}` : 'button'}>{label}<span class="visually-hidden">（{hidden}）</span></button>
    </form>
  );
  if (a.status === 'booked') {
    if (a.dayOn > today) return <span>{s.actions.notYet}</span>;
    return (
      <div class="attendance-actions">
        {form('attended', s.actions.attended, s.actions.attendedFor(a.reference))}
        {a.startAt <= nowIso ? form('no_show', s.actions.noShow, s.actions.noShowFor(a.reference), 'warning') : null}
      </div>
    );
  }
  if ((a.status === 'attended' || a.status === 'no_show') && new Date(Date.parse(a.updatedAt) + 8 * 3_600_000).toISOString().slice(0, 10) === today) {
    return <div class="attendance-actions">{form('booked', s.actions.undo, s.actions.undoFor(a.reference), 'secondary')}</div>;
  }
  return <span>—</span>;
}

export interface AttendancePageProps {
  ctx: PageContext;
  venues: readonly StaffVenue[];
  venue: StaffVenue | null;
  day: string;
  today: LocalDate;
  nowIso: string;
  list: { rows: DayAppointment[]; counts: DayCounts } | null;
  errors: FieldErrors;
  notice: string | null;
}

export function AttendancePage({ ctx, venues, venue, day, today, nowIso, list, errors, notice }: AttendancePageProps) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={venue ? `${s.title}：${venue.name}` : s.title} hasErrors={hasErrors}>
      <Breadcrumbs items={[{ href: '/staff', label: s.crumbs.staff }, { label: s.title }]} />
      <ErrorSummary errors={errors} />
      <h1>{s.title}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      {venues.length === 0 ? <p>{s.filter.noVenues}</p> : (
        <form method="get" action={ATTENDANCE_PATH} class="attendance-filter">
          <fieldset>
            <legend>{s.filter.legend}</legend>
            <div class={errors.venue ? 'field field--error' : 'field'}>
              <label for="venue">{s.filter.venue}</label>
              {errors.venue ? <p class="field-error" id="venue-error">{errors.venue}</p> : null}
              <select id="venue" name="venue" class="input" aria-describedby={errors.venue ? 'venue-error' : undefined} aria-invalid={errors.venue ? 'true' : undefined}>
                {venue ? null : <option value="">{s.filter.choose}</option>}
                {venues.map((v) => <option value={v.publicId} selected={v.publicId === venue?.publicId}>{v.name}</option>)}
              </select>
            </div>
            <div class={errors.day ? 'field field--error' : 'field'}>
              <label for="day">{s.filter.day}</label>
              {errors.day ? <p class="field-error" id="day-error">{errors.day}</p> : null}
              <input id="day" name="day" type="date" class="input input--short" value={day} aria-describedby={errors.day ? 'day-error' : undefined} aria-invalid={errors.day ? 'true' : undefined} />
            </div>
            <button type="submit" class="button">{s.filter.show}</button>
          </fieldset>
        </form>
      )}
      {venue && list ? (
        <>
          <h2 id="attendance-counts-h">{s.counts.heading}</h2>
          <dl class="summary attendance-counts" aria-labelledby="attendance-counts-h">
            <dt>{s.counts.total}</dt><dd data-count="total">{list.counts.total}</dd>
            <dt>{s.counts.booked}</dt><dd data-count="booked">{list.counts.booked}</dd>
            <dt>{s.counts.attended}</dt><dd data-count="attended">{list.counts.attended}</dd>
            <dt>{s.counts.noShow}</dt><dd data-count="no_show">{list.counts.no_show}</dd>
            <dt>{s.counts.cancelled}</dt><dd data-count="cancelled">{list.counts.cancelled}</dd>
          </dl>
          <p><a href={`${ATTENDANCE_PATH}.csv?venue=${enc(venue.publicId)}&day=${enc(day)}`} download>{s.csv.link}</a></p>
          {list.rows.length === 0 ? <p>{s.table.none}</p> : (
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="attendance-caption">
              <table class="stats-table attendance-table">
                <caption id="attendance-caption">{s.table.caption(venue.name, formatWithWeekday(day))}</caption>
                <thead><tr>
                  <th scope="col">{s.table.time}</th><th scope="col">{s.table.reference}</th><th scope="col">{s.table.item}</th>
                  <th scope="col">{s.table.name}</th><th scope="col">{s.table.phone}</th><th scope="col">{s.table.status}</th><th scope="col">{s.table.actions}</th>
                </tr></thead>
                <tbody>
                  {list.rows.map((a) => (
                    <tr data-reference={a.reference} data-status={a.status}>
                      <td>{a.time}</td><th scope="row">{a.reference}</th><td>{a.item?.name ?? s.table.anyItem}</td>
                      <td>{a.name}</td><td>{a.phone}</td><td>{labelOf(APPOINTMENT_STATUSES, a.status)}</td>
                      <td><RowActions a={a} csrf={ctx.csrfToken} day={day} venue={venue.publicId} today={today} nowIso={nowIso} back="" /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </Layout>
  );
}

export { RowActions as AttendanceActions };
