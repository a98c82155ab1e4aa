// Pure view: /data/datasets/{slug} — what the dataset is, who publishes it under which licence,
// its files to download, how a program reads it, and its downloads per month (chart and table).
import type { ComponentChildren } from 'preact';
import { GroupedBarChart } from '../../../platform/web/charts.tsx';
import { Breadcrumbs } from '../../../platform/web/components.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { DATASET_THEMES, FILE_FORMATS, FREQUENCIES } from '../../../platform/datasets/datasets.ts';
import type { DatasetEntry } from '../catalogue.ts';
import { catalogueHref } from '../catalogue-filter.ts';
import { pageStrings } from '../pages.strings.ts';
import { beijingDate } from './format.ts';

const s = pageStrings.dataset;

export interface MonthCount { month: string; n: number }

function Row({ label, children, id }: { label: string; id: string; children: ComponentChildren }) {
  return <div class="summary-row" data-fact={id}><dt>{label}</dt><dd>{children}</dd></div>;
}

export function DatasetPage({ ctx, e, usage }: { ctx: PageContext; e: DatasetEntry; usage: readonly MonthCount[] }) {
  const theme = DATASET_THEMES.find((t) => t.code === e.theme)?.label ?? e.theme;
  const frequency = FREQUENCIES.find((f) => f.code === e.frequency)?.label ?? e.frequency;
  const total = usage.reduce((a, u) => a + u.n, 0);
  return (
    <Layout ctx={ctx} title={e.title}>
      <Breadcrumbs items={[{ href: '/', label: pageStrings.home }, { href: '/data', label: pageStrings.list.title }, { label: e.title }]} />
      <h1>{e.title}</h1>
      {e.description.split(/\n+/).filter(Boolean).map((para, i) => <p key={i}>{para}</p>)}

      <section aria-labelledby="dataset-about">
        <h2 id="dataset-about">{s.about}</h2>
        <dl class="summary">
          <Row id="publisher" label={s.publisher}><a href={catalogueHref({ publisher: e.publisher.code })}>{e.publisher.name}</a></Row>
          <Row id="theme" label={s.theme}><a href={catalogueHref({ theme: e.theme })}>{theme}</a></Row>
          <Row id="licence" label={s.licence}><a href={e.licence.url} rel="license">{e.licence.title}</a></Row>
          <Row id="frequency" label={s.frequency}>{frequency}</Row>
          <Row id="temporal" label={s.temporal}>{e.facts.temporal ? s.temporalValue(e.facts.temporal.start, e.facts.temporal.end) : s.unknown}</Row>
          <Row id="spatial" label={s.spatial}>{e.spatial.name}{e.spatial.regionCode ? `（${e.spatial.regionCode}）` : ''}</Row>
          <Row id="keywords" label={s.keywords}>{e.keywords.length ? e.keywords.join('、') : s.unknown}</Row>
          <Row id="contact" label={s.contact}>{e.contact.name}{e.contact.email && <>{' '}<a href={`mailto:${e.contact.email}`}>{e.contact.email}</a></>}</Row>
          <Row id="modified" label={s.modified}>{e.facts.lastModified ? beijingDate(e.facts.lastModified) : s.unknown}</Row>
          <Row id="rows" label={s.rows}>{e.facts.rows !== null ? s.rowsValue(e.facts.rows) : s.unknown}</Row>
          <Row id="id" label={s.id}><code>{e.slug}</code>（{e.id}）</Row>
        </dl>
      </section>

      <section aria-labelledby="dataset-files">
        <h2 id="dataset-files">{s.files}</h2>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={s.filesTable}>
          <table>
            <thead><tr><th scope="col">{s.file}</th><th scope="col">{s.fileFormat}</th><th scope="col">{s.fileSize}</th><th scope="col">{s.download}</th></tr></thead>
            <tbody>
              {e.distributions.map((d) => (
                <tr key={d.file} data-file={d.file}>
                  <th scope="row">{d.title}{d.description && <><br /><span class="hint">{d.description}</span></>}{d.conformsTo && <><br /><span class="hint">{s.conformsTo}：<a href={d.conformsTo}>{d.conformsTo}</a></span></>}</th>
                  <td>{FILE_FORMATS[d.format].label}</td>
                  <td>{s.streamed}</td>
                  <td><a href={d.path} download>{d.file}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="hint">{s.filesNote}</p>
      </section>

      <section aria-labelledby="dataset-machine">
        <h2 id="dataset-machine">{s.machine}</h2>
        <ul class="record-list machine-list">
          <li><a href={`/api/3/action/package_show?id=${encodeURIComponent(e.slug)}`}>{s.ckanShow}</a><code>{`/api/3/action/package_show?id=${e.slug}`}</code></li>
          <li><a href="/data/catalog.jsonld">{s.dcat}</a><code>/data/catalog.jsonld</code></li>
        </ul>
      </section>

      <section aria-labelledby="dataset-usage">
        <h2 id="dataset-usage">{s.usage}</h2>
        <p data-total-downloads={total}>{s.usageTotal(total)}</p>
        <GroupedBarChart id="dataset-usage-chart" title={s.usageChart} description={s.usageDesc} categoryHeader={s.usageMonth}
          categories={usage.map((u) => u.month)} axisLabels={usage.map((u) => s.monthLabel(u.month))}
          series={[{ name: s.usageSeries, values: usage.map((u) => u.n) }]} />
      </section>
    </Layout>
  );
}
