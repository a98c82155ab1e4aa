// The embedded search index: in-process, rebuilt from the database at start and kept fresh from a
// change log (see docs/adr/0002-search-index.md).
//
// Why it is fast at 1.91 M items: documents with the same searchable text (service items are the
// same ~2,400 item types implemented by thousands of bodies) share one *group*. Text matching —
// jieba tokens, synonyms, substrings, full pinyin, initials, homophone and look-alike typos — runs
// over groups and distinct phrases (titles, keywords), which number in the tens of thousands; the
// members of a matching group are kept in popularity order, so the top k documents are a merge of
// a few sorted lists. Per-document filters (region subtree, channel) are applied during the merge.
import { compact, hasHan, indexTokens, normalize, pinyinOf, queryTokens } from './analyzer.ts';
import { highlight, snippetOf } from './text.ts';
import { shortRegionCode } from '../geo/region-code.ts';
import type { SearchDoc, SearchHit, SearchIndex, SearchQuery, SearchResult, Suggestion } from './search-port.ts';
import { IntMap, StringTable, grownInt32, nextCapacity, smallIntKey } from './snapshot-arrays.ts';

/** Field weights: name ≫ keywords ≫ department/body. */
const W = [1, 0.55, 0.12, 0.18] as const;
const F_TITLE = 0;
const F_KW = 1;
const F_DEPT = 2;
const F_BODY = 3;
const MAX_QUERY = 64;
const MAX_VARIANTS = 8;
/** Share of the typed pinyin a homophone repair must spell (the rest would be dropped silently). */
const MIN_PINYIN_COVERAGE = 0.85;
/** Words that carry no intent in a question-style query (怎么办理, 在哪里办). */
const STOP = new Set(['怎么', '怎样', '如何', '哪里', '在哪里', '在哪', '哪儿', '什么', '的', '了', '吗', '呢', '我', '我要', '要', '想', '去', '办', '怎么办', '需要', '可以', '能', '在', '和', '与', '及', '请问']);
/**
 * The phrasing of a question around what is asked for (请问…, …在哪里办, …需要什么材料, …的流程是什么):
 * taken off the start and the end of a query part before it is cut into words, because jieba glues
 * it to the words it touches (船员证要带什么 → 船员/证要/带/什么). Longest first.
 */
const Q_HEAD = ['请问一下', '请问', '我想要', '我想', '我要', '想要', '想', '如何', '怎么样', '怎样', '怎么', '在哪里', '在哪儿', '在哪', '去哪里', '去哪儿', '去哪', '到哪里', '到哪', '哪里可以', '哪里能', '哪里', '哪儿', '能不能', '可以'];
const Q_TAIL = [
  '需要准备什么材料', '需要准备哪些材料', '需要提供什么材料', '需要什么材料', '需要哪些材料', '要什么材料', '要哪些材料', '什么材料', '哪些材料',
  '需要带什么', '要带什么', '带什么', '需要什么', '要什么', '的流程是什么', '流程是什么', '的办理流程', '办理流程', '的流程', '流程', '的条件', '条件是什么',
  '怎么办理', '怎么申请', '怎么办', '怎么弄', '怎么操作', '如何办理', '如何申请', '怎样办理', '在哪里办理', '在哪里办', '在哪里', '在哪儿办', '在哪办理', '在哪办', '在哪',
  '去哪里办理', '去哪里办', '去哪办', '哪里办理', '哪里办', '到哪里办', '到哪办', '办理进度', '进度查询', '的进度', '要多久', '多久', '多少钱', '是什么', '吗', '呢', '啊', '的',
];
/** A place name's ending (合肥市, 蜀山区, 三河镇, 望湖街道): a word so ended that the index does not know is a place. */
const PLACE_END = /(?:市|县|区|旗|镇|乡|街道|街道办|开发区|园区)$/u;
/** Look-alike characters (形近字) seen in typed queries; each pair works both ways. */
const LOOKALIKE: readonly (readonly [string, string])[] = [
  ['已', '己'], ['己', '巳'], ['未', '末'], ['土', '士'], ['人', '入'], ['大', '太'], ['天', '夭'], ['贝', '见'], ['历', '厉'], ['拨', '拔'],
  ['侯', '候'], ['戊', '戌'], ['析', '折'], ['苦', '若'], ['免', '兔'], ['办', '为'], ['证', '正'], ['登', '凳'], ['记', '纪'], ['缴', '激'],
  ['籍', '藉'], ['账', '帐'], ['帐', '怅'], ['费', '废'], ['险', '脸'], ['保', '堡'], ['休', '体'], ['住', '往'], ['特', '持'], ['待', '侍'],
  ['营', '莹'], ['照', '煦'], ['婚', '昏'], ['残', '践'], ['疾', '痰'], ['医', '区'], ['疗', '疔'], ['籍', '箱'], ['补', '朴'], ['贴', '帖'],
];
const LOOK = new Map<string, string[]>();
for (const [a, b] of LOOKALIKE) {
  LOOK.set(a, [...(LOOK.get(a) ?? []), b]);
  LOOK.set(b, [...(LOOK.get(b) ?? []), a]);
}

/** The per-document arrays of an image (ordinal-indexed; the index uses them as capacity arrays). */
const DOC_ARRAYS = new Set(['docGroup', 'docChannels', 'docPop', 'docUrlPrefix', 'docRegion', 'idStart', 'idLen']);

/** Documents sharing one searchable text; members (ordinals) in an Int32Array, popularity order once sorted. */
class Group {
  m: Int32Array = new Int32Array(2);
  n = 0;
  constructor(public type: string, public title: string, public keywords: readonly string[], public dept: string, public body: string, public sorted = true, public pop = 0) {}
  /** The members (a view: sorted in place by sortGroup). */
  get members(): Int32Array { return this.m.subarray(0, this.n); }
  add(ord: number): void {
    if (this.n >= this.m.length) { const b = new Int32Array(Math.max(4, this.n * 2)); b.set(this.m.subarray(0, this.n)); this.m = b; }
    this.m[this.n++] = ord;
  }
  drop(ord: number): void {
    const i = this.members.indexOf(ord);
    if (i < 0) return;
    this.m.copyWithin(i, i + 1, this.n);
    this.n--;
  }
}

/** What a snapshot holds: plain values and typed arrays (see snapshot.ts for the file format). */
export interface IndexImage {
  meta: {
    nDocs: number; live: number; maxPop: number; free: number[]; channels: [string, number][]; regions: string[]; urlPrefixes: string[];
    urlOther: [number, string][]; strKeys: [string, number][]; groups: [string, string, string[], string, string, number, boolean][];
    groupKeys: [string, number][]; tokens: [string, number[], number[]][]; phrases: [string, string, string, string, number[]][];
    keyTypes: string[];
    /** Slots in use of each key type's direct table (array `dense${i}`; the rest is spare room). */
    denseLen: number[];
  };
  /**
   * Typed arrays by name. A list of arrays of one kind is one array in the file, their
   * concatenation (`image()` gives the group members so: no copy); a read image holds single arrays.
   */
  arrays: Record<string, Int32Array | Float64Array | Float32Array | Uint8Array | Int32Array[]>;
}

interface Phrase {
  text: string;
  c: string;
  py: string;
  ini: string;
  /** gid * 4 + field */
  refs: number[];
  weight: number;
}

interface Postings { g: number[]; f: number[] }

function grams(s: string, n: number): string[] {
  const cs = [...s];
  if (cs.length < n) return cs.length ? [cs.join('')] : [];
  const out: string[] = [];
  for (let i = 0; i + n <= cs.length; i++) out.push(cs.slice(i, i + n).join(''));
  return out;
}

/** The k-th smallest value (0-based) of a (scratch) array, as sorting it would give: quickselect, O(n). */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) { const t = a[i] as number; a[i] = a[j] as number; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const a = m.get(k);
  if (a) { if (a[a.length - 1] !== v) a.push(v); } else m.set(k, [v]);
}

const CHANNEL_BITS = new Map<string, number>();
function channelBit(ch: string): number {
  let b = CHANNEL_BITS.get(ch);
  if (b === undefined) { b = CHANNEL_BITS.size < 30 ? 1 << CHANNEL_BITS.size : 0; CHANNEL_BITS.set(ch, b); }
  return b;
}

/** The shortest form of a region code (340100000000 → 3401; short codes unchanged), a subtree prefix. */
export function regionPrefix(code: string): string {
  const c = code.trim();
  return /^\d{12}$/.test(c) ? shortRegionCode(c) : c;
}

/** scorePinyinWords: a word's phrase shared by more groups than this names no group in particular. */
const PINYIN_NAMED_MAX = 2000;

/**
 * Scores by group id for one query: a dense array (reused across queries: no Map, no garbage) and the
 * ids set so far, in the order first set (the order a Map would iterate them in).
 */
