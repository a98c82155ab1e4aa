// Shell: the demo's 月检查 — after the demo data loads, the previous month is inspected over 磁县 and
// 海珠 so the demo shows problems (deterministic: the demo clock and data decide everything).
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { previousMonth } from './deadline-classes.ts';
import { inspect } from './inspect.service.ts';

export async function loadSupervisionDemo(db: Db, clock: Clock): Promise<string> {
  const month = previousMonth(clock.today());
  let raised = 0;
  for (const scope of ['130427-gkb', '440105-gkb']) {
    const known = await db.selectFrom('organisation').select('code').where('code', '=', scope).executeTakeFirst();
    if (known) raised += (await inspect({ db, clock }, { month, scopeOrgCode: scope, trigger: 'manual', by: 'demo', audit: false })).raised;
  }
  return `月检查（${month}，磁县、海珠区）：发现问题 ${raised} 个`;
}
