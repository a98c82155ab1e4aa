// Public surface of the accounts module (issue 21): residents' and enterprises' sign-in (OIDC or
// phone + SMS code), the personal space /me, saved items, subscriptions, 一码办, PIPL.
// Other modules never import it: they read request.resident (platform/auth/resident.ts).
export { accountRoutes, accountJobs } from './accounts.routes.tsx';
export type { AccountsDeps } from './deps.ts';
export { loadAccountsDemo, DEMO_PERSON, DEMO_ENTERPRISE } from './accounts.demo.ts';
// Issue 22: other modules' blocks on /me (the queue's tickets of the day).
export { addMeSection, type MeSection } from './me-sections.ts';
