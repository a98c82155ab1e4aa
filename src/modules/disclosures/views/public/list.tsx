// Pure view: one paged list of records (all, by organisation, category, genre or catalogue item).
import type { ComponentChildren } from 'preact';
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../../platform/web/components.tsx';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import type { ListedRecord } from '../../disclosures.queries.ts';
import { FeedLinks, openCrumbs, Pager, RecordTable } from './parts.tsx';

export function RecordListPage({ ctx, title, intro, items, page, more, capped, href, feedBase, extra, actions }: {
  ctx: PageContext; title: string; intro?: string; items: ListedRecord[]; page: number; more: boolean; capped: boolean; href: (n: number) => string; feedBase?: string;
  extra?: { href: string; label: string }[];
  /** The 订阅 button of a signed-in resident (issue 21), or the link to sign in first. */
  actions?: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={page > 1 ? `${title}（第${page}页）` : title}>
      <Breadcrumbs items={openCrumbs([{ label: title }])} />
      <h1>{title}</h1>
      {intro && <p>{intro}</p>}
      {extra && extra.length > 0 && <p class="no-print">{extra.map((e, i) => <>{i > 0 && ' · '}<a href={e.href}>{e.label}</a></>)}</p>}
      {feedBase && <FeedLinks base={feedBase} />}
      {actions}
      <RecordTable caption={title} items={items} />
      <Pager page={page} more={more} href={href} capped={capped} />
    </Layout>
  );
}
