// Pure view: the one layout every page uses — header with the five sections, staff sign-in
// state, 长者模式 switch, and the footer with the site's registration marks.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { SiteConfig } from '../../config.ts';
import type { PageContext } from './page-context.ts';
import { shellStrings as s } from './strings.ts';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  /** Prefix the title with 错误： (a form came back with errors). */
  hasErrors?: boolean;
  children: ComponentChildren;
}

export function Layout({ ctx, title, hasErrors, children }: LayoutProps) {
  const fullTitle = `${hasErrors ? s.errorPrefix : ''}${title} - ${ctx.site.name}`;
  // The shell around the page's own content is the same on every page but for a few values: its
  // parts are rendered once per site and variant (shellParts) and filled in as text here, so a
  // page renders only its own elements (issue 24 §5). LayoutHead / LayoutHeader / LayoutFooter
  // below are what the parts are made from; layout.test.tsx checks the two agree.
  const parts = shellParts(ctx);
  return (
    <html lang="zh-CN" class={ctx.elder ? 'elder' : undefined}>
      <head dangerouslySetInnerHTML={{ __html: fill(parts.head, () => fullTitle) }} />
      <body>
        <a class="skip-link" href="#main">{s.skipLink}</a>
        <header class="site-header" dangerouslySetInnerHTML={{ __html: fill(parts.header, (k) => headerValue(ctx, k)) }} />
        <main id="main" class="container" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer" dangerouslySetInnerHTML={{ __html: parts.footer }} />
      </body>
    </html>
  );
}

/** The inside of the shell's <head>. */
export function LayoutHead({ title }: { title: string }) {
  return (
    <>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      <link rel="stylesheet" href="/assets/app.css" />
      <script src="/assets/app.js" defer></script>
    </>
  );
}

/** The inside of the shell's <header>: site name, 长者模式 switch, sign-in state, the five sections. */
export function LayoutHeader({ ctx, section = sectionOf(ctx.path) }: { ctx: PageContext; section?: number }) {
  const current = s.sections[section];
  return (
    <>
      <div class="container header-row">
        <a class="site-name" href="/">{ctx.site.name}</a>
        <div class="header-tools">
          {/* (no CSRF token: the switch only sets the browser's own cookie — platform/web/server.tsx —, so a
              page whose only form this is gives no token and sets no cookie) */}
          <form method="post" action="/preferences/elder-mode" class="inline-form">
            <input type="hidden" name="return_to" value={ctx.path} />
            <input type="hidden" name="elder" value={ctx.elder ? '0' : '1'} />
            <button type="submit" class="link-button" aria-pressed={ctx.elder ? 'true' : 'false'}>
              {ctx.elder ? s.elderOff : s.elderOn}
            </button>
          </form>
          {ctx.resident ? (
            <>
              <a href="/me">{s.myAccount(ctx.resident.displayName)}</a>
              <form method="post" action="/me/sign-out" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="link-button">{s.signOut}</button>
              </form>
            </>
          ) : ctx.staff ? null : (
            <a href="/me/sign-in">{s.residentSignIn}</a>
          )}
          {ctx.staff ? (
            <>
              <a href="/staff">{ctx.staff.displayName}</a>
              <form method="post" action="/logout" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="link-button">{s.signOut}</button>
              </form>
            </>
          ) : (
            <a href="/login">{s.staffArea}</a>
          )}
        </div>
      </div>
      <nav class="site-nav" aria-label={s.primaryNav}>
        <ul class="container">
          {s.sections.map((sec) => (
            <li key={sec.href}>
              <a href={sec.href} aria-current={current?.href === sec.href ? 'page' : undefined}>
                {sec.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

/** The inside of the shell's <footer>: the site's registration marks. */
export function LayoutFooter({ site }: { site: SiteConfig }) {
  return (
    <div class="container">
      <p>
        {s.footer.sponsor}：{site.sponsor}{'\u3000'}{s.footer.siteCode}：{site.siteCode}
      </p>
      <p>
        {s.footer.icp}：{site.icp}{'\u3000'}{s.footer.psb}：{site.psb}
      </p>
      <p>
        <a href="/me/rules">{s.footer.privacy}</a>
      </p>
    </div>
  );
}

// ---- The shell's parts, rendered once ----
// A part is text cut where a value goes: [text, slot, text, slot, …, text]. The values are the
// request's (title, CSRF token, path, names), escaped as Preact escapes text and attribute values
// (& < " — the same function for both), so the page reads exactly as if rendered whole.
type Slot = 'title' | 'token' | 'path' | 'resident' | 'staff';
type Part = (string | Slot)[];
// letters and digits only (no escaping touches them), random per process: no stored text can hold one by design
const SLOT_MARK = `gkslot${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const slotText = (k: Slot) => `${SLOT_MARK}${k}${SLOT_MARK}`;

function cut(html: string): Part {
  const out: Part = [];
  const pieces = html.split(SLOT_MARK);
  // pieces alternate: text, slot name, text, slot name, …
  for (let i = 0; i < pieces.length; i++) out.push(i % 2 === 0 ? pieces[i]! : (pieces[i] as Slot));
  return out;
}

function escapeText(v: string): string {
  return /["&<]/.test(v) ? v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;') : v;
}

/** The part with each slot's value (asked only for the slots it has: the CSRF token only where a form needs it). */
function fill(part: Part, value: (slot: Slot) => string): string {
  let out = part[0] as string;
  for (let i = 1; i < part.length; i += 2) out += escapeText(value(part[i] as Slot)) + (part[i + 1] as string);
  return out;
}

function headerValue(ctx: PageContext, slot: Slot): string {
  switch (slot) {
    case 'token': return ctx.csrfToken;
    case 'path': return ctx.path;
    case 'resident': return ctx.resident?.displayName ?? '';
    case 'staff': return ctx.staff?.displayName ?? '';
    default: return '';
  }
}

interface ShellParts { head: Part; header: Part; footer: string }
const shells = new WeakMap<SiteConfig, Map<string, ShellParts>>();

/** The section the path belongs to (its index in the navigation), or -1. */
function sectionOf(path: string): number {
  return s.sections.findIndex((sec) => path === sec.href || path.startsWith(`${sec.href}/`));
}

function shellParts(ctx: PageContext): ShellParts {
  const section = sectionOf(ctx.path);
  const key = `${ctx.elder ? 1 : 0}${ctx.resident ? 1 : 0}${ctx.staff ? 1 : 0}${section}`;
  let bySite = shells.get(ctx.site);
  if (!bySite) shells.set(ctx.site, bySite = new Map());
  let p = bySite.get(key);
  if (!p) {
    const slotted: PageContext = {
      site: ctx.site, elder: ctx.elder, csrfToken: slotText('token'), path: slotText('path'),
      resident: ctx.resident ? { displayName: slotText('resident') } : null,
      staff: ctx.staff ? { displayName: slotText('staff'), username: '' } : null,
    };
    p = {
      head: cut(renderToString(<LayoutHead title={slotText('title')} />)),
      header: cut(renderToString(<LayoutHeader ctx={slotted} section={section} />)),
      footer: renderToString(<LayoutFooter site={ctx.site} />),
    };
    bySite.set(key, p);
  }
  return p;
}

export function ErrorPage({ ctx, status, title, message, children }: { ctx: PageContext; status: number; title: string; message: string; children?: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {children}
      <p class="muted">错误代码 {status}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </Layout>
  );
}
