// Strings shared by the accounts module's pages (issue 21). Each part keeps its own in its *.strings.ts.
export const accountStrings = {
  signInTitle: '个人/法人登录',
  mySpace: '我的空间',
  signOut: '退出登录',
  signInFirst: '请先登录',
  sessionEnded: '登录已过期，请重新登录',
} as const;
