// Pure: the vocabulary of the channels (kiosk, hall display, window desk): the display's sections,
// what kiosk usage is counted, and the defaults a venue has until its staff change them.
import { defineEnum } from '../../platform/web/enums.ts';

/**
 * The hall display's sections: 龙华's 智慧公开专区 screen runs the first five all day; 好差评 is the
 * ratings summary (政务服务「好差评」), shown as a section of its own.
 */
export const DISPLAY_SECTIONS = defineEnum([
  { code: 'disclosure', label: '信息公开' },
  { code: 'services', label: '政务服务' },
  { code: 'data', label: '数据开放' },
  { code: 'applications', label: '依申请公开' },
  { code: 'interaction', label: '互动交流' },
  { code: 'ratings', label: '好差评' },
  // issue 22 §2: per item group the number being called, how many wait and the recent wait
  { code: 'queue', label: '排队叫号' },
] as const);
export type DisplaySection = (typeof DISPLAY_SECTIONS.values)[number]['code'];

export interface DisplaySlot { section: DisplaySection; seconds: number }

/** Until a venue's staff set their own: every section, 20 seconds each. */
export const DEFAULT_DISPLAY: readonly DisplaySlot[] = DISPLAY_SECTIONS.values.map((v) => ({ section: v.code, seconds: 20 }));
/** Bounds of one section's time on screen (seconds). */
export const DISPLAY_SECONDS_MIN = 5;
export const DISPLAY_SECONDS_MAX = 600;

/** A kiosk left alone this long returns home and forgets everything (seconds). */
export const DEFAULT_KIOSK_IDLE_SECONDS = 90;
export const KIOSK_IDLE_MIN = 30;
export const KIOSK_IDLE_MAX = 900;

/** What the kiosk counts per venue and day (kiosk_usage.kind). */
export const KIOSK_USAGE_KINDS = defineEnum([
  { code: 'session', label: '使用人次' },
  { code: 'search', label: '查询' },
  { code: 'guide', label: '查看办事指南' },
  { code: 'print', label: '打印' },
  { code: 'status', label: '进度查询' },
  { code: 'rating', label: '评价' },
  { code: 'message', label: '留言' },
] as const);
export type KioskUsageKind = (typeof KIOSK_USAGE_KINDS.values)[number]['code'];
