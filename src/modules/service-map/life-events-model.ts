// Life events as data (issue 22 §5), no I/O: the set document a government edits (stages per
// audience with their items by public id and catalogue references), the import rows → document
// check (every problem by row), the export rows, and the summary of changes between two versions.
import { parseEnum } from '../../platform/web/enums.ts';
import { AUDIENCES, LIFE_EVENT_STAGES, type Audience } from './service-map.ts';
import { lifeEventStrings as s } from './life-events.strings.ts';

export interface SetStage {
  audience: Audience;
  slug: string;
  name: string;
  description: string;
  /** Item public ids, in order. */
  items: string[];
  /** Catalogue references `ORG/领域/一级事项[/二级事项]` (catalogs module resolveItemRefs). */
  catalogue: string[];
}
/** A set: the stages in order (position = order within its audience). */
export interface SetDoc { stages: SetStage[] }

export const LIMITS = { stagesPerAudience: 40, itemsPerStage: 200, cataloguePerStage: 50, rows: 5000, nameChars: 40, descriptionChars: 500, refChars: 200 } as const;
export const SLUG_RE = /^[a-z][a-z0-9_]{0,39}$/;

/** The import/export columns (Chinese headers; English keys accepted in JSONL). */
export const COLUMNS = [
  { key: 'audience', header: s.columns.audience, aliases: ['audience'] },
  { key: 'slug', header: s.columns.slug, aliases: ['slug', 'stage_code'] },
  { key: 'stage', header: s.columns.stage, aliases: ['stage', 'name'] },
  { key: 'description', header: s.columns.description, aliases: ['description'] },
  { key: 'item', header: s.columns.item, aliases: ['item', 'items', s.columns.itemAlias, 'item_code'] },
  { key: 'catalogue', header: s.columns.catalogue, aliases: ['catalogue', 'catalog'] },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];
/** One import row: its number in the file (header = row 1 in a sheet; line number in JSONL) and its values (lists for the per-stage JSONL form). */
export interface ImportRow { row: number; values: Partial<Record<ColumnKey, string | string[]>> }
export interface RowError { row: number; message: string }

/** The column of a header text (Chinese or English), or null. */
export function columnOf(header: string): ColumnKey | null {
  const h = header.trim().replace(/\s+/g, '');
  const c = COLUMNS.find((x) => x.header === h || (x.aliases as readonly string[]).includes(h.toLowerCase()) || (x.aliases as readonly string[]).includes(h));
  return c ? c.key : null;
}

function list(v: string | string[] | undefined): string[] {
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[；;\n、,，]/) : [];
  return raw.map((x) => String(x).trim()).filter(Boolean);
}
const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('；') : v ?? '').trim();

/** The default stage slug for a name (营业登记 → start), else a slug from the position. */
function slugFor(audience: Audience, name: string, taken: Set<string>): string {
  const known = LIFE_EVENT_STAGES[audience].find((x) => x.name === name)?.slug;
  if (known && !taken.has(known)) return known;
  let n = taken.size + 1;
  while (taken.has(`stage_${n}`)) n++;
  return `stage_${n}`;
}

/**
 * Rows → a set document. `resolveItem` gives the public id of an item code (public id, 基本编码 or
 * 实施编码) the government may use, or null. All or nothing: any error and no document.
 */
