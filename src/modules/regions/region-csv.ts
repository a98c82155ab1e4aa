// Pure: the region import file format (documented in seed/regions/README.md and
// docs/model/regions.md) — UTF-8 CSV with the header `code,name,level,parent_code`, 12-digit
// NBS codes, level one of province/city/county/township/village. Parsing reports every bad line.
import { impliedParent, levelOfCode, type RegionLevel } from '../../platform/geo/region-code.ts';
import { parseCsv } from '../../platform/csv/csv.ts';

export { levelOfCode };

export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village'];

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡级（乡镇、街道）',
  village: '村级（村、社区）',
};

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface ParseResult {
  rows: RegionRow[];
  /** '第 N 行：…' messages; when non-empty nothing may be imported. */
  errors: string[];
}

/** Parses and checks a region CSV. Every problem is reported with its line number. */
export function parseRegionCsv(text: string): ParseResult {
  // Region names hold no line breaks, so CSV rows are lines and their numbers match the file's.
  const lines = parseCsv(text);
  const errors: string[] = [];
  const rows: RegionRow[] = [];
  const header = lines[0]?.map((h) => h.trim()).join(',');
  if (header !== 'code,name,level,parent_code') {
    return { rows, errors: ['第 1 行：表头必须是 code,name,level,parent_code'] };
  }
  const seen = new Set<string>();
  lines.slice(1).forEach((cols, i) => {
    const lineNo = i + 2;
    if (cols.every((c) => !c.trim())) return;
    if (cols.length !== 4) { errors.push(`第 ${lineNo} 行：应有 4 列，实际 ${cols.length} 列`); return; }
    const [code, name, level, parent] = cols.map((c) => c.trim()) as [string, string, string, string];
    if (!/^\d{12}$/.test(code)) { errors.push(`第 ${lineNo} 行：区划代码必须是 12 位数字（${code}）`); return; }
    if (!name || name.length > 60) { errors.push(`第 ${lineNo} 行：名称不能为空且不超过 60 字`); return; }
    if (!(REGION_LEVELS as readonly string[]).includes(level)) { errors.push(`第 ${lineNo} 行：层级必须是 ${REGION_LEVELS.join('/')} 之一（${level}）`); return; }
    if (levelOfCode(code) !== level) { errors.push(`第 ${lineNo} 行：代码 ${code} 对应层级 ${levelOfCode(code)}，与填写的 ${level} 不符`); return; }
    const expectedParent = impliedParent(code);
    if ((parent || null) !== expectedParent) { errors.push(`第 ${lineNo} 行：上级代码应为 ${expectedParent ?? '空'}（${parent || '空'}）`); return; }
    if (seen.has(code)) { errors.push(`第 ${lineNo} 行：代码 ${code} 重复`); return; }
    seen.add(code);
    rows.push({ code, name, level: level as RegionLevel, parentCode: expectedParent });
  });
  if (!rows.length && !errors.length) errors.push('文件中没有数据行');
  return { rows, errors };
}
