// Public surface of the calendar module (staff pages and API over platform/calendar).
export { calendarRoutes } from './calendar.routes.tsx';
