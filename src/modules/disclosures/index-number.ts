// Pure: the 索引号 scheme. A format such as `{org}-{year}-{category}-{serial:5}` (setting
// DISCLOSURE_INDEX_FORMAT) names the parts: {org} organisation code, {year} the year of the
// record's 信息形成日期, {category} the 主题分类 code, {serial} or {serial:N} the serial number
// (at least N digits). The serial counts per combination of the parts the format contains, so the
// result is unique as long as placeholders are separated by literal text (checked here).

export interface IndexParts {
  org: string;
  year: number;
  category: string;
  serial: number;
}

export type IndexFormat = { ok: true; format: string; scope: ('org' | 'year' | 'category')[] } | { ok: false; problem: string };

const TOKEN = /\{([a-z]+)(?::(\d+))?\}/g;
const LITERAL = /^[A-Za-z0-9_./\-〔〕[\]()]*$/;

/** Checks a format; on success returns the parts its serial counts within. */
export function parseIndexFormat(format: string): IndexFormat {
  if (!format || format.length > 100) return { ok: false, problem: '不能为空，且不超过 100 个字符' };
  const scope: ('org' | 'year' | 'category')[] = [];
  let serials = 0;
  let last = 0;
  let prevEnd = -1;
  for (const m of format.matchAll(TOKEN)) {
    const literal = format.slice(last, m.index);
    if (!LITERAL.test(literal)) return { ok: false, problem: `含不允许的字符「${literal}」（只允许字母、数字和 - _ . / 〔〕 [] ()）` };
    if (prevEnd === m.index) return { ok: false, problem: `占位符 ${m[0]} 须与前一个占位符用分隔符隔开，否则索引号可能重复` };
    const name = m[1] as string;
    if (name === 'serial') {
      serials++;
      if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 10)) return { ok: false, problem: '{serial:N} 的位数 N 应为 1–10' };
    } else if (name === 'org' || name === 'year' || name === 'category') {
      if (m[2] !== undefined) return { ok: false, problem: `{${name}} 不带位数` };
      if (scope.includes(name)) return { ok: false, problem: `{${name}} 重复` };
      scope.push(name);
    } else {
      return { ok: false, problem: `未知占位符 {${name}}（可用 {org} {year} {category} {serial:N}）` };
    }
    last = (m.index ?? 0) + m[0].length;
    prevEnd = last;
  }
  if (!LITERAL.test(format.slice(last))) return { ok: false, problem: `含不允许的字符「${format.slice(last)}」` };
  if (serials !== 1) return { ok: false, problem: '须且只能含一个 {serial} 或 {serial:N}' };
  if (format.replace(TOKEN, '').includes('{') || format.replace(TOKEN, '').includes('}')) return { ok: false, problem: '花括号不成对' };
  return { ok: true, format, scope };
}

/** Formats an index number. The format must have passed parseIndexFormat. */
export function formatIndexNo(format: string, parts: IndexParts): string {
  return format.replace(TOKEN, (_, name: string, width: string | undefined) => {
    switch (name) {
      case 'org': return parts.org;
      case 'year': return String(parts.year);
      case 'category': return parts.category;
      default: return String(parts.serial).padStart(width ? Number(width) : 1, '0');
    }
  });
}

/** The key of the serial counter for these parts (only the parts the format contains). */
export function serialScopeKey(scope: readonly ('org' | 'year' | 'category')[], parts: Omit<IndexParts, 'serial'>): string {
  return ['disclosure', ...scope.map((k) => `${k}=${parts[k]}`)].join('|');
}

export const DEFAULT_INDEX_FORMAT = '{org}-{year}-{category}-{serial:5}';
