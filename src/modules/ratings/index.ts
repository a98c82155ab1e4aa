// Public surface of the ratings module (政务服务「好差评」).
export { ratingResultRoutes, RatingResults } from './results.entry.ts';
