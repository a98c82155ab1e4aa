// Public surface of the applications module (依申请公开).
export { applicationRoutes, RECOMPUTE_PROVISIONAL_JOB } from './applications.routes.tsx';
export { recomputeOpenCases } from './applications.service.ts';
export { DEFAULT_CLOCK_RULES } from './deadlines.ts';
export { loadApplicationsDemo } from './applications.demo.ts';
// For other modules that turn their intake into an application (e.g. interaction's 转为依申请公开).
export { registerOffline, type RegistrationInput, type Registered } from './applications.service.ts';
export { APPLICANT_TYPES, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES, type Channel } from './workflow.ts';
// The figures of the public 依申请公开 section (portal module).
export { yearFigures, type YearFigures } from './public-figures.ts';
// On-time reply counts per organisation path (supervision figures).
export { replyOnTimeByPath, type ReplyOnTimeCount } from './on-time.queries.ts';
// The kiosk's status look-up (channels module): the same answer, limit and labels as the public status page.
export { publicStatus, type ApplicationDeps } from './applications.service.ts';
export { STATUS_LOOKUP_LIMIT } from './applications.api.ts';
export { STAGES as APPLICATION_STAGES, findOutcome, FAMILY_LABELS } from './workflow.ts';
export { deadlineText } from './deadlines.ts';
// The organisations an application may be addressed to within given subtrees (the window desk's walk-in form).
export { listAgencies } from './applications.repository.ts';
export { HANDLER_ROLES as APPLICATION_HANDLER_ROLES } from './applications.service.ts';
// The accounts module's queries (issue 21 §2): an account's own applications, claiming earlier ones.
export { applicationAccounts, type ApplicationMatch } from './applications.accounts.ts';
