// Pure: the subset of Solr query syntax that CKAN clients send in package_search `q`, `fq` and
// `fq_list`, parsed to a predicate over the in-memory catalogue (no search server). What harvesters
// and `ckanapi` users really send (open-standards.md §1.5, §1.7):
//   free text (every word must occur: title, description, keywords, publisher, name)
//   field:value, field:"quoted value", field:val*   (name id title tags groups organization
//     owner_org res_format license_id text capacity state dataset_type type num_resources num_tags)
//   field:(a OR b), -field:value, +field:value, NOT clause, A OR B, A AND B (space = AND)
//   metadata_modified:[2026-01-01T00:00:00Z TO *], {X TO Y}, NOW, NOW-1DAY, NOW/DAY
//   *:*  (everything)
// (A backslash escape is kept as \uE000 + the character while tokenizing.)
// Everything else (parenthesised sub-queries, fuzzy ~, boosts ^, regex /…/, ? wildcards, unknown
// fields, local params {!…}) is a QueryError: CKAN's "Search Query Error" (400).

/** What a query can look at in a dataset: built once per catalogue snapshot. */
export interface SearchDoc {
  id: string;
  name: string;
  /** Lower-cased title. */
  title: string;
  /** Lower-cased free text: title, description, keywords, publisher name, name. */
  text: string;
  tags: readonly string[];
  organization: string;
  ownerOrg: string;
  groups: readonly string[];
  resFormats: readonly string[];
  licenseId: string;
  /** Microseconds since the epoch (UTC). */
  metadataModified: number;
  metadataCreated: number;
  numResources: number;
  numTags: number;
}

export type Predicate = (d: SearchDoc) => boolean;

export class QueryError extends Error {}

export interface ParsedQuery {
  predicate: Predicate;
  /** Free-text words (lower case), for the score. */
  words: string[];
  /** True for `*:*` or an empty query. */
  matchAll: boolean;
}

/** Longest q or fq accepted (characters) and most clauses in one: a huge query is refused, cheaply. */
export const MAX_QUERY_LENGTH = 2000;
export const MAX_CLAUSES = 100;

type Token =
  | { t: 'word'; v: string; quoted: boolean }
  | { t: 'range'; lo: string; hi: string; loIncl: boolean; hiIncl: boolean }
  | { t: 'field'; name: string }
  | { t: '(' } | { t: ')' }
  | { t: 'op'; v: 'AND' | 'OR' | 'NOT' | '-' | '+' };

const SPECIAL = /[~^!&|/?{}[\]\\]/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000';
  while (i < n) {
    const c = src[i] as string;
    if (isSpace(c)) { i++; continue; }
    if (c === '(' || c === ')') { out.push({ t: c }); i++; continue; }
    if (c === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= n) throw new QueryError('unterminated quotes / 引号未闭合');
        const d = src[i] as string;
        if (d === '\\' && i + 1 < n) { v += src[i + 1]; i += 2; continue; }
        if (d === '"') { i++; break; }
        v += d; i++;
      }
      out.push({ t: 'word', v, quoted: true });
      continue;
    }
    if (c === '[' || c === '{') {
      const close = src.slice(i + 1).search(/[\]}]/);
      if (close < 0) throw new QueryError('unterminated range / 范围未闭合');
      const body = src.slice(i + 1, i + 1 + close).trim();
      const m = /^(\S+)\s+TO\s+(\S+)$/.exec(body);
      if (!m) throw new QueryError(`range must be [X TO Y] / 范围应写作 [X TO Y]: ${src.slice(i, i + 2 + close)}`);
      out.push({ t: 'range', lo: m[1] as string, hi: m[2] as string, loIncl: c === '[', hiIncl: src[i + 1 + close] === ']' });
      i += close + 2;
      continue;
    }
    if ((c === '-' || c === '+') && i + 1 < n && !isSpace(src[i + 1] as string)) {
      const prev = out[out.length - 1];
      if (!prev || prev.t === 'op' || prev.t === '(' || isSpace(src[i - 1] as string)) { out.push({ t: 'op', v: c }); i++; continue; }
    }
    // A bare word, up to a space, a parenthesis or a quote; `\x` escapes x.
    let v = '';
    while (i < n) {
      const d = src[i] as string;
      if (isSpace(d) || d === '(' || d === ')' || d === '"') break;
      if (d === '\\' && i + 1 < n) { v += `\uE000${src[i + 1]}`; i += 2; continue; }
      if ((d === '[' || d === '{') && v.endsWith(':')) break;
      v += d; i++;
    }
    if (v === 'AND' || v === 'OR' || v === 'NOT') { out.push({ t: 'op', v }); continue; }
    if (v === '&&' || v === '||') throw new QueryError(`operator ${v} is not supported, use AND / OR / 不支持 ${v}，请用 AND、OR`);
    const colon = indexOfUnescaped(v, ':');
    if (colon > 0) {
      const name = unescape(v.slice(0, colon));
      const rest = v.slice(colon + 1);
      if (name === '*' && rest === '*') { out.push({ t: 'word', v: '*:*', quoted: false }); continue; }
      out.push({ t: 'field', name });
      if (rest) out.push(checkedWord(rest));
      continue;
    }
    if (colon === 0) throw new QueryError(`a field name is missing before ":" / 冒号前缺少字段名: ${unescape(v)}`);
    out.push(checkedWord(v));
  }
  return out;
}

