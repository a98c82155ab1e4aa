// Public surface of the supervision module (月检查、季通报、年考评、问题清单、整改台账).
// On-time figures per organisation and per month (s-figures): 按时公开率、按时答复率、按时办结率、好评率、回访率、整改完成率.
export { organisationFigures, monthlyFigures, parseFigurePeriod, monthsOf, makeFigure, formatFigureRate, FIGURE_KEYS, PUBLIC_FIGURE_KEYS, type Figure, type FigureKey, type FigureOrg, type FigurePeriod, type FigureDeps, type OrgFigures } from './figures.ts';
export { figureStrings } from './figures.strings.ts';
export { supervisionAssessmentRoutes } from './assessment.routes.tsx';
// Public surface of the supervision module (月检查、季通报、年考评, 问题清单, 整改台账).
// One export line per concern; each part appends its own.
// s-problems: 问题清单 and 整改台账 (workflow, pages, API, XLSX ledger, escalation job).
export { supervisionProblemRoutes, problemJobs, ESCALATE_JOB } from './problems.module.ts';
// s-inspect: rules as data, the inspection engine, its monthly job, rule switches and manual findings.
export { inspect, supervisionJobs, MONTHLY_INSPECTION_JOB, InspectError, type InspectDeps, type InspectResult } from './inspect.service.ts';
export { RULES, type Rule, type Finding } from './rules.ts';
export { SEVERITIES, DEADLINE_CLASSES, DEADLINE_WORKING_DAYS, parseMonth, previousMonth } from './deadline-classes.ts';
export { supervisionInspectRoutes } from './inspect.routes.tsx';
export { loadSupervisionDemo } from './inspect.demo.ts';
export { supervisionBulletinRoutes } from './bulletin.routes.tsx';
export { supervisionFigureRoutes, DASHBOARD_ROLES, type SupervisionFigureDeps } from './figures.routes.tsx';
export { dashboardData, dashboardCsv, type DashboardData } from './dashboard.ts';
// 数据开放 (issue 23): the supervision-results dataset (published 季度通报 tables only).
export { supervisionResultsDataset, SUPERVISION_RESULTS_COLUMNS, type SupervisionResultRow } from './supervision.datasets.ts';
