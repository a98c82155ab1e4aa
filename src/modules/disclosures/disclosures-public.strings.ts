// All zh-CN strings of the public disclosure platform, its 指南/目录/统计 pages and the openness
// office's supervision lists.
import type { Genre, Validity } from './disclosures.table.ts';
import { STAFF_GENRE_LABELS, VALIDITY_LABELS } from './disclosures.strings.ts';
import { STATE_LABELS } from './workflow.ts';

// One set of labels for the module: 体裁 and 有效性 from the module's strings, states from the workflow.
export const GENRE_LABELS = STAFF_GENRE_LABELS;
export { STATE_LABELS, VALIDITY_LABELS };

export const genreLabel = (g: string) => GENRE_LABELS[g as Genre] ?? g;
export const validityLabel = (v: string) => VALIDITY_LABELS[v as Validity] ?? v;
export const stateLabel = (s: string) => (STATE_LABELS as Record<string, string>)[s] ?? s;

export const pub = {
  homeTitle: '政府信息公开',
  homeIntro: '依据《中华人民共和国政府信息公开条例》，各级行政机关在此主动公开政府信息，并提供公开指南、公开目录和依申请公开渠道。',
  sections: {
    guide: { title: '政府信息公开指南', intro: '各机关的公开范围、公开方式、依申请公开的办理流程和联系方式。' },
    system: { title: '政府信息公开制度', intro: '保密审查、发布审核、政策解读等主动公开制度文件。' },
    proactive: { title: '法定主动公开内容', intro: '按机构、主题分类、体裁和标准目录事项查阅主动公开的政府信息。' },
    annual: { title: '政府信息公开年报', intro: '各机关上一年度政府信息公开工作年度报告。' },
    request: { title: '依申请公开', intro: '主动公开范围以外的政府信息，可以向行政机关提出申请。' },
  },
  latest: '最新公开',
  allRecords: '全部主动公开信息',
  byOrg: '按机构查阅',
  byCategory: '按主题分类查阅',
  byGenre: '按体裁查阅',
  byCatalog: '按标准目录事项查阅（照单公开）',
  catalogLink: '基层政务公开标准目录（一本通）',
  statistics: '主动公开统计',
  apply: '在线提交政府信息公开申请',
  noRecords: '暂无公开信息。',
  more: '下一页',
  prev: '上一页',
  pageOf: (n: number) => `第 ${n} 页`,
  pageCap: '更早的信息请通过政府信息公开目录（CSV）查阅。',
  feeds: '订阅',
  rss: 'RSS 订阅',
  atom: 'Atom 订阅',
  listTitles: {
    all: '主动公开信息',
    org: (name: string) => `${name}主动公开信息`,
    category: (name: string) => `主题分类：${name}`,
    genre: (name: string) => `体裁：${name}`,
    item: (name: string) => `依本事项公开的信息：${name}`,
  },
  columns: { indexNo: '索引号', title: '标题', publisher: '发布机构', publishedOn: '发布日期', documentNo: '文号', summary: '内容概述', formedOn: '生成日期' },
  record: {
    meta: '信息属性',
    indexNo: '索引号', category: '主题分类', publisher: '发布机构', writtenOn: '成文日期', publishedOn: '发布日期', documentNo: '文号',
    validity: '有效性', genre: '体裁', effectiveOn: '生效日期', expiresOn: '失效日期', repealedOn: '废止日期', formedOn: '信息形成日期', openness: '公开属性',
    body: '正文',
    bodyTable: '正文表格（可左右滚动）',
    attachments: '附件',
    catalogItems: '对应的标准目录事项',
    links: '相关信息', backlinks: '公众参与',
    interpretation: '政策解读',
    versions: '修订记录',
    version: (n: number) => `第${n}版`,
    print: '打印本页',
    none: '无',
    bytes: (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`),
  },
  tombstone: {
    title: '该信息已撤回',
    intro: (title: string) => `「${title}」已由发布机关撤回，不再公开。`,
    reason: '撤回原因',
    at: '撤回日期',
    back: '返回政府信息公开',
  },
  notFound: '找不到该政府信息，请核对索引号。',
  guide: {
    title: (org: string) => `${org}政府信息公开指南`,
    intro: '本指南依据《中华人民共和国政府信息公开条例》第十二条编制，说明本机关政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容。',
    classification: '一、政府信息的分类与编排体系',
    classificationText: '本机关主动公开的政府信息按主题分类和体裁编排，每条信息有唯一的索引号。',
    categories: '主题分类',
    genres: '体裁',
    obtain: '二、获取政府信息的方式',
    obtainProactive: '主动公开：通过本平台的政府信息公开目录、按主题分类和体裁的栏目、RSS/Atom 订阅查阅；也可以在政府信息公开查阅场所查阅。',
    obtainRequest: '依申请公开：公民、法人或者其他组织可以向本机关申请获取主动公开范围以外的政府信息（条例第二十七条），本机关依法在规定期限内答复。',
    directory: '政府信息公开目录',
    office: '三、政府信息公开工作机构',
    fields: { office_name: '机构名称', address: '办公地址', postcode: '邮政编码', hours: '办公时间', phone: '联系电话', fax: '传真号码', online_contact: '互联网联系方式', notes: '其他说明' },
    missing: '本机关尚未填写公开工作机构信息。',
    updated: (d: string) => `更新于 ${d}`,
    edit: '编辑公开指南',
  },
  directory: {
    title: (org: string) => `${org}政府信息公开目录`,
    intro: '依据条例第十二条，政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。',
    csv: '下载目录（CSV）',
  },
  stats: {
    title: '主动公开统计',
    lead: (org: string, scope: string, n: number) => `${org}${scope}主动公开政府信息${n}条`,
    org: '机构',
    by: '统计周期',
    year: '年份',
    granularity: { year: '按年', quarter: '按季度', month: '按月' },
    show: '查看',
    csv: '下载统计表（CSV）',
    total: '合计',
    caption: '各机构主动公开政府信息条数（含下级机构）',
    note: '统计口径：发布日期在该期间内的主动公开政府信息（含其后撤回的），各机构数字含其下级机构。',
  },
  errors: {
    badPage: '页码应为 1–500 之间的整数',
    badYear: '年份应为 2000–2100 之间的整数',
    badGranularity: '统计周期应为 year、quarter 或 month',
    unknownOrg: '找不到该机构',
    unknownCategory: '找不到该主题分类',
    unknownGenre: '找不到该体裁',
    unknownItem: '找不到该目录事项',
    badHost: '请求的主机名（Host）无效，无法生成网址',
    unknownDomain: '找不到该试点领域',
    badUnit: (org: string) => `所选单位不在「${org}」及其下属单位范围内`,
  },
  // 照单公开 by pilot domain, across a district's organisations.
  byDomain: {
    title: (org: string, domain: string) => `${org}${domain}领域照单公开`,
    intro: (org: string, domain: string) => `${org}及所属街道（乡镇）、部门、社区（村）依「${domain}」领域标准目录事项主动公开的政府信息，按发布时间倒序。`,
    unit: '单位',
    allUnits: '全部单位',
    show: '筛选',
    catalogs: '本领域标准目录（一本通）',
    columns: { title: '标题', org: '单位', documentNo: '文号', publishedOn: '发布日期' },
    caption: (domain: string) => `${domain}领域已公开信息`,
  },
};

export const api = {
  badOrg: '参数 org 应为已登记的机构代码',
  badCatalogItem: '参数 catalog_item 应为已发布目录中事项的编号（正整数）',
  badCategory: '参数 category 应为主题分类代码',
  badSince: '参数 since 应为日期（YYYY-MM-DD）或 ISO 8601 时间',
  badLimit: '参数 limit 应为 1–100 之间的整数',
  badOffset: (max: number) => `参数 offset 应为 0–${max} 之间的整数`,
  badDomain: '参数 domain 应为试点领域的名称或编号',
  notFound: '找不到该政府信息',
  withdrawn: (reason: string) => `该政府信息已撤回：${reason}`,
};

export const sup = {
  title: '主动公开时效监督',
  intro: '公开办按时限监督本级和下级机构的主动公开：逾期、即将到期、空白栏目和有效期已过的信息。',
  staffLink: '主动公开时效监督、统计与公开指南维护',
  lists: {
    overdue: { title: '逾期公开', intro: '已逾期发布，或超过应公开日期仍未公开的信息。' },
    due_soon: { title: '3个工作日内到期', intro: '尚未公开、应公开日期在今天起3个工作日内的信息。' },
    blank_items: { title: '空白栏目', intro: '标准目录中已发布版本的主动公开事项，尚无任何已公开的信息。' },
    past_validity: { title: '有效期已过', intro: '失效日期已过但仍标为“有效”的已公开信息，请更新有效性。' },
  },
  count: (n: number) => `${n} 条`,
  showAll: '查看全部',
  reminderLink: '去办理',
  csv: '导出 CSV',
  empty: '暂无。',
  shownFirst: (n: number, total: number) => `显示前 ${n} 条，共 ${total} 条；全部请导出 CSV。`,
  provisional: '注意：所涉年份尚无节假日数据，按周末和《全国年节及纪念日放假办法》规定的法定节假日计算工作日（调休尚未公布，未计入），结果为暂定。',
  columns: { indexNo: '索引号', title: '标题', org: '单位', state: '状态', dueOn: '应公开日期', publishedOn: '发布日期', late: '情况', expiresOn: '失效日期', catalog: '目录', item: '公开事项', deadline: '公开时限' },
  guides: '公开指南维护',
  guideForm: {
    title: (org: string) => `编辑${org}政府信息公开指南`,
    save: '保存',
    saved: '公开指南已保存。',
    tooLong: (label: string, n: number) => `${label}不能超过 ${n} 个字`,
    required: (label: string) => `请填写${label}`,
  },
  guideList: '可维护公开指南的机构',
};
