// Pure views: the five section pages. Each opens on what people come for — the newest records, the
// most used services, the figures — and keeps its full list of entrances below.
import type { ComponentChildren } from 'preact';
import { formatRate, type PeriodFigures, type PublicReply } from '../../interaction/index.ts';
import type { HomeRecord, InterpretedPolicy, OrgLevel } from '../../disclosures/index.ts';
import type { YearFigures } from '../../applications/index.ts';
import type { ServiceFigures } from '../../service-map/index.ts';
import { Breadcrumbs } from '../../../platform/web/components.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { portalStrings } from '../portal.strings.ts';
import type { HotLists, ReportLine } from '../portal.service.ts';
import { Block, Figures, HotServices, InterpretationList, RecordList, ReplyList } from './blocks.tsx';

const h = portalStrings.home;
const ss = portalStrings.sections;

/** Every entrance a section had before it carried content (kept reachable). */
const SECTION_LINKS: Record<string, { href: string; label: string }[] | undefined> = portalStrings.sectionLinks;


function Section({ ctx, path, title, intro, children }: { ctx: PageContext; path: string; title: string; intro: string; children: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={[{ href: '/', label: h.title }, { label: title }]} />
      <h1>{title}</h1>
      <p>{intro}</p>
      {children}
      <Block id="section-links" title={ss.more}>
        <ul class="link-list">
          {(SECTION_LINKS[path] ?? []).map((l) => <li key={l.href}><a href={l.href}>{l.label}</a></li>)}
        </ul>
      </Block>
    </Layout>
  );
}

export function OpennessSection({ ctx, d }: { ctx: PageContext; d: { latest: HomeRecord[]; year: number; thisYear: number; byLevel: { level: OrgLevel; records: HomeRecord[] }[]; interpretations: InterpretedPolicy[]; reports: ReportLine[] } }) {
  const s = ss.openness;
  return (
    <Section ctx={ctx} path="/openness" title={s.title} intro={s.intro}>
      <Figures label={s.figures(d.year)} items={[{ id: 'this-year', label: s.figures(d.year), value: s.count(d.thisYear) }]} />
      <div class="portal-grid">
        <Block id="openness-latest" title={s.latest} more={{ href: '/openness/disclosures/all', label: h.levelMore }}>
          <RecordList records={d.latest} />
        </Block>
        <Block id="openness-interpretations" title={h.interpretations} more={{ href: '/openness/disclosures/genre/interpretation', label: h.interpretationsMore }}>
          <InterpretationList items={d.interpretations} />
        </Block>
      </div>
      <Block id="openness-levels" title={s.byLevel}>
        <div class="portal-columns">
          {d.byLevel.map((g) => (
            <section key={g.level} class="portal-column" aria-labelledby={`openness-level-${g.level}`} data-level={g.level}>
              <h3 id={`openness-level-${g.level}`}>{h.levels[g.level]}</h3>
              <RecordList records={g.records} />
            </section>
          ))}
        </div>
      </Block>
      <Block id="openness-reports" title={h.reports} more={{ href: '/openness/reports/annual', label: h.reportsMore }}>
        {d.reports.length ? <ul class="record-list">{d.reports.map((r) => <li key={`${r.orgCode}/${r.year}`}><a href={r.href}>{r.title}</a></li>)}</ul> : <p class="muted">{h.empty}</p>}
      </Block>
    </Section>
  );
}

export function ServicesSection({ ctx, d, typeLabel }: { ctx: PageContext; d: { hot: HotLists; figures: ServiceFigures }; typeLabel: (t: string) => string }) {
  const s = ss.services;
  return (
    <Section ctx={ctx} path="/services" title={s.title} intro={s.intro}>
      <form method="get" action="/search" role="search" class="search-form">
        <input type="hidden" name="type" value="item" />
        <label for="services-q">{h.searchLabel}</label> <input id="services-q" name="q" type="search" class="input" placeholder={h.searchPlaceholder} /> <button type="submit" class="button">{h.searchButton}</button>
      </form>
      <div class="portal-grid">
        <Block id="services-hot" title={s.hot}>
          <p class="hint">{h.hotServicesNote}</p>
          <HotServices items={d.hot.items} />
        </Block>
        <Block id="services-figures" title={s.figures} more={{ href: '/services/map', label: s.mapLink }}>
          <Figures label={s.figures} items={[
            { id: 'items', label: s.items, value: s.itemsUnit(d.figures.items) },
            { id: 'venues', label: s.venues, value: s.venuesUnit(d.figures.venues) },
          ]} />
          {d.figures.venuesByType.length > 0 && (
            <>
              <h3>{s.byType}</h3>
              <ul class="record-list">{d.figures.venuesByType.map((v) => <li key={v.type}><a href={`/services/map?type=${encodeURIComponent(v.type)}`}>{typeLabel(v.type)}</a><span class="record-meta">{v.count}</span></li>)}</ul>
            </>
          )}
        </Block>
      </div>
    </Section>
  );
}

export function ApplicationsSection({ ctx, f }: { ctx: PageContext; f: YearFigures }) {
  const s = ss.applications;
  return (
    <Section ctx={ctx} path="/applications" title={s.title} intro={s.intro}>
      <p class="portal-actions"><a class="button" href="/applications/apply">{s.apply}</a> <a class="button button--secondary" href="/applications/status">{s.track}</a></p>
      <Block id="applications-figures" title={s.figures(f.year)}>
        <Figures label={s.figures(f.year)} items={[
          { id: 'received', label: s.received, value: String(f.received) },
          { id: 'answered', label: s.answered, value: String(f.answered) },
          { id: 'open', label: s.open, value: String(f.open) },
          ...(f.withdrawn ? [{ id: 'withdrawn', label: s.withdrawn, value: String(f.withdrawn) }] : []),
        ]} />
        <p class="hint">{s.note}</p>
      </Block>
    </Section>
  );
}

export function InteractionSection({ ctx, d }: { ctx: PageContext; d: { figures: PeriodFigures; yearFigures: PeriodFigures; replies: PublicReply[] } }) {
  const s = ss.interaction;
  const fig = (p: PeriodFigures, prefix: string) => [
    { id: `${prefix}received`, label: prefix ? s.receivedIn(p.period.label) : h.received, value: String(p.total.received) },
    { id: `${prefix}replied`, label: h.replied, value: String(p.total.replied) },
    { id: `${prefix}rate`, label: h.rate, value: formatRate(p.total.rate) },
  ];
  return (
    <Section ctx={ctx} path="/interaction" title={s.title} intro={s.intro}>
      <p class="portal-actions"><a class="button" href="/interaction/messages/new">{s.write}</a> <a class="button button--secondary" href="/interaction/status">{s.track}</a></p>
      <div class="portal-grid">
        <Block id="interaction-figures" title={h.figures(d.figures.period.label)} more={{ href: '/interaction/statistics', label: h.statsLink }}>
          <Figures label={h.figures(d.figures.period.label)} items={fig(d.figures, '')} />
          <h3>{h.figures(d.yearFigures.period.label)}</h3>
          <Figures label={h.figures(d.yearFigures.period.label)} items={fig(d.yearFigures, 'year-')} />
          <p class="hint">{h.rateNote}</p>
        </Block>
        <Block id="interaction-replies" title={h.latestReplies} more={{ href: '/interaction/messages', label: s.allReplies }}>
          <ReplyList replies={d.replies} />
        </Block>
      </div>
    </Section>
  );
}
