// Public surface of the reports module (政府信息公开工作年度报告).
export { reportRoutes } from './reports.routes.tsx';
export { pendingReports, type Reminder } from './reports.service.ts';
export { loadReportDemo } from './reports.demo.ts';
export { writeAnnualReportDocx } from './reports.cli.ts';
