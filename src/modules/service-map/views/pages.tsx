// Pure views of the service map: the map page (map + ranked list + filters), venue pages, item
// guide pages (regulations.md §7.4) and life-event pages. The list is the map's accessible
// alternative; the map script (assets/service-map.js) only reads the list's data attributes.
import type { ComponentChildren } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { formatPeriods, periodsOn, WEEKDAYS, WEEKDAY_LABELS, type OpenStatus } from '../opening-hours.ts';
import type { RankedVenue } from '../venue-index.ts';
import type { Item, Venue } from '../service-map.repository.ts';
import { CHANNELS, ITEM_TYPES, LEVELS, TIME_UNITS, VENUE_TYPES, type TimeUnit } from '../service-map.ts';
import { PROVIDER_LABELS, NAV_PROVIDERS, type NavLink } from '../map-links.ts';
import { smStrings as s } from '../service-map.strings.ts';
import { venueItemStrings as vs } from '../venue-page.strings.ts';
import { VENUE_PAGE_DEPARTMENTS, type DepartmentCount, type VenueItemRef } from '../venue-items.repository.ts';
import { Flowchart } from './flowchart.tsx';
import { isSafeLink } from '../service-map-csv.ts';

/** A stored link only if it is http(s) or a site path (rows stored before the import checked links). */
const safe = (url: string | undefined): string | undefined => (url && isSafeLink(url) ? url : undefined);

const WEEKDAY_SHORT = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const localTime = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return s.monthDay(d.toISOString().slice(5, 10), d.toISOString().slice(11, 16), WEEKDAY_SHORT[d.getUTCDay()]);
};

/** Whether an instant falls on a local (Beijing) date. */
const sameDay = (iso: string, date: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10) === date;

/** The module's stylesheet (pages without the map need no script). */
function Styles() {
  return <link rel="stylesheet" href="/assets/service-map/service-map.css" />;
}

export function StatusText({ status, is24h }: { status: OpenStatus; is24h: boolean }) {
  if (is24h) return <span class="status status--open">{s.always}</span>;
  if (status.openNow) {
    return (
      <span class={`status ${status.closingSoon ? 'status--soon' : 'status--open'}`}>
        {status.closingSoon && status.minutesToClose !== null ? s.closingSoon(status.minutesToClose) : s.open}
        {status.closesAt ? `，${s.closesAt(sameDay(status.closesAt, status.day.date) ? localTime(status.closesAt).slice(-5) : localTime(status.closesAt))}` : ''}
      </span>
    );
  }
  return <span class="status status--closed">{s.closed}{status.opensAt ? `，${s.opensAt(localTime(status.opensAt))}` : ''}</span>;
}

export function NavLinks({ links }: { links: readonly NavLink[] }) {
  return (
    <ul class="nav-links" aria-label={s.navigation}>
      {links.map((l) => <li key={l.provider}><a href={l.href} rel="noopener noreferrer" target="_blank">{l.label}<span class="visually-hidden">{s.newWindow}</span></a></li>)}
    </ul>
  );
}

/**
 * 从我的位置出发 (issue 22 §4): hidden until the script (assets/route.js) finds geolocation; on click it
 * asks for the position and goes to GET /services/route, which converts and redirects to the app's
 * route. Without script or position the marker links (NavLinks) stay the way there.
 */
export function RouteFromHere({ venuePublicId }: { venuePublicId: string }) {
  return (
    <div class="route-from-here" data-route-venue={venuePublicId} data-locating={s.route.locating} data-denied={s.route.denied} hidden>
      <label>{s.route.label}，{s.route.app}{' '}
        <select name="provider">{NAV_PROVIDERS.map((p) => <option key={p} value={p}>{PROVIDER_LABELS[p]}</option>)}</select>
      </label>{' '}
      <button type="button" class="button button--secondary">{s.route.go}</button>
      <span class="muted route-status" role="status" aria-live="polite"></span>
    </div>
  );
}

