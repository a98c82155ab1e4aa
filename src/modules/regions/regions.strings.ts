// UI strings of the regions module (zh-CN).
export const regionStrings = {
  directoryTitle: '行政区划',
  directoryIntro: '按国家统计局 12 位区划代码组织的省、市、县、乡（镇、街道）、村（社区）五级行政区划。',
  code: '区划代码',
  name: '名称',
  level: '层级',
  children: '下级区划',
  childCount: '下级数量',
  noChildren: '没有下级区划。',
  invalidCode: '区划代码格式不正确：应为 2、4、6、9 或 12 位数字',
  notFound: (code: string) => `找不到区划代码 ${code}`,
  api: '接口',
} as const;
