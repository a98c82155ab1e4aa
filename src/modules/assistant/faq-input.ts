// Pure: the boundary checks of a FAQ pair (issue 20 §3) — question, variants (one per line,
// deduplicated), answer, links (title + same-site path or https URL) — each problem a field error
// with a stable code; the normalised key questions are compared and grouped by; the filters of the
// 答得不好的问题 list.
import { toCsv } from '../../platform/csv/csv.ts';
import { beijingTime } from '../../platform/clock/local-date.ts';
import { defineEnum } from '../../platform/web/enums.ts';
import { FAQ_ANSWER_MAX, FAQ_LINKS_MAX, FAQ_QUESTION_MAX, FAQ_VARIANTS_MAX } from './vocabulary.ts';
import { faqStrings } from './faq.strings.ts';

const si = faqStrings.input;

/** The stable codes of refused input (API `code`, 400). */
export const FAQ_CODES = {
  orgRequired: 'faq_org_required',
  orgUnknown: 'faq_org_unknown',
  notYourUnit: 'faq_not_your_unit',
  questionRequired: 'faq_question_required',
  questionTooLong: 'faq_question_too_long',
  variantTooLong: 'faq_variant_too_long',
  tooManyVariants: 'faq_too_many_variants',
  answerRequired: 'faq_answer_required',
  answerTooLong: 'faq_answer_too_long',
  linkInvalid: 'faq_link_invalid',
  linkTitleRequired: 'faq_link_title_required',
  tooManyLinks: 'faq_too_many_links',
} as const;

export const LINK_TITLE_MAX = 100;
export const LINK_URL_MAX = 500;

/** Which badly answered questions to list: nothing found, or 没有帮助 clicked. */
export type BadOutcome = 'no_match' | 'unhelpful';
export const BAD_OUTCOMES = defineEnum<BadOutcome>([
  { code: 'no_match', label: '未找到答案' },
  { code: 'unhelpful', label: '没有帮助' },
]);

export interface FaqLink { title: string; url: string }

/** What a form or the API sends: the form's variants and links as lines, the API's as arrays. */
export interface FaqRawInput {
  org?: string | undefined;
  question?: string | undefined;
  variants?: string | readonly unknown[] | undefined;
  answer?: string | undefined;
  links?: string | readonly unknown[] | undefined;
}

export interface CheckedFaq { org: string; question: string; variants: string[]; answer: string; links: FaqLink[] }

export type FaqCheck = { ok: true; value: CheckedFaq } | { ok: false; code: string; errors: Record<string, string> };

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const clean = (s: string) => s.normalize('NFC').replace(CONTROL, '').trim();
const oneLine = (s: string) => clean(s).replace(/\s+/g, ' ');
const len = (s: string) => [...s].length;

/**
 * The key two questions are the same by: NFKC, lower case, letters and digits only (spaces,
 * punctuation, 「？」 and the like dropped). 「社保卡怎么补办？」 and 「社保卡 怎么补办」 share one.
 */
export function questionKey(text: string): string {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join('');
}

