// Shell: 办事一本通 (issue 22 §6) — /services/handbook/{region} as print-ready HTML and DOCX.
// (Builder F fills this in.)
import type { App } from '../../platform/web/server.tsx';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';

export interface HandbookDeps { db: Db; clock: Clock }

export async function handbookRoutes(_app: App, _deps: HandbookDeps): Promise<void> {}
