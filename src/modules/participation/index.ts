// Public surface of the participation module (公众参与 / 意见征集 on draft policies).
export { participationRoutes } from './participation.routes.tsx';
export { loadParticipationDemo } from './participation.demo.ts';
export { PHASES, ADOPTIONS, phaseOf, type Phase, type Adoption } from './participation.ts';
