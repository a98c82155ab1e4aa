// Pure: 12345 work orders from a CSV file with the fields of the 12345 platform's list (seed:
// 「工单编号 创建工号 工单标题 工单内容 来电时间 计划完成时间 工单类型 工单状态」). Every row is
// checked; any error refuses the whole file (all-or-nothing), with the row number.
// Work-order types: 咨询、求助、投诉、举报、建议、感谢、其他 (regulations.md §5.3, 唐山's monthly
// statistics; 黑龙江 builds in 咨询、投诉、求助、建议、举报).

import { decodeText, parseCsv } from '../../platform/csv/csv.ts';
import { defineEnum, labelOf, parseEnum } from '../../platform/web/enums.ts';
import { RATING_LABELS, RATINGS, type HotlineChange, type MessageEvent, type Rating } from './workflow.ts';

export const ORDER_TYPES = ['咨询', '求助', '投诉', '举报', '建议', '感谢', '其他'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
/** The types with codes for the API (consult or 咨询 …); stored and exported as the platform's Chinese word. */
export const ORDER_TYPE_ENUM = defineEnum<string>(([['consult', '咨询'], ['help', '求助'], ['complaint', '投诉'], ['report', '举报'], ['suggestion', '建议'], ['thanks', '感谢'], ['other', '其他']] as const).map(([code, label]) => ({ code, label })));

export const HOTLINE_HEADERS = ['工单编号', '创建工号', '工单标题', '工单内容', '来电时间', '计划完成时间', '工单类型', '工单状态'] as const;
/** Optional column: when an order was finished on the hotline platform (needed for 按时办结率 of orders imported closed). */
export const CLOSED_AT_HEADER = '办结时间';

/**
 * Largest 12345 CSV the staff upload form takes (checked while the upload streams in, before any
 * parsing): a day's or a month's export of a county is well under 1 MB (about 1 KB an order);
 * a larger file is split by date, or imported with the CLI (`gongkai hotline import`).
 */
export const HOTLINE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/**
 * States of the hotline platform in which the handling unit's answer is with the platform (being
 * reviewed, awaiting the callback): an order closed here stays closed when the platform sends one
 * of them — the platform is checking the closure, it has not sent the order back.
 */
export const AWAITING_PLATFORM_STATUSES = ['已反馈', '已回复', '待审核', '审核中', '回复待审核', '待回访', '回访中'];

/** States of the hotline platform that mean the order is finished (「服务坐席结束工单」 = answered directly by the agent). */
export const CLOSED_STATUSES = ['服务坐席结束工单', '满意', '基本满意', '不满意', '已办结', '办结', '已回访'];

export interface WorkOrderInput {
  workOrderNo: string;
  operatorNo: string;
  title: string;
  content: string;
  /** 'YYYY-MM-DD HH:MM:SS' local time (Asia/Shanghai). */
  calledAt: string;
  plannedAt: string | null;
  orderType: OrderType;
  status: string;
  /** 办结时间 'YYYY-MM-DD HH:MM:SS' when the file or API gives it (only for a finished order). */
  closedAt: string | null;
}

/** Rows of a hotline CSV without blank lines (RFC 4180 quotes; BOM and CRLF tolerated). */
export function parseCsvRows(text: string): string[][] {
  return parseCsv(text).filter((r) => r.some((x) => x.trim() !== ''));
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A hotline date-time as typed, normalised to 'YYYY-MM-DD HH:MM:SS', or null when invalid. */
export function parseLocalDateTime(v: string): string | null {
  const m = DATETIME.exec(v.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se ?? 0)));
  const iso = `${y}-${mo}-${d} ${h}:${mi}:${se ?? '00'}`;
  return date.toISOString().slice(0, 19).replace('T', ' ') === iso ? iso : null;
}