/** A link target people may follow: a same-site path (/…, not //…) or an https URL with a host. */
export function isLinkUrl(url: string): boolean {
  if (!url || len(url) > LINK_URL_MAX || /[\s\\<>"]/.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  if (!/^https:\/\//i.test(url)) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

function linesOf(v: string | readonly unknown[] | undefined): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return v.split(/\r?\n/);
  return v.map((x) => (typeof x === 'string' ? x : ''));
}

/** One link line of the form: 「标题 | 链接」 (or 「标题 链接」 with the link last). */
function parseLinkLine(line: string): FaqLink {
  const bar = line.lastIndexOf('|');
  if (bar >= 0) return { title: oneLine(line.slice(0, bar)), url: line.slice(bar + 1).trim() };
  const m = /^(.*?)\s+(\S+)$/.exec(line.trim());
  return m ? { title: oneLine(m[1]!), url: m[2]! } : { title: '', url: line.trim() };
}

function linksOf(v: string | readonly unknown[] | undefined): FaqLink[] | null {
  if (v === undefined) return [];
  if (typeof v === 'string') return v.split(/\r?\n/).map((l) => clean(l)).filter(Boolean).map(parseLinkLine);
  const out: FaqLink[] = [];
  for (const x of v) {
    if (!x || typeof x !== 'object') return null;
    const o = x as Record<string, unknown>;
    out.push({ title: typeof o.title === 'string' ? oneLine(o.title) : '', url: typeof o.url === 'string' ? o.url.trim() : '' });
  }
  return out;
}

/** The form's text of links: one 「标题 | 链接」 per line. */
export const linksText = (links: readonly FaqLink[]): string => links.map((l) => `${l.title} | ${l.url}`).join('\n');

/** Checks a pair's fields (the organisation is checked against the caller's scope by the service). */
export function checkFaqInput(raw: FaqRawInput): FaqCheck {
  const errors: Record<string, string> = {};
  const codes: string[] = [];
  const fail = (field: string, code: string, message: string) => { if (!errors[field]) { errors[field] = message; codes.push(code); } };

  const org = oneLine(raw.org ?? '').slice(0, 64);
  if (!org) fail('org', FAQ_CODES.orgRequired, si.orgRequired);

  const question = oneLine(raw.question ?? '');
  if (!questionKey(question)) fail('question', FAQ_CODES.questionRequired, si.questionRequired);
  else if (len(question) > FAQ_QUESTION_MAX) fail('question', FAQ_CODES.questionTooLong, si.questionTooLong(FAQ_QUESTION_MAX));

  const variants: string[] = [];
  const seen = new Set([questionKey(question)]);
  for (const line of linesOf(raw.variants)) {
    const v = oneLine(line);
    const key = questionKey(v);
    if (!key || seen.has(key)) continue;
    if (len(v) > FAQ_QUESTION_MAX) { fail('variants', FAQ_CODES.variantTooLong, si.variantTooLong(FAQ_QUESTION_MAX)); continue; }
    seen.add(key);
    variants.push(v);
  }
  if (variants.length > FAQ_VARIANTS_MAX) fail('variants', FAQ_CODES.tooManyVariants, si.tooManyVariants(FAQ_VARIANTS_MAX));

  const answer = clean((raw.answer ?? '').replace(/\r\n?/g, '\n')).replace(/\n{3,}/g, '\n\n');
  if (!answer) fail('answer', FAQ_CODES.answerRequired, si.answerRequired);
  else if (len(answer) > FAQ_ANSWER_MAX) fail('answer', FAQ_CODES.answerTooLong, si.answerTooLong(FAQ_ANSWER_MAX));

  const links = linksOf(raw.links);
  if (links === null) fail('links', FAQ_CODES.linkInvalid, si.linkInvalid('—'));
  else {
    if (links.length > FAQ_LINKS_MAX) fail('links', FAQ_CODES.tooManyLinks, si.tooManyLinks(FAQ_LINKS_MAX));
    for (const l of links) {
      if (!l.title) { fail('links', FAQ_CODES.linkTitleRequired, si.linkTitleRequired(l.url)); break; }
      if (len(l.title) > LINK_TITLE_MAX) { fail('links', FAQ_CODES.linkInvalid, si.linkTitleTooLong(LINK_TITLE_MAX)); break; }
      if (!isLinkUrl(l.url)) { fail('links', FAQ_CODES.linkInvalid, si.linkInvalid(l.url.slice(0, 80))); break; }
    }
  }

  if (codes.length) return { ok: false, code: codes[0]!, errors };
  return { ok: true, value: { org, question, variants, answer, links: links ?? [] } };
}

/** The answer as sentences: split after 。！？；!? and at line breaks, nothing lost. */
export function answerSentences(answer: string): string[] {
  return answer.split(/\n+/).flatMap((p) => p.match(/[^。！？；!?;]+[。！？；!?;]*|[。！？；!?;]+/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

/** A month filter `YYYY-MM` or null. */
export function parseMonth(v: string | undefined): string | null {
  const t = (v ?? '').trim();
  return /^20\d{2}-(0[1-9]|1[0-2])$/.test(t) ? t : null;
}

/** One row of the 答得不好的问题 CSV. */
export interface CsvBadQuestion { text: string; count: number; noMatch: number; unhelpful: number; lastAt: string; resolvedFaq: string | null }

/** The 答得不好的问题 as CSV (platform/csv: UTF-8 with BOM, formula-safe cells), times in Beijing time. */
export function questionsCsv(rows: readonly CsvBadQuestion[]): string {
  const c = faqStrings.csv;
  return toCsv([c.header, ...rows.map((r) => [r.text, r.count, r.noMatch, r.unhelpful, beijingTime(r.lastAt), r.resolvedFaq ? c.resolved : c.open, r.resolvedFaq ?? ''])]);
}
