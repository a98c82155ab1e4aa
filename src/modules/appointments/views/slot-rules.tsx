// Pure views: the staff pages of a venue's slot rules (/staff/venues, /staff/venues/{venue}/slots:
// the rules as a table form, the exceptions, a 14-day preview, the bookings a rule change left
// outside the rules) and the "可预约时段" blocks of the venue and item pages.
import { slotInWords } from '../booking.strings.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { formatWithWeekday, type LocalDate } from '../../../platform/clock/local-date.ts';
import { EXCEPTION_KINDS } from '../vocabulary.ts';
import { formatClock, WEEKDAYS } from '../slots.ts';
import { rulesStrings } from '../rules.strings.ts';

const st = rulesStrings.staff;
const bs = rulesStrings.block;
export const VENUES_BASE = '/staff/venues';
export const slotsHref = (venue: string) => `${VENUES_BASE}/${encodeURIComponent(venue)}/slots`;
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: VENUES_BASE, label: st.listTitle }, ...extra]} />;

export function SlotVenuesPage({ ctx, venues }: { ctx: PageContext; venues: { publicId: string; name: string; rules: number }[] }) {
  return (
    <Layout ctx={ctx} title={st.listTitle}>
      {crumbs([])}
      <h1>{st.listTitle}</h1>
      <p>{st.listIntro}</p>
      {venues.length === 0 ? <p>{st.noneInScope}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${st.listTitle}（表格）`}>
          <table class="stats-table">
            <caption class="visually-hidden">{st.listTitle}</caption>
            <thead><tr><th scope="col">{st.venue}</th><th scope="col">{st.rulesCount}</th><th scope="col">{st.actions}</th></tr></thead>
            <tbody>
              {venues.map((v) => (
                <tr key={v.publicId}>
                  <td>{v.name}</td>
                  <td>{v.rules}</td>
                  <td>
                    <ul class="link-list">
                      <li><a href={slotsHref(v.publicId)}>{`${st.set}：${v.name}`}</a></li>
                      <li><a href={`/staff/appointments?venue=${encodeURIComponent(v.publicId)}`}>{`${st.attendanceLink}：${v.name}`}</a></li>
                      <li><a href={`${VENUES_BASE}/${encodeURIComponent(v.publicId)}/queue`}>{`${st.queueLink}：${v.name}`}</a></li>
                    </ul>
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

export interface PreviewRow { dayOn: LocalDate; startMin: number; endMin: number; itemName: string | null; capacity: number; booked: number; free: number }
export interface OutsideRow { reference: string; startAt: string; endAt: string; itemName: string | null; name: string }
export interface ExceptionRow { dayOn: LocalDate; kind: 'closed' | 'open'; asWeekday: number | null; note: string }

export interface SlotRulesPageProps {
  ctx: PageContext;
  venue: { publicId: string; name: string };
  items: { publicId: string; name: string }[];
  /** Offered items too many for a select: the item is typed (public id or name). */
  itemsTyped: boolean;
  rowCount: number;
  values: Record<string, string>;
  errors: FieldErrors;
  exceptionValues: Record<string, string>;
  exceptionErrors: FieldErrors;
  exceptions: ExceptionRow[];
  preview: PreviewRow[];
  outside: OutsideRow[];
  notice: string | null;
  canEdit: boolean;
}

/** A person's name as staff lists show it here: the family name only (张**). */
const maskName = (n: string) => { const c = Array.from(n.trim()); return c.length ? `${c[0]}${'*'.repeat(Math.max(1, c.length - 1))}` : ''; };
const shanghaiClock = (iso: string) => formatClock(Math.round(((Date.parse(iso) + 8 * 3_600_000) % 86_400_000) / 60_000));
const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

export function SlotRulesPage(p: SlotRulesPageProps) {
  const { ctx, venue, values, errors } = p;
  const title = st.title(venue.name);
  const allErrors = { ...errors, ...p.exceptionErrors };
  const base = slotsHref(venue.publicId);
  const itemOptions = p.items.map((i) => ({ value: i.publicId, label: i.name }));
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(allErrors).length > 0}>
      {crumbs([{ label: venue.name }])}
      <h1>{title}</h1>
      {p.notice && <Notice>{p.notice}</Notice>}
      <ErrorSummary errors={allErrors} />

      <h2 id="rules">{st.rulesHeading}</h2>
      <p class="hint">{st.rulesIntro}</p>
      <p class="hint">{st.rulesKept}</p>
      {p.canEdit ? (
        <Form action={base} csrfToken={ctx.csrfToken}>
          <input type="hidden" name="rows" value={String(p.rowCount)} />
          {p.itemsTyped && <datalist id="venue-items">{p.items.map((i) => <option key={i.publicId} value={i.publicId}>{i.name}</option>)}</datalist>}
          <div class="table-scroll" tabIndex={0} role="region" aria-label={st.rulesHeading}>
            <table class="stats-table slot-rules">
              <caption class="visually-hidden">{st.rulesHeading}</caption>
              <thead><tr><th scope="col">{st.rowHead}</th><th scope="col">{st.item}</th><th scope="col">{st.weekdays}</th><th scope="col">{st.start}</th><th scope="col">{st.end}</th><th scope="col">{st.capacity}</th><th scope="col">{st.remove}</th></tr></thead>
              <tbody>
                {Array.from({ length: p.rowCount }, (_, i) => {
                  const row = st.row(i + 1);
                  const err = (f: string) => errors[f === 'weekdays' ? `wd_${i}_1` : `${f}_${i}`];
                  const input = (f: 'start' | 'end' | 'capacity', label: string) => (
                    <td>
                      <input class="input input--short" type="text" inputMode={f === 'capacity' ? 'numeric' : undefined} id={`${f}_${i}`} name={`${f}_${i}`} value={values[`${f}_${i}`] ?? ''}
                        aria-label={`${row}${label}`} aria-invalid={err(f) ? 'true' : undefined} aria-describedby={err(f) ? `${f}_${i}-error` : undefined} />
                      {err(f) && <p class="field-error" id={`${f}_${i}-error`}>{err(f)}</p>}
                    </td>
                  );
                  return (
                    <tr key={i} class={['item', 'weekdays', 'start', 'end', 'capacity'].some((f) => err(f)) ? 'field--error' : ''}>
                      <th scope="row">{i + 1}</th>
                      <td>
                        {p.itemsTyped
                          ? <input class="input" type="text" list="venue-items" id={`item_${i}`} name={`item_${i}`} value={values[`item_${i}`] ?? ''} aria-label={`${row}${st.item}（${st.itemHint}）`} aria-invalid={err('item') ? 'true' : undefined} />
                          : (
                            <select class="input" id={`item_${i}`} name={`item_${i}`} aria-label={`${row}${st.item}`} aria-invalid={err('item') ? 'true' : undefined}>
                              <option value="">{st.anyItem}</option>
                              {itemOptions.map((o) => <option key={o.value} value={o.value} selected={o.value === values[`item_${i}`]}>{o.label}</option>)}
                              {values[`item_${i}`] && !itemOptions.some((o) => o.value === values[`item_${i}`]) && <option value={values[`item_${i}`]} selected>{values[`item_${i}`]}</option>}
                            </select>
                          )}
                        {err('item') && <p class="field-error" id={`item_${i}-error`}>{err('item')}</p>}
                      </td>
                      <td>
                        <fieldset class="weekday-boxes" aria-describedby={err('weekdays') ? `wd_${i}_1-error` : undefined}>
                          <legend class="visually-hidden">{`${row}${st.weekdays}`}</legend>
                          {WEEKDAYS.values.map((d) => (
                            <span key={d.code} class="weekday-box" style="white-space:nowrap">
                              <input type="checkbox" id={`wd_${i}_${d.code}`} name={`wd_${i}_${d.code}`} value="1" checked={!!values[`wd_${i}_${d.code}`]} />
                              <label for={`wd_${i}_${d.code}`}>{d.label}</label>{' '}
                            </span>
                          ))}
                        </fieldset>
                        {err('weekdays') && <p class="field-error" id={`wd_${i}_1-error`}>{err('weekdays')}</p>}
                      </td>
                      {input('start', st.start)}
                      {input('end', st.end)}
                      {input('capacity', st.capacity)}
                      <td>
                        <input type="checkbox" id={`del_${i}`} name={`del_${i}`} value="1" checked={!!values[`del_${i}`]} />{' '}
                        <label for={`del_${i}`}><span class="visually-hidden">{row}</span>{st.remove}</label>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {errors.rules && <p class="field-error" id="rules-error">{errors.rules}</p>}
          <Button>{st.saveRules}</Button>
        </Form>
      ) : null}
      <p><a href={`${base}.csv`}>{st.csv}</a></p>

      <h2 id="exceptions">{st.exceptionsHeading}</h2>
      <p class="hint">{st.exceptionsIntro}</p>
      {p.exceptions.length === 0 ? <p>{st.noExceptions}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={st.exceptionsHeading}>
          <table class="stats-table">
            <caption class="visually-hidden">{st.exceptionsHeading}</caption>
            <thead><tr><th scope="col">{st.day}</th><th scope="col">{st.kind}</th><th scope="col">{st.note}</th>{p.canEdit && <th scope="col">{st.actions}</th>}</tr></thead>
            <tbody>
              {p.exceptions.map((e) => (
                <tr key={e.dayOn}>
                  <td>{formatWithWeekday(e.dayOn)}</td>
                  <td>{EXCEPTION_KINDS.values.find((k) => k.code === e.kind)?.label}{e.kind === 'open' && e.asWeekday ? `（${WEEKDAYS.values[e.asWeekday - 1]?.label}规则）` : ''}</td>
                  <td>{e.note}</td>
                  {p.canEdit && (
                    <td>
                      <Form action={`${base}/exceptions/delete`} csrfToken={ctx.csrfToken}>
                        <input type="hidden" name="day" value={e.dayOn} />
                        <Button variant="secondary">{st.deleteException(e.dayOn)}</Button>
                      </Form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.canEdit && (
        <Form action={`${base}/exceptions`} csrfToken={ctx.csrfToken}>
          <TextInput name="day" label={st.day} hint={st.dayHint} value={p.exceptionValues.day ?? ''} error={p.exceptionErrors.day} width="short" />
          <Select name="kind" label={st.kind} value={p.exceptionValues.kind ?? 'closed'} error={p.exceptionErrors.kind} options={EXCEPTION_KINDS.values.map((k) => ({ value: k.code, label: k.label }))} />
          <Select name="as_weekday" label={st.asWeekday} hint={st.asWeekdayHint} value={p.exceptionValues.as_weekday ?? ''} error={p.exceptionErrors.as_weekday} placeholder={st.sameWeekday} options={WEEKDAYS.values.map((d) => ({ value: d.code, label: d.label }))} />
          <TextInput name="note" label={st.note} value={p.exceptionValues.note ?? ''} error={p.exceptionErrors.note} />
          <Button>{st.addException}</Button>
        </Form>
      )}

      <h2 id="preview">{st.previewHeading}</h2>
      <p class="hint">{st.previewIntro}</p>
      {p.preview.length === 0 ? <p>{st.noPreview}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={st.previewHeading}>
          <table class="stats-table">
            <caption class="visually-hidden">{st.previewHeading}</caption>
            <thead><tr><th scope="col">{st.day}</th><th scope="col">{st.time}</th><th scope="col">{st.item}</th><th scope="col">{st.capacity}</th><th scope="col">{st.booked}</th><th scope="col">{st.left}</th></tr></thead>
            <tbody>
              {p.preview.map((r) => (
                <tr key={`${r.dayOn}-${r.startMin}-${r.itemName ?? ''}`}>
                  <td>{formatWithWeekday(r.dayOn)}</td>
                  <td>{`${formatClock(r.startMin)}–${formatClock(r.endMin)}`}</td>
                  <td>{r.itemName ?? st.anyItem}</td>
                  <td>{r.capacity}</td>
                  <td>{r.booked}</td>
                  <td>{r.free}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {p.outside.length > 0 && (
        <>
          <h2 id="outside">{st.outsideHeading}</h2>
          <p>{st.outsideIntro}</p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={st.outsideHeading}>
            <table class="stats-table">
              <caption class="visually-hidden">{st.outsideHeading}</caption>
              <thead><tr><th scope="col">{st.reference}</th><th scope="col">{st.day}</th><th scope="col">{st.time}</th><th scope="col">{st.item}</th><th scope="col">{st.person}</th></tr></thead>
              <tbody>
                {p.outside.map((b) => (
                  <tr key={b.reference}>
                    <td>{b.reference}</td>
                    <td>{formatWithWeekday(shanghaiDay(b.startAt))}</td>
                    <td>{`${shanghaiClock(b.startAt)}–${shanghaiClock(b.endAt)}`}</td>
                    <td>{b.itemName ?? st.anyItem}</td>
                    <td>{maskName(b.name)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p><a href={VENUES_BASE}>{st.back}</a></p>
    </Layout>
  );
}

export interface BlockSlot { start: string; dayOn: LocalDate; startMin: number; endMin: number; free: number; itemPublicId: string | null; itemName: string | null }

/** The booking page of a slot (builder A1's page): `/services/venues/{venue}/book?item=&start=`. */
export const bookHref = (venue: string, item: string | null, start: string) =>
  `/services/venues/${encodeURIComponent(venue)}/book?${item ? `item=${encodeURIComponent(item)}&` : ''}start=${encodeURIComponent(start)}`;

function SlotLinks({ venue, slots, item }: { venue: string; slots: BlockSlot[]; item: string | null }) {
  return (
    <ul class="slot-list">
      {slots.map((x) => {
        const when = slotInWords(x.dayOn, x.startMin, x.endMin);
        return (
          <li key={`${x.start}-${x.itemPublicId ?? ''}`}>
            <a href={bookHref(venue, item ?? x.itemPublicId, x.start)}>{bs.book(when)}</a>
            {item === null && x.itemName ? `（${x.itemName}）` : ''}{' '}
            <span class="hint">{bs.places(x.free)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** The venue page's block: its next free slots. */
export function VenueSlotsBlock({ venue, slots }: { venue: string; slots: BlockSlot[] }) {
  return (
    <section class="slots-block" aria-labelledby="slots-block-title">
      <h2 id="slots-block-title">{bs.heading}</h2>
      <p class="hint">{bs.intro}</p>
      <SlotLinks venue={venue} slots={slots} item={null} />
    </section>
  );
}

/** The item page's block: the next free slots for the item at the first venues with rules. */
export function ItemSlotsBlock({ item, venues }: { item: string; venues: { publicId: string; name: string; slots: BlockSlot[] }[] }) {
  return (
    <section class="slots-block" aria-labelledby="slots-block-title">
      <h2 id="slots-block-title">{bs.heading}</h2>
      <p class="hint">{bs.intro}</p>
      {venues.map((v) => (
        <div key={v.publicId}>
          <h3><a href={`/services/venues/${encodeURIComponent(v.publicId)}`}>{v.name}</a></h3>
          <SlotLinks venue={v.publicId} slots={v.slots} item={item} />
        </div>
      ))}
    </section>
  );
}
