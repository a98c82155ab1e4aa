// Public surface of the supervision module (督查: 月检查、季通报、年考评, 问题清单 and 整改台账).
// One export line per concern; each part appends its own.
export { supervisionProblemRoutes, problemJobs, ESCALATE_JOB } from './problems.module.ts';
