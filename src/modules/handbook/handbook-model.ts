// Pure: the 办事一本通 (issue 22 §6) as a model — which items an edition holds, how they are grouped,
// and how the printed booklet is laid out into pages, so the table of contents can print the page
// of every group and item before the browser prints it.
//
// Page layout is computed here, not left to the browser: Chromium does not support CSS
// `target-counter()`, so a TOC cannot ask the printer for page numbers. Instead every printed page
// is one fixed-height box (views/booklet.tsx, handbook.css) filled up to a height budget in
// millimetres, each item's height estimated from its rows (conservatively: an overestimate only
// leaves white space). An item that would not fit an empty page is shortened (materials and venues
// beyond what fits are counted, and the QR code leads to the full guide). See docs/model/handbook.md.
import { defineEnum } from '../../platform/web/enums.ts';

export const EDITIONS = defineEnum([
  { code: 'personal', label: '个人版' },
  { code: 'enterprise', label: '企业版' },
] as const);
export type Edition = (typeof EDITIONS.values)[number]['code'];

export const SIZES = defineEnum([
  { code: 'a5', label: 'A5' },
  { code: 'a4', label: 'A4' },
] as const);
export type Size = (typeof SIZES.values)[number]['code'];

export const GROUPINGS = defineEnum([
  { code: 'life_event', label: '按人生事件' },
  { code: 'department', label: '按部门' },
] as const);
export type Grouping = (typeof GROUPINGS.values)[number]['code'];

export const FORMATS = defineEnum([
  { code: 'html', label: '网页（可打印）' },
  { code: 'docx', label: 'Word 文档' },
] as const);
export type Format = (typeof FORMATS.values)[number]['code'];

/** The most items one booklet holds; the cover and preface say so and how to narrow it. */
export const MAX_ITEMS = 2000;
/**
 * The most items a DOCX holds: the `docx` package takes some 40 ms an item (tables, runs, the QR
 * image), so a Word file of 2,000 items would take over a minute. Narrow by department for more.
 */
export const MAX_DOCX_ITEMS = 300;

// ---------- editions ----------

/**
 * Service objects (服务对象, regulations.md §7.4) that make an item an enterprise's: 企业, 法人 (企业法人,
 * 事业单位法人 …), 其他组织, 个体工商户, 社会组织. UNCONFIRMED: no national rule names the edition's
 * contents; this is the rule of this platform, kept as data here.
 */
export const ENTERPRISE_OBJECTS = /企业|法人|其他组织|个体工商户|社会组织/;
/** Service objects that make an item a person's. */
export const PERSONAL_OBJECTS = /自然人|个人|居民|公民|家庭|群众/;

export interface EditionFacts {
  serviceObjects: readonly string[];
  /** The audiences of the life-event stages the item is in (the government's published stages). */
  stageAudiences: readonly Edition[];
}

/**
 * The enterprise edition holds the items whose service objects include an enterprise's (above) or
 * that are in an enterprise life-event stage. The personal edition holds those whose service objects
 * include a person's, that are in a personal stage, or that name no service objects at all (unknown:
 * kept rather than lost). An item for both is in both.
 */
export function inEdition(edition: Edition, f: EditionFacts): boolean {
  if (f.stageAudiences.includes(edition)) return true;
  if (edition === 'enterprise') return f.serviceObjects.some((o) => ENTERPRISE_OBJECTS.test(o));
  return f.serviceObjects.length === 0 || f.serviceObjects.some((o) => PERSONAL_OBJECTS.test(o));
}

// ---------- the booklet's content ----------

export interface BookMaterial { name: string; type: string; copies: number | null }
export interface BookFee { name: string; standard: string }
export interface BookVenue { name: string; address: string; hours: string; phone: string }

export interface BookItem {
  publicId: string;
  name: string;
  department: string;
  materials: BookMaterial[];
  /** Materials not printed (they did not fit one page); the guide behind the QR code has them. */
  moreMaterials: number;
  legalLimit: string;
  promisedLimit: string;
  /** Empty: 免费. */
  fees: BookFee[];
  venues: BookVenue[];
  moreVenues: number;
  consultation: string;
  onlineUrl: string | null;
  /** The absolute address of the item's page on this site (the QR code's target). */
  pageUrl: string;
}

export interface Group { key: string; title: string; items: BookItem[] }

export interface StageRef { slug: string; name: string; itemIds: readonly string[] }

const collator = new Intl.Collator('zh-CN');
export const OTHER_GROUP = '其他事项';
export const NO_DEPARTMENT = '其他部门';

/**
 * Groups items by life event (each item under the first stage, by position, that holds it; items in
 * none under 其他事项, last) or by department (departments in collation order). Items keep the
 * order given (by name); empty groups are left out.
 */
