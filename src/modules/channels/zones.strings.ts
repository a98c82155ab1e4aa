// Strings of the 政务公开专区 pages: the block on a zone's venue page, the public list of zones by
// county and level (/openness/zones) and the staff figures (/staff/zones).

/** The level of a zone as people say it (the venue's level: 县级/乡镇级/村级). */
export const ZONE_LEVELS: Record<string, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇级',
  village: '村级',
};

export const zoneStrings = {
  block: {
    title: '政务公开专区',
    canDo: '本专区可以办理',
    /**
     * What a person can do at any 政务公开专区 (《政府信息公开条例》第二十五条: 各级人民政府应当在
     * 国家档案馆、公共图书馆、政务服务场所设置政府信息查阅场所，并配备相应的设施、设备，为公民、
     * 法人和其他组织获取政府信息提供便利).
     */
    services: [
      '查阅政府信息公开指南和目录',
      '自助查询政府信息',
      '依申请公开（当面提交）',
      '政策咨询',
      '民心直通车留言',
      '好差评评价',
    ],
    level: '专区层级',
    hours: '开放时间',
    phone: '咨询电话',
    kiosk: '自助查询终端',
    kioskLink: '打开本专区的自助查询终端页面',
    apply: '在线提交依申请公开',
    message: '在线留言',
    rate: '评价本专区',
    allZones: '各地政务公开专区',
  },
  list: {
    title: '政务公开专区',
    intro: '政务公开专区设在政务服务中心、便民服务中心和村（社区）党群服务中心，可以查阅政府信息、自助查询、当面提交依申请公开、咨询政策。下表按县（区）列出各级专区，以及开放时间、咨询电话和当前是否开放。',
    county: (name: string, n: number) => `${name}（${n} 个专区）`,
    level: (label: string) => `${label}专区`,
    name: '专区',
    address: '地址',
    hours: '开放时间',
    phone: '咨询电话',
    openNow: '现在',
    open: '正在开放',
    closed: '未开放',
    unknown: '—',
    opensAt: (at: string) => `，${at} 开放`,
    closesAt: (at: string) => `，${at} 结束`,
    always: '全天开放',
    none: '暂无政务公开专区。',
    map: '在地图上查看',
    mapAll: '在政务服务地图上查看本县（区）的专区',
    weekdays: { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' } as Record<string, string>,
    closedDay: '休息',
  },
  staff: {
    title: '政务公开专区使用情况',
    link: '本单位及下级政务公开专区的咨询登记和自助终端使用情况，按月统计，可导出 CSV',
    intro: '按月统计本单位（政务公开办为本级政府）及下级各政务公开专区的咨询登记条数和自助查询终端使用次数。',
    month: '月份',
    monthHint: '格式 YYYY-MM，例如 2026-03',
    show: '查看',
    csv: '导出 CSV',
    zone: '专区',
    level: '层级',
    org: '所属单位',
    consultations: '咨询登记',
    consultationsPending: '（咨询登记功能上线后显示）',
    total: '各功能使用合计',
    none: '您的管辖范围内没有政务公开专区。',
    monthHeading: (month: string) => `${month} 各专区使用情况`,
    chartTitle: (month: string) => `${month} 各专区自助终端使用人次和咨询登记`,
    chartDesc: (month: string) => `${month}各政务公开专区的自助终端使用人次和咨询登记条数。`,
    detailTitle: (name: string) => `${name}使用情况`,
    trendTitle: (name: string) => `${name}近 6 个月自助终端使用人次和咨询登记`,
    trendDesc: '近 6 个月每月的自助终端使用人次和咨询登记条数。',
    monthCol: '月份',
    back: '返回全部专区',
    venuePage: '查看专区公开页面',
    kinds: '自助终端使用（按功能）',
    perMonth: '按月统计',
    crumbs: { staff: '工作台', zones: '政务公开专区使用情况' },
  },
  errors: {
    month: '月份格式不对：请填写 YYYY-MM，例如 2026-03，且不晚于本月。',
    zoneNotFound: (id: string) => `找不到政务公开专区「${id}」。`,
    forbidden: '该政务公开专区不在您的管辖范围内。',
    format: 'format 只能是 csv。',
  },
} as const;
