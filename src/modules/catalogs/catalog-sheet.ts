// Pure: a catalogue sheet (the official table layout) read from and written to a grid of cell
// texts with merged ranges. The same grid comes from .xlsx (exceljs) and .csv, so one parser
// accepts the variants of real catalogues (regulations.md §3.3 and the seed's tables):
//   - a title row, then a one- or two-row header (公开事项 over 一级事项/二级事项, or one 公开事项
//     column; 公开对象/公开方式/公开层级 with tick sub-columns, or single columns);
//   - 特定群众/特定对象/特定群体; 主动/主动公开; 依申请/依申请公开; 公开层级 as 县级/乡级,
//     区级/街道级/社区级, 县级/乡级/村级 or 县级/镇、村级;
//   - ticks √ ✓ ✔ ☑ ■; 一级事项 (and other text columns) merged or left blank over its rows.
import { CATALOG_LEVELS, levelLabel, parseChannels, type CatalogItemInput, type CatalogLevel } from './catalog-model.ts';
import { parsePublishDeadline } from './publish-deadline.ts';

export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A sheet as rows of cell texts (0-based) and its merged ranges. */
export interface Grid {
  name: string;
  cells: string[][];
  merges: Merge[];
}

export interface SheetProblem {
  /** 1-based row as Excel shows it (null for the whole sheet). */
  row: number | null;
  column: string | null;
  message: string;
}

export interface ParsedSheet {
  title: string | null;
  items: CatalogItemInput[];
  errors: SheetProblem[];
  warnings: SheetProblem[];
}

type Col =
  | 'seq' | 'level1' | 'level2' | 'item' | 'content' | 'basis' | 'deadline' | 'body' | 'channels'
  | 'audiencePublic' | 'audienceSpecific' | 'audience' | 'modeProactive' | 'modeOnRequest' | 'mode'
  | 'tierCounty' | 'tierTownship' | 'tierVillage' | 'tierTownshipVillage' | 'tier';

const COL_LABEL: Record<Col, string> = {
  seq: '序号', level1: '一级事项', level2: '二级事项', item: '公开事项', content: '公开内容（要素）', basis: '公开依据',
  deadline: '公开时限', body: '公开主体', channels: '公开渠道和载体', audiencePublic: '公开对象·全社会',
  audienceSpecific: '公开对象·特定群众', audience: '公开对象', modeProactive: '公开方式·主动', modeOnRequest: '公开方式·依申请公开',
  mode: '公开方式', tierCounty: '公开层级·县级', tierTownship: '公开层级·乡级', tierVillage: '公开层级·村级',
  tierTownshipVillage: '公开层级·乡、村级', tier: '公开层级',
};

/** Text columns that may be merged down over several rows (meaning "the same for each row"). */
const MERGE_DOWN_OK: Col[] = ['level1', 'level2', 'item', 'content', 'basis', 'deadline', 'body', 'channels'];

function norm(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')');
}

function topColumn(t: string): Col | null {
  if (t === '序号') return 'seq';
  if (t === '公开事项' || t === '事项名称') return 'item';
  if (t === '一级事项') return 'level1';
  if (t === '二级事项') return 'level2';
  if (t.startsWith('公开内容')) return 'content';
  if (t === '公开依据') return 'basis';
  if (t === '公开时限') return 'deadline';
  if (t === '公开主体' || t === '责任主体' || t === '公开责任主体') return 'body';
  if (t.startsWith('公开渠道') || t === '公开载体') return 'channels';
  if (t === '公开对象') return 'audience';
  if (t === '公开方式') return 'mode';
  if (t === '公开层级') return 'tier';
  return null;
}

// 公开层级 sub-column names (after norm): 县级, 区县级, 县（市、区）级; 乡级, 镇（街道）级, 街道（乡镇）级;
// 村级, 社区（村）级, 村（居）级; and township + village together: 镇、村级, 乡（镇）、村（社区）级.
const COUNTY = '县|区|县区|区县|县\\(区\\)|区\\(县\\)|县\\(市、区\\)|县\\(市\\)';
const TOWNSHIP = '乡|镇|街道|乡镇|镇街|乡\\(镇\\)|乡镇\\(街道\\)|街道\\(乡镇\\)|镇\\(街道\\)|乡\\(镇、街道\\)';
const VILLAGE = '村|社区|村\\(社区\\)|社区\\(村\\)|村\\(居\\)|村居';

