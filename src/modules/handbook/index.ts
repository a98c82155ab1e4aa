// Public surface of the handbook module (办事一本通, issue 22 §6).
export { handbookRoutes } from './handbook.routes.tsx';