class Scores {
  readonly v: Float64Array;
  private on: Uint8Array;
  readonly ids: Int32Array;
  size = 0;
  constructor(readonly cap: number) { this.v = new Float64Array(cap); this.on = new Uint8Array(cap); this.ids = new Int32Array(cap); }
  get(g: number): number | undefined { return this.on[g] ? this.v[g] : undefined; }
  /** The score of g (0 when unset). */
  at(g: number): number { return this.v[g] as number; }
  set(g: number, x: number): this {
    if (!this.on[g]) { this.on[g] = 1; this.ids[this.size++] = g; }
    this.v[g] = x;
    return this;
  }
  /** Sets g to x when x is higher than its score. */
  max(g: number, x: number): void { if (x > (this.v[g] as number)) this.set(g, x); }
  reset(): void {
    for (let i = 0; i < this.size; i++) { const g = this.ids[i] as number; this.on[g] = 0; this.v[g] = 0; }
    this.size = 0;
  }
}

/** Changes to any index in this process so far (a new index and every change take the next number). */
let CHANGES = 0;

export class MemoryIndex implements SearchIndex {
  /** This index's state: a number taken at each change that can change an answer (see version()). */
  private gen = ++CHANGES;
  private groups: Group[] = [];
  private groupByKey = new Map<string, number>();
  private tokens = new Map<string, Postings>();
  private phrases: Phrase[] = [];
  private phraseByText = new Map<string, number>();
  private bigram = new Map<string, number[]>();
  private pyGram = new Map<string, number[]>();
  private iniGram = new Map<string, number[]>();
  private firstKey = new Map<string, number[]>();
  private phraseOrderDirty = true;
  // documents (ordinals), parallel arrays
  // numbers in typed arrays (grown by doubling): nothing for the garbage collector to trace
  private docGroup: Int32Array = new Int32Array(1024);
  /** The public id of each document (what results carry), UTF-8 in one table. */
  private docId = new StringTable();
  /** A document's region code: an index into regionList (an Int32Array: 1.91 M strings in a JS array were 8 MB of heap for the collector to trace). */
  private docRegionIx: Int32Array = new Int32Array(1024);
  private regionList: string[] = [''];
  private regionIdx = new Map<string, number>([['', 0]]);
  private docChannels: Int32Array = new Int32Array(1024);
  /** Popularity (visit counts: exact in 32-bit floats up to 16 M). */
  private docPop: Float32Array = new Float32Array(1024);
  /** A document's URL: a shared prefix (index) + its encoded public id; -1: in urlOther; -2: none. */
  private docUrlPrefix: Int32Array = new Int32Array(1024);
  private urlPrefixes: string[] = [];
  private urlPrefixIdx = new Map<string, number>();
  private urlOther = new Map<number, string>();
  /** Source key → ordinal: numeric row ids per type in an IntMap, any other id in a Map. */
  private ordByNum = new Map<string, IntMap>();
  private ordByStr = new Map<string, number>();
  /** Ordinals handed out so far (live + free). */
  private nDocs = 0;
  private free: number[] = [];
  private live = 0;
  private synonyms = new Map<string, readonly string[]>();
  private queryPop = new Map<string, number>();
  private interned = new Map<string, string>();
  private maxPop = 1;
  private regionNames = new Map<string, string>();

  /** Region names (合肥市, and 合肥) → region code: a query word naming a region prefers that region. */
  setRegionNames(map: ReadonlyMap<string, string>): void {
    this.gen = ++CHANGES;
    this.regionNames = new Map([...map].map(([k, v]) => [compact(k), regionPrefix(v)]));
  }

  size(): number { return this.live; }

  clear(): void {
    Object.assign(this, new MemoryIndex());
  }

  setSynonyms(map: ReadonlyMap<string, readonly string[]>): void {
    this.gen = ++CHANGES;
    this.synonyms = new Map([...map].map(([k, v]) => [compact(k), v.map(compact).filter((x) => x && x !== compact(k))]));
  }

  setQueryPopularity(map: ReadonlyMap<string, number>): void {
    this.gen = ++CHANGES;
    this.queryPop = new Map([...map].map(([k, v]) => [compact(k), v]));
    this.phraseOrderDirty = true;
  }

  private I(s: string): string {
    const r = this.interned.get(s);
    if (r !== undefined) return r;
    this.interned.set(s, s);
    return s;
  }

  upsert(docs: readonly SearchDoc[]): void {
    this.gen = ++CHANGES;
    for (const d of docs) this.upsertOne(d);
  }

  remove(type: string, ids: readonly string[]): void {
    this.gen = ++CHANGES;
    for (const id of ids) {
      const ord = this.ordOf(type, id);
      if (ord === undefined) continue;
      this.detach(ord);
      this.forget(type, id);
      this.free.push(ord);
      this.live--;
    }
  }

  /** The ordinal of a document given its source key. */
  private ordOf(type: string, id: string): number | undefined {
    const n = smallIntKey(id);
    return n >= 0 ? this.ordByNum.get(type)?.get(n) : this.ordByStr.get(`${type}\u0001${id}`);
  }

  private remember(type: string, id: string, ord: number): void {
    const n = smallIntKey(id);
    if (n < 0) { this.ordByStr.set(`${type}\u0001${id}`, ord); return; }
    let m = this.ordByNum.get(type);
    if (!m) { m = new IntMap(); this.ordByNum.set(this.I(type), m); }
    m.set(n, ord);
  }

  private forget(type: string, id: string): void {
    const n = smallIntKey(id);
    if (n < 0) this.ordByStr.delete(`${type}\u0001${id}`); else this.ordByNum.get(type)?.delete(n);
  }

  private detach(ord: number): void {
    const g = this.groups[this.docGroup[ord] as number] as Group;
    g.drop(ord);
    this.docGroup[ord] = -1;
  }

  /** The public id of a document (ordinal). */
  private idAt(ord: number): string { return this.docId.get(ord); }

  /** The URL of a document (ordinal), '' when it has none. */
  private urlAt(ord: number): string {
    const p = this.docUrlPrefix[ord] as number;
    if (p >= 0) return (this.urlPrefixes[p] as string) + encodeURIComponent(this.docId.get(ord));
    return p === -1 ? (this.urlOther.get(ord) ?? '') : '';
  }

  private setUrl(ord: number, url: string, publicId: string): void {
    this.urlOther.delete(ord);
    if (!url) { this.docUrlPrefix[ord] = -2; return; }
    const tail = encodeURIComponent(publicId);
    if (tail && url.endsWith(tail)) {
      const prefix = url.slice(0, url.length - tail.length);
      let i = this.urlPrefixIdx.get(prefix);
      if (i === undefined && this.urlPrefixes.length < 1000) { i = this.urlPrefixes.length; this.urlPrefixes.push(prefix); this.urlPrefixIdx.set(prefix, i); }
      if (i !== undefined) { this.docUrlPrefix[ord] = i; return; }
    }
    this.docUrlPrefix[ord] = -1;
    this.urlOther.set(ord, url);
  }

  private upsertOne(d: SearchDoc): void {
    let ord = this.ordOf(d.type, d.id);
    if (ord !== undefined) this.detach(ord);
    else {
      ord = this.free.pop() ?? this.nDocs++;
      this.remember(d.type, d.id, ord);
      this.live++;
      if (ord >= this.docGroup.length) this.grow(ord + 1);
    }
    const gid = this.groupFor(d);
    const pop = Math.max(0, Number(d.popularity ?? 0)) || 0;
    this.docGroup[ord] = gid;
    // results carry the public id; the source key stays in ordByKey (the change log removes by it)
    const publicId = d.publicId ?? d.id;
    this.docId.set(ord, publicId);
    const rc = regionPrefix(d.regionCode ?? '');
    let ri = this.regionIdx.get(rc);
    if (ri === undefined) { ri = this.regionList.length; this.regionList.push(this.I(rc)); this.regionIdx.set(rc, ri); }
    if (ord >= this.docRegionIx.length) this.docRegionIx = grownInt32(this.docRegionIx, ord + 1);
    this.docRegionIx[ord] = ri;
    let bits = 0;
    for (const c of d.channels ?? []) bits |= channelBit(c);
    this.docChannels[ord] = bits;
    this.docPop[ord] = pop;
    this.setUrl(ord, d.url ?? '', publicId);
    const g = this.groups[gid] as Group;
    g.add(ord);
    g.sorted = false;
    g.pop += pop;
    if (g.pop > this.maxPop) this.maxPop = g.pop;
  }

  private grow(min: number): void {
    const n = nextCapacity(this.docGroup.length, min);
    const g = new Int32Array(n); g.set(this.docGroup); this.docGroup = g;
    const c = new Int32Array(n); c.set(this.docChannels); this.docChannels = c;
    const p = new Float32Array(n); p.set(this.docPop); this.docPop = p;
    this.docUrlPrefix = grownInt32(this.docUrlPrefix, n);
    this.docRegionIx = grownInt32(this.docRegionIx, n);
  }

  /** The region code of a document (ordinal). */
  private regionAt(ord: number): string { return this.regionList[this.docRegionIx[ord] as number] as string; }

