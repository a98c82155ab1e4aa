// The kiosk's pinyin input: Chinese candidates for the letters typed on the on-screen keyboard.
// An in-memory dictionary (built once per process, on the first request) of the words people look
// for at a kiosk — service item names and their jieba words, item keywords, the search synonyms —
// and common single characters, keyed by toneless full pinyin (ü as v) and by initials. Candidates
// are ranked: exact full pinyin first, then full-pinyin prefix, then initials (exact, then prefix);
// within a rank the more frequent word first.
import { pinyin } from 'pinyin-pro';
import type { Db } from '../../schema.ts';
import { indexTokens } from '../../platform/search/analyzer.ts';
import { GENERAL_SYNONYMS } from '../search/index.ts';

/** Longest pinyin accepted (letters); longer input is refused with 400. */
export const MAX_PINYIN = 30;
/** Candidates answered per request. */
export const MAX_CANDIDATES = 12;
/** Words of this many characters at most are offered. */
const MAX_WORD = 12;
/** Item rows read to build the dictionary (distinct names; item names repeat across regions). */
const MAX_ITEM_ROWS = 20_000;
/** Dictionary keys scanned per prefix (a one-letter prefix matches thousands). */
const MAX_SCAN = 5000;

/**
 * Common single characters (frequent in everyday and government-service language), most frequent
 * first: typed syllable by syllable they let any name be spelled that the words do not cover.
 */
export const COMMON_CHARS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞'
  + '证照户籍医疗保险养老社区街道乡镇村民委员会居民身份驾驶护婚姻登记出生死亡迁移租赁房屋不动产税务营业执照公积金低保救助补贴残疾退休失业就业创业教育学校幼儿园病孕妇女儿童老年军人退役优抚殡葬宅基地农业林草水利交通车辆船舶食品药品许可审批备案申请申报缴费查询打印换领补办注销变更年检预约咨询投诉建议举报信访公开政务服务中心窗口自助终端指南材料流程时限费用地址电话网上掌上邮寄快递';

export interface Candidate { word: string; weight: number }

interface Entry { key: string; word: string; weight: number }

const HAN_ONLY = /^\p{Script=Han}+$/u;

function syllables(word: string): string[] {
  return pinyin(word, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
}

/** The dictionary: words by full pinyin and by initials, sorted for prefix lookups. */
export class PinyinDictionary {
  private full: Entry[] = [];
  private initials: Entry[] = [];
  private weights = new Map<string, number>();

  /** Words with a weight (how often they occur); non-Han words and overlong ones are skipped. */
  static from(words: Iterable<[string, number]>, singles: string = COMMON_CHARS): PinyinDictionary {
    const d = new PinyinDictionary();
    const chars = [...new Set([...singles])].filter((c) => HAN_ONLY.test(c));
    // single characters: every reading, ranked by their place in the list (below any real word)
    chars.forEach((ch, i) => {
      const w = 0.5 * (1 - i / (chars.length + 1));
      d.weights.set(ch, Math.max(d.weights.get(ch) ?? 0, w));
      const readings = new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true }).map((s) => s.toLowerCase()));
      for (const r of readings) if (/^[a-z]+$/.test(r)) d.full.push({ key: r, word: ch, weight: w });
    });
    for (const [word, weight] of words) {
      if (!HAN_ONLY.test(word) || word.length < 2 || word.length > MAX_WORD) continue;
      const known = d.weights.get(word);
      d.weights.set(word, (known ?? 0) + weight);
      if (known !== undefined) continue;
      const syl = syllables(word);
      if (syl.length !== word.length || !syl.every((s) => /^[a-z]+$/.test(s))) continue;
      d.full.push({ key: syl.join(''), word, weight: 0 });
      d.initials.push({ key: syl.map((s) => s[0]).join(''), word, weight: 0 });
    }
    for (const list of [d.full, d.initials]) {
      for (const e of list) e.weight = d.weights.get(e.word) ?? e.weight;
      list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return d;
  }

  size(): number {
    return this.weights.size;
  }

  /** Entries whose key starts with `prefix` (at most MAX_SCAN), from the sorted list. */
  private withPrefix(list: Entry[], prefix: string): Entry[] {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as Entry).key < prefix) lo = mid + 1; else hi = mid;
    }
    const out: Entry[] = [];
    for (let i = lo; i < list.length && out.length < MAX_SCAN; i++) {
      const e = list[i] as Entry;
      if (!e.key.startsWith(prefix)) break;
      out.push(e);
    }
    return out;
  }

  /** Candidates for letters typed (lower-case a–z; anything else gives none). */
  lookup(py: string, limit = MAX_CANDIDATES): Candidate[] {
    if (!/^[a-z]+$/.test(py) || py.length > MAX_PINYIN) return [];
    const byWeight = (a: Entry, b: Entry) => b.weight - a.weight || a.word.length - b.word.length || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
    const full = this.withPrefix(this.full, py);
    const exact = full.filter((e) => e.key === py).sort(byWeight);
    const prefix = full.filter((e) => e.key !== py).sort(byWeight);
    const ini = this.withPrefix(this.initials, py);
    const iniExact = ini.filter((e) => e.key === py).sort(byWeight);
    const iniPrefix = ini.filter((e) => e.key !== py).sort(byWeight);
    const seen = new Set<string>();
    const out: Candidate[] = [];
    for (const e of [...exact, ...prefix, ...iniExact, ...iniPrefix]) {
      if (seen.has(e.word)) continue;
      seen.add(e.word);
      out.push({ word: e.word, weight: e.weight });
      if (out.length >= limit) break;
    }
    return out;
  }
}

/** Counts words of the service items and the search synonyms (what the kiosk dictionary is built from). */
export function kioskWords(items: readonly { name: string; keywords: string }[], synonyms: readonly (readonly string[])[] = GENERAL_SYNONYMS): Map<string, number> {
  const words = new Map<string, number>();
  const add = (w: string, n: number) => { const t = w.trim(); if (t) words.set(t, (words.get(t) ?? 0) + n); };
  for (const it of items) {
    if (it.name.length <= MAX_WORD) add(it.name, 1);
    for (const t of indexTokens(it.name)) if (t.length >= 2) add(t, 1);
    for (const k of it.keywords.split(/[\s,，、;；]+/)) add(k, 2);
  }
  for (const group of synonyms) for (const term of group) add(term, 3);
  return words;
}

/** Builds the dictionary from the database (distinct item names and keywords, at most MAX_ITEM_ROWS). */
export async function loadPinyinDictionary(db: Db): Promise<PinyinDictionary> {
  const items = await db.selectFrom('sm_item').select(['name', 'keywords']).distinct().limit(MAX_ITEM_ROWS).execute();
  return PinyinDictionary.from(kioskWords(items));
}
