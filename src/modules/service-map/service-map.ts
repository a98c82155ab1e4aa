// Pure: the service map's vocabulary — venue types, item types, levels, channels, life-event
// audiences — as glossary codes with Chinese labels and the common spellings accepted on import
// (窗口办理 = 窗口办, 银行网点 = 银行自助网点 …), parsed by parseEnum(def, value, ALIASES.x). Item types follow regulations.md §7.2; their
// numeric codes differ between provinces (UNCONFIRMED), so only the names are fixed here.
import { defineEnum, labelOf } from '../../platform/web/enums.ts';
import LIFE_EVENT_DEFAULTS from './life-events.defaults.json' with { type: 'json' };

export const VENUE_TYPES = defineEnum([
  { code: 'service_centre', label: '政务服务中心' },
  { code: 'convenience_centre', label: '便民服务中心' },
  { code: 'convenience_station', label: '便民服务站/室' },
  { code: 'terminal', label: '自助服务终端' },
  { code: 'bank_outlet', label: '银行自助网点' },
  { code: 'openness_area', label: '政务公开专区' },
] as const);
export type VenueType = (typeof VENUE_TYPES.values)[number]['code'];

/** 行使层级 (regulations.md §7.2) plus 村（社区）级 for public services. */
export const LEVELS = defineEnum([
  { code: 'province', label: '省级' },
  { code: 'city', label: '市级' },
  { code: 'county', label: '县级' },
  { code: 'township', label: '乡（镇、街道）级' },
  { code: 'village', label: '村（社区）级' },
] as const);
export type Level = (typeof LEVELS.values)[number]['code'];

/**
 * The level of a venue whose file gives none. Local service venues come in tiers — 县级政务服务中心,
 * 乡镇（街道）便民服务中心, 村（社区）便民服务站（室） (the 县乡村 tiers of the State Council's
 * 政务服务标准化规范化便利化 guidance, 国办发〔2022〕5号; UNCONFIRMED wording) — and a 便民服务站 is
 * a village or community station even when its file gives the township's region code (files
 * often do: the village code is not known), so its type decides. Other types take the level of
 * their region code (a 便民服务中心 is also the county centre's name in some places).
 */
export function defaultVenueLevel(type: VenueType | null, regionLevel: Level | null): Level | null {
  if (type === 'convenience_station') return 'village';
  return regionLevel;
}

/** 事项类型: ten kinds of administrative power plus public service (regulations.md §7.2). */
export const ITEM_TYPES = defineEnum([
  { code: 'licensing', label: '行政许可' },
  { code: 'penalty', label: '行政处罚' },
  { code: 'enforcement', label: '行政强制' },
  { code: 'levy', label: '行政征收' },
  { code: 'payment', label: '行政给付' },
  { code: 'inspection', label: '行政检查' },
  { code: 'confirmation', label: '行政确认' },
  { code: 'award', label: '行政奖励' },
  { code: 'adjudication', label: '行政裁决' },
  { code: 'other_power', label: '其他行政权力' },
  { code: 'public_service', label: '公共服务' },
] as const);
export type ItemType = (typeof ITEM_TYPES.values)[number]['code'];

export const CHANNELS = defineEnum([
  { code: 'window', label: '窗口办' },
  { code: 'online', label: '网上办' },
  { code: 'mobile', label: '掌上办' },
  { code: 'self_service', label: '自助办' },
  { code: 'one_code', label: '一码办' },
  { code: 'smart', label: '智慧办' },
  // The national channels 帮办代办 and 邮寄办理 (国办发〔2022〕5号 «帮办代办» and «物流快递» services;
  // UNCONFIRMED wording of the label per province — accepted spellings in ALIASES.channel).
  { code: 'assisted', label: '帮办代办' },
  { code: 'express', label: '邮寄办理' },
] as const);
export type Channel = (typeof CHANNELS.values)[number]['code'];

export const AUDIENCES = defineEnum([
  { code: 'enterprise', label: '企业' },
  { code: 'personal', label: '个人' },
] as const);
export type Audience = (typeof AUDIENCES.values)[number]['code'];