  private groupFor(d: SearchDoc): number {
    const kw = (d.keywords ?? []).map((k) => k.trim()).filter(Boolean);
    const body = d.body?.trim() ?? '';
    // a document with a body (a venue, a record) has a group of its own, found again by its source
    // key alone (a short key: the title in it cost ≈ 7 MB of heap for 31,000 venues)
    const key = body ? `${d.type}\u0002${d.id}` : `${d.type}\u0001${d.title}\u0001${kw.join('\u0003')}\u0001${d.dept ?? ''}`;
    const existing = this.groupByKey.get(key);
    if (existing !== undefined) {
      const g = this.groups[existing] as Group;
      if (!body || (g.body === body && g.title === d.title)) return existing;
    }
    const gid = this.groups.length;
    const g = new Group(this.I(d.type), this.I(d.title), kw.map((k) => this.I(k)), this.I(d.dept ?? ''), body);
    this.groups.push(g);
    this.groupByKey.set(key, gid);
    // token postings: best (lowest) field per token
    const best = new Map<string, number>();
    const add = (text: string, f: number) => { for (const t of indexTokens(text)) { const b = best.get(t); if (b === undefined || f < b) best.set(t, f); } };
    add(g.title, F_TITLE);
    for (const k of g.keywords) add(k, F_KW);
    if (g.dept) add(g.dept, F_DEPT);
    if (body) add(body.slice(0, 20_000), F_BODY);
    for (const [t, f] of best) {
      let p = this.tokens.get(t);
      if (!p) { p = { g: [], f: [] }; this.tokens.set(t, p); }
      p.g.push(gid); p.f.push(f);
    }
    this.pyDirty = true;
    this.addPhrase(g.title, gid, F_TITLE);
    for (const k of g.keywords) this.addPhrase(k, gid, F_KW);
    return gid;
  }

  private addPhrase(text: string, gid: number, field: number): void {
    const c = compact(text);
    if (!c) return;
    let pid = this.phraseByText.get(c);
    if (pid === undefined) {
      pid = this.phrases.length;
      const py = pinyinOf(c);
      // (text and its compact form are mostly the same: one string then)
      this.phrases.push({ text: text === c ? c : text, c, py: py.full, ini: py.initials, refs: [], weight: 0 });
      this.phraseByText.set(c, pid);
      this.gramPhrase(pid);
    }
    const p = this.phrases[pid] as Phrase;
    p.refs.push(gid * 4 + field);
    this.phraseOrderDirty = true;
  }

  /** The gram lists (substring, pinyin, initials, first key) of a phrase. */
  private gramPhrase(pid: number): void {
    const { c, py, ini } = this.phrases[pid] as Phrase;
    for (const b of new Set(grams(c, 2))) push(this.bigram, b, pid);
    for (const t of new Set(grams(py, 3))) push(this.pyGram, t, pid);
    for (const t of new Set([...grams(ini, 2), ...grams(ini, 3)])) push(this.iniGram, t, pid);
    push(this.firstKey, [...c][0] as string, pid);
    if (py && py[0] !== c[0]) push(this.firstKey, py[0] as string, pid);
  }

  private sortGroup(g: Group): void {
    if (g.sorted) return;
    const pop = this.docPop;
    g.members.sort((a, b) => (pop[b] as number) - (pop[a] as number) || a - b);
    g.sorted = true;
  }

  // ---------------------------------------------------------------- scoring

  /** Scores groups for one Han (or mixed) segment through its variants (synonyms, then typo repairs). */
  private scoreHan(seg: string, out: Scores, info: { fuzzy: boolean; via: string | null }, repair = true): number {
    const c = compact(seg);
    if (!c) return 0;
    let best = this.scoreVariants(this.variants(c), out);
    // typo repair only when something looks misspelt: an unknown or lone character among the words, or a weak match
    const suspicious = () => best < 0.5 || queryTokens(c).some((t) => !STOP.has(t) && (!this.tokens.has(t) || [...t].length === 1));
    if (best < 0.9 && repair && [...c].length >= 2 && suspicious()) {
      // typo repairs: the same pinyin as known words (homophones), swapped neighbours, look-alike characters
      const fixes: [string, number][] = [];
      // a homophone repair replaces characters one for one (离婚登记 is not 力 + 登记 with 婚 dropped)
      const py = this.latinToHan(pinyinOf(c).full, 'py');
      if (py && py.han !== c && py.coverage >= MIN_PINYIN_COVERAGE && [...py.han].length === [...c].length) fixes.push([py.han, 0.9]);
      const cs = [...c];
      // a character typed twice (发发票, 补办结婚婚证, 基本医医疗保险…)
      for (let i = 0; i + 1 < cs.length; i++) if (cs[i] === cs[i + 1]) fixes.push([cs.slice(0, i).join('') + cs.slice(i + 1).join(''), 0.85]);
      if (cs.length <= 8) {
        for (let i = 0; i + 1 < cs.length; i++) fixes.push([cs.slice(0, i).join('') + cs[i + 1] + cs[i] + cs.slice(i + 2).join(''), 0.8]);
        cs.forEach((ch, i) => { for (const alt of LOOK.get(ch) ?? []) fixes.push([cs.slice(0, i).join('') + alt + cs.slice(i + 1).join(''), 0.82]); });
      }
      for (const [fix, f] of fixes.slice(0, 16)) {
        const m = this.scoresFor();
        const b = this.scoreVariants(this.variants(fix).slice(0, 3), m) * f;
        // a repair counts only when it scores better than what was typed and is itself made of the
        // index's words; its matches are added only then (a junk repair adds junk results)
        if (b <= best || !this.spelledInIndex(c, fix)) { this.done(m); continue; }
        for (let i = 0; i < m.size; i++) { const g = m.ids[i] as number; out.max(g, m.at(g) * f); }
        this.done(m);
        best = b; info.fuzzy = true; info.via = fix;
      }
    }
    return best;
  }

  private scoreVariants(variants: [string, number][], out: Scores): number {
    let best = 0;
    const m = this.scoresFor();
    for (const [v, factor] of variants) {
      this.scoreTokens(v, m);
      this.scorePhrases(v, m);
      for (let i = 0; i < m.size; i++) {
        const g = m.ids[i] as number;
        const x = m.at(g) * factor;
        out.max(g, x);
        if (x > best) best = x;
      }
      m.reset();
    }
    this.done(m);
    return best;
  }

  private scorePool: Scores[] = [];
  /** Empty scores for every group (from a pool: give them back with done()). */
  private scoresFor(): Scores {
    const n = this.groups.length;
    const s = this.scorePool.pop();
    return s && s.cap >= n ? s : new Scores(Math.ceil(n * 1.25) + 16);
  }
  private done(...ss: Scores[]): void {
    for (const s of ss) { s.reset(); if (this.scorePool.length < 32) this.scorePool.push(s); }
  }

  private pyDirty = true;
  private pyBuiltAt = 0;
  private pyMaps: { py: Map<string, [string, number]>; ini: Map<string, [string, number]>; words: Set<string> } | null = null;

  /** Pinyin → the most common indexed word or phrase with that pinyin (full, and initials for 2+ characters). */
  private pinyinMaps(): { py: Map<string, [string, number]>; ini: Map<string, [string, number]>; words: Set<string> } {
    // rebuilt at most every 5 s while documents change (typo repair may lag new words briefly)
    if (this.pyMaps && (!this.pyDirty || Date.now() - this.pyBuiltAt < 5000)) return this.pyMaps;
    this.pyDirty = false;
    this.pyBuiltAt = Date.now();
    const py = new Map<string, [string, number]>();
    const ini = new Map<string, [string, number]>();
    const put = (m: Map<string, [string, number]>, k: string, han: string, df: number) => { const e = m.get(k); if (!e || df > e[1]) m.set(k, [han, df]); };
    const words = new Set<string>();
    for (const [t, p] of this.tokens) {
      if (!/^\p{Script=Han}+$/u.test(t) || !p.f.some((f) => f <= F_KW)) continue;
      if ([...t].length >= 2) words.add(t);
      const y = pinyinOf(t);
      put(py, y.full, t, p.g.length);
      if ([...t].length >= 2) put(ini, y.initials, t, p.g.length);
    }
    for (const p of this.phrases) {
      if (!/^\p{Script=Han}+$/u.test(p.c)) continue;
      put(py, p.py, p.c, p.refs.length + 1);
      if ([...p.c].length >= 2) put(ini, p.ini, p.c, p.refs.length + 1);
    }
    this.pyMaps = { py, ini, words };
    return this.pyMaps;
  }

  /**
   * Whether a repaired spelling is made of the index's own words: every character the repair
   * changed (all of them when the length changed) lies inside a word of two or more characters that
   * occurs in a name or keyword, a whole name or keyword, or a synonym of one of those (社保 for
   * 社会保险; 离婚登记 is not one where nothing is called 离婚登记 or 离婚证). 取水症 →
   * 取水证 (a keyword), 参保登纪 → 参保登记 (登记) pass; 离婚登记 → 力登记, 证件 → 证及按, 界首市 → 接收事 do not.
   */
  private spelledInIndex(typed: string, fix: string): boolean {
    const { words } = this.pinyinMaps();
    const t = [...typed];
    const f = [...fix];
    const inIndex = (w: string) => words.has(w) || this.phraseByText.has(w);
    const known = (w: string) => inIndex(w) || (this.synonyms.get(w) ?? []).some(inIndex);
    for (let i = 0; i < f.length; i++) {
      if (t.length === f.length && t[i] === f[i]) continue;
      let ok = false;
      for (let a = Math.max(0, i - 7); a <= i && !ok; a++) {
        for (let e = Math.max(i + 1, a + 2); e <= Math.min(f.length, a + 8) && !ok; e++) ok = known(f.slice(a, e).join(''));
      }
      if (!ok) return false;
    }
    return true;
  }