/** Checks one work order (from the API or a CSV row); returns reasons, empty when valid. */
export function validateWorkOrder(w: Partial<Record<keyof WorkOrderInput, unknown>>): { value: WorkOrderInput | null; reasons: string[] } {
  const reasons: string[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const no = str(w.workOrderNo);
  if (!/^[A-Za-z0-9-]{4,40}$/.test(no)) reasons.push(`工单编号“${no}”应为 4–40 位字母、数字或连字符`);
  const title = str(w.title);
  if (!title) reasons.push('缺少工单标题');
  else if (title.length > 100) reasons.push('工单标题超过 100 个字');
  const content = str(w.content);
  if (!content) reasons.push('缺少工单内容');
  else if (content.length > 5000) reasons.push('工单内容超过 5000 个字');
  const calledAt = parseLocalDateTime(str(w.calledAt));
  if (!calledAt) reasons.push(`来电时间“${str(w.calledAt)}”应为 YYYY-MM-DD HH:MM:SS`);
  const plannedRaw = str(w.plannedAt);
  const plannedAt = plannedRaw === '' || plannedRaw === '-' ? null : parseLocalDateTime(plannedRaw);
  if (plannedRaw !== '' && plannedRaw !== '-' && !plannedAt) reasons.push(`计划完成时间“${plannedRaw}”应为 YYYY-MM-DD HH:MM:SS 或“-”`);
  if (calledAt && plannedAt && plannedAt < calledAt) reasons.push('计划完成时间早于来电时间');
  const typeCode = parseEnum(ORDER_TYPE_ENUM, str(w.orderType));
  const type = typeCode === null ? undefined : (labelOf(ORDER_TYPE_ENUM, typeCode) as OrderType);
  if (!type) reasons.push(`工单类型“${str(w.orderType)}”应为 ${ORDER_TYPES.join('、')} 之一`);
  const status = str(w.status);
  if (!status) reasons.push('缺少工单状态');
  const operatorNo = str(w.operatorNo);
  if (operatorNo.length > 40) reasons.push('创建工号超过 40 个字符');
  const closedRaw = str(w.closedAt);
  const closedAt = closedRaw === '' || closedRaw === '-' ? null : parseLocalDateTime(closedRaw);
  if (closedRaw !== '' && closedRaw !== '-') {
    if (!closedAt) reasons.push(`办结时间“${closedRaw}”应为 YYYY-MM-DD HH:MM:SS 或“-”`);
    else if (calledAt && closedAt < calledAt) reasons.push('办结时间早于来电时间');
    else if (status && !CLOSED_STATUSES.includes(status)) reasons.push(`工单状态“${status}”不是办结状态，不能填写办结时间`);
  }
  if (reasons.length || !calledAt || !type) return { value: null, reasons };
  return { value: { workOrderNo: no, operatorNo, title, content, calledAt, plannedAt, orderType: type, status, closedAt }, reasons };
}

export interface HotlineParse {
  rows: WorkOrderInput[];
  errors: string[];
}

export function parseHotlineCsv(text: string): HotlineParse {
  const all = parseCsvRows(text);
  const header = (all[0] ?? []).map((h) => h.trim());
  const missing = HOTLINE_HEADERS.filter((h) => !header.includes(h));
  if (missing.length) return { rows: [], errors: [`第 1 行：表头缺少 ${missing.join('、')}（应为 ${HOTLINE_HEADERS.join(',')}）`] };
  const col = (name: string) => header.indexOf(name);
  const rows: WorkOrderInput[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  all.slice(1).forEach((cells, i) => {
    const line = i + 2;
    const get = (name: (typeof HOTLINE_HEADERS)[number] | typeof CLOSED_AT_HEADER) => (col(name) >= 0 ? cells[col(name)] ?? '' : '');
    const { value, reasons } = validateWorkOrder({
      workOrderNo: get('工单编号'), operatorNo: get('创建工号'), title: get('工单标题'), content: get('工单内容'),
      calledAt: get('来电时间'), plannedAt: get('计划完成时间'), orderType: get('工单类型'), status: get('工单状态'), closedAt: get(CLOSED_AT_HEADER),
    });
    if (value) {
      const prev = seen.get(value.workOrderNo);
      if (prev) reasons.push(`工单编号 ${value.workOrderNo} 与第 ${prev} 行重复`);
      else seen.set(value.workOrderNo, line);
    }
    if (reasons.length) errors.push(...reasons.map((r) => `第 ${line} 行：${r}`));
    else if (value) rows.push(value);
  });
  if (!rows.length && !errors.length) errors.push('文件中没有工单');
  return { rows, errors };
}

/** The platform's 工单状态 that carry the callback's rating (a finished order): the rating labels 满意/基本满意/不满意. */
export function ratingOfStatus(status: string): Rating | null {
  return RATINGS.find((r) => RATING_LABELS[r] === status) ?? null;
}

/**
 * 工单状态 after handling here: the last event that moves the order on names it in the hotline's
 * words (受理 → 已受理, 交办 → 已派单, …, 回访 → 满意/基本满意/不满意, 办结 → 已办结); 督办, 催办,
 * 敏感 and the platform's own updates leave it as it was.
 */
export function hotlineStatusAfter(events: readonly MessageEvent[], current: string | null): string | null {
  let status = current;
  for (const e of events) {
    switch (e.type) {
      case 'accepted': status = '已受理'; break;
      case 'rejected': status = '不予受理'; break;
      case 'assigned': status = '已派单'; break;
      case 'signed': status = '办理中'; break;
      case 'returned': status = '已退单'; break;
      case 'escalated': status = '已上报'; break;
      case 'replied': status = '已反馈'; break;
      case 'response_submitted': status = '回复待审核'; break;
      case 'responded': status = '已回复'; break;
      case 'rated': status = RATING_LABELS[e.level]; break;
      case 'reopened': status = '重办'; break;
      case 'extended': status = '已延期'; break;
      case 'closed': status = '已办结'; break;
      case 'converted': status = '已转依申请公开'; break;
      case 'hotline_updated':
      case 'hotline_reopened': status = e.status; break;
      default: break;
    }
  }
  return status;
}

/** A stored work order's fields as the platform names them (for comparing a re-import). */
export interface StoredWorkOrder { operatorNo: string | null; title: string; content: string; calledAt: string | null; plannedAt: string | null; orderType: string | null; status: string | null }

/** The fields a re-imported work order changes, in the platform's column order (empty when nothing changed). */
export function workOrderChanges(stored: StoredWorkOrder, o: WorkOrderInput): HotlineChange[] {
  const pairs: [string, string | null, string | null][] = [
    ['创建工号', stored.operatorNo || null, o.operatorNo || null],
    ['工单标题', stored.title, o.title],
    ['工单内容', stored.content, o.content],
    ['来电时间', stored.calledAt, o.calledAt],
    ['计划完成时间', stored.plannedAt, o.plannedAt],
    ['工单类型', stored.orderType, o.orderType],
    ['工单状态', stored.status, o.status],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([field, from, to]) => ({ field, from, to }));
}

/** The signature of an OLE2 compound file: an Excel 97-2003 workbook (.xls), not a CSV. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The text of an uploaded 12345 file: UTF-8 or GB18030 (`decodeText`), or UTF-16 with its byte-order
 * mark (「Unicode」 CSV of Excel/WPS); an old Excel workbook (.xls) is named as such instead of
 * being read as garbled text.
 */
export function decodeHotlineFile(bytes: Uint8Array): { text: string } | { problem: 'legacy_excel' } {
  if (bytes.length >= OLE2.length && OLE2.every((b, i) => bytes[i] === b)) return { problem: 'legacy_excel' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  return { text: decodeText(bytes) };
}