function subColumn(top: Col | null, t: string): Col | null {
  if (top === 'item' || top === null) {
    if (t === '一级事项') return 'level1';
    if (t === '二级事项') return 'level2';
  }
  if (top === 'audience' || top === null) {
    if (t === '全社会') return 'audiencePublic';
    if (/^特定(群众|对象|群体)$/.test(t)) return 'audienceSpecific';
  }
  if (top === 'mode' || top === null) {
    if (t === '主动' || t === '主动公开') return 'modeProactive';
    if (t === '依申请' || t === '依申请公开') return 'modeOnRequest';
  }
  if (top === 'tier' || top === null) {
    if (new RegExp(`^(${COUNTY})级$`).test(t)) return 'tierCounty';
    if (new RegExp(`^(${TOWNSHIP})级$`).test(t)) return 'tierTownship';
    if (new RegExp(`^(${VILLAGE})级$`).test(t)) return 'tierVillage';
    if (new RegExp(`^(${TOWNSHIP})、?(${VILLAGE})级$`).test(t)) return 'tierTownshipVillage';
  }
  return null;
}

const TICK = /^[√✓✔☑■●✅]$|^(是|有|Y|y)$/;
const NO_TICK = /^$|^[×✗□☐否无—\-/]$/;

type Tick = boolean | 'bad';
function tickOf(cell: string): Tick {
  const t = norm(cell).replace(/[\uFE0E\uFE0F]/g, ''); // ✔️ ☑️ pasted as emoji carry a variation selector
  if (TICK.test(t)) return true;
  if (NO_TICK.test(t)) return false;
  return 'bad';
}

/** Expands merged ranges: every cell of a range gets the text of its top-left cell. */
function expand(grid: Grid): string[][] {
  const rows = grid.cells.map((r) => r.map((c) => (c ?? '').toString()));
  for (const m of grid.merges) {
    const v = rows[m.top]?.[m.left] ?? '';
    for (let r = m.top; r <= m.bottom; r++) {
      rows[r] ??= [];
      for (let c = m.left; c <= m.right; c++) rows[r]![c] = v;
    }
  }
  return rows;
}

function findHeader(rows: string[][]): number {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const names = (rows[r] ?? []).map(norm);
    const hasItem = names.some((n) => n === '公开事项' || n === '一级事项' || n === '事项名称');
    const hasContent = names.some((n) => n.startsWith('公开内容'));
    if (hasItem && hasContent) return r;
  }
  return -1;
}

export interface SheetContext {
  /** The catalogue's own level: a lone tick under a single 公开层级 column means this level. */
  level: CatalogLevel;
}

