// Strings of the hall display (/display/{venue}) and of its settings pages and API.
export const displayStrings = {
  title: (venue: string) => `${venue} 信息屏`,
  notFound: { title: '未找到该场所', body: '信息屏地址中的场所编号不存在，请联系场所工作人员检查设置。', code: 'venue_not_found' },
  stale: '数据更新中断',
  progress: (label: string) => `${label}：本栏目展示进度`,
  sectionsNav: '栏目',
  updatedAt: (hhmm: string) => `更新于 ${hhmm}`,
  none: '暂无',
  disclosure: {
    thisYear: '本年主动公开', unit: '条', list: '最新公开信息', empty: '暂无公开信息',
  },
  services: {
    items: '本场所可办事项', online: '其中网上可办', share: (pct: string) => `占 ${pct}`, queue: '当前排队', queueUnit: '人', wait: '预计等待', waitUnit: '分钟',
    queueUnknown: '排队信息暂未接入', list: '可办事项', online_tag: '网上可办', window_tag: '窗口办理', empty: '本场所暂无登记事项', unit: '项',
  },
  data: {
    regions: '行政区划', venues: '服务场所', items: '服务事项', disclosures: '公开信息', catalogs: '公开目录', apis: '开放接口', unit: '个', list: '开放数据与接口', hint: '访问本站「数据开放」栏目或开放接口 /api/v1 获取',
  },
  applications: {
    received: '本年收到申请', answered: '已答复', open: '办理中', withdrawn: '申请人撤回', unit: '件', list: '依申请公开说明', hint: '可在本专区窗口、自助终端或网站提交政府信息公开申请，凭查询码查询办理进度。',
  },
  interaction: {
    received: '本月收到留言', replied: '已回复', rate: '按时办结率', unit: '件', list: '最新公开回复', empty: '暂无公开回复', rateNone: '—',
  },
  ratings: {
    count: '近一年评价', good: '好评率', bad: '差评', rectified: '差评整改率', unit: '条', list: '好差评说明', hint: '办事后扫码或在自助终端评价，差评由责任单位限期整改并回访。', none: '—',
  },
  queue: {
    waitingTotal: '等候人数', unit: '人', calling: (name: string, code: string) => `${name}（${code}）正在叫号`, notYet: '—',
    waiting: (n: number) => `等候 ${n} 人`, recentWait: (min: number) => `最近叫号平均等候约 ${min} 分钟`, waitUnknown: '等候时间暂无数据',
    list: '各业务排队情况', empty: '暂无排队数据', hint: '请留意叫号，过号请到咨询台重新取号。',
  },
  // ---- settings (staff) ----
  staff: {
    listTitle: '信息屏与自助终端设置',
    listLink: '设置本单位场所信息屏的栏目、顺序、时长和自助终端的空闲时间',
    listIntro: '下列为您可管理的场所。信息屏地址可在大厅电视的浏览器中全屏打开。',
    venue: '场所', type: '类型', actions: '操作', settings: '设置', display: '信息屏', kiosk: '自助终端',
    noneInScope: '您的管理范围内没有场所。',
    formTitle: (venue: string) => `${venue}：信息屏与自助终端设置`,
    sectionsLegend: '信息屏栏目（勾选展示的栏目，按序号从小到大轮播）',
    show: '展示', order: '序号', seconds: '时长（秒）',
    idle: '自助终端空闲返回首页时间（秒）', idleHint: '30–900 秒，默认 90 秒。',
    secondsHint: '每个栏目 5–600 秒。',
    save: '保存设置', saved: '设置已保存。', defaults: '当前为默认设置（全部栏目，每栏 20 秒）。',
    back: '返回场所列表', openDisplay: '打开信息屏', openKiosk: '打开自助终端',
  },
  errors: {
    venueNotFound: '未找到该场所',
    noSection: '请至少选择一个栏目',
    seconds: (label: string) => `「${label}」的时长应为 5–600 之间的整数（秒）`,
    order: (label: string) => `「${label}」的序号应为 1–99 之间的整数`,
    duplicateOrder: '两个栏目的序号相同，请调整',
    idle: '空闲时间应为 30–900 之间的整数（秒）',
    duplicateSection: (label: string) => `栏目「${label}」重复`,
    sections: '栏目列表不能为空，且不能多于可选栏目数',
  },
  audit: { action: 'channels.settings.update' },
} as const;
