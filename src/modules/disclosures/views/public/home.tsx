// Pure view: the 政府信息公开 home — the five standard sections and the latest records.
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../../platform/web/components.tsx';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import type { ListedRecord } from '../../disclosures.queries.ts';
import { GENRES } from '../../disclosures.table.ts';
import { genreLabel, pub } from '../../disclosures-public.strings.ts';
import { RecordTable } from './parts.tsx';

export interface HomeData {
  latest: ListedRecord[];
  orgs: { code: string; name: string; depth: number }[];
  categories: { code: string; name: string }[];
  annualReports: ListedRecord[];
}

export function DisclosureHomePage({ ctx, data }: { ctx: PageContext; data: HomeData }) {
  const s = pub.sections;
  return (
    <Layout ctx={ctx} title={pub.homeTitle}>
      <Breadcrumbs items={[{ href: '/openness', label: '信息公开' }, { label: pub.homeTitle }]} />
      <h1>{pub.homeTitle}</h1>
      <p>{pub.homeIntro}</p>
      <ul class="cards">
        <li><h2><a href="#guide">{s.guide.title}</a></h2><p>{s.guide.intro}</p></li>
        <li><h2><a href="/openness/disclosures/genre/openness_rules">{s.system.title}</a></h2><p>{s.system.intro}</p></li>
        <li><h2><a href="/openness/disclosures/all">{s.proactive.title}</a></h2><p>{s.proactive.intro}</p></li>
        <li><h2><a href="/openness/disclosures/genre/annual_report">{s.annual.title}</a></h2><p>{s.annual.intro}</p></li>
        <li><h2><a href="/applications">{s.request.title}</a></h2><p>{s.request.intro}</p></li>
      </ul>

      <section>
        <h2 id="latest">{pub.latest}</h2>
        <RecordTable caption={pub.latest} items={data.latest} />
        <p><a href="/openness/disclosures/all">{pub.allRecords}</a>{' · '}<a href="/openness/disclosures/statistics">{pub.statistics}</a></p>
      </section>

      <section>
        <h2 id="by-org">{pub.byOrg}</h2>
        {data.orgs.length === 0 ? <p>{pub.noRecords}</p> : (
          <ul>
            {data.orgs.map((o) => <li key={o.code}><a href={`/openness/disclosures/org/${o.code}`}>{`${'　'.repeat(o.depth)}${o.name}`}</a></li>)}
          </ul>
        )}
      </section>

      <section>
        <h2 id="guide">{s.guide.title}与公开目录</h2>
        {data.orgs.length === 0 ? <p>{pub.noRecords}</p> : (
          <ul>
            {data.orgs.map((o) => <li key={o.code}>{o.name}：<a href={`/openness/orgs/${o.code}/guide`}>公开指南</a>{' · '}<a href={`/openness/orgs/${o.code}/directory`}>公开目录</a></li>)}
          </ul>
        )}
      </section>

      <section>
        <h2 id="by-category">{pub.byCategory}</h2>
        <ul class="cols">
          {data.categories.map((c) => <li key={c.code}><a href={`/openness/disclosures/category/${c.code}`}>{c.name}</a></li>)}
        </ul>
      </section>

      <section>
        <h2 id="by-genre">{pub.byGenre}</h2>
        <ul>
          {GENRES.map((g) => <li key={g}><a href={`/openness/disclosures/genre/${g}`}>{genreLabel(g)}</a></li>)}
        </ul>
      </section>

      <section>
        <h2 id="by-catalog">{pub.byCatalog}</h2>
        <p><a href="/openness/catalogs">{pub.catalogLink}</a>：每个事项页列出依该事项公开的信息。</p>
      </section>

      <section>
        <h2 id="annual">{s.annual.title}</h2>
        <RecordTable caption={s.annual.title} items={data.annualReports} />
      </section>

      <section>
        <h2 id="request">{s.request.title}</h2>
        <p>{s.request.intro}<a href="/applications/apply">{pub.apply}</a></p>
      </section>
    </Layout>
  );
}