export function parseSheet(grid: Grid, ctx: SheetContext): ParsedSheet {
  const errors: SheetProblem[] = [];
  const warnings: SheetProblem[] = [];
  const rows = expand(grid);
  const out: ParsedSheet = { title: null, items: [], errors, warnings };
  const h = findHeader(rows);
  if (h < 0) {
    errors.push({ row: null, column: null, message: '表头不正确：前10行中没有同时包含「公开事项」（或「一级事项」）与「公开内容（要素）」的表头行' });
    return out;
  }
  for (let r = 0; r < h; r++) {
    const text = (rows[r] ?? []).map((c) => c.trim()).find(Boolean);
    if (text) { out.title = text; break; }
  }

  // Columns: a top header, and a sub-header row when the next row names sub-columns.
  const top = (rows[h] ?? []).map(norm);
  const next = (rows[h + 1] ?? []).map(norm);
  // The next row is a sub-header when it names sub-columns — unless it is a data row of a one-row
  // header whose single 公开对象/公开方式 columns say 全社会/主动公开: a data row fills 公开内容.
  const contentAt = top.findIndex((t) => t.startsWith('公开内容'));
  const nextIsData = contentAt >= 0 && !!next[contentAt] && next[contentAt] !== top[contentAt];
  const hasSub = !nextIsData && next.some((t) => t && subColumn(null, t) !== null);
  const width = Math.max(top.length, hasSub ? next.length : 0);
  const cols: (Col | null)[] = [];
  let group: Col | null = null;
  for (let c = 0; c < width; c++) {
    const t = top[c] ?? '';
    const below = hasSub ? next[c] ?? '' : '';
    const s = below === t ? '' : below; // a header cell merged down over both header rows
    const tc: Col | null = t ? topColumn(t) : group; // an empty top cell continues the group on its left
    if (t) group = tc;
    let col: Col | null = null;
    if (s) {
      col = subColumn(tc, s);
      if (!col) {
        if (t || tc) errors.push({ row: h + 2, column: t || null, message: `表头不正确：无法识别列名「${s}」` });
        continue;
      }
    } else if (t) {
      // A one-row header flattened from the official table names tick columns directly (全社会, 主动, 乡级 …).
      col = tc ?? (hasSub ? null : subColumn(null, t));
      if (!col) { warnings.push({ row: h + 1, column: t, message: `已忽略无法识别的列「${t}」` }); }
    }
    if (col && cols.includes(col)) {
      errors.push({ row: h + 1, column: COL_LABEL[col], message: `表头不正确：「${COL_LABEL[col]}」列重复` });
      continue;
    }
    cols[c] = col;
  }
  const has = (c: Col) => cols.includes(c);
  if (!has('item') && !has('level1') && !has('level2')) errors.push({ row: h + 1, column: '公开事项', message: '表头不正确：缺少「公开事项」列' });
  if (!has('content')) errors.push({ row: h + 1, column: '公开内容（要素）', message: '表头不正确：缺少「公开内容（要素）」列' });
  if (!has('mode') && !has('modeProactive') && !has('modeOnRequest')) errors.push({ row: h + 1, column: '公开方式', message: '表头不正确：缺少「公开方式」列' });
  if (errors.length) return out;

  const first = h + (hasSub ? 2 : 1);
  const colIndex = (c: Col) => cols.indexOf(c);

  // Merged cells inside the table: vertical merges are fine in text columns (they mean "same as
  // above"); a merge across several columns, or over 序号 / tick columns, cannot be read safely.
  for (const m of grid.merges) {
    if (m.bottom < first) continue;
    const spanned = cols.slice(m.left, m.right + 1).filter(Boolean) as Col[];
    if (m.right > m.left && spanned.length > 1) {
      errors.push({ row: m.top + 1, column: COL_LABEL[spanned[0]!], message: `合并单元格跨越了「${spanned.map((c) => COL_LABEL[c]).join('」「')}」多列，无法识别，请取消合并` });
    } else if (m.bottom > m.top && spanned[0] && !MERGE_DOWN_OK.includes(spanned[0])) {
      errors.push({ row: m.top + 1, column: COL_LABEL[spanned[0]], message: `第${m.top + 1}–${m.bottom + 1}行合并了「${COL_LABEL[spanned[0]]}」单元格，无法区分各事项，请取消合并` });
    }
  }

  const prev: { level1?: string } = {};
  for (let r = first; r < rows.length; r++) {
    const raw = rows[r] ?? [];
    const get = (c: Col) => { const i = colIndex(c); return i < 0 ? '' : (raw[i] ?? '').trim(); };
    if (cols.every((c, i) => !c || !(raw[i] ?? '').trim())) continue; // blank line
    const rowNo = r + 1;
    const problem = (column: string, message: string) => errors.push({ row: rowNo, column, message });
    const cell: Partial<Record<Col, string>> = {};
    for (const c of cols) if (c) cell[c] = get(c);
    // 一级事项 spans its 二级事项 rows: merged, or left blank below the first.
    if (!cell.level1 && cell.level2 && prev.level1) cell.level1 = prev.level1;
    let level1 = cell.level1 ?? '';
    let level2 = cell.level2 ?? '';
    if (has('item')) { level1 = cell.item ?? ''; level2 = ''; }
    if (!level1 && !level2) problem('公开事项', '未填写');
    if (!level1 && level2) { level1 = level2; }
    if (!cell.content) problem('公开内容（要素）', '未填写');

    const tick = (c: Col): boolean => {
      if (!has(c)) return false;
      const v = tickOf(cell[c] ?? '');
      if (v === 'bad') { problem(COL_LABEL[c], `无法识别「${cell[c]}」，请填写 √ 或留空`); return false; }
      return v;
    };
    let audiencePublic = tick('audiencePublic');
    let audienceSpecific = tick('audienceSpecific');
    let modeProactive = tick('modeProactive');
    let modeOnRequest = tick('modeOnRequest');
    let tierCounty = tick('tierCounty');
    let tierTownship = tick('tierTownship');
    let tierVillage = tick('tierVillage');
    if (tick('tierTownshipVillage')) { tierTownship = true; tierVillage = true; }
    // Single columns: a tick means the usual value; words say which.
    if (has('audience')) {
      const t = norm(cell.audience ?? '');
      if (tickOf(t) === true || t.includes('全社会')) audiencePublic = true;
      if (/特定/.test(t)) audienceSpecific = true;
    }
    if (has('mode')) {
      const t = norm(cell.mode ?? '');
      if (tickOf(t) === true || /^主动/.test(t) || /[^申]主动/.test(t)) modeProactive = true;
      if (/依申请/.test(t)) modeOnRequest = true;
    }
    if (has('tier')) {
      const t = norm(cell.tier ?? '');
      if (tickOf(t) === true) { tierCounty ||= ctx.level === 'county'; tierTownship ||= ctx.level === 'township'; tierVillage ||= ctx.level === 'village'; }
      if (/[县区]/.test(t)) tierCounty = true;
      if (/[乡镇]|街道/.test(t)) tierTownship = true;
      if (/[村]|社区/.test(t)) tierVillage = true;
    }
    if (!modeProactive && !modeOnRequest) problem('公开方式', '未勾选');
    const deadlineText = cell.deadline ?? '';
    if (deadlineText && parsePublishDeadline(deadlineText).kind === 'unparsed') {
      warnings.push({ row: rowNo, column: '公开时限', message: `无法识别「${deadlineText}」，已按原文保存并标记` });
    }
    if (has('level1')) prev.level1 = level1;
    out.items.push({
      seq: out.items.length + 1, level1, level2, content: cell.content ?? '', basis: cell.basis ?? '', deadlineText,
      body: cell.body ?? '', channels: parseChannels(cell.channels ?? ''),
      audiencePublic, audienceSpecific, modeProactive, modeOnRequest, tierCounty, tierTownship, tierVillage,
    });
  }
  if (!out.items.length && !errors.length) errors.push({ row: null, column: null, message: '表格中没有事项' });
  return out;
}

