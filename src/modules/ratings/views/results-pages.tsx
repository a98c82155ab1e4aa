// Pure views: the public 好差评 results (/ratings), the statistics with filters (/ratings/statistics)
// and the staff statistics (/staff/ratings/statistics): the total, the share of each level, the
// monthly trend (each chart with its table), ranked lists with a CSV link next to each table, the
// count of ratings left out after an upheld appeal, and the 3-level figures of 民心直通车 and 12345 apart.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { LEVELS } from '../levels.ts';
import { PRIOR_WEIGHT } from '../bayes.ts';
import { formatPercent, type Figures } from '../statistics.ts';
import type { NamedFigures, StatsView } from '../results.service.ts';
import { resultStrings as s } from '../results.strings.ts';
import { LevelChart, TrendChart } from './results-charts.tsx';

const c = s.cols;

export interface FilterInput { org: string; venue: string; item: string; from: string; to: string }

function FigureCells({ f }: { f: Figures }) {
  return (
    <>
      <td>{f.count}</td><td>{formatPercent(f.goodRate)}</td><td>{f.badCount}</td>
      <td>{formatPercent(f.callbackRate)}</td><td>{formatPercent(f.rectifyRate)}</td><td>{f.avgRectifyDays ?? '—'}</td>
    </>
  );
}

const FIGURE_HEADS = [c.count, c.good, c.bad, c.callback, c.rectify, c.days];