/** The route control's script (once per page). */
export function RouteScript() {
  return <script src="/assets/service-map/route.js" defer></script>;
}

export interface MapPageProps {
  ctx: PageContext;
  query: Record<string, string>;
  error: string | null;
  results: (RankedVenue & { nav: NavLink[] })[];
  places: { name: string; near: string }[];
  tileUrl: string;
  tileAttribution: string;
  itemName: string | null;
  center: { lat: number; lng: number };
}

function EnumSelect({ name, label, any, values, value }: { name: string; label: string; any: string; values: readonly { code: string; label: string }[]; value: string | undefined }) {
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <select class="input" id={name} name={name}>
        <option value="">{any}</option>
        {values.map((v) => <option key={v.code} value={v.code} selected={value === v.code}>{v.label}</option>)}
      </select>
    </div>
  );
}

function FilterForm({ query, places }: { query: Record<string, string>; places: MapPageProps['places'] }) {
  return (
    <form method="get" action="/services/map" class="filters" aria-label={s.filters}>
      <div class="filter-row">
        <div class="field">
          <label for="near">{s.near}</label>
          <p class="hint" id="near-hint">{s.nearHint}</p>
          <input class="input input--short" id="near" name="near" value={query.near ?? ''} aria-describedby="near-hint" inputMode="decimal" />
          <button type="button" class="button button--secondary" id="use-location" hidden>{s.useLocation}</button>
        </div>
        <div class="field checkbox">
          <input type="checkbox" id="open_now" name="open_now" value="1" checked={query.open_now === '1'} />
          <label for="open_now">{s.openNow}</label>
        </div>
      </div>
      <details class="more-filters" open={!!(query.type || query.level || query.item || query.radius_km)}>
        <summary>{s.moreFilters}</summary>
        <div class="filter-row">
        <div class="field">
          <label for="radius_km">{s.radius}</label>
          <input class="input input--short" id="radius_km" name="radius_km" value={query.radius_km ?? ''} inputMode="decimal" />
        </div>
        <EnumSelect name="type" label={s.type} any={s.anyType} values={VENUE_TYPES.values} value={query.type} />
        <EnumSelect name="level" label={s.level} any={s.anyLevel} values={LEVELS.values} value={query.level} />
        <div class="field">
          <label for="item">{s.item}</label>
          <input class="input input--short" id="item" name="item" value={query.item ?? ''} />
        </div>
        </div>
      </details>
      <button type="submit" class="button">{s.apply}</button>
      <p>{s.places}：{places.map((p, i) => <span key={p.near}>{i > 0 ? '　' : ''}<a href={`/services/map?near=${encodeURIComponent(p.near)}`}>{p.name}</a></span>)}</p>
    </form>
  );
}

export function VenueListItem({ r }: { r: RankedVenue & { nav: NavLink[] } }) {
  const v = r.venue;
  return (
    <li class="venue" data-lat={String(v.lat)} data-lng={String(v.lng)} data-name={v.name} data-href={`/services/venues/${encodeURIComponent(v.publicId)}`} data-open={r.status.openNow ? '1' : '0'}>
      <h3><a href={`/services/venues/${encodeURIComponent(v.publicId)}`}>{v.name}</a></h3>
      <p>
        <span class="tag">{labelOf(VENUE_TYPES, v.type)}</span> {s.distance(r.distanceM)}{'\u3000'}<StatusText status={r.status} is24h={v.hours.is24h} />
      </p>
      <p class="muted">{v.address}</p>
      {r.queueWaitMinutes !== null && v.queueWaiting !== null && <p>{s.queue(v.queueWaiting, r.queueWaitMinutes)}</p>}
      <p class="score">
        {s.score} {r.score}（{Object.entries(r.parts).map(([k, x]) => `${s.scoreParts[k as keyof typeof s.scoreParts]} ${x}`).join('，')}）
      </p>
      <NavLinks links={r.nav} />
      <RouteFromHere venuePublicId={v.publicId} />
    </li>
  );
}