  /** Splits latin letters into the pinyin (or initials) of known words, longest pieces first. */
  private latinToHan(l: string, kind: 'py' | 'ini'): { han: string; coverage: number; parts: string[] } | null {
    const map = this.pinyinMaps()[kind];
    const n = l.length;
    if (!n || n > 60) return null;
    const score = new Array<number>(n + 1).fill(-Infinity);
    const prev = new Array<number>(n + 1).fill(-1);
    const word = new Array<string>(n + 1).fill('');
    score[0] = 0;
    const minLen = kind === 'ini' ? 2 : 1;
    for (let i = 0; i < n; i++) {
      const base = score[i] as number;
      if (base === -Infinity) continue;
      if (base - 2 > (score[i + 1] as number)) { score[i + 1] = base - 2; prev[i + 1] = i; word[i + 1] = ''; }
      for (let j = i + minLen; j <= Math.min(n, i + 30); j++) {
        const e = map.get(l.slice(i, j));
        if (!e) continue;
        const sc = base + (j - i) * (j - i) + Math.log1p(e[1]) * 0.01;
        if (sc > (score[j] as number)) { score[j] = sc; prev[j] = i; word[j] = e[0]; }
      }
    }
    const parts: string[] = [];
    let covered = 0;
    for (let j = n; j > 0; j = prev[j] as number) { if (word[j]) { parts.unshift(word[j] as string); covered += j - (prev[j] as number); } }
    if (!parts.length) return null;
    return { han: parts.join(''), coverage: covered / n, parts };
  }

  /**
   * The words a pinyin string was split into (laonianbutie|banli → 老年补贴 + 办理), scored as the
   * words of a multi-word query are: typed without spaces, a service and an action (…banli, …chaxun,
   * …buban) are still two words, and the service must not lose to names that merely contain the
   * action and part of the service (老年人优待证办理). Each word adds half its own match to a group
   * — its name or keyword is the word (or a synonym of it), starts with it or contains it — and a
   * group every word matched gains 0.3. Only the groups a word names whole and the leading groups
   * (at least half the best score) are scored this way, by their own texts: the posting lists of a
   * common action word are not scanned again. A single character is no word of its own (a lone
   * syllable has many homophones; 证, 办, 取 belong to the word beside them): it joins the word
   * before it, or the word after it at the start. Nothing changes for one word.
   */
  private scorePinyinWords(parts: readonly string[], f: number, out: Scores): void {
    const words: string[] = [];
    for (const p of parts) {
      if (words.length && [...p].length === 1) words[words.length - 1] += p;
      else if (words.length === 1 && [...(words[0] as string)].length === 1) words[0] += p;
      else words.push(p);
    }
    if (words.length < 2) return;
    const forms = words.map((w) => [w, ...(this.synonyms.get(w) ?? [])].map(compact).filter(Boolean));
    // the groups a word names whole: its phrase's (and its synonyms') references
    const named = new Map<number, number>();
    // (a phrase that thousands of groups share names nothing in particular: its groups are left to
    // the leading ones below, so one common word cannot make a query re-read thousands of titles)
    for (const fs of forms) for (const v of fs) {
      const pid = this.phraseByText.get(v);
      const refs = pid === undefined ? null : (this.phrases[pid] as Phrase).refs;
      if (refs && refs.length <= PINYIN_NAMED_MAX) for (const r of refs) named.set(r >> 2, 0);
    }
    let top = 0;
    for (let i = 0; i < out.size; i++) { const x = out.at(out.ids[i] as number); if (x > top) top = x; }
    const cand: number[] = [...named.keys()];
    for (let i = 0; i < out.size; i++) { const g = out.ids[i] as number; if (out.at(g) >= top * 0.5 && !named.has(g)) cand.push(g); }
    for (const g of cand) {
      const grp = this.groups[g] as Group;
      const title = compact(grp.title);
      const kws = grp.keywords.map(compact);
      let sum = 0;
      let all = true;
      for (const fs of forms) {
        let best = 0;
        fs.forEach((v, k) => {
          const syn = k === 0 ? 1 : 0.92;
          let x = title === v ? 2 : title.startsWith(v) ? 1.15 : title.includes(v) ? 1 : 0;
          for (const kw of kws) if (kw === v) x = Math.max(x, 1.6); else if (kw.includes(v)) x = Math.max(x, 0.8);
          if (x * syn > best) best = x * syn;
        });
        sum += best;
        if (best === 0) all = false;
      }
      if (sum > 0) out.set(g, out.at(g) + (0.5 * sum + (all ? 0.3 : 0)) * f);
    }
  }

  /** The segment itself, with synonyms applied to the whole or to one or two adjacent tokens. */
  private variants(c: string): [string, number][] {
    const out = new Map<string, number>([[c, 1]]);
    const add = (v: string, f: number) => { if (out.size < MAX_VARIANTS && !out.has(v)) out.set(v, f); };
    for (const s of this.synonyms.get(c) ?? []) add(s, 0.92);
    const toks = queryTokens(c);
    for (const t of toks) for (const s of this.synonyms.get(t) ?? []) add(c.replace(t, s), 0.9);
    if (toks.length > 1) for (let i = 0; i + 1 < toks.length; i++) {
      const two = (toks[i] as string) + (toks[i + 1] as string);
      for (const s of this.synonyms.get(two) ?? []) add(c.replace(two, s), 0.9);
    }
    return [...out];
  }

  private idf(df: number): number {
    return Math.log(1 + (this.groups.length + 1) / (df + 0.5));
  }

  private accM = new Float64Array(0);
  private accW = new Float64Array(0);
  private accT = new Int32Array(0);
  private phCount = new Int32Array(0);
  private phTouched = new Int32Array(0);

  /** Token coverage score: (matched idf / query idf)² × the idf-weighted field weight of the matches. */
  private scoreTokens(v: string, out: Scores): void {
    const toks = [...new Set(queryTokens(v))].filter((t) => !STOP.has(t));
    if (!toks.length) return;
    const maxIdf = this.idf(0);
    if (this.accM.length < this.groups.length) {
      this.accM = new Float64Array(Math.ceil(this.groups.length * 1.5) + 16);
      this.accW = new Float64Array(this.accM.length);
      this.accT = new Int32Array(this.accM.length);
    }
    const accM = this.accM;
    const accW = this.accW;
    const touched = this.accT;
    let nt = 0;
    let total = 0;
    let unknownWord = false;
    for (const t of toks) {
      const p = this.tokens.get(t);
      const idf = p ? this.idf(p.g.length) : maxIdf * ([...t].length === 1 ? 0.3 : 1);
      total += idf;
      if (!p) { if ([...t].length > 1) unknownWord = true; continue; }
      const pg = p.g;
      const pf = p.f;
      for (let i = 0; i < pg.length; i++) {
        const g = pg[i] as number;
        if (accM[g] === 0) touched[nt++] = g;
        accM[g] = (accM[g] as number) + idf;
        accW[g] = (accW[g] as number) + idf * (W[pf[i] as number] as number);
      }
    }
    for (let i = 0; i < nt; i++) {
      const g = touched[i] as number;
      const m = accM[g] as number;
      const cov = m / total;
      const s = cov * cov * ((accW[g] as number) / m);
      accM[g] = 0;
      accW[g] = 0;
      // A word the index has never seen that weighs more than what matched is what the person came for:
      // 离婚登记 is not answered with 出生登记 and 企业注销登记 on 登记 alone (it stays a zero-result query for the staff).
      if (unknownWord && cov < 0.5) continue;
      out.max(g, s);
    }
  }

  /** Substring and bigram-overlap match against titles and keywords. */
  private scorePhrases(v: string, out: Scores): void {
    const bs = [...new Set(grams(v, 2))];
    if ([...v].length < 2) {
      const pid = this.phraseByText.get(v);
      if (pid !== undefined) this.credit(pid, 2, out);
      return;
    }
    // bigram counts per phrase in a reused array; phrases in the order first met
    if (this.phCount.length < this.phrases.length) { this.phCount = new Int32Array(Math.ceil(this.phrases.length * 1.5) + 16); this.phTouched = new Int32Array(this.phCount.length); }
    const count = this.phCount;
    const seen = this.phTouched;
    let ns = 0;
    for (const b of bs) {
      const l = this.bigram.get(b);
      if (l) for (let i = 0; i < l.length; i++) { const pid = l[i] as number; const c0 = count[pid] as number; count[pid] = c0 + 1; if (c0 === 0) seen[ns++] = pid; }
    }
    const need = Math.max(1, Math.ceil(bs.length * 0.5));
    for (let i = 0; i < ns; i++) {
      const pid = seen[i] as number;
      const n = count[pid] as number;
      count[pid] = 0;
      if (n < need) continue;
      const p = this.phrases[pid] as Phrase;
      let sim: number;
      if (p.c === v) sim = 2;
      else if (p.c.startsWith(v)) sim = 1.15;
      else if (p.c.includes(v)) sim = 1;
      else if (v.includes(p.c) && [...p.c].length >= 2) sim = Math.min(0.95, (n / bs.length) * 1.1);
      else sim = (n / bs.length) * (n / Math.max(bs.length, [...p.c].length - 1)) ** 0.25 * 0.9;
      this.credit(pid, sim, out);
    }
  }

