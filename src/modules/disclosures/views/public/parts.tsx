// Pure views: pieces shared by the public disclosure pages (record table, pager, feed links).
import type { ListedRecord } from '../../disclosures.queries.ts';
import { recordHref } from '../../disclosures.queries.ts';
import { pub } from '../../disclosures-public.strings.ts';

export const openCrumbs = (extra: { href?: string; label: string }[]) => [{ href: '/openness', label: '信息公开' }, { href: '/openness/disclosures', label: pub.homeTitle }, ...extra];

export function RecordTable({ caption, items, showSummary }: { caption: string; items: ListedRecord[]; showSummary?: boolean }) {
  if (!items.length) return <p>{pub.noRecords}</p>;
  const c = pub.columns;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr><th scope="col">{c.title}</th><th scope="col">{c.publisher}</th><th scope="col">{c.documentNo}</th><th scope="col">{c.publishedOn}</th>{showSummary && <th scope="col">{c.summary}</th>}</tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <td><a href={recordHref(r.indexNo)}>{r.title}</a></td>
              <td>{r.publisher}</td>
              <td>{r.documentNo ?? ''}</td>
              <td>{r.publishedOn}</td>
              {showSummary && <td>{r.summary}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Previous/next links; `href(n)` builds page n's URL. */
export function Pager({ page, more, href, capped }: { page: number; more: boolean; href: (n: number) => string; capped: boolean }) {
  if (page === 1 && !more) return null;
  return (
    <nav class="no-print" aria-label="分页">
      <p>
        {page > 1 && <a href={href(page - 1)} rel="prev">{pub.prev}</a>}
        {page > 1 && ' · '}
        <span aria-current="page">{pub.pageOf(page)}</span>
        {more && !capped && ' · '}
        {more && !capped && <a href={href(page + 1)} rel="next">{pub.more}</a>}
      </p>
      {more && capped && <p class="muted">{pub.pageCap}</p>}
    </nav>
  );
}

export function FeedLinks({ base }: { base: string }) {
  return (
    <p class="no-print">
      {pub.feeds}：<a href={`${base}/rss.xml`} type="application/rss+xml">{pub.rss}</a>{' · '}<a href={`${base}/atom.xml`} type="application/atom+xml">{pub.atom}</a>
    </p>
  );
}