export function MapPage(p: MapPageProps) {
  return (
    <Layout ctx={p.ctx} title={s.mapTitle}>
      <link rel="stylesheet" href="/assets/leaflet/leaflet.css" />
      <Styles />
      <script src="/assets/leaflet/leaflet.js" defer></script>
      <script src="/assets/service-map/service-map.js" defer></script>
      <RouteScript />
      <Breadcrumbs items={[{ href: '/services', label: s.servicesCrumb }, { label: s.mapTitle }]} />
      <h1>{s.mapTitle}</h1>
      <p>{s.mapIntro}</p>
      {p.error && <div class="error-summary" role="alert"><h2>{s.requestError}</h2><p>{p.error}</p></div>}
      <FilterForm query={p.query} places={p.places} />
      <p class="muted">{s.listIsAlternative}</p>
      <div id="map" class="map" role="region" aria-label={s.mapLabel} data-tiles={p.tileUrl} data-attribution={p.tileAttribution} data-zoom-in={s.zoomIn} data-zoom-out={s.zoomOut} data-lat={String(p.center.lat)} data-lng={String(p.center.lng)}></div>
      <h2 id="results-heading">{p.itemName ? `${p.itemName}：` : ''}{s.results(p.results.length)}</h2>
      {p.results.length === 0 && !p.error && <p>{s.none}</p>}
      {p.results.some((r) => !r.status.day.calendarKnown) && <p class="notice">{s.calendarMissing}</p>}
      <ol class="venue-list" aria-labelledby="results-heading">
        {p.results.map((r) => <VenueListItem key={r.venue.id} r={r} />)}
      </ol>
    </Layout>
  );
}

function HoursTable({ venue, status }: { venue: Venue; status: OpenStatus }) {
  const h = { weekly: venue.hours, is24h: venue.is24h, holidayRule: venue.holidayRule };
  const today = periodsOn(h, status.day);
  return (
    <>
      <p><StatusText status={status} is24h={venue.is24h} /></p>
      {s.holidayNote[today.reason] && <p class="notice">{s.holidayNote[today.reason]}{status.day.name ? `（${status.day.name}）` : ''}</p>}
      {!status.day.calendarKnown && <p class="notice">{s.calendarMissing}</p>}
      {!venue.is24h && (
        <table>
          <caption class="visually-hidden">{s.hours}</caption>
          <tbody>
            {WEEKDAYS.map((d) => <tr key={d}><th scope="row">{WEEKDAY_LABELS[d]}</th><td>{formatPeriods(venue.hours[d]).replace(/,/g, '，') || s.dayClosed}</td></tr>)}
          </tbody>
        </table>
      )}
      {!venue.is24h && <p class="hint">{s.holidayRuleHint[venue.holidayRule]}</p>}
    </>
  );
}

/** The venue page's items: all of them (sorted by name) when few, else the departments with counts and the first few. */
export interface VenueItemsSection { total: number; departments: DepartmentCount[] | null; items: VenueItemRef[] }

