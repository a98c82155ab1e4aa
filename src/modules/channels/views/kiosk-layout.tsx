// Pure view: the kiosk's own page shell (no site header, no navigation, no external links), used by
// every /kiosk/{venue}/… page. The kiosk shell (kiosk.routes.tsx, assets/kiosk.js, kiosk.css) owns
// the idle timeout, the on-screen keyboard, the 网络中断 screen and the QR code to continue on a phone;
// page routes pass their content and the public address of the same thing for the phone.
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../platform/web/page-context.ts';

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
  children: ComponentChildren;
}

export function KioskPage({ ctx, venue, title, hasErrors, back, phonePath, qrSvg, idleSeconds, children }: KioskPageProps) {
  const home = `/kiosk/${encodeURIComponent(venue.publicId)}`;
  return (
    <html lang="zh-CN" class="kiosk">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${hasErrors ? '错误：' : ''}${title} - ${venue.name}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="stylesheet" href="/assets/channels/kiosk.css" />
        <script src="/assets/channels/kiosk.js" defer></script>
      </head>
      <body data-kiosk-home={home} data-idle-seconds={String(idleSeconds)} data-csrf={ctx.csrfToken}>
        <header class="kiosk-header">
          <a class="kiosk-button" href={back ?? home}>返回</a>
          <span class="kiosk-venue">{venue.name}</span>
          <a class="kiosk-button" href={home}>首页</a>
        </header>
        <main id="main" class="kiosk-main" tabIndex={-1}>
          {children}
        </main>
        <aside class="kiosk-phone" aria-label="用手机继续">
          {qrSvg ? <div class="kiosk-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} /> : null}
          <p>用手机扫码继续：{phonePath}</p>
        </aside>
      </body>
    </html>
  );
}