  private credit(pid: number, sim: number, out: Scores): void {
    const refs = (this.phrases[pid] as Phrase).refs;
    const s2 = sim >= 1 ? sim : sim * sim;
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as number;
      const s = s2 * ((r & 3) === F_KW ? 0.8 : (W[r & 3] as number));
      out.max(r >> 2, s);
    }
  }

  /**
   * Latin letters: full pinyin (shebao) or initials (sbcx) of titles and keywords. Returns the best phrase.
   * A phrase whose pinyin (or initials) contains the letters holds every gram of them, so only the
   * shortest gram list is read (common grams such as ang, eng list most phrases), in phrase order.
   */
  private scoreLatin(l: string, out: Scores): string | null {
    if (l.length < 2) return null;
    let bestPhrase: string | null = null;
    let bestScore = 0;
    const consider = (pid: number, s: number) => {
      const p = this.phrases[pid] as Phrase;
      this.credit(pid, s, out);
      const x = s * (p.refs.some((r) => (r & 3) === F_TITLE) ? 1 : 0.8) + p.refs.length * 1e-7;
      if (x > bestScore) { bestScore = x; bestPhrase = p.text; }
    };
    const shortest = (m: Map<string, number[]>, gs: string[]): number[] => {
      let best: number[] | null = null;
      for (const g of gs) { const list = m.get(g); if (!list) return []; if (!best || list.length < best.length) best = list; }
      return best ?? [];
    };
    // full pinyin
    for (const pid of shortest(this.pyGram, [...new Set(grams(l, 3))])) {
      const p = this.phrases[pid] as Phrase;
      if (p.py === l) consider(pid, 1.6);
      else if (p.py.startsWith(l)) consider(pid, 1.1);
      else if (p.py.includes(l)) consider(pid, 1);
    }
    if (l.length <= 12) {
      for (const pid of shortest(this.iniGram, l.length === 2 ? [l] : [...new Set(grams(l, 3))])) {
        const p = this.phrases[pid] as Phrase;
        if (p.ini === l) consider(pid, 1.5);
        else if (p.ini.startsWith(l)) consider(pid, 1.05);
        else if (p.ini.includes(l)) consider(pid, 0.95);
      }
    }
    return bestPhrase;
  }

  // ---------------------------------------------------------------- query parts

  /** Whether some name or keyword contains `w` (two characters or more). */
  private inPhrase(w: string): boolean {
    if (this.phraseByText.has(w)) return true;
    const bs = [...new Set(grams(w, 2))];
    if (!bs.length || [...w].length < 2) return false;
    let shortest: number[] | null = null;
    for (const b of bs) {
      const l = this.bigram.get(b);
      if (!l) return false;
      if (!shortest || l.length < shortest.length) shortest = l;
    }
    for (const pid of shortest as number[]) if ((this.phrases[pid] as Phrase).c.includes(w)) return true;
    return false;
  }

  /** The question phrasing around a part taken off (请问身份证在哪办理 → 身份证); a name the index knows stays whole. */
  private unquestion(c: string): string {
    if (this.phraseByText.has(c)) return c;
    let r = c;
    for (let round = 0; round < 4; round++) {
      const before = r;
      for (const h of Q_HEAD) if (r.startsWith(h) && [...r].length - [...h].length >= 2) { r = r.slice(h.length); break; }
      for (const t of Q_TAIL) if (r.endsWith(t) && [...r].length - [...t].length >= 2) { r = r.slice(0, r.length - t.length); break; }
      if (r === before) break;
    }
    // 公积金怎么提取 → 公积金提取
    const inner = r.replace(/怎么|怎样|如何/gu, '');
    if (inner !== r && [...inner].length >= 2) r = inner;
    return r === c || this.inPhrase(c) ? c : r;
  }

  private placeSig = '';
  private placeAt = 0;
  private learned = new Map<string, string>();
  private firstWords: string[] = [];

  /**
   * Place names the documents themselves teach: the first word of item names (合肥市人才公寓申请,
   * 砀山县返乡创业补贴申领) whose every document lies in one city's or county's subtree, seen in two
   * names or more. They work as region names when the region table is empty (the shared harness,
   * an import without regions). Refreshed at most every 5 s while documents change.
   */
  private learnedPlaces(): Map<string, string> {
    const sig = `${this.groups.length}:${this.live}`;
    if (sig === this.placeSig || (this.placeSig && Date.now() - this.placeAt < 5000)) return this.learned;
    this.placeSig = sig;
    this.placeAt = Date.now();
    const rl = this.regionList;
    const rx = this.docRegionIx;
    const cand = new Map<string, { code: string; titles: number } | null>();
    const common = (a: string, b: string) => { let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return a.slice(0, i); };
    const regionOf = (members: Int32Array): string => {
      const n = members.length;
      // members are mostly in region order: the first, the last and the middle one reject most groups at once
      let code = rl[rx[members[0] as number] as number] as string;
      for (const k of [n - 1, n >> 1]) { code = common(code, (rl[rx[members[k] as number] as number] as string)); if (code.length < 4) return ''; }
      for (const ord of members) { const r = rl[rx[ord] as number] as string; if (!r.startsWith(code)) { code = common(code, r); if (code.length < 4) return ''; } }
      return code;
    };
    // the first word of each name, cut once per group (names do not change)
    for (let gid = this.firstWords.length; gid < this.groups.length; gid++) {
      const g = this.groups[gid] as Group;
      this.firstWords.push(g.type === 'item' && !g.body ? (queryTokens(g.title)[0] ?? '') : '');
    }
    for (let gid = 0; gid < this.groups.length; gid++) {
      const g = this.groups[gid] as Group;
      const first = this.firstWords[gid] as string;
      if (!first || !g.n) continue;
      if (!first || [...first].length < 2 || !hasHan(first) || first === g.title) continue;
      const words = [first];
      const short = first.replace(PLACE_END, '');
      if (short !== first && [...short].length >= 2) words.push(short);
      if (words.every((w) => cand.get(w) === null)) continue;
      const code = regionOf(g.members);
      for (const w of words) {
        const e = cand.get(w);
        if (e === null) continue;
        if (!code) { cand.set(w, null); continue; }
        if (!e) { cand.set(w, { code, titles: 1 }); continue; }
        const cp = common(e.code, code);
        if (cp.length < 4) cand.set(w, null); else { e.code = cp; e.titles++; }
      }
    }
    const out = new Map<string, string>();
    for (const [w, e] of cand) if (e && e.titles >= 2 && !this.phraseByText.has(w)) out.set(w, e.code);
    this.learned = out;
    return out;
  }

  private placeCode(w: string): string | undefined {
    return this.regionNames.get(w) ?? this.learnedPlaces().get(w);
  }

  /**
   * A place at the start or the end of a query part (合肥公积金, 身份证 蜀山区, 望湖街道创业补贴): its
   * region code ('' for a place-like word the index has no region for) and the rest; null when the
   * part names no place or is itself (inside) a name or keyword (合肥市人才公寓申请 stays whole).
   */
  private splitPlace(c: string): { code: string; rest: string } | null {
    const cs = [...c];
    const n = cs.length;
    if (n < 4 || this.inPhrase(c)) return null;
    for (let len = Math.min(n - 2, 16); len >= 2; len--) {
      const head = cs.slice(0, len).join('');
      const tail = cs.slice(n - len).join('');
      let code = this.placeCode(head);
      if (code !== undefined) return { code, rest: cs.slice(len).join('') };
      code = this.placeCode(tail);
      if (code !== undefined) return { code, rest: cs.slice(0, n - len).join('') };
    }
    // a word ended like a place name (焦陂镇, 任圩街道) that no name or keyword contains, before or after
    // words the index all knows: the shortest such word, cut where jieba cuts
    const toks = queryTokens(c);
    // whether every word from k on (or before k) is one the index knows, at least two characters in all
    const known = toks.map((t) => STOP.has(t) || this.tokens.has(t));
    const knownFrom = (k: number) => known.slice(k).every(Boolean) && [...toks.slice(k).join('')].length >= 2;
    const knownBefore = (k: number) => known.slice(0, k).every(Boolean) && [...toks.slice(0, k).join('')].length >= 2;
    let head = '';
    for (let k = 0; k + 1 < toks.length; k++) {
      head += toks[k] as string;
      if (PLACE_END.test(head) && knownFrom(k + 1) && !this.inPhrase(head)) return { code: '', rest: c.slice(head.length) };
    }
    // a short word the index has never seen before specific words it knows (陈集养老金提取); not before
    // common words alone (离婚登记 is not 登记, and stays a zero-result query)
    const first = toks[0] as string;
    const rest0 = c.slice(first.length);
    if (toks.length > 1 && !known[0] && [...first].length >= 2 && [...first].length <= 3 && [...rest0].length >= 3 && knownFrom(1)
      && !/(.)\1/u.test(first + c.slice(first.length, first.length + 1)) && !this.inPhrase(first)
      && toks.slice(1).some((t) => [...t].length >= 2 && ((this.tokens.get(t)?.g.length ?? Infinity) <= this.groups.length * 0.01))) return { code: '', rest: rest0 };
    let tail = '';
    for (let k = toks.length - 1; k > 0; k--) {
      tail = (toks[k] as string) + tail;
      if (PLACE_END.test(tail) && knownBefore(k) && !this.inPhrase(tail)) return { code: '', rest: c.slice(0, c.length - tail.length) };
    }
    return null;
  }

  /**
   * The parts of a query that say what is wanted: question phrasing taken off, places (合肥, 蜀山区,
   * 三河镇 — standalone or at the start or end of a part) turned into a region preference.
   */
  private queryParts(segs: string[]): { parts: string[]; region: string; places: string[] } {
    let region = '';
    const places: string[] = [];
    const prefer = (code: string) => { if (code.length > region.length) region = code; };
    const parts: string[] = [];
    for (const sg of segs) {
      let c = compact(sg);
      if (!c || /^[a-z0-9]+$/.test(c)) { if (c) parts.push(c); continue; }
      if (segs.length > 1) {
        const code = this.placeCode(c);
        if (code !== undefined && !this.phraseByText.has(c)) { prefer(code); places.push(c); continue; }
      }
      c = this.unquestion(c);
      for (let k = 0; k < 2; k++) {
        const sp = this.splitPlace(c);
        if (!sp) break;
        prefer(sp.code);
        places.push(c.slice(0, c.length - sp.rest.length) || c.slice(sp.rest.length));
        c = this.unquestion(sp.rest);
      }
      parts.push(c);
    }
    if (!parts.length) return { parts: segs.map(compact).filter(Boolean), region: '', places: [] };
    return { parts, region, places: places.map((p) => { const short = p.replace(PLACE_END, ''); return [...short].length >= 2 ? short : p; }) };
  }

  // ---------------------------------------------------------------- query

  query(q: SearchQuery): SearchResult {
    // the score arrays a query takes from the pool go back when it is done (also on an exception)
    const held: Scores[] = [];
    try { return this.runQuery(q, held); } finally { this.done(...held); }
  }

  /**
   * A number that changes with every change that can change an answer (documents, synonyms, region
   * names, query popularity) and is never reused in this process, even across clear(): a cache of
   * answers keyed by it is never stale.
   */
  version(): number { return this.gen; }

  /**
   * Whether answers are final for the current state: false while a map refreshed lazily (at most
   * every 5 s) after documents changed — the typo repair's pinyin words, the place names the
   * documents teach — still waits for its refresh, so the same query may answer differently later.
   */
  settled(): boolean {
    // (a map never made yet has not been used: the first answer that needs it makes it from the current state)
    return !(this.pyMaps !== null && this.pyDirty) && (this.placeSig === '' || this.placeSig === `${this.groups.length}:${this.live}`);
  }

  private rankG = new Int32Array(0);
  private rankS = new Float64Array(0);
  /** log1p(pop) of each group, and the pop it was computed for (recomputed when the group's pop changed). */
  private lpVal = new Float64Array(0);
  private lpFor = new Float64Array(0);

  private logPop(gid: number, pop: number): number {
    if (gid >= this.lpVal.length) {
      const n = Math.ceil(this.groups.length * 1.25) + 16;
      const v = new Float64Array(n); v.set(this.lpVal); this.lpVal = v;
      const f = new Float64Array(n).fill(NaN); f.set(this.lpFor); this.lpFor = f;
    }
    if (this.lpFor[gid] !== pop) { this.lpVal[gid] = Math.log1p(pop); this.lpFor[gid] = pop; }
    return this.lpVal[gid] as number;
  }

  private runQuery(q: SearchQuery, held: Scores[]): SearchResult {
    const qn = normalize(q.q).slice(0, MAX_QUERY);
    const segs = qn.split(' ').map((s) => s.trim()).filter((s) => compact(s));
    const empty: SearchResult = { total: 0, hits: [], didYouMean: null };
    if (!segs.length) return empty;
    const info = { fuzzy: false, via: null as string | null };
    // a part naming a region (合肥, 蚌埠市, 三河镇 — alone or at the start or end of a part) is a preference, not a topic
    const qp = this.queryParts(segs);
    const hintRegion = qp.region || (q.hintRegion ? regionPrefix(q.hintRegion) : '');
    let textSegs = qp.parts;
    const places = qp.places;
    // all-latin segments are one pinyin string (xue qu cha xun)
    if (textSegs.length > 1 && textSegs.every((sg) => /^[a-z]+$/.test(compact(sg)))) textSegs = [textSegs.join('')];
    const scores = this.scoresFor();
    held.push(scores);
    const latin = textSegs.length === 1 && /^[a-z]+$/.test(compact(textSegs[0] as string));
    if (latin) {
      const c = compact(textSegs[0] as string);
      this.scoreTokens(c, scores);
      let best = 0;
      const via = this.scoreLatin(c, scores);
      for (let i = 0; i < scores.size; i++) best = Math.max(best, scores.at(scores.ids[i] as number));
      for (const [kind, f] of [['py', 0.95], ['ini', 0.9]] as const) {
        const t = this.latinToHan(c, kind);
        if (!t || t.coverage < (kind === 'py' ? 0.85 : 1)) continue;
        const m = this.scoresFor();
        held.push(m);
        const b = this.scoreHan(t.han, m, { fuzzy: false, via: null }, false) * f;
        for (let i = 0; i < m.size; i++) { const g = m.ids[i] as number; scores.max(g, m.at(g) * f); }
        if (kind === 'py') this.scorePinyinWords(t.parts, f, scores);
        // offered as "did you mean" only when spelt with the index's words; else the best phrase matched
        if (b > best && this.spelledInIndex('', t.han)) { best = b; info.via = t.han; }
      }
      info.fuzzy = true;
      if (!info.via) info.via = via;
    } else if (textSegs.length === 1) {
      const c = compact(textSegs[0] as string);
      if (hasHan(c)) this.scoreHan(c, scores, info); else { this.scoreTokens(c, scores); this.scorePhrases(c, scores); }
    } else {
      // several words: each word on its own (synonyms, phrases, typo repair), and the words the index
      // knows as one text (idf-weighted coverage across name, keywords and department); a word it
      // knows nothing of (an unknown place, 进度) is left out while another is known. A group scores
      // the whole text's match plus half of each word's own: items matching every word come first,
      // then those matching the words that name a service (a keyword or name matched whole weighs more
      // than an action such as 打印 found inside names).
      // (typo repair on a word only when it finds nothing as typed: the whole text is repaired anyway)
      const per = textSegs.map((sg) => {
        const m = this.scoresFor();
        held.push(m);
        let b = this.scoreHan(compact(sg), m, info, false);
        if (b === 0) b = this.scoreHan(compact(sg), m, info);
        return { sg, m, b };
      });
      const known = per.filter((x) => x.b > 0);
      const use = known.length ? known : per;
      // one word left (the others unknown): its own score is the whole text's, scored once
      if (use.length === 1) this.scoreHan(compact((use[0] as (typeof use)[number]).sg), scores, info);
      else this.scoreHan(use.map((x) => compact(x.sg)).join(''), scores, info);
      if (use.length > 1) for (const x of use) for (let i = 0; i < x.m.size; i++) { const g = x.m.ids[i] as number; scores.set(g, scores.at(g) + 0.5 * x.m.at(g)); }
      // every word matched well (a word's weak partial match, 登记 inside 社会保险登记, does not count)
      if (use.length > 1) {
        for (let i = 0; i < scores.size; i++) {
          const g = scores.ids[i] as number;
          let all = true;
          for (const x of use) if (!(x.m.at(g) >= 0.5 * x.b)) { all = false; break; }
          if (all) scores.set(g, scores.at(g) + 0.3);
        }
      }
    }
    // group-level filters, popularity prior and personal hints
    const types = q.types?.length ? new Set(q.types) : null;
    const dept = q.dept ? normalize(q.dept) : '';
    const recent = (q.recent ?? []).map(compact).filter(Boolean).slice(0, 10);
    const logMax = Math.log1p(this.maxPop);
    // every scored group (thousands for a common word) with its score, in reused typed arrays
    if (this.rankG.length < scores.size) { this.rankG = new Int32Array(scores.cap); this.rankS = new Float64Array(scores.cap); }
    const rg = this.rankG;
    const rs = this.rankS;
    let nr = 0;
    let top = 0;
    for (let i = 0; i < scores.size; i++) {
      const gid = scores.ids[i] as number;
      const s0 = scores.at(gid);
      const g = this.groups[gid] as Group;
      if (!g.n) continue;
      if (types && !types.has(g.type)) continue;
      if (dept && !normalize(g.dept).includes(dept)) continue;
      let s = s0 * (1 + 0.15 * (logMax > 0 ? this.logPop(gid, g.pop) / logMax : 0)) - 0.0005 * g.title.length;
      // the place the query names, in an item's own name (合肥 人才公寓 → 合肥市人才公寓申请)
      if (places.length && places.some((p) => g.title.includes(p))) s += 0.2 * s0;
      if (recent.length && recent.some((r) => g.title.includes(r) || g.keywords.some((k) => k.includes(r)))) s *= 1.05;
      rg[nr] = gid;
      rs[nr++] = s;
      if (s > top) top = s;
    }
    if (!nr) return { ...empty, didYouMean: null };
    const floor = top * 0.2;
    // kept: those within reach of the best (compacted in place, order kept)
    let nk = 0;
    for (let i = 0; i < nr; i++) if ((rs[i] as number) >= floor) { rg[nk] = rg[i] as number; rs[nk++] = rs[i] as number; }
    const region = q.region ? regionPrefix(q.region) : '';
    const chBit = q.channel ? (CHANNEL_BITS.get(q.channel) ?? -1) : 0;
    const hint = hintRegion;
    const rl = this.regionList;
    const rx = this.docRegionIx;
    const docOk = (ord: number) => (!region || (rl[rx[ord] as number] as string).startsWith(region)) && (chBit === 0 || (chBit > 0 && ((this.docChannels[ord] as number) & chBit) !== 0));
    const need = Math.min(Math.max(0, q.offset) + Math.max(1, q.limit), 1000);
    const filtered = Boolean(region || chBit);
    const popScale = 0.02;
    const bonusMax = popScale + (hint ? 0.01 : 0);
    // total: member counts (a scan of the members only when a per-document filter applies)
    let total = 0;
    for (let i = 0; i < nk; i++) {
      const g = this.groups[rg[i] as number] as Group;
      if (!filtered) total += g.n;
      else { const gm = g.m; for (let i = 0, n = g.n; i < n; i++) if (docOk(gm[i] as number)) total++; }
    }
    // the best groups first; with many candidates only the best 400 are ordered unless more are needed
    const byScore = (a: [number, number], b: [number, number]) => b[1] - a[1] || a[0] - b[0];
    let cut = -Infinity;
    if (nk > 400) cut = kthSmallest(rs.slice(0, nk), nk - 400);
    const ordered: [number, number][] = [];
    for (let i = 0; i < nk; i++) if ((rs[i] as number) >= cut) ordered.push([rg[i] as number, rs[i] as number]);
    // the others only when the best do not fill the page
    const restOf = () => { const r: [number, number][] = []; for (let i = 0; i < nk; i++) if ((rs[i] as number) < cut) r.push([rg[i] as number, rs[i] as number]); return r; };
    ordered.sort(byScore);
    const picked: [number, number][] = [];
    // documents taken per group (all by default; the assistant asks for a few of many groups)
    const cap = q.perGroup && q.perGroup > 0 ? Math.min(need, Math.floor(q.perGroup)) : need;
    // (capped only) documents already taken per item name
    const takenByTitle = cap < need ? new Map<string, number>() : null;
    let kth = -Infinity;
    const take = (list: [number, number][]) => {
      for (const [gid, s] of list) {
        if (picked.length >= need && kth > s + bonusMax) break;
        const g = this.groups[gid] as Group;
        this.sortGroup(g);
        let taken = 0;
        const addDoc = (ord: number) => {
          const pop = this.docPop[ord] as number;
          let ds = s + (pop > 0 && logMax > 0 ? (popScale * Math.log1p(pop)) / logMax : 0);
          if (hint && (rl[rx[ord] as number] as string).startsWith(hint)) ds += 0.01;
          picked.push([ord, ds]);
          taken++;
        };
        if (hint) for (const ord of g.members) { if (taken >= cap) break; if (docOk(ord) && (rl[rx[ord] as number] as string).startsWith(hint)) addDoc(ord); }
        const hinted = taken > 0;
        // with a per-group cap, the hinted region's parents (a city's or province's own item) come next
        let near: Set<number> | null = null;
        if (hint && cap < need) {
          near = new Set();
          for (const ord of g.members) {
            if (taken >= cap) break;
            const r = rl[rx[ord] as number] as string;
            if (r && hint.startsWith(r) && !r.startsWith(hint) && docOk(ord)) { addDoc(ord); near.add(ord); }
          }
        }
        // with a cap, groups of one name (the same item under other departments' names) share it for
        // documents of other regions; the hinted region's and its parents' always come
        const before = takenByTitle?.get(g.title) ?? 0;
        for (const ord of g.members) {
          if (before + taken >= cap) break;
          if (docOk(ord) && !(hinted && (rl[rx[ord] as number] as string).startsWith(hint)) && !near?.has(ord)) addDoc(ord);
        }
        takenByTitle?.set(g.title, before + taken);
        if (picked.length >= need) {
          picked.sort(byScore);
          picked.length = need;
          kth = (picked[need - 1] as [number, number])[1];
        }
      }
    };
    take(ordered);
    if (picked.length < need && ordered.length < nk) take(restOf().sort(byScore));
    picked.sort(byScore);
    const page = picked.slice(Math.max(0, q.offset), need);
    const words = this.highlightWords(segs, info.via);
    const hits: SearchHit[] = page.map(([ord, score]) => {
      const g = this.groups[this.docGroup[ord] as number] as Group;
      const snippetSource = g.body || [g.keywords.join('、'), g.dept].filter(Boolean).join(' · ');
      return {
        type: g.type,
        id: this.idAt(ord),
        title: g.title,
        titleHtml: highlight(g.title, words),
        snippet: snippetSource ? snippetOf(snippetSource, words, 90) : '',
        score: Math.round(score * 1000) / 1000,
        url: this.urlAt(ord),
        regionCode: this.regionAt(ord),
      };
    });
    // offered only with results under the same filters (the link keeps them): a suggestion alone is no result
    const dym = total > 0 && info.fuzzy && info.via && compact(info.via) !== compact(qn) ? info.via : null;
    return { total, hits, didYouMean: dym };
  }

  private highlightWords(segs: string[], via: string | null): string[] {
    const out = new Set<string>();
    for (const s of segs) {
      const c = compact(s);
      if (!hasHan(c)) continue;
      out.add(c);
      for (const t of queryTokens(c)) if (!STOP.has(t)) out.add(t);
      for (const v of this.synonyms.get(c) ?? []) out.add(v);
      for (const t of queryTokens(c)) for (const v of this.synonyms.get(t) ?? []) out.add(v);
    }
    if (via) out.add(compact(via));
    return [...out].filter(Boolean).sort((a, b) => b.length - a.length);
  }

  // ---------------------------------------------------------------- suggest

  suggest(prefix: string, limit: number): Suggestion[] {
    const c = compact(normalize(prefix).slice(0, MAX_QUERY));
    if (!c) return [];
    if (this.phraseOrderDirty) {
      for (const p of this.phrases) {
        let w = 0;
        for (const r of p.refs) w += (this.groups[r >> 2] as Group).n * ((r & 3) === F_TITLE ? 1 : 0.5) + (this.groups[r >> 2] as Group).pop;
        p.weight = w + (this.queryPop.get(p.c) ?? 0) * 50;
      }
      for (const ids of this.firstKey.values()) ids.sort((a, b) => (this.phrases[b] as Phrase).weight - (this.phrases[a] as Phrase).weight);
      this.phraseOrderDirty = false;
    }
    const latin = /^[a-z]+$/.test(c);
    const first = [...c][0] as string;
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const take = (p: Phrase) => {
      if (seen.has(p.c) || out.length >= limit) return;
      seen.add(p.c);
      const g = this.groups[(p.refs[0] as number) >> 2] as Group;
      out.push({ text: p.text, type: g.type, count: p.refs.reduce((a, r) => a + (this.groups[r >> 2] as Group).n, 0) });
    };
    const pool = this.firstKey.get(first) ?? [];
    for (const pid of pool) {
      const p = this.phrases[pid] as Phrase;
      if (!p.refs.some((r) => (this.groups[r >> 2] as Group).n)) continue;
      if (latin ? p.py.startsWith(c) || p.ini.startsWith(c) : p.c.startsWith(c)) take(p);
      if (out.length >= limit) break;
    }
    if (out.length < limit && [...c].length >= 2) {
      // then phrases that contain what was typed, or sound like it
      const m = this.scoresFor();
      let all: [number, number][];
      try {
        if (latin) this.scoreLatin(c, m); else this.scoreHan(c, m, { fuzzy: false, via: null });
        all = Array.from(m.ids.subarray(0, m.size), (g) => [g, m.at(g)]);
      } finally { this.done(m); }
      const gids = all.sort((a, b) => b[1] - a[1]).slice(0, 50);
      for (const [gid] of gids) {
        const g = this.groups[gid] as Group;
        if (!g.n) continue;
        const pid = this.phraseByText.get(compact(g.title));
        if (pid !== undefined) take(this.phrases[pid] as Phrase);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- snapshot image (storage)

  /**
   * Makes room for `docs` documents in all, so a build of known size copies no per-document array
   * while it grows (each copy leaves the old array as garbage until a full collection: a build of
   * 1.91 M items that grew by steps held ≈ 60 MB more at its end).
   */
  reserve(docs: number): void {
    if (docs > this.docGroup.length) this.grow(docs);
    this.docId.reserve(docs, docs * 10);
  }

  /**
   * Computes now what the first queries would otherwise compute on the way (the place names the
   * documents teach — ≈ 0.4 s at 1.91 M items — and the pinyin word map of the typo repair): called
   * after a build or a load, before the index serves.
   */
  warm(): void {
    this.learnedPlaces();
    this.pinyinMaps();
  }

  /** Everything the index holds, as plain values and typed arrays (synonyms, region names and query popularity are set again by the caller). */
  image(): IndexImage {
    const n = this.nDocs;
    const regions = this.regionList;
    const docRegion = this.docRegionIx.subarray(0, n);
    const [idBytes, idStart, idLen] = this.docId.compacted(n);
    // members in popularity order in the file: a loaded index sorts nothing
    for (const g of this.groups) this.sortGroup(g);
    const memberLen = new Int32Array(this.groups.length);
    for (const [i, g] of this.groups.entries()) memberLen[i] = g.n;
    const members = this.groups.map((g) => g.members);
    const keyTypes = [...this.ordByNum.keys()];
    const arrays: IndexImage['arrays'] = {
      // views of the live arrays, not copies (30 MB at 1.91 M items that stayed as garbage after each
      // write): the image must be written before the index changes (writeSnapshot writes at once)
      docGroup: this.docGroup.subarray(0, n), docChannels: this.docChannels.subarray(0, n), docPop: this.docPop.subarray(0, n),
      docUrlPrefix: this.docUrlPrefix.subarray(0, n), docRegion, idBytes, idStart, idLen, memberLen, members,
    };
    // each type's source keys: the direct table as it is (a view) and the sparse keys' entries
    const denseLen: number[] = [];
    keyTypes.forEach((t, i) => {
      const [d, k, v] = (this.ordByNum.get(t) as IntMap).parts();
      arrays[`dense${i}`] = d; arrays[`keys${i}`] = k; arrays[`ords${i}`] = v; denseLen.push(d.length);
    });
    return {
      meta: {
        nDocs: n, live: this.live, maxPop: this.maxPop, free: [...this.free], channels: [...CHANNEL_BITS], regions, urlPrefixes: this.urlPrefixes,
        urlOther: [...this.urlOther], strKeys: [...this.ordByStr], keyTypes, denseLen,
        groups: this.groups.map((g) => [g.type, g.title, [...g.keywords], g.dept, g.body, g.pop, g.sorted]),
        groupKeys: [...this.groupByKey], tokens: [...this.tokens].map(([t, p]) => [t, p.g, p.f]),
        phrases: this.phrases.map((p) => [p.text, p.c, p.py, p.ini, p.refs]),
      },
      arrays,
    };
  }

  /**
   * Room to leave after a snapshot array's data when it is read (see readSnapshot): the per-document
   * arrays get 1/32 more (at least 4,096 documents), so a start that replays new documents grows
   * into it instead of copying them. Arrays read as they are written (no room) load too.
   */
  static snapshotSpare(name: string, byteLength: number): number {
    if (name === 'idBytes') return Math.max(65_536, Math.ceil(byteLength / 32));
    // a key type's direct table: room for keys above the largest (rows inserted after the snapshot)
    return DOC_ARRAYS.has(name) || name.startsWith('dense') ? Math.max(4096, Math.ceil(byteLength / 4 / 32)) * 4 : 0;
  }

  /** An index from an image written by `image()` (in this process or another). */
  static fromImage(img: IndexImage): MemoryIndex {
    const x = new MemoryIndex();
    const { meta, arrays } = img;
    const A = <T>(name: string) => { const a = arrays[name]; if (!a) throw new Error(`snapshot: array ${name} missing`); return a as unknown as T; };
    const n = meta.nDocs;
    x.nDocs = n; x.live = meta.live; x.maxPop = meta.maxPop; x.free = meta.free;
    // the arrays are adopted as they are (views into the file's bytes): grown by copying on the next new document
    x.docGroup = A<Int32Array>('docGroup');
    x.docPop = A<Float32Array>('docPop');
    x.docUrlPrefix = A<Int32Array>('docUrlPrefix');
    // channel bits are handed out per process: map the writer's bits to this process's
    const remap: [number, number][] = meta.channels.map(([name, bit]) => [bit, channelBit(name)]);
    const ch = A<Int32Array>('docChannels');
    if (remap.every(([from, to]) => from === to)) x.docChannels = ch;
    else {
      x.docChannels = new Int32Array(ch.length);
      for (let i = 0; i < n; i++) {
        const b = ch[i] as number;
        if (!b) continue;
        let out = 0;
        for (const [from, to] of remap) if (b & from) out |= to;
        x.docChannels[i] = out;
      }
    }
    // region codes: the file's indices adopted as they are (with the same spare room as the other per-document arrays)
    x.regionList = meta.regions.map((r) => x.I(r));
    x.regionIdx = new Map(x.regionList.map((r, i) => [r, i]));
    x.docRegionIx = A<Int32Array>('docRegion');
    const idStart = A<Int32Array>('idStart');
    const idLen = A<Int32Array>('idLen');
    let idUsed = 0;
    for (let i = 0; i < n; i++) { const e = (idStart[i] as number) + (idLen[i] as number); if (e > idUsed) idUsed = e; }
    x.docId = StringTable.from(A<Uint8Array>('idBytes'), idStart, idLen, idUsed);
    x.urlPrefixes = meta.urlPrefixes;
    x.urlPrefixIdx = new Map(meta.urlPrefixes.map((p, i) => [p, i]));
    x.urlOther = new Map(meta.urlOther);
    x.ordByStr = new Map(meta.strKeys);
    meta.keyTypes.forEach((t, i) => x.ordByNum.set(x.I(t), IntMap.adopt(A<Int32Array>(`dense${i}`), meta.denseLen[i] as number, A<Int32Array>(`keys${i}`), A<Int32Array>(`ords${i}`))));
    const memberLen = A<Int32Array>('memberLen');
    const members = A<Int32Array>('members');
    let at = 0;
    meta.groups.forEach(([type, title, keywords, dept, body, pop, sorted], i) => {
      const g = new Group(x.I(type), x.I(title), keywords.map((k) => x.I(k)), x.I(dept), body, sorted, pop);
      const len = memberLen[i] as number;
      g.m = members.subarray(at, at + len);
      g.n = len;
      at += len;
      x.groups.push(g);
    });
    x.groupByKey = new Map(meta.groupKeys);
    x.tokens = new Map(meta.tokens.map(([t, g, f]) => [t, { g, f }]));
    x.phrases = meta.phrases.map(([text, c, py, ini, refs]) => ({ text: text === c ? c : text, c, py, ini, refs, weight: 0 }));
    x.phraseByText = new Map(x.phrases.map((p, i) => [p.c, i]));
    for (let pid = 0; pid < x.phrases.length; pid++) x.gramPhrase(pid);
    return x;
  }

  /** Counts for the ADR and start-up logs. */
  stats(): { docs: number; groups: number; phrases: number; tokens: number } {
    return { docs: this.live, groups: this.groups.length, phrases: this.phrases.length, tokens: this.tokens.size };
  }

  /** The source keys of the documents of one type (the change-log follower's catalogue bookkeeping). */
  idsOf(type: string): string[] {
    const out: string[] = [];
    const m = this.ordByNum.get(type);
    if (m) for (const k of m.entries()[0]) out.push(String(k));
    const pre = `${type}\u0001`;
    for (const k of this.ordByStr.keys()) if (k.startsWith(pre)) out.push(k.slice(pre.length));
    return out;
  }

  /** Public id of a document given its source key, or null when it is not in the index. */
  publicIdOf(type: string, id: string): string | null {
    const ord = this.ordOf(type, id);
    return ord === undefined ? null : this.idAt(ord);
  }

  /** Public URL of a document (for result links), or null when it is not in the index. */
  urlOf(type: string, id: string): string | null {
    const ord = this.ordOf(type, id);
    return ord === undefined ? null : this.urlAt(ord) || null;
  }

  /** Title of a document, for analytics (top searched items). */
  titleOf(type: string, id: string): string | null {
    const ord = this.ordOf(type, id);
    return ord === undefined ? null : (this.groups[this.docGroup[ord] as number] as Group).title;
  }
}