export function VenuePage({ ctx, venue, status, nav, itemsSection, host, rated, extra, actions }: { ctx: PageContext; venue: Venue; status: OpenStatus; nav: NavLink[]; itemsSection: VenueItemsSection; host: { publicId: string; name: string } | null; rated?: { score: number; count: number } | null; extra?: ComponentChildren; actions?: ComponentChildren }) {
  const door = venue.photos.filter((p) => p.kind === 'door');
  const other = venue.photos.filter((p) => p.kind !== 'door');
  return (
    <Layout ctx={ctx} title={venue.name}>
      <Styles />
      <Breadcrumbs items={[{ href: '/services', label: s.servicesCrumb }, { href: `/services/map?near=${venue.lat},${venue.lng}`, label: s.mapTitle }, { label: venue.name }]} />
      <h1>{venue.name}</h1>
      {actions}
      <p><a href={`/rate/web/venue/${encodeURIComponent(venue.publicId)}`}>{s.rateVenue}</a></p>
      <dl class="summary">
        <dt>{s.type}</dt><dd>{labelOf(VENUE_TYPES, venue.type)}（{labelOf(LEVELS, venue.level)}）</dd>
        <dt>{s.address}</dt><dd>{venue.address}</dd>
        {venue.phone && <><dt>{s.phone}</dt><dd><a href={`tel:${venue.phone.replace(/[^\d+-]/g, '')}`}>{venue.phone}</a></dd></>}
        {host && <><dt>{s.host}</dt><dd><a href={`/services/venues/${encodeURIComponent(host.publicId)}`}>{host.name}</a></dd></>}
        {rated ? <><dt>{s.rating}</dt><dd>{s.ratingSources.ratings}：{s.ratingText(rated.score.toFixed(2), rated.count)} <a href={`/ratings/statistics?venue=${encodeURIComponent(venue.publicId)}`}>{s.ratingDetails}</a></dd></>
          : venue.rating !== null && <><dt>{s.rating}</dt><dd>{s.ratingSources.import}：{s.ratingText(venue.rating.toFixed(1), venue.ratingCount)}</dd></>}
        {venue.queueWaiting !== null && venue.queueWaitMinutes !== null && venue.queueUpdatedAt && <><dt>{s.queueLabel}</dt><dd>{s.queue(venue.queueWaiting, venue.queueWaitMinutes)}{s.queueUpdated(localTime(venue.queueUpdatedAt))}</dd></>}
        <dt>{s.verified}</dt><dd>{venue.verifiedOn ?? s.guide.unknown}</dd>
      </dl>
      {extra}
      <h2>{s.hours}</h2>
      <HoursTable venue={venue} status={status} />
      <h2>{s.navigation}</h2>
      <NavLinks links={nav} />
      <RouteFromHere venuePublicId={venue.publicId} />
      <p class="muted route-note" hidden>{s.route.note}</p>
      <RouteScript />
      {(door.length > 0 || other.length > 0) && (
        <>
          <h2>{s.photos}</h2>
          <ul class="photos">
            {[...door, ...other].map((p) => <li key={p.url}><img src={p.url} alt={p.caption || (p.kind === 'door' ? `${venue.name}${s.doorPhoto}` : venue.name)} loading="lazy" width="320" /><span>{p.kind === 'door' ? s.doorPhoto : p.caption}</span></li>)}
          </ul>
        </>
      )}
      <h2>{venue.type === 'terminal' ? s.terminalItems(itemsSection.total) : s.itemsOffered(itemsSection.total)}</h2>
      <VenueItems venue={venue} section={itemsSection} />
    </Layout>
  );
}

const itemHref = (venue: Venue, publicId: string) => `/services/items/${encodeURIComponent(publicId)}?near=${venue.lat},${venue.lng}`;
const venueItemsHref = (venue: Venue, dept: string | null) => `/services/venues/${encodeURIComponent(venue.publicId)}/items${dept === null ? '' : `?${new URLSearchParams({ dept }).toString()}`}`;

function VenueItems({ venue, section }: { venue: Venue; section: VenueItemsSection }) {
  const list = (
    <ul>
      {section.items.map((i) => <li key={i.publicId}><a href={itemHref(venue, i.publicId)}>{i.name}</a> <span class="muted">{i.implementingBody}</span></li>)}
    </ul>
  );
  if (!section.departments) return list;
  const shown = section.departments.slice(0, VENUE_PAGE_DEPARTMENTS);
  const rest = section.departments.slice(VENUE_PAGE_DEPARTMENTS);
  return (
    <>
      <h3>{vs.byDepartment}</h3>
      <table class="venue-departments">
        <caption class="visually-hidden">{vs.departmentsCaption}</caption>
        <thead><tr><th scope="col">{vs.department}</th><th scope="col">{vs.count}</th></tr></thead>
        <tbody>
          {shown.map((d) => <tr key={d.department}><td><a href={venueItemsHref(venue, d.department)}>{d.department || vs.noDepartment}</a></td><td>{d.count}</td></tr>)}
          {rest.length > 0 && <tr><td>{vs.otherDepartments(rest.length)}</td><td>{rest.reduce((n, d) => n + d.count, 0)}</td></tr>}
        </tbody>
      </table>
      <h3>{vs.firstItems(section.items.length, section.total)}</h3>
      {list}
      <p><a href={venueItemsHref(venue, null)}>{vs.seeAll(section.total)}</a> · {vs.searchHint} <a href="/search?type=item">{vs.searchLink}</a></p>
    </>
  );
}

