// Pure view: the kiosk's own page shell (no site header, no navigation, no external links), used by
// every /kiosk/{venue}/… page. The kiosk shell (kiosk.routes.tsx, assets/kiosk.js, kiosk.css) owns
// the idle timeout, the on-screen keyboard, the 网络中断 screen and the QR code to continue on a phone;
// page routes pass their content and the public address of the same thing for the phone.
//
// What a page gets from the shell, without doing anything:
// - every text input and textarea in <main> gets the on-screen keyboard (拼音 with candidates, or
//   英文); mark one `data-kiosk-keyboard="en"` to start it in 英文 (reference numbers, codes);
// - the idle timeout clears every field and storage and returns home (location.replace), and a page
//   from before the reset is never shown again by the back button;
// - links and forms are checked against the server first: when it is unreachable the 网络中断 screen
//   shows instead of a browser error page, and goes away by itself;
// - `Cache-Control: no-store` on every /kiosk/ response (kiosk.routes.tsx).
// Targets are at least 60×60 px: use the classes kiosk-button, kiosk-tile, kiosk-list, kiosk-input.
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { ks } from '../kiosk.strings.ts';

export interface KioskVenueRef { publicId: string; name: string }

export interface KioskPageProps {
  ctx: PageContext;
  venue: KioskVenueRef;
  title: string;
  /** Prefix the title with 错误： (a form came back with errors). */
  hasErrors?: boolean;
  /** Where 「返回」 goes; the kiosk home when absent. */
  back?: string;
  /** The public page (path) that continues this one on a phone: shown as a QR code. */
  phonePath: string;
  /** The QR code of phonePath as SVG markup (made by the route: the qrcode package is async). */
  qrSvg?: string;
  /** Seconds without a touch before the kiosk goes home and forgets everything. */
  idleSeconds: number;
  /** The home page itself (no 返回/首页 buttons). */
  isHome?: boolean;
  children: ComponentChildren;
}

export const kioskHome = (venuePublicId: string) => `/kiosk/${encodeURIComponent(venuePublicId)}`;

/** The phone path as people read it (Chinese query words decoded); the QR code holds the exact one. */
function readablePath(p: string): string {
  try { return decodeURI(p); } catch { return p; }
}

// '-' for references such as LY-20260302-7KQ3M (status lookup)
const KEY_ROWS: readonly string[] = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm-'];

/** The on-screen keyboard (hidden until kiosk.js shows it for a focused field). */
function KioskKeyboard() {
  const k = ks.keyboard;
  return (
    <div id="kiosk-keyboard" class="kiosk-keyboard" role="region" aria-label={k.name} hidden>
      <div class="kiosk-compose">
        <span class="visually-hidden">{k.composing}</span>
        <span class="kiosk-compose-text" id="kiosk-compose" aria-live="polite"></span>
        <ul class="kiosk-candidates" id="kiosk-candidates" aria-label={k.candidates}></ul>
      </div>
      {KEY_ROWS.map((row) => (
        <div class="kiosk-key-row" key={row}>
          {[...row].map((c) => <button type="button" class="kiosk-key" data-key={c} key={c}>{c}</button>)}
        </div>
      ))}
      <div class="kiosk-key-row">
        <button type="button" class="kiosk-key kiosk-key--wide" data-action="mode" aria-label={`${k.toggle}${k.pinyin}`}>{k.pinyin}</button>
        <button type="button" class="kiosk-key kiosk-key--wide" data-action="backspace">{k.backspace}</button>
        <button type="button" class="kiosk-key kiosk-key--space" data-action="space">{k.space}</button>
        <button type="button" class="kiosk-key kiosk-key--wide" data-action="clear">{k.clear}</button>
        <button type="button" class="kiosk-key kiosk-key--wide kiosk-key--go" data-action="submit">{k.search}</button>
        <button type="button" class="kiosk-key kiosk-key--wide" data-action="hide">{k.hide}</button>
      </div>
    </div>
  );
}

