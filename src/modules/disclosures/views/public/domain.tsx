// Pure view: 照单公开 by pilot domain — the publicly visible records of one domain from a district,
// its streets, departments and communities, with the organisation of each, filterable by 单位.
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, Select } from '../../../../platform/web/components.tsx';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import type { ListedRecord } from '../../disclosures.queries.ts';
import { recordHref } from '../../disclosures.queries.ts';
import { pub } from '../../disclosures-public.strings.ts';
import { openCrumbs, Pager } from './parts.tsx';

export function DomainRecordsPage({ ctx, org, domain, units, unit, items, names, page, more, capped, href }: {
  ctx: PageContext; org: { code: string; name: string }; domain: { id: number; name: string }; units: { code: string; name: string }[]; unit: string;
  items: ListedRecord[]; names: Map<string, string>; page: number; more: boolean; capped: boolean; href: (n: number) => string;
}) {
  const t = pub.byDomain;
  const title = t.title(org.name, domain.name);
  const caption = t.caption(domain.name);
  return (
    <Layout ctx={ctx} title={page > 1 ? `${title}（第${page}页）` : title}>
      <Breadcrumbs items={openCrumbs([{ href: `/openness/disclosures/org/${org.code}`, label: org.name }, { label: `${domain.name}领域` }])} />
      <h1>{title}</h1>
      <p>{t.intro(org.name, domain.name)}</p>
      <form method="get" action={`/openness/disclosures/org/${org.code}/domain/${domain.id}`} class="no-print">
        <Select name="unit" label={t.unit} value={unit} placeholder={t.allUnits} options={units.map((u) => ({ value: u.code, label: u.name }))} />
        <Button>{t.show}</Button>
      </form>
      <p class="no-print"><a href={`/openness/catalogs/org/${org.code}`}>{t.catalogs}</a></p>
      {items.length === 0 ? <p>{pub.noRecords}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
          <table>
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr><th scope="col">{t.columns.title}</th><th scope="col">{t.columns.org}</th><th scope="col">{t.columns.documentNo}</th><th scope="col">{t.columns.publishedOn}</th></tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td><a href={recordHref(r.indexNo)}>{r.title}</a></td>
                  <td><a href={`/openness/disclosures/org/${r.orgCode}`}>{names.get(r.orgCode) ?? r.publisher}</a></td>
                  <td>{r.documentNo ?? ''}</td>
                  <td>{r.publishedOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} more={more} href={href} capped={capped} />
    </Layout>
  );
}
