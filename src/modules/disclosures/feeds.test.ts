import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atom, excerpt, rfc822, rss, xmlEscape, type Feed } from './feeds.ts';
import { planSitemap, sitemapIndex, urlset } from './sitemap.ts';

const feed: Feed = {
  title: '磁县人民政府主动公开信息', link: 'https://gk.example.cn/openness/disclosures/org/130427', self: 'https://gk.example.cn/openness/disclosures/feeds/org/130427/rss.xml',
  description: '描述', updatedAt: '2026-02-10T02:00:00.000Z',
  items: [{ title: 'A & B <script>"x"</script>\u0001', link: 'https://gk.example.cn/openness/disclosures/130427%2F2026-1?a=1&b=2', summary: "它's", publishedAt: '2026-02-10T02:00:00.000Z', updatedAt: '2026-02-11T02:00:00.000Z', category: '通知', author: '磁县人民政府' }],
};

test('xmlEscape escapes markup and quotes and drops characters XML 1.0 forbids', () => {
  assert.equal(xmlEscape(`<a href="x">&'</a>\u0000\u0008\uFFFE ok 😀`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt; ok 😀');
});

test('RSS 2.0: channel, absolute links, RFC 822 dates, escaped text', () => {
  const x = rss(feed);
  assert.match(x, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
  assert.match(x, /<title>A &amp; B &lt;script&gt;&quot;x&quot;&lt;\/script&gt;<\/title>/);
  assert.match(x, /<link>https:\/\/gk.example.cn\/openness\/disclosures\/130427%2F2026-1\?a=1&amp;b=2<\/link>/);
  assert.match(x, /<pubDate>Tue, 10 Feb 2026 02:00:00 GMT<\/pubDate>/);
  assert.match(x, /<atom:link href="https:\/\/gk.example.cn\/openness\/disclosures\/feeds\/org\/130427\/rss.xml" rel="self"/);
  assert.match(x, /<dc:creator>磁县人民政府<\/dc:creator>/);
  assert.ok(!x.includes('\u0001'));
  assert.equal(rfc822('not a date'), '');
});

test('Atom 1.0: feed id and self link, entry updated is never before published', () => {
  const x = atom(feed);
  assert.match(x, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="zh-CN">/);
  assert.match(x, /<link rel="self" type="application\/atom\+xml" href="https:\/\/gk.example.cn\/openness\/disclosures\/feeds\/org\/130427\/rss.xml"\/>/);
  assert.match(x, /<published>2026-02-10T02:00:00.000Z<\/published><updated>2026-02-11T02:00:00.000Z<\/updated>/);
  assert.match(x, /<summary type="text">它&apos;s<\/summary>/);
  const older = atom({ ...feed, items: [{ ...feed.items[0]!, updatedAt: '2026-01-01T00:00:00.000Z' }] });
  assert.match(older, /<updated>2026-02-10T02:00:00.000Z<\/updated><author>/);
});

test('excerpt prefers the summary, else the body text, cut at the limit', () => {
  assert.equal(excerpt(' 概述 ', '正文'), '概述');
  assert.equal(excerpt('', '正文\n\n  第二段'), '正文 第二段');
  assert.equal(excerpt('', '一'.repeat(250), 200), `${'一'.repeat(200)}…`);
});

test('sitemap: urlset escapes; planSitemap splits at the cap, fixed pages first', () => {
  assert.match(urlset([{ loc: 'https://x/a?b=1&c=2', lastmod: '2026-02-10' }]), /<url><loc>https:\/\/x\/a\?b=1&amp;c=2<\/loc><lastmod>2026-02-10<\/lastmod><\/url>/);
  assert.match(sitemapIndex(['https://x/sitemaps/1.xml']), /<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">\n<sitemap><loc>https:\/\/x\/sitemaps\/1.xml<\/loc><\/sitemap>/);
  const one = planSitemap(10, 49_990);
  assert.equal(one.pages, 1);
  assert.deepEqual(one.slice(1), { fixed: [0, 10], records: { offset: 0, limit: 49_990 } });
  const two = planSitemap(10, 49_991);
  assert.equal(two.pages, 2);
  assert.deepEqual(two.slice(2), { fixed: [10, 10], records: { offset: 49_990, limit: 1 } });
  const big = planSitemap(3, 100_000, 50_000);
  assert.equal(big.pages, 3);
  assert.deepEqual(big.slice(1), { fixed: [0, 3], records: { offset: 0, limit: 49_997 } });
  assert.deepEqual(big.slice(2), { fixed: [3, 3], records: { offset: 49_997, limit: 50_000 } });
  assert.deepEqual(big.slice(3), { fixed: [3, 3], records: { offset: 99_997, limit: 3 } });
  assert.equal(big.slice(4), null);
  assert.equal(big.slice(0), null);
  assert.equal(planSitemap(0, 0).pages, 1);
});
