// Public surface of the supervision module (月检查、季通报、年考评、问题清单、整改台账).
// On-time figures per organisation and per month (s-figures): 按时公开率、按时答复率、按时办结率、好评率、回访率、整改完成率.
export { organisationFigures, monthlyFigures, parseFigurePeriod, monthsOf, makeFigure, formatFigureRate, FIGURE_KEYS, PUBLIC_FIGURE_KEYS, type Figure, type FigureKey, type FigureOrg, type FigurePeriod, type FigureDeps, type OrgFigures } from './figures.ts';
export { figureStrings } from './figures.strings.ts';
export { supervisionFigureRoutes, DASHBOARD_ROLES, type SupervisionFigureDeps } from './figures.routes.tsx';
export { dashboardData, dashboardCsv, type DashboardData } from './dashboard.ts';
