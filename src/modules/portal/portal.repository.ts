// Shell: the portal's own table — the entrances to other government portals (platform-wide). Every
// write is audited in its transaction.
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { platformView, type Db } from '../../schema.ts';

export interface PortalLink { id: number; level: string; name: string; url: string; sortOrder: number }
export interface LinkInput { level: string; name: string; url: string; sortOrder: number }

const LEVEL_ORDER = ['province', 'city', 'county', 'other'];

export async function listLinks(db: Db): Promise<PortalLink[]> {
  const rows = await db.selectFrom('portal_link').select(['id', 'level', 'name', 'url', 'sort_order']).orderBy('sort_order').orderBy('id').limit(200).execute();
  return rows.map((r) => ({ id: r.id, level: r.level, name: r.name, url: r.url, sortOrder: r.sort_order }))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.sortOrder - b.sortOrder || a.id - b.id);
}

export async function findLink(db: Db, id: number): Promise<PortalLink | null> {
  const r = await db.selectFrom('portal_link').select(['id', 'level', 'name', 'url', 'sort_order']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, level: r.level, name: r.name, url: r.url, sortOrder: r.sort_order } : null;
}

export async function addLink(db: Db, by: Performer, at: Date, input: LinkInput): Promise<number> {
  return inTransaction(db, async (trx) => {
    const row = await trx.insertInto('portal_link').values({ level: input.level, name: input.name, url: input.url, sort_order: input.sortOrder, created_at: at.toISOString(), updated_at: at.toISOString() }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(platformView(trx), at, { ...auditActor(by), action: 'portal.link.add', entity: 'portal_link', entityId: String(row.id), after: input });
    return Number(row.id);
  });
}

export async function updateLink(db: Db, by: Performer, at: Date, id: number, input: LinkInput): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const before = await findLink(trx, id);
    if (!before) return false;
    await trx.updateTable('portal_link').set({ level: input.level, name: input.name, url: input.url, sort_order: input.sortOrder, updated_at: at.toISOString() }).where('id', '=', id).execute();
    await recordAudit(platformView(trx), at, { ...auditActor(by), action: 'portal.link.update', entity: 'portal_link', entityId: String(id), before, after: input });
    return true;
  });
}

export async function deleteLink(db: Db, by: Performer, at: Date, id: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const before = await findLink(trx, id);
    if (!before) return false;
    await trx.deleteFrom('portal_link').where('id', '=', id).execute();
    await recordAudit(platformView(trx), at, { ...auditActor(by), action: 'portal.link.delete', entity: 'portal_link', entityId: String(id), before });
    return true;
  });
}

/** Demo: the provincial, city and county portals of the three demo counties (only when none are set). */
export async function loadPortalDemo(db: Db, at: Date): Promise<string> {
  const existing = await db.selectFrom('portal_link').select('id').limit(1).execute();
  if (existing.length) return '政府网站入口：已有';
  const links: LinkInput[] = [
    { level: 'province', name: '河北省人民政府', url: 'https://www.hebei.gov.cn/', sortOrder: 1 },
    { level: 'province', name: '广东省人民政府', url: 'https://www.gd.gov.cn/', sortOrder: 2 },
    { level: 'city', name: '邯郸市人民政府', url: 'https://www.hd.gov.cn/', sortOrder: 1 },
    { level: 'city', name: '广州市人民政府', url: 'https://www.gz.gov.cn/', sortOrder: 2 },
    { level: 'city', name: '深圳市人民政府', url: 'https://www.sz.gov.cn/', sortOrder: 3 },
    { level: 'county', name: '磁县人民政府', url: 'http://www.cixian.gov.cn/', sortOrder: 1 },
    { level: 'county', name: '广州市海珠区人民政府', url: 'https://www.haizhu.gov.cn/', sortOrder: 2 },
    { level: 'county', name: '深圳市龙华区人民政府', url: 'https://www.szlhq.gov.cn/', sortOrder: 3 },
  ];
  for (const l of links) await addLink(db, { cli: true }, at, l);
  return `政府网站入口：${links.length} 个`;
}
