// Shell: life events as data (issue 22 §5) — import (XLSX/JSONL), the staff page per government,
// publishing, and the public page. (Builder E fills this in.)
import type { App } from '../../platform/web/server.tsx';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';

export interface LifeEventDeps { db: Db; clock: Clock }

export async function lifeEventRoutes(_app: App, _deps: LifeEventDeps): Promise<void> {}
