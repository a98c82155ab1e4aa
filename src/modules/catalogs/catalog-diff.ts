// Pure: how a catalogue differs from its baseline (a standard guideline or a higher level's
// catalogue), stated as the seed does: 「较基准目录增加 N 项、删除 M 项、修改 K 项」, with the items
// whose 公开时限 was shortened (龙华: 「从20个工作日减至3个工作日」). Items are matched by their key,
// which a derived catalogue inherits from its baseline.
import { ITEM_FIELDS, sameValue, type CatalogItemInput } from './catalog-model.ts';
import { compareDeadlines, parsePublishDeadline } from './publish-deadline.ts';

export interface DiffItem extends CatalogItemInput {
  key: string;
}

export interface CatalogDiff {
  added: DiffItem[];
  removed: DiffItem[];
  changed: { before: DiffItem; after: DiffItem; fields: string[] }[];
  shortened: { before: DiffItem; after: DiffItem }[];
  unchanged: number;
}

export function diffCatalogs(baseline: DiffItem[], current: DiffItem[]): CatalogDiff {
  const base = new Map(baseline.map((i) => [i.key, i]));
  const seen = new Set<string>();
  const out: CatalogDiff = { added: [], removed: [], changed: [], shortened: [], unchanged: 0 };
  for (const after of current) {
    const before = base.get(after.key);
    if (!before) { out.added.push(after); continue; }
    seen.add(after.key);
    const fields = ITEM_FIELDS.filter(({ field }) => !sameValue(before[field], after[field])).map((f) => f.label);
    if (!fields.length) { out.unchanged++; continue; }
    out.changed.push({ before, after, fields });
    if (compareDeadlines(parsePublishDeadline(before.deadlineText), parsePublishDeadline(after.deadlineText)) === 'shorter') out.shortened.push({ before, after });
  }
  for (const b of baseline) if (!seen.has(b.key)) out.removed.push(b);
  return out;
}

export function diffSummary(d: CatalogDiff): string {
  return `较基准目录增加 ${d.added.length} 项、删除 ${d.removed.length} 项、修改 ${d.changed.length} 项`;
}
