// Pure views: the kiosk's home (venue, today's hours, big tiles) and its search page (items link to
// the kiosk guide; government information is summarised inside the kiosk, never linked out).
import type { PageContext } from '../../../platform/web/page-context.ts';
import { ks } from '../kiosk.strings.ts';
import { KioskPage, kioskHome } from './kiosk-layout.tsx';

export interface KioskFrameProps {
  ctx: PageContext;
  venue: { publicId: string; name: string };
  idleSeconds: number;
  phonePath: string;
  qrSvg: string;
}

export interface TodayHours {
  open: boolean;
  /** One line each, already worded (今日办公时间：…, 17:30 下班, …). */
  lines: string[];
}

export function KioskHomePage({ frame, today }: { frame: KioskFrameProps; today: TodayHours }) {
  const home = kioskHome(frame.venue.publicId);
  const t = ks.tiles;
  const tiles: { href: string; label: string; hint: string }[] = [
    { href: `${home}/search`, ...t.search },
    { href: `${home}/services`, ...t.services },
    { href: `${home}/search?for=guide`, ...t.guide },
    { href: `${home}/status`, ...t.status },
    { href: `${home}/rate`, ...t.rate },
    { href: `${home}/message`, ...t.message },
    { href: `${home}/assistant`, ...t.assistant },
  ];
  return (
    <KioskPage {...frame} title={ks.homeTitle} isHome>
      <h1>{ks.welcome}</h1>
      <section class={`kiosk-status${today.open ? '' : ' kiosk-status--closed'}`} aria-labelledby="kiosk-hours-title">
        <h2 id="kiosk-hours-title" class="visually-hidden">{ks.hours.title}</h2>
        {today.lines.map((l, i) => <p key={i} class={i === 0 ? 'kiosk-lead' : undefined}>{i === 0 ? <strong>{l}</strong> : l}</p>)}
      </section>
      <p>{ks.touchToStart}</p>
      <ul class="kiosk-tiles">
        {tiles.map((x) => (
          <li key={x.label}>
            <a class="kiosk-tile" href={x.href}>
              <span class="kiosk-tile-label">{x.label}</span>
              <span class="kiosk-tile-hint">{x.hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </KioskPage>
  );
}

export interface KioskItemHit { id: string; title: string; titleHtml: string; snippet: string }
export interface KioskRecordHit { title: string; titleHtml: string; snippet: string }

export interface KioskSearchProps {
  frame: KioskFrameProps;
  q: string;
  /** The 办事指南 tile: same search, its own heading. */
  forGuide: boolean;
  error: string | null;
  result: { total: number; items: KioskItemHit[]; records: KioskRecordHit[]; didYouMean: string | null } | null;
}

export function KioskSearchPage({ frame, q, forGuide, error, result }: KioskSearchProps) {
  const home = kioskHome(frame.venue.publicId);
  const heading = forGuide ? ks.tiles.guide.label : ks.searchTitle;
  return (
    <KioskPage {...frame} title={q && !error ? `${q} - ${heading}` : heading} hasErrors={!!error}>
      <h1>{heading}</h1>
      {error ? <p class="kiosk-error" role="alert" id="q-error">{error}</p> : null}
      <form class="kiosk-search" method="get" action={`${home}/search`} role="search" data-kiosk-search>
        {forGuide ? <input type="hidden" name="for" value="guide" /> : null}
        <label for="kiosk-q" class="visually-hidden">{ks.searchLabel}</label>
        <input id="kiosk-q" class="kiosk-input" type="search" name="q" value={q} maxLength={100} autocomplete="off" placeholder={ks.searchLabel}
          aria-describedby={error ? 'q-error kiosk-q-hint' : 'kiosk-q-hint'} aria-invalid={error ? 'true' : undefined} />
        <button type="submit" class="kiosk-button kiosk-button--primary">{ks.searchButton}</button>
      </form>
      <p id="kiosk-q-hint" class="kiosk-note">{ks.searchHint}</p>
      {result ? <SearchResults q={q} home={home} result={result} /> : null}
    </KioskPage>
  );
}

function SearchResults({ q, home, result }: { q: string; home: string; result: NonNullable<KioskSearchProps['result']> }) {
  if (result.items.length === 0 && result.records.length === 0) {
    return <p class="kiosk-lead" role="status">{ks.noResults(q)}</p>;
  }
  return (
    <>
      <p role="status">{ks.results(q, result.items.length + result.records.length)}</p>
      {result.didYouMean ? <p>{ks.didYouMean(result.didYouMean)}</p> : null}
      {result.items.length ? (
        <section aria-labelledby="kiosk-items-h">
          <h2 id="kiosk-items-h">{ks.itemsHeading}</h2>
          <ul class="kiosk-list" data-kiosk-items>
            {result.items.map((h) => (
              <li key={h.id}>
                <a href={`${home}/items/${encodeURIComponent(h.id)}`}>
                  <span class="kiosk-card-title" dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                  <span class="kiosk-card-meta">{ks.guideLink}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.records.length ? (
        <section aria-labelledby="kiosk-records-h">
          <h2 id="kiosk-records-h">{ks.recordsHeading}</h2>
          <p class="kiosk-note">{ks.recordsNote}</p>
          <ul class="kiosk-list">
            {result.records.map((h, i) => (
              <li key={i}>
                <div class="kiosk-card">
                  <div class="kiosk-card-title" dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                  {h.snippet ? <p class="kiosk-card-meta" dangerouslySetInnerHTML={{ __html: h.snippet }} /> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
