// Pure views: the public boards — the index of organisations, one organisation's board (its
// columns and latest posts), a column's posts, a post, and the print view for the noticeboard.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { maskPersonalData } from '../../../platform/log/mask.ts';
import { labelOfColumn, periodLabel, templateOf, type BoardColumn } from '../board-templates.ts';
import type { BoardOrg, BoardPost } from '../boards.service.ts';
import { boardStrings as s } from '../boards.strings.ts';
import { BodyText, PostTable } from './board-table.tsx';

const CSS = '/assets/boards/boards.css';

export const boardHref = (org: string) => `/boards/${org}`;
export const postHref = (org: string, no: string) => `/boards/${org}/posts/${no}`;

function orgLine(org: BoardOrg): string {
  return [...org.parents].reverse().concat(org.name).join(' ');
}

export function BoardIndexPage({ ctx, boards }: { ctx: PageContext; boards: { code: string; name: string; posts: number; latest: string }[] }) {
  return (
    <Layout ctx={ctx} title={s.indexTitle}>
      <link rel="stylesheet" href={CSS} />
      <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/openness', label: s.openness }, { label: s.indexTitle }]} />
      <h1>{s.indexTitle}</h1>
      <p>{s.indexIntro}</p>
      {boards.length === 0 ? <p>{s.indexEmpty}</p> : (
        <ul class="board-index">
          {boards.map((b) => (
            <li key={b.code}><a href={boardHref(b.code)}>{b.name}</a> <span class="muted">{s.rowCount(b.posts)}，{s.latest} {b.latest}</span></li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function PostList({ org, posts }: { org: string; posts: BoardPost[] }) {
  return (
    <ul class="board-posts">
      {posts.map((p) => (
        <li key={p.postNo}>
          <a href={postHref(org, p.postNo)}>{p.title}</a>
          <span class="muted">{p.period ? `${periodLabel(p.period)}\u3000` : ''}{s.publishedOn} {p.publishedOn}</span>
        </li>
      ))}
    </ul>
  );
}

export function BoardPage({ ctx, org, columns, phone }: { ctx: PageContext; org: BoardOrg; columns: { column: BoardColumn; total: number; posts: BoardPost[] }[]; phone: string | null }) {
  const title = s.boardTitle(org.name);
  return (
    <Layout ctx={ctx} title={title}>
      <link rel="stylesheet" href={CSS} />
      <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/boards', label: s.indexTitle }, { label: org.name }]} />
      <p class="board-kicker">{[...org.parents].reverse().join(' ')}{'\u3000'}{s.kind[org.boardKind]}</p>
      <h1>{title}</h1>
      {phone && <p class="board-phone">{s.supervisionPhone}：{phone}</p>}
      <nav aria-label={s.allColumns} class="board-columns-nav">
        <ul>{columns.map((c) => <li key={c.column}><a href={`#col-${c.column}`}>{labelOfColumn(c.column)}</a> <span class="muted">({c.total})</span></li>)}</ul>
      </nav>
      <div class="board-grid">
        {columns.map((c) => (
          <section key={c.column} id={`col-${c.column}`} class="board-column" aria-labelledby={`h-${c.column}`}>
            <h2 id={`h-${c.column}`}>{labelOfColumn(c.column)}</h2>
            {c.posts.length ? <PostList org={org.code} posts={c.posts} /> : <p class="muted">{s.emptyColumn}</p>}
            {c.total > c.posts.length && <p><a href={`${boardHref(org.code)}?column=${c.column}`}>{s.more(c.total)}<span class="visually-hidden">（{labelOfColumn(c.column)}）</span></a></p>}
          </section>
        ))}
      </div>
      <p class="muted">{s.supervisionNote}</p>
    </Layout>
  );
}

export function ColumnPage({ ctx, org, column, posts, total, page, pages }: { ctx: PageContext; org: BoardOrg; column: BoardColumn; posts: BoardPost[]; total: number; page: number; pages: number }) {
  const label = labelOfColumn(column);
  return (
    <Layout ctx={ctx} title={`${label} - ${s.boardTitle(org.name)}`}>
      <link rel="stylesheet" href={CSS} />
      <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/boards', label: s.indexTitle }, { href: boardHref(org.code), label: org.name }, { label }]} />
      <h1>{org.name}：{label}</h1>
      <p class="muted">{s.rowCount(total)}</p>
      {posts.length ? <PostList org={org.code} posts={posts} /> : <p>{s.emptyColumn}</p>}
      {pages > 1 && (
        <nav aria-label={s.pager.label} class="pager">
          {page > 1 && <a href={`${boardHref(org.code)}?column=${column}&page=${page - 1}`}>{s.pager.prev}</a>}
          <span>{s.pager.page(page, pages)}</span>
          {page < pages && <a href={`${boardHref(org.code)}?column=${column}&page=${page + 1}`}>{s.pager.next}</a>}
        </nav>
      )}
    </Layout>
  );
}

function Facts({ org, post, phone }: { org: BoardOrg; post: BoardPost; phone: string | null }) {
  return (
    <dl class="board-facts">
      <div><dt>{s.column}</dt><dd>{labelOfColumn(post.column)}</dd></div>
      {post.period && <div><dt>{s.period}</dt><dd>{periodLabel(post.period)}</dd></div>}
      <div><dt>{s.publishedOn}</dt><dd>{post.publishedOn}</dd></div>
      <div><dt>{s.publicId}</dt><dd>{org.code}-{post.postNo}</dd></div>
      {phone && <div><dt>{s.supervisionPhone}</dt><dd>{phone}</dd></div>}
    </dl>
  );
}

export function PostPage({ ctx, org, post, phone }: { ctx: PageContext; org: BoardOrg; post: BoardPost; phone: string | null }) {
  const hasPerson = templateOf(post.column)?.fields.some((f) => f.type === 'person') ?? false;
  return (
    <Layout ctx={ctx} title={`${post.title} - ${org.name}`}>
      <link rel="stylesheet" href={CSS} />
      <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/boards', label: s.indexTitle }, { href: boardHref(org.code), label: org.name }, { href: `${boardHref(org.code)}?column=${post.column}`, label: labelOfColumn(post.column) }, { label: post.title }]} />
      <p class="board-kicker">{orgLine(org)}</p>
      <h1>{post.title}</h1>
      <Facts org={org} post={post} phone={phone} />
      <BodyText text={maskPersonalData(post.body)} />
      <PostTable column={post.column} rows={post.rows} audience="public" caption={post.title} />
      {hasPerson && <p class="muted">{s.nameMasked}</p>}
      <p class="board-actions">
        <a href={`${postHref(org.code, post.postNo)}/print`}>{s.printView}（{s.printA4}）</a>
        <a href={`${postHref(org.code, post.postNo)}/print?size=a3`}>{s.printView}（{s.printA3}）</a>
        <a href={`/api/v1/boards/${org.code}/posts/${post.postNo}`}>{s.apiLink}</a>
      </p>
    </Layout>
  );
}

/**
 * The print view: a page of its own (no site header, navigation or footer) sized for a noticeboard —
 * A4 landscape, or A3 with ?size=a3 — with the organisation, column, period, 公开日期 and 监督电话.
 */
export function PrintPage({ org, post, phone, size, url, siteName }: { org: BoardOrg; post: BoardPost; phone: string | null; size: 'a4' | 'a3'; url: string; siteName: string }) {
  const hasPerson = templateOf(post.column)?.fields.some((f) => f.type === 'person') ?? false;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${post.title} - ${org.name} - ${siteName}`}</title>
        <link rel="stylesheet" href="/assets/boards/boards-print.css" />
        <script src="/assets/boards/boards.js" defer></script>
      </head>
      <body class={`sheet sheet-${size}`}>
        <nav class="screen-only print-tools" aria-label={s.print}>
          <button type="button" data-print="">{s.printButton}</button>
          <a href={postHref(org.code, post.postNo)}>{s.backToPost}</a>
          <a href={`${postHref(org.code, post.postNo)}/print${size === 'a3' ? '' : '?size=a3'}`}>{size === 'a3' ? s.printA4 : s.printA3}</a>
          <span>{s.printHint}</span>
        </nav>
        <main>
          <header class="sheet-head">
            <p class="sheet-org">{orgLine(org)}</p>
            <p class="sheet-column">{s.kind[org.boardKind]} · {labelOfColumn(post.column)}</p>
            <h1>{post.title}</h1>
            <p class="sheet-meta">
              {post.period && <span>{s.period}：{periodLabel(post.period)}</span>}
              <span>{s.publishedOn}：{post.publishedOn}</span>
              <span>{s.publicId}：{org.code}-{post.postNo}</span>
            </p>
          </header>
          <BodyText text={maskPersonalData(post.body)} />
          <PostTable column={post.column} rows={post.rows} audience="public" caption={s.detailsOf(labelOfColumn(post.column))} />
          <footer class="sheet-foot">
            {phone && <p class="sheet-phone">{s.supervisionPhone}：{phone}</p>}
            <p>{s.supervisionNote}{hasPerson ? s.nameMasked : ''}</p>
            <p>{s.printFooter(url)}</p>
            <p class="sheet-sign">{org.name}{'\u3000'}{post.publishedOn}</p>
          </footer>
        </main>
      </body>
    </html>
  );
}
