// What the question's words find in the search index, and whether to ask back instead of guessing
// (issue 20 §1–2): items of the person's region (then its parents) best first, one per name; policies
// and venues when the question is about them; a life situation's key items; a follow-up reuses the
// conversation's items; an answer to a pending clarification is merged into the question it clarifies.
// See docs/model/assistant-understanding.md.
import { shortRegionCode } from '../../platform/geo/region-code.ts';
import { compact as compactText } from '../../platform/search/analyzer.ts';
import type { SearchHit } from '../../platform/search/search-port.ts';
import type { Db } from '../../schema.ts';
import type { AssistantDeps } from './deps.ts';
import type { Audience, Candidate, ConversationContext, PendingClarification, QuestionAnalysis, Retrieval, Whereabouts } from './types.ts';
import type { Aspect } from './vocabulary.ts';
import { findLifeSituation, situationOf } from './life-situations.ts';
import { itemUrl } from './facts.ts';
import { UNDERSTAND_STRINGS as S } from './understand.strings.ts';

type Deps = Pick<AssistantDeps, 'db' | 'search'>;
type Kind = PendingClarification['kind'];

/** Hits read per question (enough to see one name's regions and its near rivals). */
const POOL = 30;
/** Candidates handed to the answer. */
const KEEP = 6;
/** Rivals within this share of the best score count as "equally good" (audience, item). */
const AUDIENCE_NEAR = 0.9;
const ITEM_NEAR = 0.985;
/** Only good fits are asked about: several weak ones are answered (the best) rather than offered. */
const CLARIFY_MIN = 1.0;
const MAX_ITEM_OPTIONS = 4;
const MAX_REGION_OPTIONS = 6;
/** A key item of a life situation counts when its search scores at least this. */
const KEY_ITEM_MIN = 0.6;
/** Key words searched per life situation (each is one search). */
const KEY_WORDS = 5;

/** Aspects whose answer depends on the place. */
const PLACE_ASPECTS: ReadonlySet<Aspect> = new Set<Aspect>(['where', 'hours', 'phone']);
/** Search words that alone say nothing (在哪里申请 after 低保 is a follow-up). */
const GENERIC_ONLY = /^(申请|申领|办理|办|手续|操作|提交|领取|开通|登记|预约)$/;

const POLICY_WORDS = /政策|文件|通知|解读|规定|办法|条例|公告|意见|细则|标准是/;
const VENUE_WORDS = /大厅|服务中心|便民服务|服务站|办事处|网点|自助|专区|窗口|中心/;
const PERSONAL_MARK = /个人(?!独资)|居民|自然人|灵活就业|职工本人/;
const ENTERPRISE_MARK = /单位|企业|公司|法人|机构|个体工商户/;

/** Short region code (subtree prefix): 340100000000 → 3401. */
function short(code: string): string {
  const c = code.trim();
  return /^\d{12}$/.test(c) ? shortRegionCode(c) : c;
}

/** How close a document's region is to the person's: own subtree 3+, an ancestor 2+, elsewhere 0. */
function affinity(docRegion: string, region: string | null): number {
  // nowhere known: the most general document (the province's or city's own item) speaks for all
  if (!region) return 1 + (12 - docRegion.length) / 100;
  if (docRegion === region) return 4;
  if (docRegion.startsWith(region)) return 3 + 1 / (1 + docRegion.length - region.length);
  if (region.startsWith(docRegion)) return 2 + docRegion.length / 100;
  return 0;
}

