// Shell: demo data of three real places, loaded on the first start only — 河北省邯郸市磁县,
// 广州市海珠区 and 深圳市龙华区 down to villages and communities (NBS 2023 codes), their
// governments, a few departments and one user per role.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shortRegionCode } from './platform/geo/region-code.ts';
import { loadSearchDemo } from './modules/search/index.ts';
import { loadPortalDemo } from './modules/portal/index.ts';
import type { Db } from './schema.ts';
import { importRegions, parseRegionCsv } from './modules/regions/index.ts';
import { childPath, identityService, insertOrganisations, type Organisation } from './modules/identity/index.ts';
import type { Clock } from './platform/clock/clock.ts';
import { loadCatalogDemo } from './modules/catalogs/index.ts';
import { loadApplicationsDemo } from './modules/applications/index.ts';
import { loadLifeEventsDemo, loadServiceMapDemo } from './modules/service-map/index.ts';
import { loadInteractionDemo } from './modules/interaction/index.ts';
import { loadDisclosureDemo } from './modules/disclosures/index.ts';
import { loadReportDemo } from './modules/reports/index.ts';
import { loadBoardDemo } from './modules/boards/index.ts';
import { loadParticipationDemo } from './modules/participation/index.ts';
import { loadRatingsDemo } from './modules/ratings/index.ts';
import { PUBLISHED_DEMO_PASSWORD } from './platform/auth/password.ts';
import { loadSupervisionDemo } from './modules/supervision/index.ts';
import { loadEnquiriesDemo } from './modules/enquiries/index.ts';
import { loadZonesDemo } from './modules/channels/index.ts';
import { loadAssistantDemo } from './modules/assistant/index.ts';
import { loadHandoffDemo } from './modules/assistant/index.ts';
import { loadAccountsDemo } from './modules/accounts/index.ts';
import { loadForecastDemo } from './modules/queue/index.ts';
import { loadQueueDemo } from './modules/queue/index.ts';
import { loadAppointmentsDemo } from './modules/appointments/index.ts';
import { loadOpenDataDemo } from './modules/opendata/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_REGION_FILES = ['130427', '440105', '440309'].map((c) => path.join(ROOT, 'seed', 'regions', `${c}.csv`));
export const DEMO_PASSWORD = PUBLISHED_DEMO_PASSWORD;
const MARK = 'demo_loaded_at';

export const DEMO_USERS = [
  // Owns what every county shares (calendar, message categories and classes, search synonyms).
  { username: 'platform', displayName: '平台管理员', role: 'platform_admin', org: '13' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', org: '13' },
  { username: 'admin2', displayName: '系统管理员（广东）', role: 'admin', org: '44' },
  { username: 'cixian.gkb', displayName: '磁县政务公开办', role: 'supervisor', org: '130427-gkb' },
  { username: 'cixian.editor', displayName: '磁县信息编辑', role: 'editor', org: '130427' },
  { username: 'cixian.reviewer', displayName: '磁县保密审查员', role: 'reviewer', org: '130427' },
  { username: 'cizhou.handler', displayName: '磁州镇承办人', role: 'case_handler', org: '130427100' },
  { username: 'longhua.admin', displayName: '龙华区管理员', role: 'admin', org: '440309' },
  // the city's 政务公开办: supervises its counties (问题清单 of 磁县 and its departments)
  { username: 'handan.gkb', displayName: '邯郸市政务公开办', role: 'supervisor', org: '1304-gkb' },
  // the staff of 磁县's township and village 政务公开专区 (their zone's figures)
  { username: 'cizhou.zone', displayName: '磁州镇政务公开专区', role: 'editor', org: '130427100' },
  { username: 'fucai.zone', displayName: '阜才社区政务公开专区', role: 'editor', org: '130427100001' },
  // a window clerk at 磁县政务服务中心 (CX-ZWFW, a venue of the county government): the window desk's
  // rating QR and walk-in applications need a handler's role there (cixian.editor may only print guides)
  { username: 'cixian.window', displayName: '磁县政务服务中心窗口', role: 'case_handler', org: '130427' },
] as const;

const DEPARTMENTS: { code: string; name: string; kind: Organisation['kind'] }[] = [
  { code: '130427-gkb', name: '磁县政务公开办', kind: 'openness_office' },
  { code: '130427-mzj', name: '磁县民政局', kind: 'department' },
  { code: '130427-xzspj', name: '磁县行政审批局', kind: 'department' },
  { code: '130427-rsj', name: '磁县人力资源和社会保障局', kind: 'department' },
  { code: '440105-gkb', name: '海珠区政务公开办', kind: 'openness_office' },
  { code: '440105-lsz', name: '海珠区来穗人员服务管理局', kind: 'department' },
  { code: '440309-gkb', name: '龙华区政务公开办', kind: 'openness_office' },
  { code: '440309-gaj', name: '深圳市公安局龙华分局', kind: 'department' },
  { code: '440309-zsj', name: '龙华区政务服务数据管理局', kind: 'department' },
  { code: '1304-gkb', name: '邯郸市政务公开办', kind: 'openness_office' },
];

/** The name of a region's government: 磁县人民政府, 新港街道办事处, 白龙村村民委员会. */
export function governmentName(regionName: string, level: string): string {
  if (level === 'village') {
    if (/(委员会|居委会|村委会)$/.test(regionName)) return regionName;
    if (regionName.endsWith('社区')) return `${regionName}居民委员会`;
    return `${regionName}村民委员会`;
  }
  if (level === 'township' && regionName.endsWith('街道')) return `${regionName}办事处`;
  if (regionName.endsWith('办事处')) return regionName;
  return `${regionName}人民政府`;
}

/**
 * Enabled accounts that still have the published DEMO_PASSWORD (checked at start-up when
 * DEMO_DATA=false; see identityService.usersWithPassword for the cost).
 */
export function accountsWithDemoPassword(db: Db): Promise<string[]> {
  return identityService.usersWithPassword(db, DEMO_PASSWORD);
}

/** Why the server refuses to start with those accounts, and how to fix it. */
export function demoPasswordRefusal(usernames: readonly string[]): string {
  return [
    `启动已停止：已设置 DEMO_DATA=false（正式使用），但以下 ${usernames.length} 个账号仍在使用公开的演示密码（${DEMO_PASSWORD}），任何人都可以用它登录：`,
    `  ${usernames.join('、')}`,
    '请为每个账号设置新密码（至少 10 个字符，从标准输入读取）后再启动，例如：',
    `  npx gongkai user password --username ${usernames[0] ?? '用户名'}`,
    '不再使用的演示账号也请设一个新密码，启动后由管理员在「用户管理」中停用（停用的账号不参与此项检查）。',
  ].join('\n');
}

export async function isDemoLoaded(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('install_state').select('value').where('key', '=', MARK).executeTakeFirst());
}

