// Strings of 数据开放 (issue 23) shared by its parts; each part keeps its own page strings below.
export const s = {
  titleInstallation: (title: string) => `${title}（全平台）`,
  titleGovernment: (title: string, government: string) => `${government}${title}`,
  contactName: (publisher: string) => `${publisher}政务公开办公室`,
  spatialInstallation: '本平台覆盖的全部地区',
};
