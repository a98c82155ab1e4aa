// Pure view: /data — the dataset catalogue with its filters (each value with its count), one page
// of datasets, the addresses programs read, and the open API grouped by data.
import { Breadcrumbs, Select, TextInput } from '../../../platform/web/components.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { DATASET_THEMES, FILE_FORMATS } from '../../../platform/datasets/datasets.ts';
import { catalogueHref, type CatalogueQuery, type CatalogueView, type Facet } from '../catalogue-filter.ts';
import { pageStrings } from '../pages.strings.ts';
import { beijingDate } from './format.ts';

const s = pageStrings.list;

export interface ApiGroup { group: string; operations: number; example: string; label: string; summaries: string[] }

const themeLabel = (code: string) => DATASET_THEMES.find((t) => t.code === code)?.label ?? code;

function facetOptions(facets: readonly Facet[], chosen: string, chosenLabel: string): { value: string; label: string }[] {
  const out = facets.map((f) => ({ value: f.code, label: s.withCount(f.label, f.count) }));
  // a chosen value no dataset has (any more) stays selected, with 0
  if (chosen && !facets.some((f) => f.code === chosen)) out.unshift({ value: chosen, label: s.withCount(chosenLabel, 0) });
  return out;
}

function Pager({ q, v }: { q: CatalogueQuery; v: CatalogueView }) {
  if (v.pages <= 1) return null;
  const href = (page: number) => catalogueHref({ ...q, page });
  return (
    <nav aria-label={s.pager} class="no-print">
      <p>
        {v.page > 1 && <><a href={href(v.page - 1)} rel="prev">{s.prev}</a>{' · '}</>}
        <span aria-current="page">{s.pageOf(v.page, v.pages)}</span>
        {v.page < v.pages && <>{' · '}<a href={href(v.page + 1)} rel="next">{s.next}</a></>}
      </p>
    </nav>
  );
}

export function CataloguePage({ ctx, q, v, all, apis }: { ctx: PageContext; q: CatalogueQuery; v: CatalogueView; all: number; apis: readonly ApiGroup[] }) {
  const filtered = !!(q.q || q.publisher || q.theme || q.format || q.unknown.length);
  return (
    <Layout ctx={ctx} title={s.title}>
      <Breadcrumbs items={[{ href: '/', label: pageStrings.home }, { label: s.title }]} />
      <h1>{s.title}</h1>
      <p>{s.intro}</p>

      <section aria-labelledby="data-filters">
        <h2 id="data-filters">{s.filters}</h2>
        <form method="get" action="/data" role="search" class="filters">
          <TextInput name="q" label={s.q} hint={s.qHint} value={q.q} />
          <Select name="publisher" label={s.publisher} value={q.publisher} placeholder={s.all}
            options={facetOptions(v.facets.publisher, q.publisher, q.publisher)} />
          <Select name="theme" label={s.theme} value={q.theme} placeholder={s.all}
            options={facetOptions(v.facets.theme, q.theme, themeLabel(q.theme))} />
          <Select name="format" label={s.format} value={q.format} placeholder={s.all}
            options={facetOptions(v.facets.format, q.format, q.format ? FILE_FORMATS[q.format].label : '')} />
          <p class="actions">
            <button type="submit" class="button button--secondary">{s.apply}</button>
            {filtered && <a href="/data">{s.clear}</a>}
          </p>
        </form>
      </section>

      <section aria-labelledby="data-results">
        <h2 id="data-results">{s.results}</h2>
        <p role="status" data-total={v.total}>{filtered ? s.foundFiltered(v.total) : s.found(v.total)}</p>
        {v.total === 0 ? <p class="muted">{all === 0 ? s.noneAtAll : s.none}</p> : (
          <ul class="record-list dataset-list">
            {v.items.map((e) => (
              <li key={e.slug} data-dataset={e.slug}>
                <a href={`/data/datasets/${e.slug}`}>{e.title}</a>
                <span class="record-meta">
                  {e.publisher.name} · {themeLabel(e.theme)}
                  {' · '}{[...new Set(e.distributions.map((d) => FILE_FORMATS[d.format].label))].join('、')}
                  {e.facts.lastModified && <>{' · '}{s.modified(beijingDate(e.facts.lastModified))}</>}
                  {e.facts.rows !== null && <>{' · '}{s.rows(e.facts.rows)}</>}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Pager q={q} v={v} />
      </section>

      <section aria-labelledby="data-machine">
        <h2 id="data-machine">{s.machine}</h2>
        <p>{s.machineIntro}</p>
        <ul class="record-list machine-list">
          <li><a href="/data/catalog.jsonld">{s.dcat}</a><code>/data/catalog.jsonld</code></li>
          <li><a href="/api/3/action/package_list">{s.ckanList}</a><code>/api/3/action/package_list</code></li>
          <li><a href="/api/3/action/package_search?rows=10">{s.ckanSearch}</a><code>/api/3/action/package_search</code></li>
          <li><a href="/api/3/action/organization_list">{s.ckanOrgs}</a><code>/api/3/action/organization_list</code></li>
        </ul>
      </section>

      <section aria-labelledby="data-apis">
        <h2 id="data-apis">{s.apis}</h2>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={s.apisTable}>
          <table>
            <thead><tr><th scope="col">{s.apiGroup}</th><th scope="col">{s.apiPath}</th><th scope="col">{s.operations}</th><th scope="col">{s.apiSummary}</th></tr></thead>
            <tbody>
              {apis.map((a) => <tr key={a.group} data-api={a.group}><th scope="row">{a.label || a.group}</th><td><code>{a.example}</code></td><td>{a.operations}</td><td>{a.summaries.join('；')}</td></tr>)}
            </tbody>
          </table>
        </div>
        <p><a href="/api/v1/openapi.json">{s.apiDoc}</a></p>
      </section>

      <section aria-labelledby="data-more">
        <h2 id="data-more">{s.more}</h2>
        <ul class="link-list">
          {s.links.map((l) => <li key={l.href}><a href={l.href}>{l.label}</a></li>)}
        </ul>
      </section>
    </Layout>
  );
}