/** Loads the demo data once (all or nothing per step); returns a summary line. */
export async function loadDemo(db: Db, clock: Clock, log: (line: string) => void = () => {}, opts: { piiKey?: string | null } = {}): Promise<string> {
  const now = clock.now();
  let regions = 0;
  for (const file of DEMO_REGION_FILES) {
    const { rows, errors } = parseRegionCsv(fs.readFileSync(file, 'utf8'));
    if (errors.length) throw new Error(`${path.basename(file)}：${errors[0]}`);
    await importRegions(db, rows);
    regions += rows.length;
    log(`  区划 ${path.basename(file, '.csv')}：${rows.length} 条`);
  }

  await db.transaction().execute(async (trx) => {
    const all = await trx.selectFrom('region').selectAll().orderBy('code').execute();
    const order = ['province', 'city', 'county', 'township', 'village'];
    all.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || a.code.localeCompare(b.code));
    const pathOf = new Map<string, string>();
    const orgs: Organisation[] = [];
    for (const r of all) {
      const code = shortRegionCode(r.code);
      const parentOrg = r.parent_code ? shortRegionCode(r.parent_code) : null;
      const p = childPath(parentOrg ? pathOf.get(parentOrg) ?? null : null, code);
      pathOf.set(code, p);
      orgs.push({
        code, name: governmentName(r.name, r.level), kind: identityService.governmentKindFor(r.code),
        regionCode: r.code, parentCode: parentOrg, path: p, disabled: false,
      });
    }
    for (const d of DEPARTMENTS) {
      const gov = d.code.split('-')[0] as string;
      orgs.push({ code: d.code, name: d.name, kind: d.kind, regionCode: gov.padEnd(12, '0'), parentCode: gov, path: childPath(pathOf.get(gov) ?? null, d.code), disabled: false });
    }
    await insertOrganisations(trx, orgs, now);
    log(`  单位：${orgs.length} 个`);
  });

  const deps = { db, clock, sessionIdleMinutes: 120 };
  for (const u of DEMO_USERS) {
    const r = await identityService.createUser(deps, { cli: true }, { username: u.username, displayName: u.displayName, role: u.role, orgCode: u.org, password: DEMO_PASSWORD });
    if (!r.ok) throw new Error(`演示用户 ${u.username}：${Object.values(r.errors).join('；')}`);
  }
  const catalogItems = await loadCatalogDemo(db, clock);
  log(`  标准目录：${catalogItems} 项`);
  log(`  依申请公开：${await loadApplicationsDemo(db, clock)} 件`);
  log(`  ${await loadServiceMapDemo(db, clock)}`);
  log(`  ${await loadLifeEventsDemo(db, clock)}`);
  log(`  互动交流：${await loadInteractionDemo(db, clock)}`);
  log(`  主动公开：${await loadDisclosureDemo(db, clock, DEMO_PASSWORD)}`);
  log(`  ${await loadReportDemo(db, clock)}`);
  log(`  ${await loadParticipationDemo(db, clock)}`);
  log(`  ${await loadSearchDemo(db, clock)}`);
  log(`  ${await loadBoardDemo(db, clock)}`);
  log(`  ${await loadRatingsDemo(db, clock)}`);
  log(`  ${await loadPortalDemo(db, now)}`);
  log(`  ${await loadSupervisionDemo(db, clock)}`);
  log(`  ${await loadEnquiriesDemo(db, clock)}`);
  log(`  ${await loadZonesDemo(db, clock)}`);
  log(`  ${await loadAssistantDemo(db, clock)}`);
  log(`  ${await loadHandoffDemo(db, clock)}`);
  log(`  ${await loadAccountsDemo(db, clock, opts.piiKey ?? null)}`);
  log(`  ${await loadForecastDemo(db, clock)}`);
  log(`  ${await loadQueueDemo(db, clock)}`);
  log(`  ${await loadAppointmentsDemo(db, clock)}`);
  log(`  ${await loadOpenDataDemo(db, clock)}`);
  await db.insertInto('install_state').values({ key: MARK, value: now.toISOString() }).execute();
  return `已载入演示数据：${regions} 个区划，${DEMO_USERS.length} 个用户`;
}
