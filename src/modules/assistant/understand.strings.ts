// Strings of the assistant's clarifying questions (understand / retrieve).
export const UNDERSTAND_STRINGS = {
  askAudience: '您是以个人还是单位身份办理？',
  audiencePersonal: '个人',
  audienceEnterprise: '单位',
  askRegion: (title: string) => `「${title}」各地都可以办理，请问您在哪个县（区）办理？`,
  askRegionMore: '没有您所在的地区？请在问题里写上县（区）名称。',
  askItem: '您想问的是下面哪一项？',
  /** A region without a name in the region table is shown by its code. */
  regionFallback: (code: string) => `地区 ${code}`,
} as const;
