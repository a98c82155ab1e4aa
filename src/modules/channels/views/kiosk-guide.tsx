// Pure views of the kiosk's item guide (/kiosk/{venue}/items/{item}) and the venue's own services
// with this week's opening hours (/kiosk/{venue}/services), both inside the kiosk shell (KioskPage),
// and the kiosk-styled 404 of an unknown item (an unknown venue: the shell's sendKioskMissing).
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { Item } from '../../service-map/index.ts';
import type { KioskFrame } from '../kiosk-frame.ts';
import { KioskPage, kioskHome } from './kiosk-layout.tsx';
import { GuideSheet } from './guide-sheet.tsx';
import { guideStrings as s } from '../kiosk-guide.strings.ts';
import type { NextSlot } from '../kiosk-slots.ts';

export const kioskItemHref = (venue: string, item: string) => `${kioskHome(venue)}/items/${encodeURIComponent(item)}`;
export const kioskServicesHref = (venue: string) => `${kioskHome(venue)}/services`;

function Styles() {
  return (
    <>
      <link rel="stylesheet" href="/assets/channels/guide-sheet.css" />
      <link rel="stylesheet" href="/assets/channels/kiosk-guide.css" />
    </>
  );
}

export interface KioskGuidePageProps {
  ctx: PageContext;
  frame: KioskFrame;
  item: Item;
  /** The venue offers the item itself (sm_venue_item, or its host's for a 政务公开专区). */
  offeredHere: boolean;
  /** Where 「返回」 goes (the page the guide was opened from, or the venue's services). */
  back: string;
  /** The next free appointment slots of the item here (null: the venue takes no appointments for it), and the QR of the first one's booking page. */
  slots?: { list: readonly NextSlot[]; qrSvg: string } | null;
}

/** 可预约时段: times and places left only (nothing personal on a shared screen); booking continues on a phone. */
export function KioskSlots({ slots }: { slots: { list: readonly NextSlot[]; qrSvg: string } }) {
  const first = slots.list[0];
  return (
    <section class="kg-block kg-slots" aria-labelledby="kg-slots-h">
      <h2 id="kg-slots-h">{s.slots.heading}</h2>
      {first ? (
        <>
          <p class="kg-lead">{s.slots.intro}</p>
          <ul class="kg-slot-list">
            {slots.list.map((x) => <li data-slot={x.start}><span class="kg-slot-day">{x.day}</span> <strong class="kg-slot-time">{x.time}</strong> <span class="kg-slot-free">{s.slots.free(x.free)}</span></li>)}
          </ul>
          <figure class="kg-slot-qr">
            <div role="img" aria-label={s.slots.qrLabel} dangerouslySetInnerHTML={{ __html: slots.qrSvg }} />
            <figcaption>{s.slots.qrCaption(first.day, first.time)}</figcaption>
          </figure>
        </>
      ) : <p class="kg-lead">{s.slots.none}</p>}
    </section>
  );
}

export function KioskGuidePage({ ctx, frame, item, offeredHere, back, slots = null }: KioskGuidePageProps) {
  const venue = frame.venue;
  return (
    <KioskPage ctx={ctx} venue={{ publicId: venue.publicId, name: venue.name }} title={s.sheetTitle(item.name)} back={back} phonePath={frame.phonePath} qrSvg={frame.qrSvg} idleSeconds={frame.idleSeconds}>
      <Styles />
      <div class="kg-guide">
        <div class="kg-actions">
          <a class="kiosk-button kiosk-button--primary" href={`${kioskItemHref(venue.publicId, item.publicId)}/print`} data-kiosk-print="">{s.printGuide}</a>
          <a class="kiosk-button" href={kioskServicesHref(venue.publicId)}>{s.venueServices}</a>
        </div>
        <p class="kg-hint">{s.printHint}</p>
        <p class={`kg-here ${offeredHere ? 'kg-here--yes' : 'kg-here--no'}`}>{offeredHere ? s.offeredHere : s.notOfferedHere}</p>
        {item.onlineUrl && <p class="kg-hint">{s.onlineAsText}</p>}
        {slots ? <KioskSlots slots={slots} /> : null}
        <GuideSheet item={item} />
      </div>
    </KioskPage>
  );
}

export interface KioskItemNotFoundProps {
  ctx: PageContext;
  frame: KioskFrame;
  code: string;
}

/** An unknown item at a known venue: the kiosk shell with a clear message and the way back. */
export function KioskItemNotFound({ ctx, frame, code }: KioskItemNotFoundProps) {
  const venue = frame.venue;
  return (
    <KioskPage ctx={ctx} venue={{ publicId: venue.publicId, name: venue.name }} title={s.itemNotFound} phonePath={frame.phonePath} qrSvg={frame.qrSvg} idleSeconds={frame.idleSeconds}>
      <Styles />
      <div class="kg-missing" role="alert">
        <h1>{s.itemNotFound}</h1>
        <p class="kiosk-lead">{s.itemNotFoundHint}</p>
        <p class="kg-code">{s.notFoundCode(code)}</p>
        <div class="kg-actions">
          <a class="kiosk-button kiosk-button--primary" href={kioskHome(venue.publicId)}>{s.backHome}</a>
          <a class="kiosk-button" href={kioskServicesHref(venue.publicId)}>{s.venueServices}</a>
        </div>
      </div>
    </KioskPage>
  );
}

export interface WeekRow {
  date: string;
  weekday: string;
  /** 「08:30-12:00，14:30-17:30」 or 「休息」. */
  hours: string;
  closed: boolean;
  /** 国庆节放假，闭馆 / 国庆节调休上班… */
  note: string | null;
  today: boolean;
}