function Ranked({ id, title, rows, limit, csv, code, link, all }: { id: string; title: string; rows: readonly NamedFigures[]; limit: number; csv: string; code: boolean; link?: (key: string) => string; all?: number | undefined }) {
  const count = Math.max(all ?? 0, rows.length);
  return (
    <section>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? <p>{s.none}</p> : (
        <>
          <p><a href={csv}>{s.csv}</a>{count > limit && <> · {s.more(limit, count)}</>}</p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
            <table class="stats-table">
              <caption class="visually-hidden">{title}</caption>
              <thead><tr><th scope="col">{c.rank}</th><th scope="col">{c.name}</th>{code && <th scope="col">{c.code}</th>}<th scope="col">{c.score}</th>{FIGURE_HEADS.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
              <tbody>
                {rows.slice(0, limit).map((r, i) => (
                  <tr key={r.key}><td>{i + 1}</td><th scope="row">{link ? <a href={link(r.key)}>{r.name}</a> : r.name}</th>{code && <td>{r.key}</td>}<td>{r.score.toFixed(2)}</td><FigureCells f={r} /></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Filters({ action, input, errors }: { action: string; input: FilterInput; errors?: FieldErrors | undefined }) {
  return (
    <form method="get" action={action} class="filters">
      <TextInput name="org" label={s.filters.org} value={input.org} error={errors?.org} width="short" />
      <TextInput name="venue" label={s.filters.venue} value={input.venue} error={errors?.venue} width="short" />
      <TextInput name="item" label={s.filters.item} value={input.item} error={errors?.item} width="short" />
      <TextInput name="from" label={s.filters.from} hint={s.filters.hintDate} value={input.from} error={errors?.from} width="short" />
      <TextInput name="to" label={s.filters.to} hint={s.filters.hintDate} value={input.to} error={errors?.to} width="short" />
      <button type="submit" class="button button--secondary">{s.filters.view}</button>
    </form>
  );
}

export function ResultsBody({ v, csvBase, query, limit, page }: { v: StatsView; csvBase: string; query: string; limit: number; page: string }) {
  const p = v.params;
  const drill = (field: string) => (key: string) => `${page}?${field}=${encodeURIComponent(key)}&from=${p.from}&to=${p.to}`;
  const csv = (table: string) => `${csvBase}?table=${table}${query ? `&${query}` : ''}`;
  return (
    <>
      <p>{s.period(p.from, p.to)}{p.org && <>；{s.scope.org(p.org.name)}</>}{p.venue && <>；{s.scope.venue(p.venue.name)}</>}{p.item && <>；{s.scope.item(p.item.name)}</>}</p>
      <p class="hint" id="excluded-note">{v.excluded > 0 ? s.excluded(v.excluded) : s.excludedNone}</p>
      <section>
        <h2 id="total-h">{s.headings.total}</h2>
        <p><a href={csv('total')}>{s.csv}</a></p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={s.headings.total}>
          <table class="stats-table">
            <caption class="visually-hidden">{s.headings.total}</caption>
            <thead><tr><th scope="col">{c.mean}</th>{FIGURE_HEADS.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
            <tbody><tr><td>{v.total.meanStars?.toFixed(2) ?? '—'}</td><FigureCells f={v.total} /></tr></tbody>
          </table>
        </div>
        <p class="hint">{s.definitions}</p>
      </section>
      <section>
        <h2 id="levels-h">{s.headings.levels}</h2>
        <LevelChart total={v.total} id="level-chart" />
        <p><a href={csv('levels')}>{s.csv}</a></p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={s.headings.levels}>
        <table class="stats-table">
          <caption class="visually-hidden">{s.headings.levels}</caption>
          <thead><tr><th scope="col">{c.level}</th><th scope="col">{c.levelCount}</th><th scope="col">{c.share}</th></tr></thead>
          <tbody>{LEVELS.map((l) => <tr key={l.code}><th scope="row">{l.label}</th><td>{v.total.counts[l.code]}</td><td>{formatPercent(v.total.shares[l.code])}</td></tr>)}</tbody>
        </table>
        </div>
      </section>
      <section>
        <h2 id="months-h">{s.headings.months}</h2>
        <TrendChart months={v.months} id="trend-chart" />
        {v.months.length === 0 ? <p>{s.none}</p> : (
          <>
            <p><a href={csv('months')}>{s.csv}</a></p>
            <div class="table-scroll" tabIndex={0} role="region" aria-label={s.headings.months}>
              <table class="stats-table">
                <caption class="visually-hidden">{s.headings.months}</caption>
                <thead><tr><th scope="col">{c.month}</th>{FIGURE_HEADS.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
                <tbody>{v.months.map((m) => <tr key={m.key}><th scope="row">{m.key}</th><FigureCells f={m} /></tr>)}</tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <p class="hint">{s.prior(v.prior.toFixed(2), PRIOR_WEIGHT)}</p>
      <Ranked id="orgs-h" title={s.headings.orgs} rows={v.orgs} limit={limit} csv={csv('orgs')} code link={drill('org')} all={v.listed?.org} />
      <Ranked id="venues-h" title={s.headings.venues} rows={v.venues} limit={limit} csv={csv('venues')} code link={drill('venue')} all={v.listed?.venue} />
      <Ranked id="items-h" title={s.headings.items} rows={v.items} limit={limit} csv={csv('items')} code={false} link={drill('item')} all={v.listed?.item} />
      {v.windows && <Ranked id="windows-h" title={s.headings.windows} rows={v.windows} limit={limit} csv={csv('windows')} code={false} all={v.listed?.window} />}
      {v.staff && <Ranked id="staff-h" title={s.headings.staff} rows={v.staff} limit={limit} csv={csv('staff')} code={false} all={v.listed?.staff} />}
      <section>
        <h2 id="three-h">{s.headings.three}</h2>
        <p class="hint">{s.threeNote}</p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={s.headings.three}>
        <table class="stats-table">
          <caption class="visually-hidden">{s.headings.three}</caption>
          <thead><tr><th scope="col">{c.source}</th><th scope="col">{c.count}</th><th scope="col">{c.satisfied}</th><th scope="col">{c.basically}</th><th scope="col">{c.dissatisfied}</th><th scope="col">{c.satisfiedRate}</th></tr></thead>
          <tbody>{v.threeLevel.map((t) => (
            <tr key={t.source}><th scope="row">{s.sources[t.source]}</th><td>{t.count}</td><td>{t.counts.satisfied}</td><td>{t.counts.basically_satisfied}</td><td>{t.counts.dissatisfied}</td><td>{formatPercent(t.satisfiedRate)}</td></tr>
          ))}</tbody>
        </table>
        </div>
      </section>
    </>
  );
}

/** /ratings: the installation's results for the last twelve months (top 10 of each ranking). */
export function ResultsHomePage({ ctx, v, query }: { ctx: PageContext; v: StatsView; query: string }) {
  return (
    <Layout ctx={ctx} title={s.title}>
      <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/services', label: s.services }, { label: s.title }]} />
      <h1>{s.title}</h1>
      <p class="lead">{s.lead}</p>
      <p><a href="/ratings/statistics">{s.links.statistics}</a></p>
      <ResultsBody v={v} csvBase="/ratings/statistics.csv" query={query} limit={10} page="/ratings/statistics" />
    </Layout>
  );
}

/** /ratings/statistics and /staff/ratings/statistics: filters, then the figures (or the refused filter again, 400). */
export function StatisticsPage({ ctx, v, query, input, errors, staff }: { ctx: PageContext; v: StatsView | null; query: string; input: FilterInput; errors?: FieldErrors; staff: boolean }) {
  const title = staff ? s.staffTitle : s.statsTitle;
  const action = staff ? '/staff/ratings/statistics' : '/ratings/statistics';
  return (
    <Layout ctx={ctx} title={title} hasErrors={!!errors}>
      <Breadcrumbs items={staff ? [{ href: '/staff', label: '工作台' }, { label: title }] : [{ href: '/', label: s.home }, { href: '/ratings', label: s.links.results }, { label: title }]} />
      {errors && <ErrorSummary errors={errors} />}
      <h1>{title}</h1>
      <Filters action={action} input={input} errors={errors} />
      {v && <ResultsBody v={v} csvBase={`${action}.csv`} query={query} limit={50} page={action} />}
    </Layout>
  );
}