function indexOfUnescaped(v: string, ch: string): number {
  for (let k = 0; k < v.length; k++) {
    if (v[k] === '\uE000') { k++; continue; }
    if (v[k] === ch) return k;
  }
  return -1;
}

function unescape(v: string): string {
  return v.replace(/\uE000/g, '');
}

/** A bare word: Solr's special characters (unless escaped) are refused; a trailing `*` is a prefix wildcard. */
function checkedWord(raw: string): Token {
  const plain = raw.replace(/\uE000./g, '');
  const star = plain.indexOf('*');
  if (SPECIAL.test(plain) || (star >= 0 && !(plain === '*' || star === plain.length - 1)) || plain.includes(':')) {
    throw new QueryError(`unsupported Solr syntax / 不支持的查询语法: ${unescape(raw)}`);
  }
  return { t: 'word', v: unescape(raw), quoted: false };
}

// ---- dates (metadata_modified / metadata_created) ----

const UNIT_MS: Record<string, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/** Microseconds since the epoch of an ISO instant ('2015-10-23T14:51:13.282361Z', naive = UTC), NOW date math, or null. */
export function parseSolrDate(v: string, now: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]00:?00)?$/.exec(v);
  if (m) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0)) as [number, number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    if (new Date(ms).getUTCDate() !== d) return null;
    const frac = Number(((m[7] ?? '') + '000000').slice(0, 6));
    return ms * 1000 + frac;
  }
  const nm = /^NOW((?:[+-]\d{1,6}(?:SECOND|MINUTE|HOUR|DAY|MONTH|YEAR)S?)*)(?:\/(SECOND|MINUTE|HOUR|DAY|MONTH|YEAR))?$/.exec(v);
  if (!nm) return null;
  const at = new Date(now.getTime());
  for (const step of (nm[1] ?? '').matchAll(/([+-]\d+)(SECOND|MINUTE|HOUR|DAY|MONTH|YEAR)S?/g)) {
    const k = Number(step[1]);
    const unit = step[2] as string;
    if (unit === 'MONTH') at.setUTCMonth(at.getUTCMonth() + k);
    else if (unit === 'YEAR') at.setUTCFullYear(at.getUTCFullYear() + k);
    else at.setTime(at.getTime() + k * (UNIT_MS[unit] as number));
  }
  const round = nm[2];
  if (round === 'YEAR') at.setUTCMonth(0, 1);
  if (round === 'YEAR' || round === 'MONTH') at.setUTCDate(round === 'MONTH' ? 1 : at.getUTCDate());
  if (round) {
    const ms = round === 'MONTH' || round === 'YEAR' ? 86_400_000 : (UNIT_MS[round] as number);
    at.setTime(Math.floor(at.getTime() / ms) * ms);
  }
  return Number.isFinite(at.getTime()) ? at.getTime() * 1000 : null;
}

// ---- fields ----

type Matcher = (d: SearchDoc) => boolean;

const lc = (s: string) => s.toLowerCase();

/** Exact (case-insensitive) or prefix (`val*`) or any (`*`) match of one value. */
function valueTest(value: string, quoted: boolean): (x: string) => boolean {
  const v = lc(value);
  if (!quoted && v === '*') return (x) => x !== '';
  if (!quoted && v.endsWith('*')) { const p = v.slice(0, -1); return (x) => lc(x).startsWith(p); }
  return (x) => lc(x) === v;
}

const KEYWORD_FIELDS: Record<string, (d: SearchDoc) => string | readonly string[]> = {
  name: (d) => d.name,
  id: (d) => d.id,
  tags: (d) => d.tags,
  groups: (d) => d.groups,
  organization: (d) => d.organization,
  owner_org: (d) => d.ownerOrg,
  res_format: (d) => d.resFormats,
  license_id: (d) => d.licenseId,
};

const CONSTANT_FIELDS: Record<string, string> = { capacity: 'public', state: 'active', dataset_type: 'dataset', type: 'dataset' };

