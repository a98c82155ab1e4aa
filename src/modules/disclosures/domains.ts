// Shell: a pilot domain (catalogs module) named in a URL or a query — by its number or its name.
import type { Db } from '../../schema.ts';
import { listDomains } from '../catalogs/index.ts';

export async function findDomain(db: Db, raw: string): Promise<{ id: number; name: string } | null> {
  const t = raw.trim();
  if (!t || t.length > 40) return null;
  const d = (await listDomains(db)).find((x) => (/^[1-9][0-9]{0,8}$/.test(t) ? x.id === Number(t) : x.name === t));
  return d ? { id: d.id, name: d.name } : null;
}