/** The head of every kiosk page: not indexed, the site's and the kiosk's stylesheets, and what the page adds. */
function KioskHead({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{title}</title>
      <link rel="stylesheet" href="/assets/app.css" />
      <link rel="stylesheet" href="/assets/channels/kiosk.css" />
      {children}
    </head>
  );
}

export function KioskPage({ ctx, venue, title, hasErrors, back, phonePath, qrSvg, idleSeconds, isHome, children }: KioskPageProps) {
  const home = kioskHome(venue.publicId);
  return (
    <html lang="zh-CN" class="kiosk">
      <KioskHead title={`${hasErrors ? '错误：' : ''}${title} - ${venue.name}`}>
        {/* not deferred: it first checks (before the page is drawn) that this page is not from before an idle reset */}
        <script src="/assets/channels/kiosk.js"></script>
      </KioskHead>
      <body data-kiosk-home={home} data-kiosk-ping={`${home}/ping`} data-kiosk-candidates={`${home}/candidates`} data-idle-seconds={String(idleSeconds)} data-csrf={ctx.csrfToken} data-kiosk-is-home={isHome ? '1' : undefined}>
        <header class="kiosk-header">
          {isHome ? <span class="kiosk-header-gap" /> : <a class="kiosk-button" href={back ?? home}>{ks.back}</a>}
          <span class="kiosk-venue">{venue.name}</span>
          {isHome ? <span class="kiosk-header-gap" /> : <a class="kiosk-button" href={home}>{ks.home}</a>}
        </header>
        <div class="kiosk-body">
          <main id="main" class="kiosk-main" tabIndex={-1}>
            {children}
          </main>
          <aside class="kiosk-phone" aria-label={ks.phone}>
            <h2 class="kiosk-phone-title">{ks.phone}</h2>
            {qrSvg ? <div class="kiosk-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} /> : null}
            <p class="kiosk-phone-hint">{ks.phoneContinue(readablePath(phonePath))}</p>
          </aside>
        </div>
        <KioskKeyboard />
        <div id="kiosk-idle" class="kiosk-overlay" role="alertdialog" aria-modal="true" aria-labelledby="kiosk-idle-title" aria-describedby="kiosk-idle-text" hidden>
          <div class="kiosk-overlay-box">
            <h2 id="kiosk-idle-title">{ks.idle.title}</h2>
            <p id="kiosk-idle-text">{ks.idle.text}</p>
            <p class="kiosk-countdown"><span id="kiosk-idle-count">10</span> {ks.idle.seconds}</p>
            <button type="button" class="kiosk-button kiosk-button--primary" id="kiosk-idle-stay">{ks.idle.stay}</button>
          </div>
        </div>
        <div id="kiosk-offline" class="kiosk-overlay kiosk-overlay--offline" role="alertdialog" aria-modal="true" aria-labelledby="kiosk-offline-title" hidden>
          <div class="kiosk-overlay-box">
            <h2 id="kiosk-offline-title">{ks.offline.title}</h2>
            <p>{ks.offline.text}</p>
            <p class="kiosk-retrying">{ks.offline.retrying}</p>
          </div>
        </div>
      </body>
    </html>
  );
}

/** The kiosk-styled page of an unknown venue or page (the route answers 404 with it). */
export function KioskMissingPage({ title, message, home, refreshSeconds }: { title: string; message: string; home?: string; refreshSeconds?: number }) {
  return (
    <html lang="zh-CN" class="kiosk">
      <KioskHead title={title}>
        {home && refreshSeconds ? <meta http-equiv="refresh" content={`${refreshSeconds};url=${home}`} /> : null}
      </KioskHead>
      <body>
        <main id="main" class="kiosk-main kiosk-missing">
          <h1>{title}</h1>
          <p class="kiosk-lead">{message}</p>
          {home ? <p><a class="kiosk-button kiosk-button--primary" href={home}>{ks.home}</a></p> : null}
        </main>
      </body>
    </html>
  );
}