/** Holiday behaviour of a venue's weekly hours. */
export const HOLIDAY_RULES = defineEnum([
  { code: 'statutory', label: '法定节假日闭馆，调休上班日按周一时间开放' },
  { code: 'own_hours', label: '节假日照常按每周时间开放' },
] as const);
export type HolidayRule = (typeof HOLIDAY_RULES.values)[number]['code'];

/** Time-limit units; 即办 is 0 (regulations.md §7.4 design notes). */
export const TIME_UNITS = defineEnum([
  { code: 'working_day', label: '工作日' },
  { code: 'natural_day', label: '自然日' },
  { code: 'month', label: '月' },
  { code: 'immediate', label: '即办' },
] as const);
export type TimeUnit = (typeof TIME_UNITS.values)[number]['code'];

/** Accepted spellings on import, besides the code and the label. Data, not rules: extend freely. */
export const ALIASES: Record<string, Record<string, string>> = {
  venueType: {
    政务大厅: 'service_centre', 政务服务大厅: 'service_centre', 行政服务中心: 'service_centre', 市民中心: 'service_centre',
    便民服务中心: 'convenience_centre', 党群服务中心: 'convenience_centre',
    便民服务站: 'convenience_station', 便民服务室: 'convenience_station', 代办点: 'convenience_station',
    自助终端: 'terminal', 自助机: 'terminal', 一体机: 'terminal', 政务服务自助终端: 'terminal',
    银行网点: 'bank_outlet', 银行自助: 'bank_outlet', 银行: 'bank_outlet',
    政务公开专区: 'openness_area', 公开专区: 'openness_area', 政府信息公开查阅点: 'openness_area',
  },
  channel: {
    窗口办理: 'window', 窗口: 'window', 现场办理: 'window', 线下: 'window',
    网上办理: 'online', 网办: 'online', 在线办理: 'online', 全程网办: 'online',
    掌上办理: 'mobile', 移动端: 'mobile', 手机办: 'mobile', app: 'mobile',
    自助办理: 'self_service', 自助: 'self_service',
    一码通办: 'one_code', 扫码办: 'one_code',
    智能办: 'smart', 秒批: 'smart', 无感办: 'smart',
    帮办: 'assisted', 代办: 'assisted', 帮代办: 'assisted', 帮办代办服务: 'assisted', 代办服务: 'assisted', 帮办服务: 'assisted', 免费代办: 'assisted',
    邮寄: 'express', 快递: 'express', 物流快递: 'express', 寄递: 'express', 邮寄办: 'express', 快递办: 'express', 双向寄递: 'express', 免费邮寄: 'express', 邮政寄递: 'express', 物流快递办理: 'express',
  },
  itemType: { 许可: 'licensing', 确认: 'confirmation', 给付: 'payment', 公共服务事项: 'public_service', 服务: 'public_service' },
  level: { 省: 'province', 市: 'city', 县: 'county', 区: 'county', 县级市: 'county', 乡: 'township', 镇: 'township', 街道: 'township', 村: 'village', 社区: 'village' },
};

export const venueTypeLabel = (c: VenueType) => labelOf(VENUE_TYPES, c);
export const itemTypeLabel = (c: ItemType) => labelOf(ITEM_TYPES, c);
export const channelLabel = (c: Channel) => labelOf(CHANNELS, c);
export const levelLabel = (c: Level) => labelOf(LEVELS, c);

/**
 * The default 10 enterprise and 14 personal life-cycle stages (龙华 «一件事»): the data file
 * life-events.defaults.json (the seed names three of each; the rest are marked UNCONFIRMED there).
 * A government's own stages are data (life-events.*); these slugs are the vocabulary the assistant's
 * life situations and an enterprise's stage on /me refer to.
 */
export const LIFE_EVENT_STAGES: Record<Audience, readonly { slug: string; name: string; description: string }[]> = {
  enterprise: LIFE_EVENT_DEFAULTS.enterprise.map(({ slug, name, description }) => ({ slug, name, description })),
  personal: LIFE_EVENT_DEFAULTS.personal.map(({ slug, name, description }) => ({ slug, name, description })),
};

