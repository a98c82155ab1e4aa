// Strings of the DCAT-AP catalogue (issue 23): its title and description, and the API's errors.
export const d = {
  catalogTitle: (site: string) => `${site}数据开放目录`,
  catalogDescription: (publisher: string) => `${publisher}等机构在本平台开放的数据集目录（DCAT-AP 3.0.1，JSON-LD）：行政区划与机构、公开目录、主动公开、依申请公开、政务服务、政民互动等，每个数据集附 CSV、JSON Lines 等下载文件。`,
  themeScheme: '数据开放主题分类',
  errors: {
    badPage: '页码 page 应为 1 到 100000 之间的整数，且只能给出一个值。',
    pageOutOfRange: (last: number) => `页码超出范围：目录共 ${last} 页。`,
    badModifiedSince: 'modified_since 应为日期（YYYY-MM-DD，按北京时间当日 0 时）或 ISO 8601 时间（如 2026-03-01T08:00:00+08:00），且只能给出一个值。',
    badQuery: '查询参数有误：page 和 modified_since 各只能给出一个值。',
    badHost: '请求的主机名无效。',
    datasetNotFound: '数据集不存在（或暂无数据）。请从数据开放目录 /data 查找。',
  },
};
