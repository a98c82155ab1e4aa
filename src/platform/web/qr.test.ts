import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QR_TEXT_WIDTH, qrSvg, qrTextLines } from './qr.ts';

const url = (n: number) => {
  const base = 'https://gongkai.cixian.gov.cn/rate/l/';
  let s = base;
  for (let i = 0; s.length < n; i++) s += i % 9 === 8 ? '/' : 'abcdefghijk'[i % 11];
  return s.slice(0, n);
};
// what a 0.6 em monospace font draws, and the box the text must stay in (x 8–292 of 300)
const drawnWidth = (text: string, size: number) => text.length * 0.6 * size;

test('qrTextLines: every URL from 10 to 300 characters fits the 300 wide box, its text kept whole and in order', () => {
  for (let n = 10; n <= 300; n++) {
    const u = url(n);
    const lines = qrTextLines(u);
    assert.equal(lines.map((l) => l.text).join(''), u, `${n}: the URL is written whole`);
    for (const l of lines) {
      assert.ok(drawnWidth(l.text, l.fontSize) <= QR_TEXT_WIDTH + 0.5, `${n}: "${l.text}" at ${l.fontSize}px is ${drawnWidth(l.text, l.fontSize)} wide`);
      assert.ok(l.width <= QR_TEXT_WIDTH && l.width > 0, `${n}: textLength ${l.width}`);
      assert.ok(l.y > 300 && l.y <= 338 && l.y - l.fontSize >= 300, `${n}: the line sits under the code (y ${l.y})`);
    }
    if (lines.length === 2) assert.ok(lines[1]!.y - lines[0]!.y >= lines[0]!.fontSize, `${n}: the two lines do not overlap`);
  }
});

test('qrTextLines: a short link stays one line at 13 px; a 45–47 character link shrinks but stays readable; longer goes onto two lines broken after a /', () => {
  assert.deepEqual(qrTextLines(url(30)).map((l) => [l.fontSize, l.text.length]), [[13, 30]]);
  const mid = qrTextLines(url(46));
  assert.equal(mid.length, 1);
  assert.ok(mid[0]!.fontSize >= 10 && mid[0]!.fontSize < 13, `46 characters at ${mid[0]!.fontSize}px`);
  const long = qrTextLines('https://gongkai.cixian.gov.cn/rate/l/AbCdEfGhIjKlMnOpQrStUvWx');
  assert.equal(long.length, 2);
  assert.ok(long[0]!.text.endsWith('/'), `broken after a slash: ${long[0]!.text}`);
  assert.ok(long[0]!.fontSize >= 10, `two lines are larger than one squeezed line: ${long[0]!.fontSize}`);
});

test('qrSvg: the written URL carries textLength so a wider font is squeezed, not clipped; markup is escaped', async () => {
  const short = await qrSvg('https://x.cn/a?b=1&c=2', '<label>');
  assert.match(short, /<text x="150" y="326" [^>]*textLength="[\d.]+" lengthAdjust="spacingAndGlyphs"[^>]*class="qr-url">https:\/\/x\.cn\/a\?b=1&amp;c=2<\/text><\/svg>$/);
  assert.match(short, /aria-label="&lt;label&gt;"/);
  const long = await qrSvg(`${url(70)}"><script>`, 'x');
  const spans = [...long.matchAll(/<tspan [^>]*textLength="([\d.]+)"[^>]*>([^<]*)<\/tspan>/g)];
  assert.equal(spans.length, 2);
  assert.ok(spans.every((m) => Number(m[1]) <= QR_TEXT_WIDTH));
  assert.doesNotMatch(long, /<script>|"><script/);
  assert.equal(spans.map((m) => m[2]).join(''), `${url(70)}&quot;&gt;&lt;script&gt;`);
});