/** China's extent (WGS-84), generous: points outside are refused as "not in China". */
export const CHINA_BOUNDS = { minLat: 3.8, maxLat: 53.6, minLng: 73.4, maxLng: 135.1 } as const;

/**
 * Neighbours that lie inside that rectangle, as boxes with no Chinese territory in them
 * (checked against border towns in venue-ranking.test.ts: 珲春, 丹东, 勐腊, 东兴, 霍尔果斯,
 * 二连浩特, 樟木 …). Coarse on purpose: a venue near a border is never refused; Seoul,
 * Pyongyang, Fukuoka, Ulaanbaatar, Hanoi, Bangkok, Manila, New Delhi, Kathmandu, Bishkek are.
 * [minLat, maxLat, minLng, maxLng]
 */
const OUTSIDE: readonly (readonly [number, number, number, number])[] = [
  [33.0, 39.8, 124.6, 131.0], // Korean peninsula south of the Yalu
  [24.0, 41.5, 129.5, 135.1], // Japan (Kyushu, western Honshu) and the Sea of Japan
  [24.0, 33.0, 125.5, 129.5], // Ryukyu islands
  [46.0, 50.2, 93.0, 111.0], // Mongolia
  [8.5, 21.4, 102.2, 107.6], // Vietnam, Laos
  [5.5, 20.9, 97.5, 102.2], // Thailand, Myanmar's south, Laos
  [4.5, 20.5, 119.5, 127.0], // Philippines
  [3.8, 26.5, 73.4, 97.3], // India, Bangladesh, Myanmar's west, Sri Lanka
  [26.5, 30.6, 73.4, 79.8], // northern India (Delhi)
  [26.3, 27.8, 80.0, 88.2], // Nepal
  [41.6, 53.6, 73.4, 78.5], // Kyrgyzstan, Kazakhstan
  [43.0, 53.6, 73.4, 79.9], // Kazakhstan
  [47.5, 53.6, 73.4, 85.0], // Kazakhstan, Russia (Altai)
  [50.5, 53.6, 73.4, 118.8], // Russia, Mongolia's north
];

export function inChina(lat: number, lng: number): boolean {
  if (!(Number.isFinite(lat) && Number.isFinite(lng) && lat >= CHINA_BOUNDS.minLat && lat <= CHINA_BOUNDS.maxLat && lng >= CHINA_BOUNDS.minLng && lng <= CHINA_BOUNDS.maxLng)) return false;
  return !OUTSIDE.some(([a, b, c, d]) => lat >= a && lat <= b && lng >= c && lng <= d);
}

/** One required material of a guide (regulations.md §7.4 "Materials"). */
export interface Material {
  name: string;
  /** 材料类型: 原件 / 复印件 / 原件和复印件 / 电子证照 … */
  type: string;
  /** 材料形式: 纸质 / 电子 / 纸质或电子 */
  form: string;
  required: boolean;
  copies: number | null;
  spec?: string;
  /** 来源渠道: 申请人自备 / 政府部门核发 / … */
  source: string;
  blank_form_url?: string;
  sample_url?: string;
  notes?: string;
}

export interface FeeItem { name: string; standard: string; basis: string; waivable: boolean; waiver_basis?: string }
export interface ProcessStep { name: string; description?: string; actor?: string; duration?: string }

/** The guide elements beyond the indexed columns (regulations.md §7.4). */
export interface Guide {
  service_objects: string[];
  handling_type?: string;
  legal_basis?: string;
  conditions: string[];
  materials: Material[];
  steps: ProcessStep[];
  legal_limit_note?: string;
  promised_limit_note?: string;
  visits_reason?: string;
  fees: FeeItem[];
  where: string;
  when: string;
  consultation: string;
  complaint: string;
  result?: { type: string; name: string; sample_url?: string };
  online_depth?: string;
  express_delivery?: boolean;
  appointment?: boolean;
  scope?: string;
  faq: { q: string; a: string }[];
}

export const EMPTY_GUIDE: Guide = { service_objects: [], conditions: [], materials: [], steps: [], fees: [], where: '', when: '', consultation: '', complaint: '', faq: [] };