const DATE_FIELDS: Record<string, (d: SearchDoc) => number> = {
  metadata_modified: (d) => d.metadataModified,
  metadata_created: (d) => d.metadataCreated,
};
const NUMBER_FIELDS: Record<string, (d: SearchDoc) => number> = {
  num_resources: (d) => d.numResources,
  num_tags: (d) => d.numTags,
};

export const QUERY_FIELDS = ['text', 'title', ...Object.keys(KEYWORD_FIELDS), ...Object.keys(CONSTANT_FIELDS), ...Object.keys(DATE_FIELDS), ...Object.keys(NUMBER_FIELDS)];

function textMatcher(word: string, field: 'text' | 'title', words: string[]): Matcher {
  const w = lc(word);
  if (w === '*') return () => true;
  if (field === 'text') words.push(w);
  const needle = w.endsWith('*') ? w.slice(0, -1) : w;
  return field === 'title' ? (d) => d.title.includes(needle) : (d) => d.text.includes(needle);
}

function fieldMatcher(field: string, tok: Token, now: Date, words: string[]): Matcher {
  if (tok.t === 'range') {
    const date = DATE_FIELDS[field];
    const num = NUMBER_FIELDS[field];
    if (!date && !num) throw new QueryError(`a range is only supported on dates and counts / 只有日期和数量字段可用范围: ${field}`);
    const bound = (v: string): number | null => {
      if (v === '*') return null;
      const x = date ? parseSolrDate(v, now) : /^-?\d+$/.test(v) ? Number(v) : NaN;
      if (x === null || Number.isNaN(x)) throw new QueryError(`invalid ${date ? 'date' : 'number'} / 无效的${date ? '日期' : '数字'}: ${v}`);
      return x;
    };
    const lo = bound(tok.lo);
    const hi = bound(tok.hi);
    const get = (date ?? num) as (d: SearchDoc) => number;
    return (d) => {
      const x = get(d);
      if (lo !== null && (tok.loIncl ? x < lo : x <= lo)) return false;
      if (hi !== null && (tok.hiIncl ? x > hi : x >= hi)) return false;
      return true;
    };
  }
  if (tok.t !== 'word') throw new QueryError(`a value is missing after "${field}:" / “${field}:”后缺少值`);
  if (field === 'text' || field === 'title') return textMatcher(tok.v, field, words);
  const kw = KEYWORD_FIELDS[field];
  if (kw) {
    const test = valueTest(tok.v, tok.quoted);
    return (d) => { const x = kw(d); return typeof x === 'string' ? test(x) : x.some(test); };
  }
  const constant = CONSTANT_FIELDS[field];
  if (constant !== undefined) { const test = valueTest(tok.v, tok.quoted); return () => test(constant); }
  const date = DATE_FIELDS[field];
  if (date) {
    if (tok.v === '*') return () => true;
    const x = parseSolrDate(tok.v, now);
    if (x === null) throw new QueryError(`invalid date / 无效的日期: ${tok.v}`);
    return (d) => date(d) === x;
  }
  const num = NUMBER_FIELDS[field];
  if (num) {
    if (!/^\d+$/.test(tok.v)) throw new QueryError(`invalid number / 无效的数字: ${tok.v}`);
    const x = Number(tok.v);
    return (d) => num(d) === x;
  }
  throw new QueryError(`unknown field "${field}" (supported: ${QUERY_FIELDS.join(', ')}) / 不支持的字段“${field}”`);
}

// ---- grammar: query := clause ((AND|OR)? clause)* ; OR binds tighter than AND ----

