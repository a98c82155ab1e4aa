// Public surface of the portal module (home, sections, preferences, health).
export { portalRoutes } from './portal.routes.tsx';
export { loadPortalDemo } from './portal.repository.ts';
export type { PortalService } from './portal.service.ts';
