// Public surface of the queue module (排队取号 and the waiting-time prediction, issue 22 §2–3).
export { queueRoutes } from './queue.routes.tsx';
export { forecastRoutes } from './forecast.routes.tsx';
export { forecastJobs, type ForecastService } from './forecast.service.ts';
export { noteHistory } from './forecast.repository.ts';
export { loadForecastDemo } from './forecast.demo.ts';
export { seedHistory, historyRows, type HistorySpec } from './history.ts';
export type { QueueDeps } from './deps.ts';
export { loadQueueDemo } from './queue.demo.ts';