/** /services/venues/{id}/items: the venue's items, a page at a time (keyset over the venue's primary key), optionally of one department. */
export function VenueItemsPage({ ctx, venue, department, departments, items, nextAfter, first }: { ctx: PageContext; venue: Venue; department: string | null; departments: DepartmentCount[]; items: VenueItemRef[]; nextAfter: string | null; first: boolean }) {
  const title = department === null ? vs.listTitle(venue.name) : vs.listTitleDept(venue.name, department || vs.noDepartment);
  const next = nextAfter === null ? null : `/services/venues/${encodeURIComponent(venue.publicId)}/items?${new URLSearchParams({ ...(department === null ? {} : { dept: department }), after: nextAfter }).toString()}`;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={[{ href: '/services', label: s.servicesCrumb }, { href: `/services/venues/${encodeURIComponent(venue.publicId)}`, label: venue.name }, { label: department === null ? vs.allDepartments : department || vs.noDepartment }]} />
      <h1>{title}</h1>
      <nav aria-label={vs.byDepartment}>
        <ul class="inline-list">
          <li>{department === null ? <strong>{vs.allDepartments}</strong> : <a href={venueItemsHref(venue, null)}>{vs.allDepartments}</a>}</li>
          {departments.slice(0, VENUE_PAGE_DEPARTMENTS).map((d) => <li key={d.department}>{d.department === department ? <strong>{d.department || vs.noDepartment}（{d.count}）</strong> : <a href={venueItemsHref(venue, d.department)}>{d.department || vs.noDepartment}（{d.count}）</a>}</li>)}
        </ul>
      </nav>
      {items.length ? (
        <ul>
          {items.map((i) => <li key={i.publicId}><a href={itemHref(venue, i.publicId)}>{i.name}</a> <span class="muted">{i.department ? `${i.department} · ` : ''}{i.implementingBody}</span></li>)}
        </ul>
      ) : <p>{vs.none}</p>}
      <p>
        {next && <a href={next} rel="next">{vs.nextPage}</a>}
        {next && !first && ' · '}
        {!first && <a href={venueItemsHref(venue, department)}>{vs.firstPage}</a>}
        {' · '}<a href={`/services/venues/${encodeURIComponent(venue.publicId)}`}>{vs.backToVenue}</a>
      </p>
    </Layout>
  );
}

const limitText = (n: number | null, unit: TimeUnit | null) => (n === null ? s.guide.unknown : n === 0 ? s.immediate : s.limit(n, unit ? labelOf(TIME_UNITS, unit) : s.defaultUnit));

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return <section><h2>{title}</h2>{children}</section>;
}

/** What an item offers beyond the window (issue 22 §4): read from its channels and guide. */
export function itemWays(item: Item) {
  return {
    visits: item.visits,
    online: Boolean(item.onlineUrl) || item.channels.includes('online'),
    express: item.channels.includes('express') || item.guide.express_delivery === true,
    appointment: item.guide.appointment === true,
    assisted: item.channels.includes('assisted'),
  };
}

/** 0 次跑动 · 可网办 · 可邮寄 · 可预约 · 帮办代办 — only what the item has. */
function WaysStrip({ item }: { item: Item }) {
  const w = itemWays(item);
  const parts = [
    w.visits !== null ? s.ways.stripVisits(w.visits) : null, w.online ? s.ways.stripOnline : null, w.express ? s.ways.stripExpress : null,
    w.appointment ? s.ways.stripAppointment : null, w.assisted ? s.ways.stripAssisted : null,
  ].filter((x): x is string => x !== null);
  if (!parts.length) return null;
  return <ul class="ways-strip" aria-label={s.ways.strip}>{parts.map((p) => <li key={p}>{p}</li>)}</ul>;
}

