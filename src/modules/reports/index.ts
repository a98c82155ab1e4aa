// Public surface of the reports module (政府信息公开工作年度报告).
export { reportRoutes } from './reports.routes.tsx';
export { pendingReports, type Reminder } from './reports.service.ts';
export { loadReportDemo } from './reports.demo.ts';
export { writeAnnualReportDocx } from './reports.cli.ts';
// The annual reports on the public home page and the 信息公开 section (portal module).
export { countPublished as countPublishedReports, listPublished as publishedReports } from './reports.repository.ts';
export { reportTitle } from './annual-report.ts';
// 数据开放 (issue 23): the annual report's tables 二/三/四 per organisation and year as a dataset.
export { applicationStatisticsDataset } from './reports.datasets.ts';
