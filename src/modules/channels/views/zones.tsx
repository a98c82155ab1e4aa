// Pure views of the 政务公开专区: the block on a zone's venue page (what can be done there, its
// kiosk, hours, consultation phone and level), the public list by county and level
// (/openness/zones) and the staff figures per zone and month (/staff/zones, /staff/zones/{venue}).
import type { ComponentChildren } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, TextInput } from '../../../platform/web/components.tsx';
import { GroupedBarChart, HorizontalBarChart } from '../../../platform/web/charts.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { KIOSK_USAGE_KINDS } from '../vocabulary.ts';
import type { CountyZones, MonthRow, Zone, ZoneBlockData, ZoneOpenStatus, ZoneRow } from '../zones.service.ts';
import { zoneStrings as s } from '../zones.strings.ts';

const telHref = (phone: string) => `tel:${phone.replace(/[^\d+-]/g, '')}`;

/** Beijing time 'HH:MM' of an ISO instant (or the date and time when it is not today's). */
function clockText(iso: string, nowIso: string): string {
  const local = (x: string) => new Date(Date.parse(x) + 8 * 3_600_000).toISOString();
  const at = local(iso);
  const now = local(nowIso);
  return at.slice(0, 10) === now.slice(0, 10) ? at.slice(11, 16) : `${at.slice(5, 10).replace('-', '月')}日 ${at.slice(11, 16)}`;
}

/** The block a 政务公开专区's venue page shows (the service map renders it under the venue summary). */
export function ZoneVenueBlock({ z }: { z: ZoneBlockData }) {
  const b = s.block;
  return (
    <section class="zone-block" aria-labelledby="zone-block-title">
      <h2 id="zone-block-title">{b.title}</h2>
      <dl class="summary">
        <dt>{b.level}</dt><dd data-zone-level>{z.levelLabel}</dd>
        <dt>{b.hours}</dt><dd>{z.hours || '—'}</dd>
        {z.phone && <><dt>{b.phone}</dt><dd><a href={telHref(z.phone)}>{z.phone}</a></dd></>}
        <dt>{b.kiosk}</dt><dd><a href={z.kioskHref}>{b.kioskLink}</a></dd>
      </dl>
      <h3 id="zone-can-do">{b.canDo}</h3>
      <ul aria-labelledby="zone-can-do" data-zone-services>
        {b.services.map((x) => <li key={x}>{x}</li>)}
      </ul>
      <p class="actions">
        <a href="/applications/apply">{b.apply}</a>
        <a href="/interaction/messages/new">{b.message}</a>
        <a href="/openness/zones">{b.allZones}</a>
      </p>
    </section>
  );
}

function OpenText({ st, now, is24h }: { st: ZoneOpenStatus | undefined; now: string; is24h: boolean }) {
  const l = s.list;
  if (is24h) return <>{l.always}</>;
  if (!st) return <>{l.unknown}</>;
  if (st.openNow) return <><strong>{l.open}</strong>{st.closesAt ? l.closesAt(clockText(st.closesAt, now)) : ''}</>;
  return <>{l.closed}{st.opensAt ? l.opensAt(clockText(st.opensAt, now)) : ''}</>;
}