export function rowsToDoc(rows: readonly ImportRow[], resolveItem: (code: string) => string | null): { doc: SetDoc } | { errors: RowError[] } {
  const errors: RowError[] = [];
  if (rows.length > LIMITS.rows) return { errors: [{ row: 0, message: s.errors.tooManyRows(LIMITS.rows) }] };
  const stages: SetStage[] = [];
  const byKey = new Map<string, SetStage>();
  const slugs: Record<Audience, Set<string>> = { enterprise: new Set(), personal: new Set() };
  for (const r of rows) {
    const v = r.values;
    const audienceText = text(v.audience);
    const audience = parseEnum(AUDIENCES, audienceText);
    if (!audience) { errors.push({ row: r.row, message: s.errors.audience(audienceText) }); continue; }
    const name = text(v.stage);
    const slugText = text(v.slug);
    if (!name) { errors.push({ row: r.row, message: s.errors.stageMissing }); continue; }
    if ([...name].length > LIMITS.nameChars) { errors.push({ row: r.row, message: s.errors.stageTooLong(LIMITS.nameChars) }); continue; }
    if (slugText && !SLUG_RE.test(slugText)) { errors.push({ row: r.row, message: s.errors.slug(slugText) }); continue; }
    const key = `${audience}\u0000${name}`;
    let st = byKey.get(key);
    if (!st) {
      const slug = slugText || slugFor(audience, name, slugs[audience]);
      if (slugs[audience].has(slug)) { errors.push({ row: r.row, message: s.errors.slugTwice(slug) }); continue; }
      if (stages.filter((x) => x.audience === audience).length >= LIMITS.stagesPerAudience) { errors.push({ row: r.row, message: s.errors.tooManyStages(LIMITS.stagesPerAudience) }); continue; }
      slugs[audience].add(slug);
      st = { audience, slug, name, description: '', items: [], catalogue: [] };
      byKey.set(key, st);
      stages.push(st);
    } else if (slugText && slugText !== st.slug) { errors.push({ row: r.row, message: s.errors.slugConflict(name, st.slug, slugText) }); continue; }
    const description = text(v.description);
    if ([...description].length > LIMITS.descriptionChars) { errors.push({ row: r.row, message: s.errors.descriptionTooLong(LIMITS.descriptionChars) }); continue; }
    if (description && !st.description) st.description = description;
    else if (description && description !== st.description) { errors.push({ row: r.row, message: s.errors.descriptionConflict(name) }); continue; }
    for (const code of list(v.item)) {
      const id = resolveItem(code);
      if (!id) { errors.push({ row: r.row, message: s.errors.itemUnknown(code) }); continue; }
      if (!st.items.includes(id)) st.items.push(id);
    }
    for (const ref of list(v.catalogue)) {
      if ([...ref].length > LIMITS.refChars || ref.split('/').length < 3) { errors.push({ row: r.row, message: s.errors.catalogueRef(ref.slice(0, 60)) }); continue; }
      if (!st.catalogue.includes(ref)) st.catalogue.push(ref);
    }
    if (st.items.length > LIMITS.itemsPerStage) errors.push({ row: r.row, message: s.errors.tooManyItems(name, LIMITS.itemsPerStage) });
    if (st.catalogue.length > LIMITS.cataloguePerStage) errors.push({ row: r.row, message: s.errors.tooManyRefs(name, LIMITS.cataloguePerStage) });
  }
  if (!rows.length) errors.push({ row: 0, message: s.errors.fileEmpty });
  if (errors.length) return { errors: dedupe(errors) };
  return { doc: { stages: sortByAudience(stages) } };
}

function dedupe(errors: RowError[]): RowError[] {
  const seen = new Set<string>();
  return errors.filter((e) => { const k = `${e.row}\u0000${e.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** Enterprise stages first, then personal; the order within an audience kept. */
export function sortByAudience(stages: readonly SetStage[]): SetStage[] {
  return AUDIENCES.values.flatMap((a) => stages.filter((x) => x.audience === a.code));
}

/** The export rows (one per stage-item link; a stage without items one row; catalogue refs on the stage's first row). */
export function docToRows(doc: SetDoc): string[][] {
  const out: string[][] = [COLUMNS.map((c) => c.header)];
  for (const st of sortByAudience(doc.stages)) {
    const audience = AUDIENCES.values.find((a) => a.code === st.audience)?.label ?? st.audience;
    const items = st.items.length ? st.items : [''];
    items.forEach((item, k) => out.push([audience, st.slug, st.name, k === 0 ? st.description : '', item, k === 0 ? st.catalogue.join('；') : '']));
  }
  return out;
}

/** The default stages (life-events.defaults.json), no items. */
export function defaultDoc(): SetDoc {
  return { stages: AUDIENCES.values.flatMap((a) => LIFE_EVENT_STAGES[a.code].map((x) => ({ audience: a.code, slug: x.slug, name: x.name, description: x.description, items: [], catalogue: [] }))) };
}

/** What publishing `next` changes against `prev` (Chinese lines; empty: nothing). */
export function summariseChanges(prev: SetDoc, next: SetDoc): string[] {
  const out: string[] = [];
  for (const a of AUDIENCES.values) {
    const p = prev.stages.filter((x) => x.audience === a.code);
    const n = next.stages.filter((x) => x.audience === a.code);
    for (const st of n) {
      const old = p.find((x) => x.slug === st.slug);
      if (!old) { out.push(s.diff.added(a.label, st.name, st.items.length)); continue; }
      if (old.name !== st.name) out.push(s.diff.renamed(a.label, old.name, st.name));
      if (old.description !== st.description) out.push(s.diff.described(a.label, st.name));
      const plus = st.items.filter((i) => !old.items.includes(i)).length;
      const minus = old.items.filter((i) => !st.items.includes(i)).length;
      if (plus || minus) out.push(s.diff.items(a.label, st.name, plus, minus));
      const cPlus = st.catalogue.filter((i) => !old.catalogue.includes(i)).length;
      const cMinus = old.catalogue.filter((i) => !st.catalogue.includes(i)).length;
      if (cPlus || cMinus) out.push(s.diff.catalogue(a.label, st.name, cPlus, cMinus));
    }
    for (const old of p) if (!n.some((x) => x.slug === old.slug)) out.push(s.diff.removed(a.label, old.name));
    const common = n.filter((x) => p.some((y) => y.slug === x.slug)).map((x) => x.slug);
    const commonPrev = p.filter((x) => n.some((y) => y.slug === x.slug)).map((x) => x.slug);
    if (common.join() !== commonPrev.join()) out.push(s.diff.reordered(a.label));
  }
  return out;
}