/** The domain a title names: «海珠区赤岗街户籍管理领域基层政务公开标准目录» → 户籍管理 (the longest match). */
export function domainInTitle(title: string | null, domainNames: string[]): string | null {
  if (!title) return null;
  const t = norm(title);
  let best: string | null = null;
  for (const d of domainNames) if (t.includes(norm(d)) && (!best || d.length > best.length)) best = d;
  return best;
}

/** Chinese text of a problem: 第7行「公开方式」：未勾选. */
export function describeProblem(p: SheetProblem, sheet?: string): string {
  const where = `${sheet ? `工作表「${sheet}」` : ''}${p.row ? `第${p.row}行` : ''}${p.column ? `「${p.column}」` : ''}`;
  return where ? `${where}：${p.message}` : p.message;
}

export const EXPORT_COLUMNS = 15;

/** The official two-row-header layout with a title row; 一级事项 merged over its rows. */
export function sheetOf(title: string, items: CatalogItemInput[], urban: boolean, sheetName: string): Grid {
  const tierLabels = CATALOG_LEVELS.values.map((v) => levelLabel(v.code, urban));
  const cells: string[][] = [
    [title, ...Array(EXPORT_COLUMNS - 1).fill('')],
    ['序号', '公开事项', '', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '', '公开方式', '', '公开层级', '', ''],
    ['', '一级事项', '二级事项', '', '', '', '', '', '全社会', '特定群众', '主动', '依申请公开', ...tierLabels],
  ];
  const merges: Merge[] = [
    { top: 0, left: 0, bottom: 0, right: EXPORT_COLUMNS - 1 },
    { top: 1, left: 1, bottom: 1, right: 2 },
    { top: 1, left: 8, bottom: 1, right: 9 },
    { top: 1, left: 10, bottom: 1, right: 11 },
    { top: 1, left: 12, bottom: 1, right: 14 },
    ...[0, 3, 4, 5, 6, 7].map((c) => ({ top: 1, left: c, bottom: 2, right: c })),
  ];
  const v = (b: boolean) => (b ? '√' : '');
  let runStart = -1;
  items.forEach((it, i) => {
    const r = cells.length;
    const sameAsAbove = i > 0 && it.level2 !== '' && items[i - 1]!.level1 === it.level1 && items[i - 1]!.level2 !== '';
    cells.push([
      String(i + 1), sameAsAbove ? '' : it.level1, it.level2, it.content, it.basis, it.deadlineText, it.body,
      it.channels.map((c) => c.text).join('\n'), v(it.audiencePublic), v(it.audienceSpecific), v(it.modeProactive),
      v(it.modeOnRequest), v(it.tierCounty), v(it.tierTownship), v(it.tierVillage),
    ]);
    if (!sameAsAbove) runStart = r;
    const last = i === items.length - 1 || !(items[i + 1]!.level1 === it.level1 && items[i + 1]!.level2 !== '' && it.level2 !== '');
    if (last && r > runStart) merges.push({ top: runStart, left: 1, bottom: r, right: 1 });
  });
  return { name: sheetName, cells, merges };
}

