// Public surface of the supervision module (月检查、季通报、年考评).
export { supervisionBulletinRoutes } from './bulletin.routes.tsx';
