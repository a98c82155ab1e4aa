// Pure views: the public 一本通 — by level, organisation and domain; one catalogue as the official
// table; one item; the coverage matrix of a district.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { CATALOG_LEVELS, levelLabel, type CatalogItem, type CatalogLevel } from '../catalog-model.ts';
import type { Catalog, Domain, Version } from '../catalog.repository.ts';
import { describeDeadline } from '../publish-deadline.ts';
import { catalogStrings as s } from '../catalog.strings.ts';
import { CatalogTable } from './catalog-table.tsx';

type Listed = Catalog & { itemCount: number };

/** The county (district) an organisation path lies in: /44/4401/440105/440105001/ → 440105. */
const countyOf = (path: string) => { const seg = path.split('/').filter(Boolean); return seg[Math.min(2, seg.length - 1)]!; };

const crumbs = (extra: { href?: string; label: string }[]) => [{ href: '/openness', label: '信息公开' }, { href: '/openness/catalogs', label: s.publicTitle }, ...extra];

export interface IndexArea {
  code: string;
  name: string;
  orgs: { orgCode: string; orgName: string; domains: number; items: number }[];
}

export function CatalogIndexPage({ ctx, byLevel }: { ctx: PageContext; byLevel: Record<CatalogLevel, IndexArea[]> }) {
  return (
    <Layout ctx={ctx} title={s.publicTitle}>
      <Breadcrumbs items={[{ href: '/openness', label: '信息公开' }, { label: s.publicTitle }]} />
      <h1>{s.publicTitle}</h1>
      <p>按层级、地区和单位查阅各级政府“公开什么、由谁公开、在哪公开、如何公开”。目录以正式发布的版本为准。</p>
      {CATALOG_LEVELS.values.map((l) => (
        <section key={l.code} aria-labelledby={`level-${l.code}`}>
          <h2 id={`level-${l.code}`}>{`${l.label}（${levelLabel(l.code, true)}）目录`}</h2>
          {byLevel[l.code].length === 0 ? <p>暂无已发布的目录。</p> : byLevel[l.code].map((area) => (
            <div key={area.code}>
              <h3>{area.name}</h3>
              <ul>
                {area.orgs.map((o) => (
                  <li key={o.orgCode}><a href={`/openness/catalogs/org/${o.orgCode}`}>{o.orgName}</a>{`（${o.domains} 个领域，${o.items} 项）`}</li>
                ))}
              </ul>
              <p class="no-print"><a href={`/openness/catalogs/org/${area.code}`}>{s.workbook.areaLink(area.name)}</a></p>
            </div>
          ))}
        </section>
      ))}
    </Layout>
  );
}

/** The organisation's whole subtree: the 一本通 workbook and the 照单公开 lists by domain. */
export interface SubtreeSummary {
  catalogs: number;
  items: number;
  orgs: number;
  /** Over the workbook's bounds (the download would be refused). */
  tooLarge: boolean;
  domains: { id: number; name: string; catalogs: number }[];
}