/** The item without its variant: 住房公积金提取（购买自住住房提取） → 住房公积金提取. */
function baseName(title: string): string {
  // 蚌埠市企业稳岗扩岗补贴申领 and 淮北市企业稳岗扩岗补贴申领 are one item of two cities
  const b = title.replace(/[（(].*$/u, '').replace(/^\p{Script=Han}{2,3}[市县区](?=\p{Script=Han}{3,})/u, '');
  return b || title;
}

function markOf(title: string): Audience | null {
  const p = PERSONAL_MARK.test(title);
  const e = ENTERPRISE_MARK.test(title);
  return p === e ? null : p ? 'personal' : 'enterprise';
}

interface Ranked { hit: SearchHit; score: number; regions: string[] }

/** A later step of an item's life (注销, 变更, 补证 …) named in brackets after the item. */
const LATER_VARIANT = /注销|变更|延续|补证|补发|补领|补办|换发|换证|换领|挂失|迁移|提前|签注|再次|增项|撤销|终止|异地|涉外|涉港澳台|国外|非婚生|复查|停止|暂停|恢复/;
/**
 * Variants of one item that fit the words equally: the first-time one (新办, 首次申请, 设立登记)
 * unless the question names the later step (注销, 补证 …) — a share of the score, less than any real
 * difference of the words.
 */
/** Each search word found whole in the name (挂失 in 社会保障卡挂失与解挂) tips a tie its way. */
function wordsInTitle(title: string, q: string): number {
  const t = compactText(title);
  const n = q.split(' ').filter((w) => [...w].length >= 2 && t.includes(compactText(w))).length;
  // and each character of the question in the name a little (换驾照: 机动车驾驶证**换**证 over 审验)
  const chars = new Set([...compactText(q)].filter((ch) => /\p{Script=Han}/u.test(ch) && t.includes(ch))).size;
  return (1 + 0.02 * Math.min(2, n)) * (1 + 0.005 * Math.min(6, chars));
}

const FIRST_ASKED = /第一次|首次|初次|新办|刚/;
const FIRST_VARIANT = /首次|初次|新办|设立|申领/;
function variantBias(title: string, q: string): number {
  const qc = compactText(q);
  const later = LATER_VARIANT.exec(title);
  if (later && !qc.includes((later[0] as string)[0] as string)) return 0.98;
  // nothing said of a later step: the first-time variant (办身份证 is 申领, not 挂失)
  if ((FIRST_ASKED.test(qc) || !LATER_VARIANT.test(qc)) && FIRST_VARIANT.test(title)) return 1.02;
  return 1;
}

/** One candidate per name: the document nearest the person's region; names ordered by score. */
function rank(hits: readonly SearchHit[], region: string | null, audience: Audience | null, q = ''): Ranked[] {
  const byTitle = new Map<string, { best: SearchHit; aff: number; score: number; regions: string[] }>();
  for (const h of hits) {
    const aff = affinity(h.regionCode, region);
    const e = byTitle.get(h.title);
    if (!e) { byTitle.set(h.title, { best: h, aff, score: h.score, regions: [h.regionCode] }); continue; }
    if (!e.regions.includes(h.regionCode)) e.regions.push(h.regionCode);
    if (aff > e.aff || (aff === e.aff && h.score > e.best.score)) { e.best = h; e.aff = aff; }
    e.score = Math.max(e.score, h.score);
  }
  const out: Ranked[] = [];
  for (const e of byTitle.values()) {
    let s = e.score * (q ? variantBias(e.best.title, q) * wordsInTitle(e.best.title, q) : 1);
    // another county's item is no answer for this person when theirs exists; kept last otherwise
    if (region && e.aff === 0) s *= 0.85;
    const m = audience ? markOf(e.best.title) : null;
    if (m && m !== audience) s *= 0.7;
    else if (m && m === audience) s *= 1.05;
    out.push({ hit: e.best, score: s, regions: e.regions });
  }
  return out.sort((x, y) => y.score - x.score || x.hit.title.length - y.hit.title.length);
}

const toCandidate = (r: Ranked): Candidate => ({
  type: r.hit.type as Candidate['type'], publicId: r.hit.id, title: r.hit.title, url: r.hit.url, regionCode: r.hit.regionCode, score: Math.round(r.score * 1000) / 1000,
});

/**
 * Recent searches (a life situation's key words repeat across people): per index object, kept for
 * a few seconds only, so an edited item shows at once on the next sync's new answers.
 */
const CACHE_MS = 5000;
const CACHE_MAX = 500;
let cache: { index: object; entries: Map<string, { at: number; hits: SearchHit[] }> } | null = null;

/**
 * One search without a region filter: the region is a hint (its own documents first in each group
 * of identical items, then its parents'), and a few documents per group give distinct items.
 */
function query(deps: Deps, q: string, types: string[], region: string | null, limit = POOL, within = ''): SearchHit[] {
  const index = deps.search.index;
  if (!cache || cache.index !== index) cache = { index, entries: new Map() };
  const key = `${types.join(',')}\u0001${region ?? ''}\u0001${limit}\u0001${within}\u0001${q}`;
  const now = Date.now();
  const hit = cache.entries.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.hits;
  const hits = index.query({ q, types, limit, offset: 0, region: within || undefined, hintRegion: region ?? undefined, perGroup: region ? 2 : 8 }).hits;
  if (cache.entries.size >= CACHE_MAX) cache.entries.clear();
  cache.entries.set(key, { at: now, hits });
  return hits;
}

/** Below this best score the words are searched part by part as well. */
const WEAK = 0.8;

/**
 * Items for the search words; when they find little (a word the index does not know keeps a whole
 * question from matching: 家里有人去世 注销户口), each part of two characters or more is searched too,
 * its hits counted at 0.9.
 */
function searchItems(deps: Deps, q: string, region: string | null): SearchHit[] {
  // the person's own county too: its items named after it (圩港区返乡创业补贴) tie with every other county's
  const county = region ? region.slice(0, 6) : '';
  const hits = county ? [...query(deps, q, ['item'], region), ...query(deps, q, ['item'], region, 10, county)] : query(deps, q, ['item'], region);
  const parts = q.split(' ').filter((w) => [...w].length >= 2);
  if (parts.length < 2 || ((hits[0]?.score ?? 0) >= WEAK)) return hits;
  const more = parts.sort((x, y) => y.length - x.length).slice(0, 2).flatMap((w) => query(deps, w, ['item'], region).map((h) => ({ ...h, score: h.score * 0.9 })));
  return [...hits, ...more];
}

/** Items by public id, in the order given (a follow-up's items, a chosen option). */
async function itemsById(db: Db, ids: readonly string[]): Promise<Candidate[]> {
  const list = [...new Set(ids)].slice(0, 20);
  if (!list.length) return [];
  const rows = await db.selectFrom('sm_item').select(['public_id', 'name', 'region_code']).where('public_id', 'in', list).execute();
  const by = new Map(rows.map((r) => [r.public_id, r]));
  return list.flatMap((id, i) => {
    const r = by.get(id);
    return r ? [{ type: 'item' as const, publicId: r.public_id, title: r.name, url: itemUrl(r.public_id), regionCode: short(r.region_code), score: 1 - i * 0.01 }] : [];
  });
}

async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('region').select(['code', 'name']).where('code', 'in', codes.map((c) => c.padEnd(12, '0'))).execute();
  return new Map(rows.map((r) => [short(r.code), r.name]));
}

