// Pure view: records published per organisation (with subtree roll-up) and period.
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, Select } from '../../../../platform/web/components.tsx';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import type { Granularity, Period, StatRow } from '../../statistics.ts';
import { pub } from '../../disclosures-public.strings.ts';
import { openCrumbs } from './parts.tsx';

export function StatisticsPage({ ctx, root, roots, g, year, years, periods, rows, query }: {
  ctx: PageContext; root: { code: string; name: string }; roots: { code: string; name: string }[]; g: Granularity; year: number; years: number[]; periods: Period[]; rows: StatRow[]; query: string;
}) {
  const t = pub.stats;
  const top = rows[0];
  const scope = g === 'year' ? '' : `${year}年`;
  return (
    <Layout ctx={ctx} title={`${root.name}${t.title}`}>
      <Breadcrumbs items={openCrumbs([{ label: t.title }])} />
      <h1>{`${root.name}${t.title}`}</h1>
      <p class="lead"><strong>{t.lead(root.name, scope, top?.totalSum ?? 0)}</strong></p>
      <form method="get" action="/openness/disclosures/statistics" class="no-print">
        <Select name="org" label={t.org} value={root.code} options={roots.map((r) => ({ value: r.code, label: r.name }))} />
        <Select name="by" label={t.by} value={g} options={(['year', 'quarter', 'month'] as const).map((x) => ({ value: x, label: t.granularity[x] }))} />
        <Select name="year" label={t.year} value={String(year)} options={years.map((y) => ({ value: String(y), label: `${y}年` }))} />
        <Button>{t.show}</Button>
      </form>
      <p class="no-print"><a href={`/openness/disclosures/statistics.csv?${query}`} download>{t.csv}</a></p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t.caption}>
        <table>
          <caption>{t.caption}</caption>
          <thead><tr><th scope="col">{t.org}</th>{periods.map((p) => <th scope="col" key={p.key}>{p.label}</th>)}<th scope="col">{t.total}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code}>
                <th scope="row">{`${'　'.repeat(r.depth)}${r.name}`}</th>
                {periods.map((p) => <td key={p.key}>{r.total[p.key] ?? 0}</td>)}
                <td>{r.totalSum}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">{t.note}</p>
    </Layout>
  );
}
