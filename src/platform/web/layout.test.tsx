// The layout's shell is rendered once per site and variant and filled in per page (issue 24 §5):
// the page must read exactly as if the shell's components were rendered whole, for every variant
// (长者模式, resident, staff, the current section) and for values that need escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import type { SiteConfig } from '../../config.ts';
import { Layout, LayoutFooter, LayoutHead, LayoutHeader } from './layout.tsx';
import type { PageContext } from './page-context.ts';
import { shellStrings as s } from './strings.ts';

const site: SiteConfig = { sponsor: '磁县人民政府 & "办公室"', siteCode: '1304270001', icp: '冀ICP备<1>号', psb: '冀公网安备 130427', name: '磁县政府信息公开', baseUrl: '' };

/** The page as the components render it whole (the reference the shell's parts must match). */
function whole(ctx: PageContext, title: string, hasErrors = false): string {
  const fullTitle = `${hasErrors ? s.errorPrefix : ''}${title} - ${ctx.site.name}`;
  return renderToString(
    <html lang="zh-CN" class={ctx.elder ? 'elder' : undefined}>
      <head><LayoutHead title={fullTitle} /></head>
      <body>
        <a class="skip-link" href="#main">{s.skipLink}</a>
        <header class="site-header"><LayoutHeader ctx={ctx} /></header>
        <main id="main" class="container" tabIndex={-1}><p>正文 &amp;</p></main>
        <footer class="site-footer"><LayoutFooter site={ctx.site} /></footer>
      </body>
    </html>,
  );
}

test('the shell filled in per page equals the shell rendered whole, in every variant', () => {
  const paths = ['/', '/openness', '/openness/disclosures/130427%2F2026-zhzw-00001', '/services/items?q="<x>"&a=1', '/servicesx', '/data/', '/interaction'];
  const tokens = ['AbC-_012', 'a"b<c&d'];
  let n = 0;
  for (const elder of [false, true]) {
    for (const resident of [null, { displayName: '张三 <"&>' }]) {
      for (const staff of [null, { displayName: '李四 & 王五', username: 'li' }]) {
        for (const path of paths) {
          for (const csrfToken of tokens) {
            const ctx: PageContext = { site, staff, resident, csrfToken, elder, path };
            for (const [title, hasErrors] of [['关于<公开>的"通知" & 附件', false], ['表单', true]] as const) {
              const got = renderToString(<Layout ctx={ctx} title={title} hasErrors={hasErrors}><p>正文 &amp;</p></Layout>);
              assert.equal(got, whole(ctx, title, hasErrors), JSON.stringify({ elder, resident, staff, path, csrfToken, title }));
              n++;
            }
          }
        }
      }
    }
  }
  assert.equal(n, 2 * 2 * 2 * paths.length * tokens.length * 2);
});

test('the current section is marked, and the path and token land where the form needs them', () => {
  const html = renderToString(<Layout ctx={{ site, staff: null, resident: null, csrfToken: 'tok123', elder: false, path: '/services/x' }} title="t"><p /></Layout>);
  assert.match(html, /<a href="\/services" aria-current="page">政务服务<\/a>/);
  assert.doesNotMatch(html, /<a href="\/openness" aria-current/);
  // the 长者模式 switch carries the path and no token (it needs none: platform/web/server.tsx)
  assert.match(html, /action="\/preferences\/elder-mode" class="inline-form"><input type="hidden" name="return_to" value="\/services\/x"\/>/);
  assert.doesNotMatch(html, /name="_csrf"/);
  // a signed-in resident's header has the sign-out form: the token lands there
  const signedIn = renderToString(<Layout ctx={{ site, staff: null, resident: { displayName: '居民' }, csrfToken: 'tok123', elder: false, path: '/services/x' }} title="t"><p /></Layout>);
  assert.match(signedIn, /action="\/me\/sign-out" class="inline-form"><input type="hidden" name="_csrf" value="tok123"\/>/);
  assert.match(html, /<title>t - 磁县政府信息公开<\/title>/);
  assert.match(html, /主办单位：磁县人民政府 &amp; &quot;办公室&quot;/);
  // another site with the same variant gets its own shell
  const other = renderToString(<Layout ctx={{ site: { ...site, name: '涉县', sponsor: '涉县人民政府' }, staff: null, resident: null, csrfToken: 't', elder: false, path: '/services/x' }} title="t"><p /></Layout>);
  assert.match(other, /<a class="site-name" href="\/">涉县<\/a>/);
  assert.match(other, /主办单位：涉县人民政府/);
});

test('the shell reads the CSRF token only where a form needs it (a page without one gives no token and sets no cookie)', () => {
  let reads = 0;
  const ctx = (resident: { displayName: string } | null) => ({ site, staff: null, resident, elder: false, path: '/openness/x', get csrfToken() { reads++; return 'tok456'; } });
  renderToString(<Layout ctx={ctx(null)} title="t"><p /></Layout>);
  assert.equal(reads, 0, 'an anonymous page never reads the token');
  const html = renderToString(<Layout ctx={ctx({ displayName: '居民' })} title="t"><p /></Layout>);
  assert.ok(reads > 0, 'a page with the sign-out form reads it');
  assert.match(html, /name="_csrf" value="tok456"/);
});