/** The option a reply chooses: its text or value typed or tapped, or the audience / place it names. */
function chosen(p: PendingClarification, a: QuestionAnalysis): { text: string; value: string } | null {
  const t = compactText(a.text);
  if (!t) return null;
  const exact = p.options.find((o) => compactText(o.text) === t || compactText(o.value) === t);
  if (exact) return exact;
  if (p.kind === 'audience' && a.audience) return p.options.find((o) => o.value === a.audience) ?? null;
  if (p.kind === 'region' && a.regionMention) return p.options.find((o) => o.value === short(a.regionMention!.code)) ?? { text: a.regionMention.name, value: short(a.regionMention.code) };
  // a short reply that contains one option's text (「个人的」「第二个：居住证申领」)
  if ([...t].length <= 24) {
    const inside = p.options.filter((o) => t.includes(compactText(o.text)));
    if (inside.length === 1) return inside[0] as { text: string; value: string };
  }
  return null;
}

/** Of a key word's variants, a situation wants the first-time one (新办, 设立) — unless it is about closing or changing. */
const FIRST_TIME = /新办|首次|初次|设立|申领|正常/;
const LATER = /注销|变更|延续|补证|补发|补领|换发|换证|挂失|提前|异地|国外|涉外|涉港澳台|非婚生|再次/;
function situationBias(title: string, stage: string): number {
  if (stage === 'closure' || stage === 'change' || stage === 'after_death') return 1;
  return LATER.test(title) ? 0.8 : FIRST_TIME.test(title) ? 1.05 : 1;
}

