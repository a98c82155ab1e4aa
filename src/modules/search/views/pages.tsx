// Views of search: the public page (works without JavaScript; the script adds suggestions and the
// browser-only personal hints) and the staff page (zero-result queries, synonyms, TOP-N).
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, TextInput } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { SearchHit } from '../../../platform/search/search-port.ts';
import { s } from '../search.strings.ts';
import { SEARCH_TYPES } from '../query-rules.ts';

export interface SearchPageProps {
  ctx: PageContext;
  q: string;
  type: string | null;
  region: string;
  error: string | null;
  result: { total: number; hits: SearchHit[]; didYouMean: string | null } | null;
  offset: number;
  limit: number;
  hot: { query: string; count: number }[];
  topItems: { rank: number; title: string; count: number }[];
}

function href(q: string, type: string | null, region: string, offset = 0): string {
  const p = new URLSearchParams({ q });
  if (type) p.set('type', type);
  if (region) p.set('region', region);
  if (offset) p.set('offset', String(offset));
  return `/search?${p.toString()}`;
}

function clickHref(q: string, h: SearchHit): string {
  return `/search/go?${new URLSearchParams({ q, type: h.type, id: h.id }).toString()}`;
}

export function SearchPage(p: SearchPageProps) {
  const { q, result } = p;
  const pages = result ? Math.ceil(Math.min(result.total, 1000) / p.limit) : 0;
  const page = Math.floor(p.offset / p.limit) + 1;
  return (
    <Layout ctx={p.ctx} title={q ? `${q} - ${s.title}` : s.heading} hasErrors={Boolean(p.error)}>
      <link rel="stylesheet" href="/assets/search/search.css" />
      <Breadcrumbs items={[{ href: '/', label: '首页' }, { label: s.heading }]} />
      <h1>{s.heading}</h1>
      <p>{s.intro}</p>
      {p.error && <ErrorSummary errors={{ q: p.error }} />}
      <form method="get" action="/search" role="search" class="search-form" data-search-form="">
        <div class="field">
          <label for="q">{s.label}</label>
          <input id="q" name="q" type="search" value={q} class="input" autocomplete="off" placeholder={s.placeholder} maxLength={100}
            aria-describedby={p.error ? 'q-error' : undefined} aria-invalid={p.error ? 'true' : undefined}
            role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="search-suggestions" />
          {p.error && <p id="q-error" class="field-error">{p.error}</p>}
          <ul id="search-suggestions" role="listbox" aria-label="搜索建议" class="search-suggestions" hidden></ul>
        </div>
        <fieldset class="search-types">
          <legend>{s.typeLabel}</legend>
          <label><input type="radio" name="type" value="" checked={!p.type} /> {s.typeAll}</label>
          {SEARCH_TYPES.map((t) => (
            <label key={t}><input type="radio" name="type" value={t} checked={p.type === t} /> {s.types[t]}</label>
          ))}
        </fieldset>
        <input type="hidden" name="region" value={p.region} />
        <input type="hidden" name="hint_region" value="" data-hint-region="" />
        <input type="hidden" name="recent" value="" data-recent="" />
        <Button>{s.submit}</Button>
      </form>
      {result && result.didYouMean && (
        <p class="did-you-mean">{s.didYouMean}<a href={href(result.didYouMean, p.type, p.region)}>{result.didYouMean}</a></p>
      )}
      {result && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{result.total ? s.resultsHeading(result.total, q) : s.noResults(q)}</h2>
          {result.total === 0 && <p class="search-ask"><a href="/assistant">{s.askAssistant}</a></p>}
          <ol class="search-results">
            {result.hits.map((h) => (
              <li key={`${h.type}-${h.id}`}>
                <span class="tag">{s.types[h.type] ?? h.type}</span>{' '}
                <a href={clickHref(q, h)} dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                {h.snippet && <p class="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />}
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav aria-label="分页" class="pager">
              {page > 1 && <a href={href(q, p.type, p.region, p.offset - p.limit)}>{s.prev}</a>} <span>{s.page(page, pages)}</span>{' '}
              {page < pages && <a href={href(q, p.type, p.region, p.offset + p.limit)}>{s.next}</a>}
            </nav>
          )}
        </section>
      )}
      <section aria-labelledby="recent-heading" class="search-recent" data-recent-box="" hidden>
        <h2 id="recent-heading">{s.recentHeading}</h2>
        <ul data-recent-list=""></ul>
        <button type="button" class="link-button" data-recent-clear="">{s.clearRecent}</button>
      </section>
      {p.hot.length > 0 && (
        <section aria-labelledby="hot-heading">
          <h2 id="hot-heading">{s.hotHeading}</h2>
          <ul class="hot-words">
            {p.hot.map((h) => <li key={h.query}><a href={href(h.query, null, '')}>{h.query}</a></li>)}
          </ul>
        </section>
      )}
      {p.topItems.length > 0 && <TopTable rows={p.topItems.slice(0, 5)} />}
      <script src="/assets/search/search.js" defer></script>
    </Layout>
  );
}

export function TopTable({ rows }: { rows: { rank: number; title: string; count: number }[] }) {
  return (
    <section aria-labelledby="top-heading">
      <h2 id="top-heading">{s.topItemsHeading}</h2>
      <table class="table">
        <thead><tr><th scope="col">{s.rank}</th><th scope="col">{s.itemName}</th><th scope="col">{s.searchCount}</th></tr></thead>
        <tbody>
          {rows.map((r) => <tr key={r.rank}><td>{r.rank}</td><td>{r.title}</td><td>{r.count}</td></tr>)}
        </tbody>
      </table>
    </section>
  );
}

export interface StaffSearchProps {
  ctx: PageContext;
  zero: { query: string; count: number; last: string }[];
  synonyms: { id: number; terms: string[]; note: string; origin: string }[];
  topItems: { rank: number; title: string; count: number }[];
  errors: FieldErrors;
  values: Record<string, string>;
  notice: string | null;
  /** A platform administrator edits the synonyms and the zero-result list; others read them. */
  canEdit: boolean;
}

export function StaffSearchPage(p: StaffSearchProps) {
  const hasErrors = Object.keys(p.errors).length > 0;
  return (
    <Layout ctx={p.ctx} title={s.staffTitle} hasErrors={hasErrors}>
      <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { label: s.staffTitle }]} />
      <h1>{s.staffTitle}</h1>
      {p.notice && <Notice>{p.notice}</Notice>}
      <ErrorSummary errors={p.errors} />
      <section aria-labelledby="zero-heading">
        <h2 id="zero-heading">{s.zeroHeading}</h2>
        <p>{s.zeroIntro}</p>
        {p.zero.length === 0 ? <p>{s.zeroNone}</p> : (
          <table class="table">
            <thead><tr><th scope="col">{s.label}</th><th scope="col">{s.times}</th><th scope="col">{s.lastSeen}</th><th scope="col">{s.actions}</th></tr></thead>
            <tbody>
              {p.zero.map((z) => (
                <tr key={z.query}>
                  <td>{z.query}</td><td>{z.count}</td><td>{z.last.slice(0, 16).replace('T', ' ')}</td>
                  <td>
                    {p.canEdit ? (
                      <>
                        <a href={`/staff/search?resolve=${encodeURIComponent(z.query)}#terms`}>{s.add}</a>
                        <Form action="/staff/search/zero/ignore" csrfToken={p.ctx.csrfToken} class="inline-form">
                          <input type="hidden" name="query" value={z.query} />
                          <button type="submit" class="link-button">{s.ignore}<span class="visually-hidden">：{z.query}</span></button>
                        </Form>
                      </>
                    ) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="syn-heading">
        <h2 id="syn-heading">{s.synonymsHeading}</h2>
        <p>{s.synonymsIntro}</p>
        {p.canEdit ? (
          <Form action="/staff/search/synonyms" csrfToken={p.ctx.csrfToken}>
            <TextInput name="terms" label={s.terms} value={p.values.terms ?? ''} error={p.errors.terms} />
            <TextInput name="note" label={s.note} value={p.values.note ?? ''} error={p.errors.note} />
            <TextInput name="resolves" label={s.resolves} value={p.values.resolves ?? ''} error={p.errors.resolves} />
            <Button>{s.add}</Button>
          </Form>
        ) : <p class="hint">{s.platformOnly}</p>}
        <table class="table">
          <thead><tr><th scope="col">{s.terms}</th><th scope="col">{s.note}</th><th scope="col">{s.origin}</th><th scope="col">{s.actions}</th></tr></thead>
          <tbody>
            {p.synonyms.map((r) => (
              <tr key={r.id}>
                <td>{r.terms.join('、')}</td><td>{r.note}</td><td>{r.origin === 'general' ? s.originGeneral : s.originEditor}</td>
                <td>
                  {p.canEdit ? (
                    <Form action={`/staff/search/synonyms/${r.id}/delete`} csrfToken={p.ctx.csrfToken} class="inline-form">
                      <button type="submit" class="link-button">{s.remove}<span class="visually-hidden">：{r.terms.join('、')}</span></button>
                    </Form>
                  ) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {p.topItems.length > 0 && <TopTable rows={p.topItems} />}
    </Layout>
  );
}
