// Pure: the vocabulary of the standard disclosure catalogue (基层政务公开标准目录) —
// levels, channels (公开渠道和载体), audience, mode and tiers — and the shape of an item.
// Source: regulations.md §3.3 (columns and the channel checkbox vocabulary of 巩留县/锡林浩特).
import { defineEnum } from '../../platform/web/enums.ts';
import type { PublishDeadline } from './publish-deadline.ts';

/** 公开层级 / catalogue level. Labels vary by place: 县级/区级, 乡级/街道级, 村级/社区级. */
export type CatalogLevel = 'county' | 'township' | 'village';
export const CATALOG_LEVELS = defineEnum<CatalogLevel>([
  { code: 'county', label: '县级' },
  { code: 'township', label: '乡级' },
  { code: 'village', label: '村级' },
]);

/** Urban spelling of the level labels (区级 / 街道级 / 社区级). */
export const URBAN_LEVEL_LABELS: Record<CatalogLevel, string> = { county: '区级', township: '街道级', village: '社区级' };

export function levelLabel(level: CatalogLevel, urban: boolean): string {
  return urban ? URBAN_LEVEL_LABELS[level] : CATALOG_LEVELS.values.find((v) => v.code === level)!.label;
}

/** 公开渠道和载体 — the controlled vocabulary plus `other` with its text. */
export type ChannelCode =
  | 'website' | 'gazette' | 'new_media' | 'press_hearing' | 'broadcast' | 'print' | 'reading_point'
  | 'service_center' | 'service_station' | 'door_to_door' | 'notice_board' | 'push' | 'hotline' | 'other';

export const CHANNELS = defineEnum<ChannelCode>([
  { code: 'website', label: '政府网站' },
  { code: 'gazette', label: '政府公报' },
  { code: 'new_media', label: '两微一端' },
  { code: 'press_hearing', label: '发布会/听证会' },
  { code: 'broadcast', label: '广播电视' },
  { code: 'print', label: '纸质载体' },
  { code: 'reading_point', label: '公开查阅点' },
  { code: 'service_center', label: '政务服务中心' },
  { code: 'service_station', label: '便民服务站' },
  { code: 'door_to_door', label: '入户/现场' },
  { code: 'notice_board', label: '社区/企事业单位/村公示栏（电子屏）' },
  { code: 'push', label: '精准推送' },
  { code: 'hotline', label: '12345政务服务热线' },
  { code: 'other', label: '其他' },
]);

/** One channel as written in the catalogue; `text` keeps the original wording. */
export interface Channel {
  code: ChannelCode;
  text: string;
}

/** Spellings found in real catalogues, matched after removing spaces and brackets' contents. */
const CHANNEL_ALIASES: [RegExp, ChannelCode][] = [
  [/^(政府网站|政府门户网站|门户网站)/, 'website'],
  [/^政府公报/, 'gazette'],
  [/^(两微一端|政务微博|政务微信|微信公众号|政务新媒体)/, 'new_media'],
  [/^(发布会\/?听证会|新闻发布会|发布会|听证会)/, 'press_hearing'],
  [/^广播电视/, 'broadcast'],
  [/^纸质(载体|媒体)/, 'print'],
  [/^公开查阅点/, 'reading_point'],
  [/^政务服务中心/, 'service_center'],
  [/^便民服务(站|中心)/, 'service_station'],
  [/^(入户\/?现场|入户|现场)$/, 'door_to_door'],
  [/^(社区\/?企事业单位\/?村公示栏|社区\/村公示栏|村务公开栏|公示栏|公开栏)/, 'notice_board'],
  [/^精准推送/, 'push'],
  [/^12345/, 'hotline'],
];

/** Maps one channel's wording to the vocabulary; unknown wording is `other` with its text. */
export function channelOf(text: string): Channel {
  const t = text.trim().replace(/\s+/g, '');
  for (const [re, code] of CHANNEL_ALIASES) if (re.test(t)) return { code, text: text.trim() };
  const other = t.replace(/^其他[:：]?/, '');
  return { code: 'other', text: other || '其他' };
}

/**
 * Splits a 公开渠道和载体 cell into channels: one per line, per ■/☑ box, per `<li>`, per numbered
 * entry ("1. 政府网站 2. 宣传栏") or per ；. Entries in an unticked box (□) are left out.
 */
export function parseChannels(cell: string): Channel[] {
  const text = cell
    .replace(/<\/?(ul|li)[^>]*>/gi, '\n')
    .replace(/(^|\s)\d{1,2}[.、．]\s*/g, '\n')
    .replace(/([■☑√✓□☐])/g, '\n$1');
  const out: Channel[] = [];
  for (const raw of text.split(/[\n;；]+/)) {
    const part = raw.trim();
    if (!part || /^[□☐]/.test(part)) continue;
    const name = part.replace(/^[■☑√✓]\s*/, '').trim();
    if (!name) continue;
    const ch = channelOf(name);
    if (!out.some((c) => c.code === ch.code && c.text === ch.text)) out.push(ch);
  }
  return out;
}

/** One row of a catalogue as edited, imported and exported. */
export interface CatalogItemInput {
  seq: number;
  level1: string;
  level2: string;
  content: string;
  basis: string;
  deadlineText: string;
  /** 公开主体 as written. */
  body: string;
  channels: Channel[];
  audiencePublic: boolean;
  audienceSpecific: boolean;
  modeProactive: boolean;
  modeOnRequest: boolean;
  tierCounty: boolean;
  tierTownship: boolean;
  tierVillage: boolean;
}

export interface CatalogItem extends CatalogItemInput {
  id: number;
  /** Identity of the item across versions and derived catalogues. */
  key: string;
  deadline: PublishDeadline;
  bodyOrgCode: string | null;
}

/** The columns compared in diffs, with their Chinese names. */
export const ITEM_FIELDS: { field: keyof CatalogItemInput; label: string }[] = [
  { field: 'level1', label: '一级事项' },
  { field: 'level2', label: '二级事项' },
  { field: 'content', label: '公开内容（要素）' },
  { field: 'basis', label: '公开依据' },
  { field: 'deadlineText', label: '公开时限' },
  { field: 'body', label: '公开主体' },
  { field: 'channels', label: '公开渠道和载体' },
  { field: 'audiencePublic', label: '公开对象·全社会' },
  { field: 'audienceSpecific', label: '公开对象·特定群众' },
  { field: 'modeProactive', label: '公开方式·主动' },
  { field: 'modeOnRequest', label: '公开方式·依申请公开' },
  { field: 'tierCounty', label: '公开层级·县级' },
  { field: 'tierTownship', label: '公开层级·乡级' },
  { field: 'tierVillage', label: '公开层级·村级' },
];

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Normalised text of an item's name, used to match items between versions. */
export function itemNameKey(level1: string, level2: string): string {
  const n = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return `${n(level1)}|${n(level2)}`;
}