/** A life situation's key items in the person's region (then its parents), most important first. */
function situationCandidates(deps: Deps, words: readonly string[], own: string, region: string | null, audience: Audience | null, stage: string): Candidate[] {
  const out: Ranked[] = [];
  const seen = new Set<string>();
  const add = (r: Ranked | undefined) => { if (r && !seen.has(r.hit.title)) { seen.add(r.hit.title); out.push(r); } };
  for (const w of words.slice(0, KEY_WORDS)) {
    if (out.length >= KEEP) break;
    const ranked = rank(query(deps, w, ['item'], region, 20), region, audience)
      .filter((r) => r.score >= KEY_ITEM_MIN && (!region || affinity(r.hit.regionCode, region) > 0))
      .map((r) => ({ ...r, score: r.score * situationBias(r.hit.title, stage) }))
      .sort((x, y) => y.score - x.score);
    const c = compactText(w);
    add(ranked.find((r) => compactText(r.hit.title).includes(c)) ?? ranked[0]);
  }
  if (own && out.length < 2) {
    const ranked = rank(query(deps, own, ['item'], region, 20), region, audience).filter((r) => r.score >= 1 && (!region || affinity(r.hit.regionCode, region) > 0));
    add(ranked[0]);
  }
  return out.map(toCandidate);
}

/** A clarifying question: the text, what it remembers, the candidates so far. */
function clarify(kind: Kind, question: string, options: { text: string; value: string }[], base: { query: string; aspects: Aspect[]; audience: Audience | null; region: string | null; asked: Kind[] }, candidates: Candidate[]): Retrieval {
  return {
    kind: 'clarify', question, candidates,
    pending: { kind, query: base.query, aspects: base.aspects, options, audience: base.audience, regionCode: base.region, asked: [...base.asked, kind] },
  };
}