export function groupItems(items: readonly BookItem[], grouping: Grouping, stages: readonly StageRef[]): Group[] {
  if (grouping === 'department') {
    const by = new Map<string, BookItem[]>();
    for (const it of items) {
      const d = it.department.trim() || NO_DEPARTMENT;
      const list = by.get(d);
      if (list) list.push(it); else by.set(d, [it]);
    }
    return [...by.keys()].sort((a, b) => (a === NO_DEPARTMENT ? 1 : b === NO_DEPARTMENT ? -1 : collator.compare(a, b)))
      .map((d) => ({ key: `dept:${d}`, title: d, items: by.get(d)! }));
  }
  const stageOf = new Map<string, string>();
  for (const st of stages) for (const id of st.itemIds) if (!stageOf.has(id)) stageOf.set(id, st.slug);
  const groups: Group[] = stages.map((st) => ({ key: `stage:${st.slug}`, title: st.name, items: items.filter((it) => stageOf.get(it.publicId) === st.slug) }));
  groups.push({ key: 'other', title: OTHER_GROUP, items: items.filter((it) => !stageOf.has(it.publicId)) });
  return groups.filter((g) => g.items.length > 0);
}

/** Keeps the first `max` items across the groups in order; `dropped` counts the rest. */
export function capGroups(groups: readonly Group[], max: number): { groups: Group[]; dropped: number } {
  let left = max;
  let dropped = 0;
  const out: Group[] = [];
  for (const g of groups) {
    const keep = g.items.slice(0, Math.max(0, left));
    dropped += g.items.length - keep.length;
    left -= keep.length;
    if (keep.length) out.push({ ...g, items: keep });
  }
  return { groups: out, dropped };
}

// ---------- texts of facts ----------

const UNIT_LABELS: Record<string, string> = { working_day: '个工作日', natural_day: '个自然日', month: '个月' };

/** 「20 个工作日」, 「即办」 or 「未提供」 (0 or the unit `immediate` is 即办). */
export function limitText(n: number | null, unit: string | null): string {
  if (n === null) return '未提供';
  if (n === 0 || unit === 'immediate') return '即办';
  return `${n} ${unit ? UNIT_LABELS[unit] ?? unit : '个工作日'}`;
}

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** 「周一至周五 09:00-12:00,13:30-17:30；周六 09:00-12:00」 from the stored weekly hours; runs of days with equal hours joined. */
export function hoursSummary(weekly: Partial<Record<string, string>>, is24h: boolean): string {
  if (is24h) return '全天 24 小时';
  const parts: string[] = [];
  let i = 0;
  while (i < 7) {
    const h = (weekly[DAY_KEYS[i]!] ?? '').trim();
    let j = i;
    while (j + 1 < 7 && (weekly[DAY_KEYS[j + 1]!] ?? '').trim() === h) j++;
    if (h) parts.push(`${j === i ? DAY_NAMES[i] : `${DAY_NAMES[i]}至${DAY_NAMES[j]}`} ${h.replace(/\s+/g, '')}`);
    i = j + 1;
  }
  return parts.length ? `${parts.join('；')}（法定节假日除外）` : '未提供';
}

// ---------- page layout ----------

/**
 * Page geometry in millimetres. `body` is the height of the page box (paper less the @page margins
 * and a safety millimetre); `usable` is what items may fill (the running head takes the rest).
 * `chars`/`tableChars`/`tocChars` are how many CJK characters fit one line of the text beside the
 * QR code, of a material's name cell and of a TOC entry, at the font sizes of handbook.css.
 */
export interface Geometry {
  width: number; height: number; margin: { top: number; right: number; bottom: number; left: number };
  body: number; usable: number; line: number; chars: number; tableChars: number; wideChars: number; tocLines: number;
}

export const GEOMETRY: Record<Size, Geometry> = {
  // A5 148×210, 9 pt type (3.2 mm a character, 5 mm lines)
  a5: { width: 148, height: 210, margin: { top: 12, right: 12, bottom: 16, left: 12 }, body: 181, usable: 170, line: 5, chars: 26, tableChars: 18, wideChars: 36, tocLines: 24 },
  // A4 210×297, 10 pt type (3.5 mm a character, 5.5 mm lines)
  a4: { width: 210, height: 297, margin: { top: 15, right: 15, bottom: 18, left: 15 }, body: 263, usable: 250, line: 5.5, chars: 40, tableChars: 28, wideChars: 48, tocLines: 36 },
};

const linesOf = (text: string, chars: number) => Math.max(1, Math.ceil([...text].reduce((n, c) => n + (c.charCodeAt(0) < 0x2e80 ? 0.55 : 1), 0) / chars));