function WaysSection({ item }: { item: Item }) {
  const w = itemWays(item);
  if (!(w.appointment || w.express || w.assisted || w.visits !== null)) return null;
  const g = item.guide;
  return (
    <Section title={s.ways.title}>
      <dl class="summary">
        {w.visits !== null && <><dt>{s.ways.visits}</dt><dd>{s.visitsText(w.visits)}{g.visits_reason ? `（${g.visits_reason}）` : ''}</dd></>}
        {w.appointment && <><dt>{s.ways.appointment}</dt><dd>{s.ways.appointmentYes}<br /><span class="muted">{s.ways.appointmentHint}</span></dd></>}
        {w.express && <><dt>{s.ways.express}</dt><dd>{s.ways.expressYes}</dd></>}
        {w.assisted && <><dt>{s.ways.assisted}</dt><dd>{s.ways.assistedYes}</dd></>}
      </dl>
    </Section>
  );
}

export interface ItemPageProps {
  ctx: PageContext;
  item: Item;
  nearby: (RankedVenue & { nav: NavLink[] })[];
  openNearby: (RankedVenue & { nav: NavLink[] })[];
  recommendation: { kind: 'online'; url: string } | { kind: 'venue'; venue: RankedVenue & { nav: NavLink[] } } | { kind: 'none' };
  jsonLd: string;
  /** 'lat,lng' the nearby list was computed around. */
  mapNear: string | null;
  /** The 收藏 button of a signed-in resident (issue 21), or the link to sign in first. */
  actions?: ComponentChildren;
  /** Blocks of other modules (page-blocks.ts): next free appointment slots … */
  extra?: ComponentChildren;
}

