// Pure view: the public list of 回应关切 — each response with the concern it answers and where the
// concern came from, filterable by source.
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../../platform/web/components.tsx';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import type { ResponseLine } from '../../genre-detail.queries.ts';
import { CONCERN_SOURCES } from '../../genre-detail.ts';
import { detailStrings as ds } from '../../genre-detail.strings.ts';
import { openCrumbs, Pager } from './parts.tsx';

export function ResponsesPage({ ctx, items, page, more, source }: { ctx: PageContext; items: ResponseLine[]; page: number; more: boolean; source: string }) {
  const v = ds.view;
  const href = (n: number) => `/openness/disclosures/responses?${new URLSearchParams({ ...(source ? { source } : {}), ...(n > 1 ? { page: String(n) } : {}) }).toString()}`;
  return (
    <Layout ctx={ctx} title={page > 1 ? `${v.responsesTitle}（第${page}页）` : v.responsesTitle}>
      <Breadcrumbs items={openCrumbs([{ label: v.responsesTitle }])} />
      <h1>{v.responsesTitle}</h1>
      <p>{v.responsesIntro}</p>
      <nav aria-label={v.source} class="no-print">
        <ul class="inline-list">
          <li>{source ? <a href="/openness/disclosures/responses">全部</a> : <strong aria-current="page">全部</strong>}</li>
          {CONCERN_SOURCES.values.map((s) => <li key={s.code}>{source === s.code ? <strong aria-current="page">{s.label}</strong> : <a href={`/openness/disclosures/responses?source=${s.code}`}>{s.label}</a>}</li>)}
        </ul>
      </nav>
      {items.length === 0 ? <p>{v.empty}</p> : (
        <ol class="response-list">
          {items.map((r) => (
            <li key={r.indexNo}>
              <h2 class="h3"><a href={r.href}>{r.title}</a></h2>
              <p><span class="tag">{r.sourceLabel}</span> {`${v.concern}：${r.concern}`}</p>
              <p class="muted">{`${v.responder}：${r.publisher} · ${v.published}：${r.publishedOn}`}</p>
            </li>
          ))}
        </ol>
      )}
      <Pager page={page} more={more} href={href} capped={page >= 500} />
    </Layout>
  );
}
