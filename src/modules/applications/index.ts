// Public surface of the applications module (依申请公开).
export { applicationRoutes } from './applications.routes.tsx';
export { recomputeOpenCases } from './applications.service.ts';
export { loadApplicationsDemo } from './applications.demo.ts';