/** Heights of the parts of an item block, in mm (views/booklet.tsx renders exactly these parts). */
function parts(it: BookItem, g: Geometry) {
  const L = g.line;
  const head = (linesOf(it.name, g.wideChars) * 1.3 + 1) * L + L; // name (larger type) + department line
  const facts = (2 + Math.max(1, it.fees.length) + (it.consultation ? linesOf(it.consultation, g.chars) : 0) + (it.onlineUrl ? linesOf(it.onlineUrl, g.chars) : 0)) * L;
  const qr = 30; // the QR code beside the facts (26 mm + caption)
  const frame = 2 * L; // padding, border, gap to the next item
  const material = (m: BookMaterial) => linesOf(m.name, g.tableChars) * L + 1.5;
  const venue = (v: BookVenue) => (linesOf(`${v.name} ${v.phone}`, g.wideChars) + linesOf(v.address, g.wideChars) + linesOf(v.hours, g.wideChars)) * L;
  return { fixed: head + Math.max(facts, qr) + frame, materialsHead: L * 2 + 2, material, venuesHead: L * 1.5, venue, more: L };
}

/** The estimated printed height of an item, in mm. */
export function itemHeight(it: BookItem, size: Size): number {
  const g = GEOMETRY[size];
  const p = parts(it, g);
  let h = p.fixed;
  h += p.materialsHead + (it.materials.length ? it.materials.reduce((n, m) => n + p.material(m), 0) : g.line) + (it.moreMaterials ? p.more : 0);
  h += p.venuesHead + (it.venues.length ? it.venues.reduce((n, v) => n + p.venue(v), 0) : g.line) + (it.moreVenues ? p.more : 0);
  return h;
}

/** The item shortened to fit one empty page: venues beyond the third, then materials from the end. */
export function fitItem(it: BookItem, size: Size): BookItem {
  const g = GEOMETRY[size];
  let out: BookItem = it.venues.length > 3 ? { ...it, venues: it.venues.slice(0, 3), moreVenues: it.moreVenues + it.venues.length - 3 } : it;
  while (itemHeight(out, size) > g.usable && out.materials.length > 0) {
    out = { ...out, materials: out.materials.slice(0, -1), moreMaterials: out.moreMaterials + 1 };
  }
  while (itemHeight(out, size) > g.usable && out.venues.length > 0) {
    out = { ...out, venues: out.venues.slice(0, -1), moreVenues: out.moreVenues + 1 };
  }
  return out;
}

export type Block = { kind: 'group'; group: Group; continued: boolean } | { kind: 'item'; item: BookItem; group: Group };

export interface TocEntry { level: 1 | 2; title: string; page: number; anchor: string }

export type Page =
  | { number: number; kind: 'cover' }
  | { number: number; kind: 'preface' }
  | { number: number; kind: 'toc'; entries: TocEntry[]; first: boolean }
  | { number: number; kind: 'items'; blocks: Block[] };

export interface Layout { size: Size; pages: Page[]; toc: TocEntry[]; totalPages: number }

/** The heading of a group at the top of a page or before its first item, in mm. */
const groupHeight = (g: Geometry) => g.line * 2.6;

export const anchorOf = (key: string) => `hb-${key.replace(/[^A-Za-z0-9_-]/g, (c) => c.charCodeAt(0).toString(36))}`;

/**
 * Lays the groups out: page 1 the cover, page 2 the preface (how to use it), then the table of
 * contents (one line per group and item, `tocLines` a page), then the items: each group starts on a
 * new page; items fill a page up to `usable` mm and never break across pages. Page numbers are
 * physical (the cover is page 1, unnumbered in print).
 */
export function layout(groups: readonly Group[], size: Size): Layout {
  const g = GEOMETRY[size];
  const itemPages: Block[][] = [];
  for (const grp of groups) {
    let page: Block[] = [{ kind: 'group', group: grp, continued: false }];
    let used = groupHeight(g);
    for (const it of grp.items) {
      const h = itemHeight(it, size);
      if (used + h > g.usable && page.some((b) => b.kind === 'item')) {
        itemPages.push(page);
        page = [{ kind: 'group', group: grp, continued: true }];
        used = groupHeight(g);
      }
      page.push({ kind: 'item', item: it, group: grp });
      used += h;
    }
    itemPages.push(page);
  }
  const tocCount = groups.length + groups.reduce((n, grp) => n + grp.items.length, 0);
  const tocPages = Math.max(1, Math.ceil(tocCount / g.tocLines));
  const firstItemPage = 3 + tocPages;
  const toc: TocEntry[] = [];
  itemPages.forEach((blocks, i) => {
    for (const b of blocks) {
      if (b.kind === 'group' && !b.continued) toc.push({ level: 1, title: b.group.title, page: firstItemPage + i, anchor: anchorOf(b.group.key) });
      if (b.kind === 'item') toc.push({ level: 2, title: b.item.name, page: firstItemPage + i, anchor: anchorOf(`item-${b.item.publicId}`) });
    }
  });
  const pages: Page[] = [{ number: 1, kind: 'cover' }, { number: 2, kind: 'preface' }];
  for (let i = 0; i < tocPages; i++) pages.push({ number: 3 + i, kind: 'toc', entries: toc.slice(i * g.tocLines, (i + 1) * g.tocLines), first: i === 0 });
  itemPages.forEach((blocks, i) => pages.push({ number: firstItemPage + i, kind: 'items', blocks }));
  return { size, pages, toc, totalPages: pages.length };
}