export interface ServiceGroup {
  name: string;
  items: { publicId: string; name: string }[];
}

export interface KioskServicesPageProps {
  ctx: PageContext;
  frame: KioskFrame;
  /** Whose items are listed: the venue's own, or (政务公开专区) its host's. */
  itemsFrom: { name: string; host: boolean } | null;
  groups: ServiceGroup[];
  itemTotal: number;
  itemsShown: number;
  isZone: boolean;
  week: WeekRow[];
  is24h: boolean;
  calendarKnown: boolean;
  /** 「现在开放，12:00 下班」 / 「现在闭馆，下次开放：10月9日 08:30」. */
  openNow: { open: boolean; text: string };
}

export function KioskServicesPage(p: KioskServicesPageProps) {
  const venue = p.frame.venue;
  const v = encodeURIComponent(venue.publicId);
  const first = p.week[0];
  const last = p.week[p.week.length - 1];
  const zoneLinks = [
    { key: 'search', href: `/kiosk/${v}`, ...s.zoneActions.search },
    { key: 'status', href: `/kiosk/${v}/status`, ...s.zoneActions.status },
    { key: 'message', href: `/kiosk/${v}/message`, ...s.zoneActions.message },
    { key: 'rate', href: `/kiosk/${v}/rate`, ...s.zoneActions.rate },
  ];
  return (
    <KioskPage ctx={p.ctx} venue={{ publicId: venue.publicId, name: venue.name }} title={p.isZone ? s.zoneTitle : s.servicesTitle} phonePath={p.frame.phonePath} qrSvg={p.frame.qrSvg} idleSeconds={p.frame.idleSeconds}>
      <Styles />
      <div class="kg-services">
        <h1>{p.isZone ? s.zoneTitle : s.servicesTitle}</h1>
        <p class="kg-lead kiosk-lead">{p.isZone ? s.zoneIntro(venue.name) : s.servicesIntro(venue.name)}</p>
        <div class="kg-cols">
          <div class="kg-col kg-col--side">
            {p.isZone && (
              <section class="kg-block" aria-labelledby="kg-zone">
                <h2 id="kg-zone">{s.zoneHeading}</h2>
                <ul class="kg-zone-actions">
                  {zoneLinks.map((l) => (
                    <li key={l.key}><a class="kg-tile" href={l.href}><span class="kg-tile-label">{l.label}</span><span class="kg-tile-hint">{l.hint}</span></a></li>
                  ))}
                  <li><div class="kg-tile kg-tile--static"><span class="kg-tile-label">{s.zoneActions.consult.label}</span><span class="kg-tile-hint">{s.zoneActions.consult.hint}{venue.phone ? `：${venue.phone}` : ''}</span></div></li>
                </ul>
              </section>
            )}

            <section class="kg-block kg-open" aria-labelledby="kg-hours">
              <h2 id="kg-hours">{s.hoursHeading}</h2>
              <p class={`kg-status ${p.openNow.open ? 'kg-status--open' : 'kg-status--closed'}`}>{p.openNow.text}</p>
              {p.is24h ? <p>{s.alwaysOpen}</p> : (
                <table class="kg-week">
                  <caption class="visually-hidden">{first && last ? s.hoursCaption(first.date, last.date) : s.hoursHeading}</caption>
                  <thead><tr><th scope="col">{s.day}</th><th scope="col">{s.hours}</th></tr></thead>
                  <tbody>
                    {p.week.map((d) => (
                      <tr key={d.date} class={`${d.today ? 'kg-today' : ''}${d.closed ? ' kg-closed' : ''}`.trim() || undefined} aria-current={d.today ? 'date' : undefined}>
                        <th scope="row">
                          <span class="kg-weekday">{d.weekday}</span> <span class="kg-date">{s.monthDay(d.date.slice(5))}</span>
                          {d.today && <span class="kg-today-badge">{s.today}</span>}
                        </th>
                        <td>{d.hours}{d.note && <span class="kg-day-note">{d.note}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {!p.calendarKnown && <p class="kg-hint">{s.calendarMissing}</p>}
            </section>

            <section class="kg-block" aria-labelledby="kg-contact">
              <h2 id="kg-contact">{s.contactHeading}</h2>
              <dl class="kg-contact">
                <div><dt>{s.address}</dt><dd>{venue.address || s.unknown}</dd></div>
                <div><dt>{s.phone}</dt><dd>{venue.phone || s.unknown}</dd></div>
              </dl>
            </section>
          </div>
          <div class="kg-col kg-col--main">
            <section class="kg-block" aria-labelledby="kg-items">
              <h2 id="kg-items">{p.itemsFrom?.host ? s.hostItemsHeading(p.itemsFrom.name, p.itemTotal) : s.itemsHeading(p.itemTotal)}</h2>
              {p.itemsFrom?.host && <p class="kg-hint">{s.hostNote(p.itemsFrom.name)}</p>}
              {p.groups.length === 0 ? <p>{s.noItems}</p> : p.groups.map((g, gi) => (
                <section key={g.name} class="kg-group" aria-labelledby={`kg-group-${gi}`}>
                  <h3 id={`kg-group-${gi}`}>{g.name}<span class="kg-count">（{s.itemCount(g.items.length)}）</span></h3>
                  <ul class="kg-items">
                    {g.items.map((i) => <li key={i.publicId}><a class="kg-item" href={kioskItemHref(venue.publicId, i.publicId)}>{i.name}</a></li>)}
                  </ul>
                </section>
              ))}
              {p.itemsShown < p.itemTotal && <p class="kg-hint">{s.moreItems(p.itemsShown, p.itemTotal)}</p>}
            </section>
          </div>
        </div>
      </div>
    </KioskPage>
  );
}
