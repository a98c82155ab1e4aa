// Public surface of the portal module (home, sections, preferences, health).
export { portalRoutes } from './portal.routes.tsx';