export function OrgCatalogsPage({ ctx, orgCode, orgName, catalogs, coverageHref, subtree }: { ctx: PageContext; orgCode: string; orgName: string; catalogs: Listed[]; coverageHref: string | null; subtree?: SubtreeSummary }) {
  const title = `${orgName}政务公开标准目录`;
  const w = s.workbook;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={crumbs([{ label: orgName }])} />
      <h1>{title}</h1>
      {coverageHref && <p><a href={coverageHref}>查看本地区各单位目录覆盖情况</a></p>}
      {subtree && subtree.catalogs > 0 && (
        <section aria-labelledby="workbook">
          <h2 id="workbook">{w.heading}</h2>
          <p>{w.summary(orgName, subtree.orgs, subtree.catalogs, subtree.items)}</p>
          <p class="no-print">{subtree.tooLarge ? w.tooLarge : <a href={`/openness/catalogs/org/${orgCode}/export.xlsx`} download>{w.download}</a>}</p>
          <h3>{w.byDomain}</h3>
          <p>{w.byDomainIntro}</p>
          <ul>
            {subtree.domains.map((d) => <li key={d.id}><a href={`/openness/disclosures/org/${orgCode}/domain/${d.id}`}>{`${d.name}（${d.catalogs}个目录）`}</a></li>)}
          </ul>
        </section>
      )}
      {catalogs.length > 0 && subtree && subtree.catalogs > catalogs.length && <h2>{w.own}</h2>}
      {catalogs.length === 0 ? <p>该单位暂无已发布的本级目录。</p> : (
        <>
          <table>
            <caption class="visually-hidden">{`${orgName}的目录`}</caption>
            <thead><tr><th scope="col">领域</th><th scope="col">目录</th><th scope="col">事项数</th></tr></thead>
            <tbody>
              {catalogs.map((c) => (
                <tr key={c.id}><td>{c.domainName}</td><td><a href={`/openness/catalogs/${c.id}`}>{c.title}</a></td><td>{c.itemCount}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}

export function CatalogPage({ ctx, catalog, version, items, urban }: { ctx: PageContext; catalog: Catalog; version: Version; items: CatalogItem[]; urban: boolean }) {
  return (
    <Layout ctx={ctx} title={catalog.title}>
      <Breadcrumbs items={crumbs([{ href: `/openness/catalogs/org/${catalog.orgCode}`, label: catalog.orgName }, { label: catalog.domainName }])} />
      <h1>{catalog.title}</h1>
      <dl class="summary">
        <dt>单位</dt><dd>{catalog.orgName}</dd>
        <dt>层级</dt><dd>{levelLabel(catalog.level, urban)}</dd>
        <dt>领域</dt><dd>{catalog.domainName}</dd>
        <dt>版本</dt><dd>{`第${version.versionNo}版，${(version.publishedAt ?? '').slice(0, 10)} 发布`}</dd>
        <dt>事项数</dt><dd>{items.length}</dd>
      </dl>
      <p class="no-print"><a href={`/openness/disclosures/org/${countyOf(catalog.orgPath)}/domain/${catalog.domainId}`}>{s.workbook.domainRecords(catalog.domainName)}</a></p>
      <p class="no-print">
        <a href={`/openness/catalogs/${catalog.id}/export.xlsx`} download>下载 Excel</a>{' · '}
        <a href={`/openness/catalogs/${catalog.id}/export.csv`} download>下载 CSV</a>{' · '}
        <a href={`/api/v1/catalogs/${catalog.id}`}>开放接口（JSON）</a>
      </p>
      <CatalogTable caption={catalog.title} items={items} urban={urban} itemHref={(it) => `/openness/catalogs/${catalog.id}/items/${it.key}`} />
    </Layout>
  );
}

export function CatalogItemPage({ ctx, catalog, item, urban, records = [] }: { ctx: PageContext; catalog: Catalog; item: CatalogItem; urban: boolean; records?: { indexNo: string; title: string; publishedOn: string; href: string }[] }) {
  const name = item.level2 ? `${item.level1} · ${item.level2}` : item.level1;
  const ticks = (pairs: [boolean, string][]) => pairs.filter(([b]) => b).map(([, l]) => l).join('、') || '—';
  return (
    <Layout ctx={ctx} title={name}>
      <Breadcrumbs items={crumbs([{ href: `/openness/catalogs/org/${catalog.orgCode}`, label: catalog.orgName }, { href: `/openness/catalogs/${catalog.id}`, label: catalog.domainName }, { label: name }])} />
      <h1>{name}</h1>
      <dl class="summary">
        <dt>{s.fields.content}</dt><dd>{item.content}</dd>
        <dt>{s.fields.basis}</dt><dd>{item.basis || '—'}</dd>
        <dt>{s.fields.deadlineText}</dt><dd>{item.deadlineText || '—'}{item.deadline.kind !== 'unparsed' && `（${describeDeadline(item.deadline)}）`}</dd>
        <dt>{s.fields.body}</dt><dd>{item.body || '—'}</dd>
        <dt>{s.fields.channels}</dt><dd>{item.channels.map((c) => c.text).join('、') || '—'}</dd>
        <dt>{s.fields.audience}</dt><dd>{ticks([[item.audiencePublic, '全社会'], [item.audienceSpecific, '特定群众']])}</dd>
        <dt>{s.fields.mode}</dt><dd>{ticks([[item.modeProactive, '主动'], [item.modeOnRequest, '依申请公开']])}</dd>
        <dt>{s.fields.tiers}</dt><dd>{ticks([[item.tierCounty, levelLabel('county', urban)], [item.tierTownship, levelLabel('township', urban)], [item.tierVillage, levelLabel('village', urban)]])}</dd>
      </dl>
      <h2>{s.publishedInfo}</h2>
      {records.length === 0 ? <p>{s.publishedInfoEmpty}</p> : (
        <ul>{records.map((r) => <li key={r.indexNo}><a href={r.href}>{r.title}</a>{`（${r.publishedOn}）`}</li>)}</ul>
      )}
      {records.length > 0 && <p><a href={`/openness/disclosures/catalog-item/${item.id}`}>查看依本事项公开的全部信息</a></p>}
      {item.modeOnRequest && <p>本事项可依申请公开，请通过<a href="/applications">依申请公开</a>提出申请。</p>}
    </Layout>
  );
}

export function CoveragePage({ ctx, orgName, orgCode, domains, rows, totals }: {
  ctx: PageContext;
  orgName: string;
  orgCode: string;
  domains: Domain[];
  rows: { orgCode: string; orgName: string; kindLabel: string; counts: Map<number, number> }[];
  totals: { domains: number; departments: number; townships: number; villages: number; items: number };
}) {
  const title = `${orgName}${s.coverageTitle}`;
  const used = domains.filter((d) => rows.some((r) => r.counts.has(d.id)));
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={crumbs([{ href: `/openness/catalogs/org/${orgCode}`, label: orgName }, { label: s.coverageTitle }])} />
      <h1>{title}</h1>
      <p class="lead">{`${totals.domains}个试点领域、${totals.departments}个职能部门、${totals.townships}个街道（乡镇）、${totals.villages}个社区（村），共${totals.items}项`}</p>
      {rows.length === 0 ? <p>暂无已发布的目录。</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table class="coverage">
            <caption class="visually-hidden">各单位在各领域的事项数</caption>
            <thead>
              <tr><th scope="col">单位</th><th scope="col">类别</th>{used.map((d) => <th scope="col" key={d.id}>{d.name}</th>)}<th scope="col">合计</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.orgCode}>
                  <th scope="row"><a href={`/openness/catalogs/org/${r.orgCode}`}>{r.orgName}</a></th>
                  <td>{r.kindLabel}</td>
                  {used.map((d) => <td key={d.id}>{r.counts.get(d.id) ?? '—'}</td>)}
                  <td>{[...r.counts.values()].reduce((a, b) => a + b, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