/** Parses a q, fq or fq_list entry. `now` is for NOW date math. */
export function parseQuery(src: string, now: Date): ParsedQuery {
  if (src.length > MAX_QUERY_LENGTH) throw new QueryError(`query too long (at most ${MAX_QUERY_LENGTH} characters) / 查询过长`);
  const trimmed = src.trim();
  if (trimmed === '' || trimmed === '*:*' || trimmed === '*') return { predicate: () => true, words: [], matchAll: true };
  const tokens = tokenize(trimmed);
  const words: string[] = [];
  let pos = 0;
  let clauses = 0;
  const peek = () => tokens[pos];

  /** One value of a field, or a parenthesised OR/AND list of values of that field. */
  const fieldValue = (field: string): Matcher => {
    const tok = peek();
    if (!tok) throw new QueryError(`a value is missing after "${field}:" / “${field}:”后缺少值`);
    if (tok.t === '(') {
      pos++;
      const ors: Matcher[][] = [[]];
      for (;;) {
        const x = peek();
        if (!x) throw new QueryError('unbalanced parentheses / 括号不匹配');
        if (x.t === ')') { pos++; break; }
        if (x.t === 'op' && x.v === 'OR') { pos++; ors.push([]); continue; }
        if (x.t === 'op' && x.v === 'AND') { pos++; continue; }
        if (x.t === 'op' && x.v === '-') {
          pos++;
          const v = peek();
          if (!v) throw new QueryError('a value is missing after "-" / “-”后缺少值');
          pos++;
          const m = fieldMatcher(field, v, now, []);
          (ors[ors.length - 1] as Matcher[]).push((d) => !m(d));
          continue;
        }
        pos++;
        (ors[ors.length - 1] as Matcher[]).push(fieldMatcher(field, x, now, words));
      }
      const groups = ors.filter((g) => g.length);
      if (!groups.length) throw new QueryError(`empty value list after "${field}:" / “${field}:”后的值列表为空`);
      return (d) => groups.some((g) => g.every((m) => m(d)));
    }
    pos++;
    return fieldMatcher(field, tok, now, words);
  };

  const clause = (): Matcher => {
    if (++clauses > MAX_CLAUSES) throw new QueryError(`too many clauses (at most ${MAX_CLAUSES}) / 查询条件过多`);
    const tok = peek();
    if (!tok) throw new QueryError('incomplete query / 查询不完整');
    if (tok.t === 'op' && (tok.v === '-' || tok.v === 'NOT')) { pos++; const m = clause(); return (d) => !m(d); }
    if (tok.t === 'op' && tok.v === '+') { pos++; return clause(); }
    if (tok.t === 'op') throw new QueryError(`misplaced ${tok.v} / ${tok.v} 位置不对`);
    if (tok.t === '(' || tok.t === ')') throw new QueryError('parenthesised sub-queries are not supported; use field:(a OR b) / 不支持括号子查询');
    if (tok.t === 'range') throw new QueryError('a range needs a field: metadata_modified:[X TO Y] / 范围前应有字段名');
    pos++;
    if (tok.t === 'field') return fieldValue(tok.name);
    if (tok.v === '*:*') return () => true;
    return textMatcher(tok.v, 'text', words);
  };

  const orExpr = (): Matcher => {
    const parts = [clause()];
    for (;;) {
      const x = peek();
      if (x && x.t === 'op' && x.v === 'OR') {
        pos++;
        if (!peek()) throw new QueryError('OR needs a clause on both sides / OR 两边都应有条件');
        parts.push(clause());
        continue;
      }
      break;
    }
    return parts.length === 1 ? (parts[0] as Matcher) : (d) => parts.some((m) => m(d));
  };

  const ands: Matcher[] = [];
  while (pos < tokens.length) {
    const x = peek() as Token;
    if (x.t === 'op' && x.v === 'AND') {
      pos++;
      if (!ands.length || !peek()) throw new QueryError('AND needs a clause on both sides / AND 两边都应有条件');
      continue;
    }
    if (x.t === ')') throw new QueryError('unbalanced parentheses / 括号不匹配');
    ands.push(orExpr());
  }
  const predicate: Predicate = ands.length === 1 ? (ands[0] as Matcher) : (d) => ands.every((m) => m(d));
  return { predicate, words: [...new Set(words)], matchAll: false };
}

// ---- sort ----

export interface SortKey { field: string; desc: boolean }

/** Fields package_search can sort on (`title` is read as title_string). */
export const SORT_FIELDS = ['score', 'metadata_modified', 'metadata_created', 'name', 'title_string', 'title', 'id', 'num_resources', 'num_tags', 'organization'];

export class SortError extends Error {
  /** 'direction': CKAN's Search Query Error 'Invalid "sort" parameter'; 'field': Solr's "can not sort on undefined field" (Search Error). */
  constructor(readonly kind: 'direction' | 'field', message: string) { super(message); }
}

/** `score desc, metadata_modified desc` → keys; a missing direction is asc (Solr needs one: refused). */
export function parseSort(src: string): SortKey[] {
  const keys: SortKey[] = [];
  const parts = src.split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.length || parts.length > 10) throw new SortError('direction', 'Invalid "sort" parameter');
  for (const p of parts) {
    const m = /^(\S+)\s+(\S+)$/.exec(p);
    if (!m) throw new SortError('direction', 'Invalid "sort" parameter');
    const dir = lc(m[2] as string);
    if (dir !== 'asc' && dir !== 'desc') throw new SortError('direction', 'Invalid "sort" parameter');
    const field = m[1] as string;
    if (!SORT_FIELDS.includes(field)) throw new SortError('field', `can not sort on undefined field: ${field} (supported: ${SORT_FIELDS.join(', ')})`);
    keys.push({ field: field === 'title' ? 'title_string' : field, desc: dir === 'desc' });
  }
  return keys;
}
