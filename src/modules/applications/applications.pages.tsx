// Shell: the 依申请公开 pages (filled in below).
import type { App } from '../../platform/web/server.tsx';
import type * as service from './applications.service.ts';

export async function applicationPages(_app: App, _deps: service.ApplicationDeps): Promise<void> {}
