// Shell: the seed's catalogues (《政务公开工作交流》第37期) as published catalogues of the demo
// organisations — 海珠区赤岗街 户籍管理 and 社会救助, 龙华区 户籍管理 and 税收管理, and the
// 龙华 street and community tables (as 龙华街道 and its 荔园社区).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import * as repo from './catalog.repository.ts';
import { importFile } from './catalog.service.ts';

const SEED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../seed/catalogs');

/** Files are named ORG-领域.csv; a domain not among the 26 (街道综合) is added as a local domain. */
export async function loadCatalogDemo(db: Db, clock: Clock): Promise<number> {
  let items = 0;
  for (const file of fs.readdirSync(SEED).filter((f) => f.endsWith('.csv')).sort()) {
    const [org, domainName] = path.basename(file, '.csv').split('-') as [string, string];
    const domain = domainName.endsWith('综合') ? '综合政务' : domainName;
    if (!(await repo.listDomains(db)).some((d) => d.name === domain)) await repo.insertDomain(db, domain, clock.now());
    const r = await importFile({ db, clock }, { cli: true }, { orgCode: org, buffer: fs.readFileSync(path.join(SEED, file)), fileName: file, domainName: domain, publish: true });
    if (!r.ok) throw new Error(`演示目录 ${file}：${r.errors.join('；')}`);
    items += r.value.catalogs.reduce((n, c) => n + c.items, 0);
  }
  return items;
}
