// Pure view: the one layout every page uses — header with the five sections, staff sign-in
// state, 长者模式 switch, and the footer with the site's registration marks.
import type { ComponentChildren } from 'preact';
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
  const current = s.sections.find((sec) => ctx.path === sec.href || ctx.path.startsWith(`${sec.href}/`));
  return (
    <html lang="zh-CN" class={ctx.elder ? 'elder' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">{s.skipLink}</a>
        <header class="site-header">
          <div class="container header-row">
            <a class="site-name" href="/">{ctx.site.name}</a>
            <div class="header-tools">
              <form method="post" action="/preferences/elder-mode" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
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
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>
              {s.footer.sponsor}：{ctx.site.sponsor}{'\u3000'}{s.footer.siteCode}：{ctx.site.siteCode}
            </p>
            <p>
              {s.footer.icp}：{ctx.site.icp}{'\u3000'}{s.footer.psb}：{ctx.site.psb}
            </p>
            <p>
              <a href="/me/rules">{s.footer.privacy}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
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