export function ZoneListPage({ ctx, counties, statuses, now }: { ctx: PageContext; counties: readonly CountyZones[]; statuses: ReadonlyMap<string, ZoneOpenStatus>; now: string }) {
  const l = s.list;
  return (
    <Layout ctx={ctx} title={l.title}>
      <Breadcrumbs items={[{ href: '/openness', label: '政务公开' }, { label: l.title }]} />
      <h1>{l.title}</h1>
      <p>{l.intro}</p>
      {counties.length === 0 && <p>{l.none}</p>}
      {counties.map((c) => {
        const first = c.levels[0]?.zones[0];
        return (
          <section key={c.countyCode} aria-labelledby={`zones-${c.countyCode}`} data-county={c.countyCode}>
            <h2 id={`zones-${c.countyCode}`}>{l.county(c.countyName, c.count)}</h2>
            {first && <p><a href={`/services/map?near=${first.lat},${first.lng}&type=openness_area`}>{l.mapAll}</a></p>}
            {c.levels.map((g) => (
              <div key={g.level} data-level={g.level}>
                <h3 id={`zones-${c.countyCode}-${g.level}`}>{l.level(g.label)}</h3>
                <ul class="record-list zone-list">
                  {g.zones.map((z) => (
                    <li key={z.publicId} data-zone={z.publicId}><div>
                      <a href={`/services/venues/${encodeURIComponent(z.publicId)}`}><strong>{z.name}</strong></a>
                      <br /><span class="muted">{l.address}：</span>{z.address}
                      <br /><span class="muted">{l.hours}：</span>{z.hours || l.unknown}
                      {z.phone && <><br /><span class="muted">{l.phone}：</span><a href={telHref(z.phone)}>{z.phone}</a></>}
                      <br /><span class="muted">{l.openNow}：</span><span data-open={statuses.get(z.publicId)?.openNow ? '1' : '0'}><OpenText st={statuses.get(z.publicId)} now={now} is24h={z.is24h} /></span>
                      {' '}<a href={`/services/map?near=${z.lat},${z.lng}&type=openness_area`}>{l.map}<span class="visually-hidden">：{z.name}</span></a>
                    </div></li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </Layout>
  );
}

// ---------- staff ----------

function MonthPicker({ action, month, error }: { action: string; month: string; error?: string | undefined }) {
  return (
    <form method="get" action={action} class="filters">
      <TextInput name="month" label={s.staff.month} hint={s.staff.monthHint} value={month} error={error} width="short" />
      <button type="submit" class="button">{s.staff.show}</button>
    </form>
  );
}

const KIND_HEADS = KIOSK_USAGE_KINDS.values;
const SESSION_LABEL = labelOf(KIOSK_USAGE_KINDS, 'session');

/** The figures table both staff pages show: leading cells of their own, then consultations, kiosk uses by kind and the total. */
function FiguresTable({ label, caption, consultations, heads, rows }: {
  label: string; caption: string; consultations: boolean; heads: ComponentChildren;
  rows: readonly { key: string; data: Record<string, string>; lead: ComponentChildren; figures: MonthRow | ZoneRow }[];
}) {
  const t = s.staff;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class="stats-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead><tr>{heads}{consultations && <th scope="col">{t.consultations}</th>}{KIND_HEADS.map((k) => <th scope="col" key={k.code}>{k.label}</th>)}<th scope="col">{t.total}</th></tr></thead>
        <tbody>
          {rows.map(({ key, data, lead, figures: r }) => (
            <tr key={key} {...data}>
              {lead}{consultations && <td>{r.consultations ?? 0}</td>}{KIND_HEADS.map((k) => <td key={k.code}>{r.kinds[k.code]}</td>)}<td>{r.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface ZoneFiguresProps {
  ctx: PageContext;
  month: string;
  rows: readonly ZoneRow[] | null;
  /** Whether consultations are counted (the enquiries module is there). */
  consultations: boolean;
  error?: string | undefined;
}

export function ZoneFiguresPage({ ctx, month, rows, consultations, error }: ZoneFiguresProps) {
  const t = s.staff;
  return (
    <Layout ctx={ctx} title={t.title} hasErrors={!!error}>
      <Breadcrumbs items={[{ href: '/staff', label: t.crumbs.staff }, { label: t.title }]} />
      <h1>{t.title}</h1>
      {error && <ErrorSummary errors={{ month: error }} />}
      <p>{t.intro}{consultations ? '' : t.consultationsPending}</p>
      <MonthPicker action="/staff/zones" month={month} error={error} />
      {rows && rows.length === 0 && <p>{t.none}</p>}
      {rows && rows.length > 0 && (
        <>
          <h2>{t.monthHeading(month)}</h2>
          <HorizontalBarChart id="zones-month" title={t.chartTitle(month)} description={t.chartDesc(month)} table={false} categoryHeader={t.zone}
            categories={rows.map((r) => r.name)}
            series={[{ name: SESSION_LABEL, values: rows.map((r) => r.kinds.session) }, ...(consultations ? [{ name: t.consultations, values: rows.map((r) => r.consultations) }] : [])]} />
          <p><a href={`/staff/zones?month=${month}&format=csv`}>{t.csv}</a></p>
          <FiguresTable label={t.title} caption={t.chartTitle(month)} consultations={consultations}
            heads={<><th scope="col">{t.zone}</th><th scope="col">{t.level}</th></>}
            rows={rows.map((r) => ({
              key: r.publicId, data: { 'data-zone': r.publicId }, figures: r,
              lead: <><th scope="row"><a href={`/staff/zones/${encodeURIComponent(r.publicId)}?month=${month}`}>{r.name}</a><br /><span class="muted">{r.orgName}</span></th><td>{r.levelLabel}</td></>,
            }))} />
        </>
      )}
    </Layout>
  );
}

export function ZoneDetailPage({ ctx, zone, month, rows, consultations, error }: { ctx: PageContext; zone: Zone; month: string; rows: readonly MonthRow[] | null; consultations: boolean; error?: string | undefined }) {
  const t = s.staff;
  const path = `/staff/zones/${encodeURIComponent(zone.publicId)}`;
  const axis = rows?.map((r) => `${Number(r.month.slice(5))}月`) ?? [];
  return (
    <Layout ctx={ctx} title={t.detailTitle(zone.name)} hasErrors={!!error}>
      <Breadcrumbs items={[{ href: '/staff', label: t.crumbs.staff }, { href: `/staff/zones?month=${month}`, label: t.crumbs.zones }, { label: zone.name }]} />
      <h1>{t.detailTitle(zone.name)}</h1>
      {error && <ErrorSummary errors={{ month: error }} />}
      <dl class="summary">
        <dt>{t.level}</dt><dd>{zone.levelLabel}</dd>
        <dt>{t.org}</dt><dd>{zone.orgName}</dd>
        <dt>{s.list.hours}</dt><dd>{zone.hours}</dd>
        {zone.phone && <><dt>{s.list.phone}</dt><dd>{zone.phone}</dd></>}
      </dl>
      <p class="actions"><a href={`/services/venues/${encodeURIComponent(zone.publicId)}`}>{t.venuePage}</a><a href={`/staff/zones?month=${month}`}>{t.back}</a></p>
      {!consultations && <p class="muted">{t.consultations}{t.consultationsPending}</p>}
      <MonthPicker action={path} month={month} error={error} />
      {rows && (
        <>
          <h2>{t.perMonth}</h2>
          <GroupedBarChart id="zone-trend" title={t.trendTitle(zone.name)} description={t.trendDesc} table={false} categoryHeader={t.monthCol}
            categories={rows.map((r) => r.month)} axisLabels={axis}
            series={[{ name: SESSION_LABEL, values: rows.map((r) => r.kinds.session) }, ...(consultations ? [{ name: t.consultations, values: rows.map((r) => r.consultations) }] : [])]} />
          <p><a href={`${path}?month=${month}&format=csv`}>{t.csv}</a></p>
          <FiguresTable label={t.perMonth} caption={t.trendTitle(zone.name)} consultations={consultations}
            heads={<th scope="col">{t.monthCol}</th>}
            rows={rows.map((r) => ({ key: r.month, data: { 'data-month': r.month }, figures: r, lead: <th scope="row">{r.month}</th> }))} />
        </>
      )}
    </Layout>
  );
}
