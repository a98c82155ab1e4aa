// Start the server: read config, open and migrate the database, load demo data on the first
// start, listen, and print the address and how to sign in.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { buildApp } from './app.ts';
import { describeDbError, openAndMigrate } from './bootstrap.ts';
import { systemClock } from './platform/clock/clock.ts';
import { JobRunner } from './platform/jobs/jobs.ts';
import { withInstallLock } from './platform/db/db.ts';
import { RECOMPUTE_PROVISIONAL_JOB } from './modules/applications/index.ts';
import { INTERACTION_DEMO_USERS, RECOMPUTE_PROVISIONAL_MESSAGES_JOB } from './modules/interaction/index.ts';
import { createLogger } from './platform/log/logger.ts';
import { platformView } from './schema.ts';
import { accountsWithDemoPassword, DEMO_PASSWORD, DEMO_USERS, demoPasswordRefusal, isDemoLoaded, loadDemo } from './demo.ts';

function fail(line: string): never {
  console.error(line);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) fail(e.message);
  throw e;
}

const clock = systemClock;
let opened;
try {
  opened = await openAndMigrate(config, clock.now());
} catch (e) {
  fail(describeDbError(config, e));
}
const { db, migrated, calendarYearsAdded } = opened;
if (migrated.length) console.log(`已执行数据库迁移：${migrated.join('、')}`);
if (calendarYearsAdded.length) console.log(`已载入工作日历：${calendarYearsAdded.join('、')} 年`);

let demoJustLoaded = false;
// Processes starting together on one PostgreSQL: one loads the demo, the others then find it loaded.
await withInstallLock(db, async () => {
  if (config.demoData && !(await isDemoLoaded(db))) {
    console.log('首次启动，正在载入演示数据（磁县、海珠区、龙华区）…');
    console.log(await loadDemo(db, clock, (l) => console.log(l), { piiKey: config.publicAccounts.piiKey }));
    demoJustLoaded = true;
  }
});
if (!config.demoData) {
  // A production start: refuse while any enabled account still has the published demo password.
  const exposed = await accountsWithDemoPassword(db);
  if (exposed.length) {
    await db.destroy();
    fail(demoPasswordRefusal(exposed));
  }
}

const logger = createLogger(config.logLevel);
// Background jobs (outbox, recomputations, purges) run once per period across all processes.
const jobs = new JobRunner(platformView(db), { log: logger });
const app = await buildApp({ config, db, clock, logger, jobs });
if (calendarYearsAdded.length) {
  await jobs.requestRun(RECOMPUTE_PROVISIONAL_JOB);
  await jobs.requestRun(RECOMPUTE_PROVISIONAL_MESSAGES_JOB);
}

const shutdown = async () => {
  await app.close();
  await db.destroy();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  await app.listen({ port: config.port, host: config.host });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  fail(err.code === 'EADDRINUSE' ? `端口被占用：PORT=${config.port} 已有其他程序在使用，请换一个端口（例如 PORT=3001 npm start）` : `无法监听 ${config.host}:${config.port}：${err.message}`);
}

jobs.start();

const address = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(app.server.address() as { port: number }).port}`;
console.log(`\nGongkai 已启动：${address}`);
console.log(`数据库：${config.databaseUrl ? 'PostgreSQL（DATABASE_URL）' : `SQLite（${config.dataDir}）`}`);
if (config.demoData && (demoJustLoaded || (await isDemoLoaded(db)))) {
  console.log(`工作人员登录：${address}/login`);
  console.log(`  演示账号：${DEMO_USERS.map((u) => u.username).join('、')}；密码均为 ${DEMO_PASSWORD}（正式部署请设置 DEMO_DATA=false）`);
  console.log(`  民心直通车与 12345 工单：${INTERACTION_DEMO_USERS.map((u) => `${u.username}（${u.displayName}）`).join('、')}`);
} else {
  console.log(`工作人员登录：${address}/login（用 npx gongkai user create 建立账号）`);
}
