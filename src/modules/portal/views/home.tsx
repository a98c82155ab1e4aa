// Pure view: the public home page — search with the hot words, the newest records by organisation
// level, 通知公告, 政策解读 beside their policies, hot services, 民心直通车 figures and replies, the
// annual reports, the entrances to other government portals, and the five sections.
import { formatRate } from '../../interaction/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { LINK_LEVELS, portalStrings } from '../portal.strings.ts';
import type { HomeData } from '../portal.service.ts';
import { Block, Figures, HotSearches, HotServices, InterpretationList, RecordList, ReplyList } from './blocks.tsx';
import { labelOf } from '../../../platform/web/enums.ts';

const s = portalStrings.home;
const sec = portalStrings.sections;

const SECTION_CARDS = [
  { href: '/openness', title: sec.openness.title, intro: sec.openness.intro },
  { href: '/services', title: sec.services.title, intro: sec.services.intro },
  { href: '/data', title: sec.data.title, intro: sec.data.intro },
  { href: '/applications', title: sec.applications.title, intro: sec.applications.intro },
  { href: '/interaction', title: sec.interaction.title, intro: sec.interaction.intro },
];

/**
 * The page around its blocks: the blocks do not depend on who asks, so the route renders them once
 * per cached data (`blocksHtml`) and only the layout (CSRF token, 长者模式, sign-in state) per request.
 */
export function HomePage({ ctx, blocksHtml }: { ctx: PageContext; blocksHtml: string }) {
  return (
    <Layout ctx={ctx} title={s.title}>
      <h1>{s.heading}</h1>
      <p>{s.intro}</p>
      <form method="get" action="/search" role="search" class="search-form">
        <label for="home-q">{s.searchLabel}</label> <input id="home-q" name="q" type="search" class="input" placeholder={s.searchPlaceholder} /> <button type="submit" class="button">{s.searchButton}</button>
      </form>
      <p class="portal-ask"><a href="/assistant">{s.askAssistant}</a></p>
      <div class="portal-home" dangerouslySetInnerHTML={{ __html: blocksHtml }} />
    </Layout>
  );
}

/** The home page's blocks (the same for every visitor). */
export function HomeBlocks({ d }: { d: HomeData }) {
  const f = d.figures.total;
  const linkLevels = LINK_LEVELS.values.map((l) => ({ level: l.code, label: l.label, links: d.links.filter((x) => x.level === l.code) })).filter((g) => g.links.length);
  return (
    <>
      <HotSearches queries={d.hot.queries} />

      <Block id="home-latest" title={s.latest} more={{ href: '/openness/disclosures/all', label: s.levelMore }}>
        <div class="portal-columns">
          {d.byLevel.map((g) => (
            <section key={g.level} class="portal-column" aria-labelledby={`home-level-${g.level}`} data-level={g.level}>
              <h3 id={`home-level-${g.level}`}>{s.levels[g.level]}</h3>
              <RecordList records={g.records} />
            </section>
          ))}
        </div>
      </Block>

      <div class="portal-grid">
        <Block id="home-notices" title={s.notices} more={{ href: '/openness/disclosures/genre/notice', label: s.noticesMore }}>
          <RecordList records={d.notices} />
        </Block>
        <Block id="home-interpretations" title={s.interpretations} more={{ href: '/openness/disclosures/genre/interpretation', label: s.interpretationsMore }}>
          <InterpretationList items={d.interpretations} />
        </Block>
        <Block id="home-services" title={s.hotServices} more={{ href: '/services', label: s.hotServicesMore }}>
          <p class="hint">{s.hotServicesNote}</p>
          <HotServices items={d.hot.items} />
        </Block>
        <Block id="home-interaction" title={s.interaction} more={{ href: '/interaction/statistics', label: s.statsLink }}>
          <Figures label={s.figures(d.figures.period.label)} items={[
            { id: 'received', label: s.received, value: String(f.received) },
            { id: 'replied', label: s.replied, value: String(f.replied) },
            { id: 'rate', label: s.rate, value: formatRate(f.rate) },
          ]} />
          <p class="hint">{d.figures.period.label}。{s.rateNote}</p>
          <h3>{s.latestReplies}</h3>
          <ReplyList replies={d.replies} />
          <p><a href="/interaction/messages/new">{s.writeMessage}</a></p>
        </Block>
        <Block id="home-reports" title={s.reports} more={{ href: '/openness/reports/annual', label: s.reportsMore }}>
          {d.reports.length
            ? <ul class="record-list">{d.reports.map((r) => <li key={`${r.orgCode}/${r.year}`}><a href={r.href}>{r.title}</a></li>)}</ul>
            : <p class="muted">{s.empty}</p>}
        </Block>
        {linkLevels.length > 0 && (
          <Block id="home-links" title={s.links}>
            {linkLevels.map((g) => (
              <div key={g.level} class="portal-links" data-link-level={g.level}>
                <h3>{labelOf(LINK_LEVELS, g.level)}</h3>
                <ul>
                  {g.links.map((l) => <li key={l.id}><a href={l.url} rel="noopener noreferrer external">{l.name}</a></li>)}
                </ul>
              </div>
            ))}
          </Block>
        )}
      </div>

      <h2>{s.sections}</h2>
      <ul class="cards portal-sections">
        {SECTION_CARDS.map((c) => (
          <li key={c.href}>
            <h3><a href={c.href}>{c.title}</a></h3>
            <p>{c.intro}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