export function ItemPage({ ctx, item, nearby, openNearby, recommendation, jsonLd, mapNear, actions, extra }: ItemPageProps) {
  const g = item.guide;
  const gs = s.guide;
  return (
    <Layout ctx={ctx} title={item.name}>
      <Styles />
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <Breadcrumbs items={[{ href: '/services', label: s.servicesCrumb }, { label: item.name }]} />
      <h1>{item.name}</h1>
      <WaysStrip item={item} />
      {actions}
      <p><a href={`/rate/web/item/${encodeURIComponent(item.publicId)}`}>{s.rateItem}</a></p>
      <p><a href={`/services/items/${encodeURIComponent(item.publicId)}/print`}>{s.printGuide}</a></p>
      <section class="recommend" aria-labelledby="iwant">
        <h2 id="iwant">{s.iWantTo}</h2>
        {recommendation.kind === 'online' && <p>{s.doOnline}：<a class="button" href={recommendation.url} rel="noopener noreferrer">{s.goOnline}</a></p>}
        {recommendation.kind === 'venue' && <p>{s.bestVenue(recommendation.venue.venue.name)}（{s.distance(recommendation.venue.distanceM)}，<StatusText status={recommendation.venue.status} is24h={recommendation.venue.venue.hours.is24h} />）<a href={`/services/venues/${encodeURIComponent(recommendation.venue.venue.publicId)}`}>{s.viewVenue}</a></p>}
        {recommendation.kind === 'venue' && <NavLinks links={recommendation.venue.nav} />}
        {recommendation.kind === 'venue' && <RouteFromHere venuePublicId={recommendation.venue.venue.publicId} />}
        {recommendation.kind === 'none' && <p>{s.noVenueOpen}</p>}
        {item.mobileUrl && <p><a href={item.mobileUrl} rel="noopener noreferrer">{s.goMobile}</a></p>}
      </section>
      {extra}
      <Section title={gs.basics}>
        <dl class="summary">
          <dt>{gs.itemType}</dt><dd>{labelOf(ITEM_TYPES, item.type)}</dd>
          <dt>{gs.basicCode}</dt><dd>{item.basicCode || gs.unknown}</dd>
          <dt>{gs.implementingCode}</dt><dd>{item.implementingCode || gs.unknown}</dd>
          <dt>{gs.level}</dt><dd>{labelOf(LEVELS, item.level)}</dd>
          <dt>{gs.body}</dt><dd>{item.implementingBody || gs.unknown}</dd>
          {item.department && <><dt>{gs.department}</dt><dd>{item.department}</dd></>}
          <dt>{gs.objects}</dt><dd>{g.service_objects.join('、') || gs.unknown}</dd>
          {g.handling_type && <><dt>{gs.handlingType}</dt><dd>{g.handling_type}</dd></>}
          {g.legal_basis && <><dt>{gs.legalBasis}</dt><dd>{g.legal_basis}</dd></>}
          <dt>{gs.channels}</dt><dd>{item.channels.map((c) => labelOf(CHANNELS, c)).join('、') || gs.unknown}</dd>
          {item.onlineUrl && <><dt>{gs.online}</dt><dd><a href={item.onlineUrl} rel="noopener noreferrer">{item.onlineUrl}</a>{g.online_depth ? `（${g.online_depth}）` : ''}</dd></>}
          {item.mobileUrl && <><dt>{gs.mobile}</dt><dd><a href={item.mobileUrl} rel="noopener noreferrer">{item.mobileUrl}</a></dd></>}
          {g.scope && <><dt>{gs.scope}</dt><dd>{g.scope}</dd></>}
        </dl>
      </Section>
      <WaysSection item={item} />
      <Section title={gs.conditions}>{g.conditions.length ? <ol>{g.conditions.map((c) => <li key={c}>{c}</li>)}</ol> : <p>{gs.unknown}</p>}</Section>
      <Section title={gs.materials}>
        {g.materials.length ? (
          <ol class="materials">
            {g.materials.map((m) => (
              <li key={m.name}>
                <h3>{m.name}</h3>
                <dl class="summary">
                  <dt>{gs.material.type}</dt><dd>{m.type || gs.unknown}</dd>
                  <dt>{gs.material.form}</dt><dd>{m.form || gs.unknown}</dd>
                  <dt>{gs.material.required}</dt><dd>{m.required ? gs.yes : gs.no}</dd>
                  <dt>{gs.material.copies}</dt><dd>{m.copies ?? '—'}</dd>
                  <dt>{gs.material.source}</dt><dd>{m.source || gs.unknown}</dd>
                  {m.spec && <><dt>{gs.material.spec}</dt><dd>{m.spec}</dd></>}
                  {m.notes && <><dt>{gs.material.notes}</dt><dd>{m.notes}</dd></>}
                  <dt>{gs.material.forms}</dt>
                  <dd>{safe(m.blank_form_url) && <a href={safe(m.blank_form_url)}>{gs.blank}<span class="visually-hidden">：{m.name}</span></a>} {safe(m.sample_url) && <a href={safe(m.sample_url)}>{gs.sample}<span class="visually-hidden">：{m.name}</span></a>}{!safe(m.blank_form_url) && !safe(m.sample_url) && gs.none}</dd>
                </dl>
              </li>
            ))}
          </ol>
        ) : <p>{gs.unknown}</p>}
      </Section>
      <Section title={gs.process}>{g.steps.length ? <Flowchart name={item.name} steps={g.steps} id="flow" /> : <p>{gs.unknown}</p>}</Section>
      <Section title={gs.limits}>
        <dl class="summary">
          <dt>{gs.legal}</dt><dd>{limitText(item.legalLimit, item.legalUnit)}{g.legal_limit_note ? `（${g.legal_limit_note}）` : ''}</dd>
          <dt>{gs.promised}</dt><dd>{limitText(item.promisedLimit, item.promisedUnit)}{g.promised_limit_note ? `（${g.promised_limit_note}）` : ''}</dd>
          <dt>{gs.visits}</dt><dd>{item.visits === null ? gs.unknown : s.visitsText(item.visits)}{g.visits_reason ? `（${g.visits_reason}）` : ''}</dd>
        </dl>
      </Section>
      <Section title={gs.fees}>
        {g.fees.length ? (
          <table>
            <thead><tr><th scope="col">{gs.fee.name}</th><th scope="col">{gs.fee.standard}</th><th scope="col">{gs.fee.basis}</th><th scope="col">{gs.fee.waivable}</th></tr></thead>
            <tbody>{g.fees.map((f) => <tr key={f.name}><td>{f.name}</td><td>{f.standard}</td><td>{f.basis}</td><td>{f.waivable ? `${gs.yes}${f.waiver_basis ? `（${f.waiver_basis}）` : ''}` : gs.no}</td></tr>)}</tbody>
          </table>
        ) : <p>{gs.free}</p>}
      </Section>
      <Section title={s.whereAndWhen(gs.where, gs.when)}>
        <dl class="summary">
          <dt>{gs.where}</dt><dd>{g.where || gs.unknown}</dd>
          <dt>{gs.when}</dt><dd>{g.when || gs.unknown}</dd>
          <dt>{gs.consultation}</dt><dd>{g.consultation || gs.unknown}</dd>
          <dt>{gs.complaint}</dt><dd>{g.complaint || gs.unknown}</dd>
        </dl>
      </Section>
      {g.result && <Section title={gs.result}><p>{g.result.type}：{g.result.name}{safe(g.result.sample_url) && <> <a href={safe(g.result.sample_url)}>{gs.sample}</a></>}</p></Section>}
      <Section title={openNearby.length ? s.nearbyNow : s.nearbyAll}>
        <p><a href={`/services/map?item=${encodeURIComponent(item.publicId)}${mapNear ? `&near=${mapNear}` : ''}`}>{s.onMap}</a></p>
        {(openNearby.length ? openNearby : nearby).length === 0 ? <p>{s.noVenueOpen}</p> : (
          <ol class="venue-list">{(openNearby.length ? openNearby : nearby).map((r) => <VenueListItem key={r.venue.id} r={r} />)}</ol>
        )}
      </Section>
      {g.faq.length > 0 && <Section title={gs.faq}><dl>{g.faq.map((f) => <div key={f.q}><dt>{s.faqQ(f.q)}</dt><dd>{s.faqA(f.a)}</dd></div>)}</dl></Section>}
      {recommendation.kind === 'venue' && <RouteScript />}
    </Layout>
  );
}