export async function retrieve(deps: Deps, a: QuestionAnalysis, ctx: ConversationContext, where: Whereabouts): Promise<Retrieval> {
  await deps.search.fresh();
  let q = GENERIC_ONLY.test(a.query) ? '' : a.query;
  let aspects = a.aspects;
  let audience: Audience | null = a.audience ?? ctx.audience ?? null;
  let region: string | null = a.regionMention ? short(a.regionMention.code) : where.regionCode ? short(where.regionCode) : ctx.regionCode ? short(ctx.regionCode) : null;
  let asked: Kind[] = [];
  let situation = a.lifeSituation;

  // 1. the answer to a pending clarification: the clarified question with the choice merged in
  const p = ctx.pending;
  const choice = p ? chosen(p, a) : null;
  if (p && choice) {
    q = p.query;
    aspects = a.aspects.length ? [...new Set([...p.aspects, ...a.aspects])] : p.aspects;
    audience = p.audience ?? audience;
    region = a.regionMention ? short(a.regionMention.code) : p.regionCode ?? region;
    asked = p.asked ?? [p.kind];
    situation = null;
    if (p.kind === 'audience') audience = choice.value === 'enterprise' ? 'enterprise' : 'personal';
    if (p.kind === 'region') region = short(choice.value);
    if (p.kind === 'item') {
      const c = await itemsById(deps.db, [choice.value]);
      if (c.length) return { kind: 'items', candidates: c };
    }
  } else if (!q && !situation) {
    // 2. a follow-up: only aspects (要多少钱), a place (那磁县呢) or an audience (单位的呢)
    if (!aspects.length && !a.regionMention && !a.audience) return { kind: 'none' };
    if (ctx.lastItems.length && !a.regionMention && !a.audience) {
      const c = await itemsById(deps.db, ctx.lastItems);
      if (c.length) return { kind: 'items', candidates: c };
    }
    q = ctx.lastQuery;
    if (!q) {
      // 几点上班 / 在哪 / 电话 with nothing before: the region's service centre
      if (region && aspects.some((x) => x === 'hours' || x === 'where' || x === 'phone')) {
        const venues = rank(query(deps, '政务服务中心', ['venue'], region, 20), region, null).filter((r) => affinity(r.hit.regionCode, region) > 0);
        if (venues.length) return { kind: 'items', candidates: venues.slice(0, KEEP).map(toCandidate) };
      }
      return { kind: 'none' };
    }
  }

  // 3. a life situation: its key items (the stage's own chain is the answer's part)
  if (situation) {
    const s = findLifeSituation(situation.phrase)?.situation ?? situationOf(situation.audience, situation.stage);
    const candidates = s ? situationCandidates(deps, s.items, q, region, situation.audience, situation.stage) : [];
    if (aspects.length && candidates.length) return { kind: 'items', candidates };
    return { kind: 'life_event', audience: situation.audience, stage: situation.stage, regionCode: region, candidates };
  }
  if (!q) return { kind: 'none' };

  // 4. items; policies and venues when the question is about them
  const items = rank(searchItems(deps, q, region), region, audience, q);
  let extra: Ranked[] = [];
  if (POLICY_WORDS.test(a.text)) extra = rank(query(deps, q, ['disclosure'], region, 20), region, null);
  else if (VENUE_WORDS.test(q)) extra = rank(query(deps, q, ['venue'], region, 20), region, null).filter((r) => !region || affinity(r.hit.regionCode, region) > 0);
  const top = items[0];
  if (extra.length && (!top || (extra[0] as Ranked).score >= top.score * 0.8)) {
    return { kind: 'items', candidates: [...extra.slice(0, 3), ...items.slice(0, KEEP - Math.min(3, extra.length))].map(toCandidate) };
  }
  if (!top) return extra.length ? { kind: 'items', candidates: extra.slice(0, KEEP).map(toCandidate) } : { kind: 'none' };
  const candidates = items.slice(0, KEEP).map(toCandidate);
  const base = { query: q, aspects, audience, region, asked };
  const exact = compactText(top.hit.title) === compactText(q);

  // 5. clarify instead of guessing: 个人/单位 …
  if (!audience && !asked.includes('audience') && !exact && top.score >= CLARIFY_MIN) {
    const near = items.filter((r) => r.score >= top.score * AUDIENCE_NEAR).slice(0, 8);
    const marks = new Set(near.map((r) => markOf(r.hit.title)));
    if (markOf(top.hit.title) && marks.has('personal') && marks.has('enterprise')) {
      return clarify('audience', S.askAudience, [{ text: S.audiencePersonal, value: 'personal' }, { text: S.audienceEnterprise, value: 'enterprise' }], base, candidates);
    }
  }
  // … which of several items that fit equally well …
  if (!asked.includes('item') && !exact && top.score >= CLARIFY_MIN) {
    const near = items.filter((r) => r.score >= top.score * ITEM_NEAR);
    // variants of one item (住房公积金提取（购房） / （租房）) are answered together, not asked about
    if (near.length >= 2 && new Set(near.map((r) => baseName(r.hit.title))).size >= 2) {
      const opts = near.slice(0, MAX_ITEM_OPTIONS).map((r) => ({ text: r.hit.title, value: r.hit.id }));
      return clarify('item', S.askItem, opts, base, candidates);
    }
  }
  // … and which county, when nothing says where, the item is offered in several and the answer
  // depends on the place (where, when, which telephone) or the question is a bare topic (「社保」:
  // nothing but the words of an item — the person is told what the item is and asked where); what to
  // bring, how long and what it costs are answered from the item's most general guide
  const bare = !aspects.length && !situation && compactText(q) === compactText(a.text);
  if (!region && !asked.includes('region') && top.regions.length > 1 && (bare || aspects.some((x) => PLACE_ASPECTS.has(x)))) {
    const codes = [...new Set(top.regions.map((c) => (c.length > 6 ? c.slice(0, 6) : c)))];
    if (codes.length > 1) {
      const names = await regionNames(deps.db, codes.slice(0, MAX_REGION_OPTIONS));
      const opts = codes.slice(0, MAX_REGION_OPTIONS).map((c) => ({ text: names.get(c) ?? S.regionFallback(c), value: c }));
      const question = S.askRegion(top.hit.title) + (codes.length > MAX_REGION_OPTIONS ? S.askRegionMore : '');
      return clarify('region', question, opts, base, candidates);
    }
  }
  return { kind: 'items', candidates };
}

/**
 * Place names as people write them → region codes, for analyseQuestion: provinces, cities and
 * counties by full name and without 省/市/县/区; townships by full name. Cached per database for a
 * few minutes (the region table changes by imports only).
 */
const placeCache = new WeakMap<object, { at: number; map: Map<string, string> }>();
export async function placeNames(db: Db, nowMs = Date.now()): Promise<ReadonlyMap<string, string>> {
  const c = placeCache.get(db);
  if (c && nowMs - c.at < 300_000) return c.map;
  const rows = await db.selectFrom('region').select(['code', 'name', 'level']).where('level', 'in', ['province', 'city', 'county', 'township']).execute();
  const map = new Map<string, string>();
  for (const r of rows) {
    const code = short(r.code);
    if (!map.has(r.name)) map.set(r.name, code);
    if (r.level === 'township') continue;
    const bare = r.name.replace(/(省|市|县|区|自治州|自治县|地区|盟|旗)$/u, '');
    if ([...bare].length >= 2 && !map.has(bare)) map.set(bare, code);
  }
  placeCache.set(db, { at: nowMs, map });
  return map;
}
