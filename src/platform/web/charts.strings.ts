// UI strings of the shared SVG charts (platform/web/charts.tsx), zh-CN.
export const chartStrings = {
  legend: '图例',
  table: '查看数据表',
  empty: '—',
  noData: '本期没有数据。',
  category: '项目',
  /** The generated description: the caller's sentence, then every figure. */
  desc: (lead: string, items: string[]) => `${lead}${lead && !/[。；：]$/.test(lead) ? '：' : ''}${items.join('；')}${items.length ? '。' : ''}`,
  item: (category: string, series: string | null, value: string) => (series ? `${category}${series} ${value}` : `${category} ${value}`),
};