export function ServicesHome({ ctx, q, items, places }: { ctx: PageContext; q: string; items: Item[] | null; places: { name: string; near: string; region: string }[] }) {
  return (
    <Layout ctx={ctx} title={s.searchItems}>
      <Breadcrumbs items={[{ href: '/services', label: s.servicesCrumb }, { label: s.searchItems }]} />
      <h1>{s.searchItems}</h1>
      <p>{s.servicesIntro}</p>
      <ul>
        <li><a href="/services/map">{s.mapTitle}</a>{s.mapLinkNote}</li>
        <li><a href="/services/life-events">{s.lifeEvents}</a>{s.lifeEventsLinkNote}</li>
      </ul>
      <h2>{s.searchItems}</h2>
      <form method="get" action="/services/search" role="search">
        <div class="field">
          <label for="q">{s.searchLabel}</label>
          <input class="input" id="q" name="q" value={q} />
        </div>
        <button type="submit" class="button">{s.search}</button>
      </form>
      {items && (
        <>
          <h3>{s.searchResults(items.length)}</h3>
          <ul>{items.map((i) => <li key={i.id}><a href={`/services/items/${encodeURIComponent(i.publicId)}`}>{i.name}</a> <span class="muted">{i.implementingBody}</span></li>)}</ul>
        </>
      )}
      <h2>{s.places}</h2>
      <ul>{places.map((p) => <li key={p.near}><a href={`/services/map?near=${encodeURIComponent(p.near)}`}>{p.name}</a></li>)}</ul>
    </Layout>
  );
}