// ---------- The district workbook (一本通): sheet names and the 目录 sheet ----------

/** Excel's limits on a sheet name: 1–31 characters, none of \ / ? * [ ] :, no apostrophe at either end; unique ignoring case. */
export const SHEET_NAME_MAX = 31;
export const INDEX_SHEET_NAME = '目录';

/** An organisation's name without the suffix every one of its kind carries: 赤岗街道办事处 → 赤岗街道. */
export function shortOrgName(name: string, rootName = ''): string {
  const strip = (n: string) => n.replace(/(人民政府|办事处|居民委员会|村民委员会)$/, '') || n;
  const root = strip(rootName);
  let n = strip(name);
  // 海珠区来穗人员服务管理局 under 海珠区: the district is the workbook's own, say it once.
  if (root && n !== root && n.startsWith(root) && n.length > root.length + 1) n = n.slice(root.length);
  return n;
}

function cleanSheetText(s: string): string {
  return s.replace(/[\\/?*[\]:]/g, '_').replace(/[\u0000-\u001f]/g, '').trim(); // eslint-disable-line no-control-regex
}

/**
 * Unique, valid sheet names «单位-领域» for a workbook's catalogues (the 目录 sheet's name is taken):
 * cut to 31 characters keeping the domain whole, then numbered (2), (3)… where two would clash.
 */
export function workbookSheetNames(entries: readonly { orgName: string; domainName: string }[], rootName: string): string[] {
  const used = new Set<string>([INDEX_SHEET_NAME.toLowerCase(), 'history']);
  // Lengths in UTF-16 units, as Excel counts them; a character outside the BMP is never split.
  const cut = (s: string, n: number) => {
    let out = '';
    for (const ch of s) { if (out.length + ch.length > n) break; out += ch; }
    return out;
  };
  const fit = (org: string, domain: string, suffix: string): string => {
    const d = cut(domain, 20);
    const o = cut(org, Math.max(0, SHEET_NAME_MAX - suffix.length - (d ? d.length + 1 : 0)));
    const name = `${o}${o && d ? '-' : ''}${d}`.replace(/^'+|'+$/g, '');
    return `${name || '表'}${suffix}`;
  };
  return entries.map((e) => {
    const org = cleanSheetText(shortOrgName(e.orgName, rootName));
    const domain = cleanSheetText(e.domainName);
    let name = fit(org, domain, '');
    for (let i = 2; used.has(name.toLowerCase()); i++) name = fit(org, domain, `(${i})`);
    used.add(name.toLowerCase());
    return name;
  });
}

export interface WorkbookEntry {
  sheetName: string;
  orgName: string;
  orgCode: string;
  domainName: string;
  title: string;
  versionNo: number;
  publishedOn: string;
  items: number;
}

export const INDEX_HEADER = ['序号', '工作表', '单位', '单位代码', '领域', '目录名称', '版本', '发布日期', '事项数'];

/** The 目录 sheet of a workbook this platform wrote (its name and exact header row): an import skips it. */
export function isIndexGrid(grid: Grid): boolean {
  const header = (grid.cells[1] ?? []).map((c) => c.trim());
  return grid.name === INDEX_SHEET_NAME && INDEX_HEADER.every((h, i) => header[i] === h);
}

/** The first sheet of the district workbook: a title, then one row per catalogue sheet. */
export function indexGrid(title: string, entries: readonly WorkbookEntry[]): Grid {
  const total = entries.reduce((n, e) => n + e.items, 0);
  const cells: string[][] = [
    [title, ...Array(INDEX_HEADER.length - 1).fill('')],
    [...INDEX_HEADER],
    ...entries.map((e, i) => [String(i + 1), e.sheetName, e.orgName, e.orgCode, e.domainName, e.title, `第${e.versionNo}版`, e.publishedOn, String(e.items)]),
    ['', '合计', `${new Set(entries.map((e) => e.orgCode)).size}个单位`, '', '', `${entries.length}个目录`, '', '', String(total)],
  ];
  return { name: INDEX_SHEET_NAME, cells, merges: [{ top: 0, left: 0, bottom: 0, right: INDEX_HEADER.length - 1 }] };
}
