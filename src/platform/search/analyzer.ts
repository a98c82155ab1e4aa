// Text analysis for search: jieba segmentation (cutForSearch to index, cut to query), toneless
// pinyin (full and initials) and normalisation. Technical only; the synonym dictionary is data
// passed in by the search module.
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
interface JiebaLike { cut(s: string, hmm?: boolean): string[]; cutForSearch(s: string, hmm?: boolean): string[] }
let jieba: JiebaLike | null = null;
function j(): JiebaLike {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const WORD = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;
// Control characters, zero-width and bidi marks, private-use and unassigned code points.
const JUNK = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu;

/** NFKC, lower case, control/format characters removed, whitespace collapsed. */
export function normalize(text: string): string {
  return text.normalize('NFKC').replace(JUNK, ' ').toLowerCase().replace(/ü/g, 'v').replace(/\s+/g, ' ').trim();
}

/** Letters, digits and Han only (punctuation such as （）、 dropped) — used for exact/prefix comparisons. */
const compactCache = new Map<string, string>();
export function compact(text: string): string {
  let r = compactCache.get(text);
  if (r === undefined) {
    r = (normalize(text).match(/[\p{L}\p{N}]+/gu) ?? []).join('');
    if (text.length <= 64) {
      if (compactCache.size > 20_000) compactCache.clear();
      compactCache.set(text, r);
    }
  }
  return r;
}

export function hasHan(s: string): boolean {
  return HAN.test(s);
}

const tokenCache = new Map<string, string[]>();
/** Index-side tokens (jieba cut_for_search), memoised: service item texts repeat heavily. */
export function indexTokens(text: string): string[] {
  if (!text) return [];
  let r = tokenCache.get(text);
  if (r === undefined) {
    r = [...new Set(j().cutForSearch(normalize(text), true).map((t) => t.trim()).filter((t) => t && WORD.test(t)))];
    if (tokenCache.size > 200_000) tokenCache.clear();
    tokenCache.set(text, r);
  }
  return r;
}

const queryCache = new Map<string, string[]>();
/** Query-side tokens (jieba cut), memoised (typo repair and synonym variants cut the same text again). */
export function queryTokens(text: string): string[] {
  let r = queryCache.get(text);
  if (r === undefined) {
    r = j().cut(normalize(text), true).map((t) => t.trim()).filter((t) => t && WORD.test(t));
    if (queryCache.size > 50_000) queryCache.clear();
    queryCache.set(text, r);
  }
  return r;
}

const pyCache = new Map<string, { full: string; initials: string; syllables: string[] }>();
/** Toneless pinyin of a phrase: syllables, their concatenation and their initials (latin kept as is). */
export function pinyinOf(text: string): { full: string; initials: string; syllables: string[] } {
  let r = pyCache.get(text);
  if (r === undefined) {
    const c = compact(text);
    const syllables = c ? (pinyin(c, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' }) as string[]).map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean) : [];
    r = { full: syllables.join(''), initials: syllables.map((s) => (/^[a-z]/.test(s) ? s[0] : s)).join(''), syllables };
    if (pyCache.size > 200_000) pyCache.clear();
    pyCache.set(text, r);
  }
  return r;
}

