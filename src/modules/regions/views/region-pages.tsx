// Pure views: the public region directory (a list, so it works on every device and reader).
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { Region } from '../region.repository.ts';
import { REGION_LEVEL_LABELS } from '../region-csv.ts';
import { regionStrings as s } from '../regions.strings.ts';

export function RegionListPage({ ctx, region, ancestry, children, childCounts }: {
  ctx: PageContext;
  region: Region | null;
  ancestry: Region[];
  children: Region[];
  childCounts: Map<string, number>;
}) {
  const title = region ? region.name : s.directoryTitle;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs
        items={[
          { href: '/data', label: '数据开放' },
          { href: region ? '/data/regions' : undefined, label: s.directoryTitle },
          ...ancestry.map((a) => ({ href: a.code === region?.code ? undefined : `/data/regions/${a.code}`, label: a.name })),
        ].filter((it, i, all) => !(it.href === undefined && i < all.length - 1))}
      />
      <h1>{title}</h1>
      {region ? (
        <dl class="summary">
          <dt>{s.code}</dt>
          <dd>{region.code}</dd>
          <dt>{s.level}</dt>
          <dd>{REGION_LEVEL_LABELS[region.level]}</dd>
          <dt>{s.api}</dt>
          <dd>
            <a href={`/api/v1/regions/${region.code}`}>/api/v1/regions/{region.code}</a>
          </dd>
        </dl>
      ) : (
        <p>{s.directoryIntro}</p>
      )}
      <h2>{s.children}</h2>
      {children.length === 0 ? (
        <p>{s.noChildren}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{`${title}的${s.children}`}</caption>
          <thead>
            <tr>
              <th scope="col">{s.name}</th>
              <th scope="col">{s.code}</th>
              <th scope="col">{s.level}</th>
              <th scope="col">{s.childCount}</th>
            </tr>
          </thead>
          <tbody>
            {children.map((c) => (
              <tr key={c.code}>
                <td>
                  <a href={`/data/regions/${c.code}`}>{c.name}</a>
                </td>
                <td>{c.code}</td>
                <td>{REGION_LEVEL_LABELS[c.level]}</td>
                <td>{childCounts.get(c.code) ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
