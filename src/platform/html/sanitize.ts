// Pure: the one allow-list sanitiser for rich text written by staff (政府信息 bodies, 公开指南
// notes). Built on the maintained `sanitize-html` (htmlparser2): only the tags and attributes
// listed here survive; every URL must be http(s), mailto, tel, a site path or a fragment; no
// style, no event handlers, no SVG/MathML, no frames, no forms. Text outside the allow-list is
// kept as escaped text; the content of script/style/textarea-like elements is dropped.
import sanitizeHtml from 'sanitize-html';

const TAGS = [
  'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code',
  'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'span', 'div',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'colgroup', 'col',
  'a', 'img', 'figure', 'figcaption',
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'template', 'svg', 'math', 'object', 'embed', 'applet'],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  transformTags: {
    // Links open in place and never pass the page's authority on.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.href && /^https?:/i.test(attribs.href) ? { rel: 'noopener noreferrer nofollow' } : {}) } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

// rel is added by the transform, so allow it on <a> too (values are ours, not the author's).
(OPTIONS.allowedAttributes as Record<string, string[]>).a!.push('rel');

const SAFE_URL = /^(https?:\/\/|mailto:|tel:|\/(?![/\\])|#)/i;

/** Sanitises staff-written HTML to the allow-list. Idempotent: sanitise(sanitise(x)) === sanitise(x). */
export function sanitizeHtmlBody(html: string): string {
  const once = sanitizeHtml(html, OPTIONS);
  // Belt and braces: relative URLs sanitize-html accepts but we do not (e.g. "foo:bar" look-alikes
  // after entity decoding) are removed — only absolute http(s)/mailto/tel, site paths and fragments stay.
  return sanitizeHtml(once, {
    ...OPTIONS,
    transformTags: {
      a: (tagName, attribs) => {
        const { href, ...rest } = attribs;
        return { tagName, attribs: href !== undefined && SAFE_URL.test(href.trim()) ? { ...rest, href } : rest };
      },
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        return { tagName, attribs: src !== undefined && /^https?:\/\//i.test(src.trim()) ? { ...rest, src } : rest };
      },
    },
  });
}

/** The plain text of (already sanitised) HTML: tags dropped, entities decoded, whitespace collapsed; block ends become spaces. */
export function htmlToText(html: string): string {
  const spaced = html.replace(/<\/(p|div|li|h[2-6]|tr|td|th|blockquote|pre|dt|dd|figcaption|caption)>|<br\s*\/?>/gi, '$& ');
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {}, nonTextTags: OPTIONS.nonTextTags ?? [] });
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
}

/** Escapes text for HTML (plain-text bodies given through the API become paragraphs). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Plain text → paragraphs of escaped HTML (a blank line separates paragraphs). */
export function textToHtml(text: string): string {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br />')}</p>`).join('');
}

/**
 * Every table of already-sanitised HTML inside its own keyboard-reachable scroll box (a focusable
 * region named `label`), so a wide table — a 通报's annex, a statistics table pasted into a record —
 * scrolls on a phone instead of widening the page. The sanitiser keeps no classes, so this is added
 * when the page is drawn, not stored.
 */
export function scrollableTables(html: string, label: string): string {
  const open = `<div class="table-scroll" tabindex="0" role="region" aria-label="${escapeHtml(label)}">`;
  return html.replace(/<table\b/gi, (tag) => `${open}${tag}`).replace(/<\/table\s*>/gi, '</table></div>');
}
