// UI strings (zh-CN) of the staff side of proactive disclosure.
import type { Genre, Validity } from './disclosures.table.ts';

export const STAFF_GENRE_LABELS: Record<Genre, string> = {
  notice: '通知', announcement: '公告', rule: '规章', normative: '行政规范性文件', interpretation: '政策解读',
  annual_report: '年度报告', plan: '规划计划', statistics: '统计信息', report: '工作报告',
  press_conference: '新闻发布会', response: '回应关切', openness_rules: '政府信息公开制度', bulletin: '通报', other: '其他',
};

export const VALIDITY_LABELS: Record<Validity, string> = { effective: '有效', expired: '失效', repealed: '废止' };

export const EVENT_LABELS: Record<string, string> = {
  created: '创建草稿', edited: '修改', submitted: '提交保密审查', approved: '保密审查通过', rejected: '保密审查不通过', published: '发布', scheduled: '定时发布', unscheduled: '取消定时发布',
  withdrawn: '撤回', revised: '更正（新版本）', attachment_added: '添加附件', attachment_removed: '删除附件',
};

export const disclosureStrings = {
  staffHome: '工作台',
  versions: { first: '首次发布', again: '重新发布' },
  staffLink: { label: '主动公开信息', description: '起草、保密审查、发布、定时发布和撤回政府信息（照单公开）' },
  list: {
    title: '主动公开信息', newRecord: '新建信息', all: '全部', toReview: '待我保密审查', empty: '没有符合条件的信息。', caption: '本单位及下级单位的政府信息',
    cols: { indexNo: '索引号', title: '标题', org: '发布机构', genre: '体裁', state: '状态', due: '应公开日期', published: '发布时间' },
    stateFilter: '按状态筛选', scheduledLive: '已发布（定时）', late: (n: number) => `逾期 ${n} 个工作日`, page: (p: number, n: number) => `第 ${p} 页，共 ${n} 条`, prev: '上一页', next: '下一页',
  },
  form: {
    newTitle: '新建政府信息', editTitle: (t: string) => `修改：${t}`, reviseTitle: (t: string) => `更正已发布信息：${t}`,
    org: '发布单位', orgHint: '填写单位代码，如 130427（磁县人民政府）或 130427-mzj', publisher: '发布机构（按公文署名）', publisherHint: '不填则为单位名称',
    title: '标题', documentNo: '文号', documentNoHint: '如 磁政办字〔2026〕12号，无则不填', summary: '内容概述', summaryHint: '用于政府信息公开目录（第十二条），不填则取正文开头',
    body: '正文', bodyHint: '可使用 HTML：段落、标题、列表、表格、链接、图片；脚本、样式和内嵌框架会被清除',
    genre: '体裁', category: '主题分类', validity: '有效性', effectiveOn: '生效日期', expiresOn: '失效日期', repealedOn: '废止日期',
    writtenOn: '成文日期', formedOn: '信息形成日期', formedOnHint: '《政府信息公开条例》第二十六条的 20 个工作日从此日起算',
    dateHint: '格式 YYYY-MM-DD', catalogItems: '对应目录事项（照单公开）', catalogItemsHint: '可多选（按住 Ctrl 或 Command）；列出本单位及上级单位已发布目录中的事项',
    links: '关联信息的索引号', linksHint: '每行一个。政策解读请填写所解读文件的索引号，两者互相显示',
    changeNote: '更正说明', changeNoteHint: '公开显示在版本记录中，如「更正附件中的联系电话」',
    noDeadline: '未填时限',
    openness: '公开属性', opennessHint: '公文拟制时确定：主动公开的信息经保密审查后在平台发布；依申请公开、不予公开的信息不在平台公开',
    opennessReason: '不主动公开的理由', opennessReasonHint: '公开属性为依申请公开或不予公开时必选（《政府信息公开条例》第十四、十五、十六、十九、二十七条）', opennessReasonNone: '无（主动公开）',
    save: '保存草稿', saveRevision: '发布更正', placeholder: '请选择',
  },
  errors: {
    titleRequired: '请填写标题', tooLong: (n: number) => `不能超过 ${n} 个字`, orgUnknown: '找不到该单位', orgOutOfScope: '您不能为该单位录入信息（只能在本单位及下级单位范围内）',
    genre: '请选择体裁', category: '请选择主题分类', validity: '请选择有效性', date: '日期格式应为 YYYY-MM-DD，且为真实日期', formedRequired: '请填写信息形成日期',
    formedFuture: '信息形成日期不能晚于今天', writtenFuture: '成文日期不能晚于今天', tooEarly: (d: string) => `日期不能早于 ${d}，请检查年份`, expiresRequired: '有效性为「失效」时请填写失效日期', repealedRequired: '有效性为「废止」时请填写废止日期',
    dateOrder: '失效日期不能早于生效日期', bodyRequired: '请填写正文', bodyTooLarge: '正文过长（上限 200,000 字符）',
    itemUnknown: (id: string) => `目录事项 ${id} 不存在，或不属于本单位及上级单位已发布的目录`, linkUnknown: (x: string) => `找不到索引号为「${x}」的信息`, linkSelf: '不能关联自身',
    notFound: '找不到该信息', forbidden: '您没有权限处理该单位的信息', stateChanged: '该信息的状态刚被他人改变，请刷新后重试',
    notEditable: '只有草稿或审查未通过的信息可以修改；已发布的信息请使用「更正」', indexTaken: '索引号已被占用，请重试',
    attachmentMissing: '请选择要上传的文件', attachmentNotEditable: '只有草稿或审查未通过的信息可以添加或删除附件', attachmentNotFound: '找不到该附件',
    multipart: '上传内容不完整或格式不正确，请重新选择文件上传',
    notUnderReview: '该信息当前不在待保密审查状态',
    ownRecord: '您起草、修改或提交过该信息，不能审查它，请由其他审查员审查',
    fileTooLarge: '文件过大：单个附件不能超过 10 MB',
    publicStaysProactive: '已公开的信息公开属性只能为「主动公开」；如该信息不应公开，请撤回',
  },
  done: { saved: '已保存', submitted: '已提交保密审查', approved: '保密审查通过', rejected: '已退回', published: '已发布', scheduled: '已设定定时发布', withdrawn: '已撤回', unscheduled: '已取消定时发布，可重新发布或定时', revised: '更正已发布', attached: '附件已上传', detached: '附件已删除' },
  view: {
    meta: '基本信息', indexNo: '索引号', state: '状态', org: '发布机构', documentNo: '文号', genre: '体裁', category: '主题分类', validity: '有效性',
    writtenOn: '成文日期', formedOn: '信息形成日期', openness: '公开属性', publishedAt: '发布时间', due: '应公开日期', dueExplanation: '期限计算', late: '逾期',
    author: '起草人', version: '版本', body: '正文', items: '对应目录事项', links: '关联信息', linkOut: { interprets: '本文解读', related: '相关', briefs: '发布会发布的文件' }, linkIn: { interprets: '解读本文', related: '被关联', briefs: '新闻发布会' },
    attachments: '附件', noAttachments: '无附件', upload: '上传附件', uploadHint: (max: string) => `PDF、DOCX、XLSX、JPEG、PNG，按文件内容识别类型，单个不超过 ${max}`, remove: '删除',
    reviews: '保密审查记录', history: '处理记录', versions: '版本记录', withdrawnReason: '撤回理由', publicPage: '公开页面', none: '无',
    actions: '操作', edit: '修改', submit: '提交保密审查', review: '保密审查', publish: '立即发布', schedule: '定时发布', scheduleAt: '发布时间', scheduleHint: '北京时间，格式 YYYY-MM-DDTHH:MM，如 2026-10-08T09:00',
    effectiveFrom: (d: string) => `，生效 ${d}`, expiredOn: (d: string) => `，失效 ${d}`, repealedOn: (d: string) => `，废止 ${d}`, onTime: '按时', system: '系统',
    versionLine: (n: number, at: string, note: string) => `第 ${n} 版，${at}：${note}`,
    withdraw: '撤回', withdrawReason: '撤回理由（向公众显示）', cancelSchedule: '取消定时发布', cancelReason: '取消理由（仅内部记录，可不填）', revise: '更正', conclusion: { approve: '通过', reject: '不通过' },
  },
  review: {
    title: (t: string) => `保密审查：${t}`, intro: '依《政府信息公开条例》第十七条，发布前须经保密审查。请逐项回答并签署结论；起草人不能审查自己的信息。',
    yes: '是', no: '否', conclusion: '审查结论', reasons: '理由', reasonsHint: '不通过时必填，写明不予公开或需修改的理由', sign: '签署审查结论', answerRequired: '请回答此项', conclusionRequired: '审查结论：请选择通过或不通过',
  },
};
