// The results part of the ratings module's surface (statistics pages and API, the map's venue scores).
export { ratingResultRoutes } from './results.routes.tsx';
export { RatingResults } from './results.service.ts';
