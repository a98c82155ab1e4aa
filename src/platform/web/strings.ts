// UI strings of the platform shell (zh-CN). Modules keep theirs in their own *.strings.ts.
export const shellStrings = {
  sections: [
    { href: '/openness', label: '信息公开' },
    { href: '/services', label: '政务服务' },
    { href: '/data', label: '数据开放' },
    { href: '/applications', label: '依申请公开' },
    { href: '/interaction', label: '互动交流' },
  ],
  skipLink: '跳到主要内容',
  staffArea: '工作人员入口',
  signOut: '退出登录',
  elderOn: '长者模式',
  elderOff: '退出长者模式',
  footer: { sponsor: '主办单位', siteCode: '网站标识码', icp: 'ICP备案号', psb: '公安备案号' },
  errorPrefix: '错误：',
  errorSummaryTitle: '提交的内容有问题',
  primaryNav: '主导航',
  errors: {
    invalidJson: '请求体不是有效的 JSON',
    bodyTooLarge: '提交的内容过大',
    unsupportedMediaType: '不支持的内容类型',
    validation: '请求参数不正确',
    rateLimited: '请求过于频繁，请稍后再试',
    csrf: '表单已失效，请返回刷新页面后重新提交',
    internal: '服务器出现内部错误，请稍后再试',
    notFound: '找不到您要访问的页面',
  },
} as const;
