// Pure: RSS 2.0 and Atom 1.0 documents of published records (per organisation, per 主题分类).
// Every text is XML-escaped and stripped of characters XML 1.0 forbids; links are absolute.
import { xmlEscape } from '../../platform/html/xml.ts';

export interface FeedItem {
  title: string;
  /** Absolute URL of the record page (also its guid / id). */
  link: string;
  summary: string;
  /** ISO instant. */
  publishedAt: string;
  updatedAt: string;
  category?: string;
  author?: string;
}

export interface Feed {
  title: string;
  /** Absolute URL of the HTML list the feed mirrors. */
  link: string;
  /** Absolute URL of the feed itself. */
  self: string;
  description: string;
  /** ISO instant of the newest item (or the time of the request when empty). */
  updatedAt: string;
  items: FeedItem[];
}

export { xmlEscape };

/** RFC 822 date as RSS 2.0 wants it, e.g. "Thu, 26 Nov 2026 03:00:00 GMT". */
export function rfc822(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toUTCString();
}

const el = (name: string, text: string) => `<${name}>${xmlEscape(text)}</${name}>`;

export function rss(feed: Feed): string {
  const items = feed.items.map((i) => [
    '<item>',
    el('title', i.title),
    el('link', i.link),
    `<guid isPermaLink="true">${xmlEscape(i.link)}</guid>`,
    el('pubDate', rfc822(i.publishedAt)),
    el('description', i.summary),
    i.category ? el('category', i.category) : '',
    i.author ? el('dc:creator', i.author) : '',
    '</item>',
  ].join('')).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>${el('title', feed.title)}${el('link', feed.link)}${el('description', feed.description)}<language>zh-CN</language>${el('lastBuildDate', rfc822(feed.updatedAt))}<atom:link href="${xmlEscape(feed.self)}" rel="self" type="application/rss+xml"/>
${items}
</channel></rss>
`;
}

export function atom(feed: Feed): string {
  const entries = feed.items.map((i) => [
    '<entry>',
    el('title', i.title),
    `<link rel="alternate" type="text/html" href="${xmlEscape(i.link)}"/>`,
    el('id', i.link),
    el('published', i.publishedAt),
    el('updated', i.updatedAt > i.publishedAt ? i.updatedAt : i.publishedAt),
    i.author ? `<author>${el('name', i.author)}</author>` : '',
    i.category ? `<category term="${xmlEscape(i.category)}"/>` : '',
    `<summary type="text">${xmlEscape(i.summary)}</summary>`,
    '</entry>',
  ].join('')).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">${el('title', feed.title)}${el('subtitle', feed.description)}<link rel="alternate" type="text/html" href="${xmlEscape(feed.link)}"/><link rel="self" type="application/atom+xml" href="${xmlEscape(feed.self)}"/>${el('id', feed.self)}${el('updated', feed.updatedAt)}<author>${el('name', feed.title)}</author>
${entries}
</feed>
`;
}

/** A short plain-text summary: the record's 内容概述, else the start of its body text. */
export function excerpt(summary: string, bodyText: string, max = 200): string {
  const s = (summary.trim() || bodyText.replace(/\s+/g, ' ').trim());
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
