// The `gongkai` command line. Uses the same DATA_DIR / DATABASE_URL as the server and can run
// while the server runs (SQLite WAL with a busy timeout; PostgreSQL as usual).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { describeDbError, openAndMigrate, sqliteFile } from './bootstrap.ts';
import { BackupError, backupSqlite, checkPostgres, maskedUrl, pgDumpCommand, pgRestoreCommand, restoreSqlite } from './platform/db/backup.ts';
import { systemClock } from './platform/clock/clock.ts';
import { importRegions, parseRegionCsv } from './modules/regions/index.ts';
import { findUserByUsername, identityService } from './modules/identity/index.ts';
import { DEMO_PASSWORD, loadDemo, isDemoLoaded } from './demo.ts';
import { DEFAULT_CLOCK_RULES, recomputeOpenCases } from './modules/applications/index.ts';
import { catalogService, MAX_IMPORT_BYTES } from './modules/catalogs/index.ts';
import { importServiceMap, ImportBusyError, ImportFileError, type ImportPhase } from './modules/service-map/index.ts';
import { progressBar } from './platform/cli/progress.ts';
import { decodeText } from './platform/csv/csv.ts';
import { checkUnpacked } from './platform/files/zip.ts';
import { createWorkOrders, parseHotlineCsv } from './modules/interaction/index.ts';
import { writeAnnualReportDocx } from './modules/reports/index.ts';
import { SearchService } from './modules/search/index.ts';
import type { Db } from './schema.ts';
import { inspect, InspectError, parseMonth } from './modules/supervision/index.ts';

const USAGE = `用法：gongkai <命令>

  serve                                   启动服务（同 npm start）
  migrate                                 执行数据库迁移
  demo load                               载入演示数据（已载入则跳过）
  regions import FILE                     导入区划 CSV（表头 code,name,level,parent_code；见 seed/regions/README.md）
  services import [--items FILE] [--venues FILE]
                                          导入政务服务事项与场所（JSONL/CSV/XLSX；见 docs/import/service-map.md）
  user create --username U --role ROLE --org CODE [--name 姓名]
                                          建立工作人员，密码从标准输入读取（--role platform_admin 时
                                          --org 可省略，默认第一个顶级单位；平台管理员在全平台有效）
  user grant --username U --role ROLE [--org CODE]
                                          给已有用户增加授权（例如 --role platform_admin 授予平台管理员）
  token create --user U [--label 用途]    建立 API 令牌，令牌为输出的最后一个词
  applications recompute                  按当前工作日历重新计算在办依申请公开的答复期限（记录为事件）
  catalog import FILE --org CODE [--domain 领域] [--publish]
                                          导入标准目录（.xlsx 每个工作表一个领域，或 .csv），建立新草稿；
                                          --publish 立即发布。任何一行有误则不导入
  catalog export --org CODE --out FILE.xlsx|FILE.csv [--drafts]
                                          导出单位的标准目录（默认已发布版本）
  report annual --org CODE --year YYYY --out FILE.docx
                                          生成政府信息公开工作年度报告 Word 文件（已发布的报告，未发布时为按当前数据计算的草稿）
  search reindex                          重建搜索索引（显示进度），并通知运行中的服务重建
  hotline import FILE --org CODE [--category C]
                                          导入 12345 工单 CSV（表头 工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态），有错则全部不导入
  user password --username U              为工作人员设置新密码（从标准输入读取），其登录会话全部结束
  backup --out FILE [--force]             备份数据库：SQLite 在线备份（服务可继续运行）；PostgreSQL 检查连接并给出 pg_dump 命令
  restore FILE [--force]                  用备份替换数据目录中的数据库（须先停止服务；已有数据库时须加 --force）
  supervision inspect --month YYYY-MM [--org CODE]
                                          月检查：对各政务公开办监督范围（或 --org 单位及其下级）运行启用的检查规则，登记问题清单并列出所发现的问题

角色：platform_admin admin supervisor editor reviewer case_handler（也可写中文名称）
环境变量：DATA_DIR、DATABASE_URL 与服务相同`;

class UsageError extends Error {}

const PHASE_LABELS: Record<ImportPhase, string> = { parse: '解析', stage: '解析并写入暂存', switch: '切换' };

/** Options `--name value` (or `--name=value`); names in `flags` take no value. */
function options(args: string[], flags: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) throw new UsageError(`无法识别的参数：${a}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (flags.includes(k)) { out[k] = '1'; continue; }
    const v = inline ?? args[++i];
    if (v === undefined) throw new UsageError(`选项 --${k} 缺少取值`);
    out[k] = v;
  }
  return out;
}

function need(opts: Record<string, string>, name: string): string {
  const v = opts[name];
  if (!v) throw new UsageError(`缺少选项 --${name}`);
  return v;
}

/** The command's standard input, read whole (the password of `user create` / `user password`). */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('请输入密码后回车：');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** The organisation a platform administrator's grant is stored on when --org is not given. */
async function platformOrg(db: Db): Promise<string> {
  const code = await identityService.defaultPlatformOrg(db);
  if (!code) throw new CliError('还没有任何单位：请先导入区划并建立单位，或用 --org 指定单位代码');
  return code;
}

async function withDb<T>(env: CliIo['env'], fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  let opened;
  try {
    opened = await openAndMigrate(config, systemClock.now());
  } catch (e) {
    throw new CliError(describeDbError(config, e));
  }
  try {
    return await fn(opened.db);
  } finally {
    await opened.db.destroy();
  }
}

class CliError extends Error {}

/** Region and hotline CSV files are read whole: the national region list (~700,000 rows) is ~40 MB. */
const MAX_CSV_IMPORT_BYTES = 200 * 1024 * 1024;

/**
 * A file to import, refused before it is read when it is larger than any real one (a 3 GB file
 * crashed the reader, a 300 MB one exhausted memory), and before any parser sees it when it is a
 * zip that unpacks to a bomb.
 */
async function readChecked(file: string): Promise<Buffer> {
  const size = fs.statSync(file).size;
  if (size > MAX_CSV_IMPORT_BYTES) throw new CliError(`${path.basename(file)}：文件过大（${Math.ceil(size / 1024 / 1024)} MB），上限为 ${MAX_CSV_IMPORT_BYTES / 1024 / 1024} MB；请拆分后分批导入`);
  const buf = fs.readFileSync(file);
  const unpacked = await checkUnpacked(buf);
  if (!unpacked.ok) throw new CliError(`${path.basename(file)}：${unpacked.message}`);
  return buf;
}

async function run(argv: string[], io: CliIo): Promise<void> {
  const log = (line: unknown) => { io.stdout.write(`${String(line)}\n`); };
  const [cmd, sub, ...rest] = argv;
  const clock = systemClock;
  if (!cmd || cmd === 'help' || cmd === '--help') { log(USAGE); return; }
  if (cmd === 'serve') { await import('./main.ts'); return; }
  if (cmd === 'migrate') {
    await withDb(io.env, async () => undefined);
    log('数据库已是最新版本');
    return;
  }
  if (cmd === 'demo' && sub === 'load') {
    await withDb(io.env, async (db) => log((await isDemoLoaded(db)) ? '演示数据已载入，跳过' : await loadDemo(db, clock, (l) => log(l))));
    return;
  }
  if (cmd === 'regions' && sub === 'import') {
    const file = rest[0];
    if (!file) throw new UsageError('缺少文件名：gongkai regions import FILE');
    if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
    const { rows, errors } = parseRegionCsv(decodeText(await readChecked(file)));
    if (errors.length) throw new CliError(`文件有 ${errors.length} 处错误，未导入任何数据：\n${errors.slice(0, 20).join('\n')}`);
    await withDb(io.env, async (db) => {
      const r = await importRegions(db, rows, progressBar('导入区划（一个事务）', io.stderr));
      log(`已导入 ${rows.length} 条区划：新增 ${r.inserted}，更新 ${r.updated}`);
    });
    return;
  }
  if (cmd === 'services' && sub === 'import') {
    const o = options(rest);
    if (!o.items && !o.venues) throw new UsageError('至少需要 --items FILE 或 --venues FILE');
    await withDb(io.env, async (db) => {
      try {
        // One bar per phase and file: 解析 (read and check every row), 写入暂存 (staging, invisible
        // to the site), 切换 (the one transaction that puts everything live).
        const bars = new Map<string, (done: number, total: number) => void>();
        const label = (phase: ImportPhase, kind: 'items' | 'venues' | null) => `${PHASE_LABELS[phase]}${kind ? (kind === 'items' ? '事项' : '场所') : ''}`;
        const r = await importServiceMap({ db, clock }, { items: o.items ?? null, venues: o.venues ?? null }, (phase, kind, done, total) => {
          const l = label(phase, kind);
          if (!bars.has(l)) bars.set(l, progressBar(l));
          (bars.get(l) as (d: number, t: number) => void)(done, total);
        }, (message) => log(message));
        if (!r.ok) throw new CliError(`发现 ${r.problemCount} 处问题，未导入任何数据：\n${r.problems.map((p) => `${p.file} 第 ${p.rowNo} 行：${p.message}`).join('\n')}${r.problemCount > r.problems.length ? `\n……另有 ${r.problemCount - r.problems.length} 处` : ''}`);
        const resumed = (n: number) => (n ? `（从第 ${n + 1} 条续传）` : '');
        log(`已导入事项 ${r.items.loaded} 条${resumed(r.items.resumedFrom)}，场所 ${r.venues.loaded} 个${resumed(r.venues.resumedFrom)}；切换上线用时 ${(r.switchMs / 1000).toFixed(1)} 秒`);
      } catch (e) {
        if (e instanceof ImportFileError || e instanceof ImportBusyError) throw new CliError(e.message);
        throw e;
      }
    });
    return;
  }
  if (cmd === 'user' && sub === 'create') {
    const o = options(rest);
    const role = need(o, 'role');
    const platform = identityService.isPlatformRole(role);
    const input = { username: need(o, 'username'), role, orgCode: platform ? o.org ?? '' : need(o, 'org'), displayName: o.name ?? need(o, 'username') };
    const password = await io.stdin();
    await withDb(io.env, async (db) => {
      if (platform && !input.orgCode) input.orgCode = await platformOrg(db);
      const r = await identityService.createUser({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, { ...input, password });
      if (!r.ok) throw new CliError(Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('\n'));
      log(`已建立用户 ${input.username.toLowerCase()}（编号 ${r.id}）`);
    });
    return;
  }
  if (cmd === 'user' && sub === 'grant') {
    const o = options(rest);
    const username = need(o, 'username');
    const role = need(o, 'role');
    const platform = identityService.isPlatformRole(role);
    const org = platform ? o.org : need(o, 'org');
    await withDb(io.env, async (db) => {
      const user = await findUserByUsername(db, username.toLowerCase());
      if (!user) throw new CliError(`找不到用户 ${username}`);
      const orgCode = org ?? await platformOrg(db);
      const r = await identityService.grantRole({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, user.id, role, orgCode);
      if (!r.ok) throw new CliError(Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('\n'));
      log(`已授权：${user.username} ${role} @ ${orgCode}`);
    });
    return;
  }
  if (cmd === 'token' && sub === 'create') {
    const o = options(rest);
    const username = need(o, 'user');
    await withDb(io.env, async (db) => {
      const user = await findUserByUsername(db, username.toLowerCase());
      if (!user) throw new CliError(`找不到用户 ${username}`);
      if (user.disabled) throw new CliError(`用户 ${username} 已停用`);
      const token = await identityService.createApiToken({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, user.id, o.label ?? 'cli');
      log(`已为 ${user.username} 建立 API 令牌（只显示这一次）：\n${token}`);
    });
    return;
  }
  if (cmd === 'applications' && sub === 'recompute') {
    // The same start-day setting as the server (DEADLINE_COUNT_START_DAY); without it every open case would move a day.
    const rules = { ...DEFAULT_CLOCK_RULES, countStartDay: loadConfig(io.env).countStartDay };
    await withDb(io.env, async (db) => log(`已重新计算，答复期限有变化的申请 ${await recomputeOpenCases({ db, clock, rules }, '命令行：按当前工作日历重新计算')} 件`));
    return;
  }
  if (cmd === 'catalog' && sub === 'import') {
    const [file, ...more] = rest;
    if (!file || file.startsWith('--')) throw new UsageError('缺少文件名：gongkai catalog import FILE --org CODE');
    const o = options(more, ['publish']);
    const org = need(o, 'org');
    if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
    if (fs.statSync(file).size > MAX_IMPORT_BYTES) throw new CliError('文件过大，上限为 20 MB');
    await withDb(io.env, async (db) => {
      const r = await catalogService.importFile({ db, clock }, { cli: true }, {
        orgCode: org, buffer: fs.readFileSync(file), fileName: path.basename(file), domainName: o.domain, publish: o.publish === '1', onProgress: progressBar('导入目录事项（一个事务）', io.stderr),
      });
      if (!r.ok) throw new CliError(`未导入任何内容（${r.errors.length} 处问题）：\n${r.errors.slice(0, 200).join('\n')}${r.errors.length > 200 ? `\n……另有 ${r.errors.length - 200} 处` : ''}`);
      for (const w of r.value.warnings) log(`提示：${w}`);
      for (const c of r.value.catalogs) {
        log(`已导入「${c.domain}」第${c.versionNo}版：${c.items} 项，${c.published ? '已发布' : '草稿'}（目录编号 ${c.catalogId}）`);
        if (c.unlinkedBodies.length) log(`  未关联单位的公开主体：${c.unlinkedBodies.join('、')}`);
      }
    });
    return;
  }
  if (cmd === 'catalog' && sub === 'export') {
    const o = options(rest, ['drafts']);
    const org = need(o, 'org');
    const out = need(o, 'out');
    const format = out.toLowerCase().endsWith('.csv') ? 'csv' : out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : null;
    if (!format) throw new UsageError('--out 须以 .xlsx 或 .csv 结尾');
    await withDb(io.env, async (db) => {
      const r = await catalogService.exportCatalogs({ db, clock }, { orgCode: org, format, drafts: o.drafts === '1' });
      if (!r.ok) throw new CliError(r.errors.join('\n'));
      fs.writeFileSync(out, r.value.buffer);
      log(`已导出 ${r.value.sheets} 个目录、${r.value.items} 项到 ${out}`);
    });
    return;
  }
  if (cmd === 'report' && sub === 'annual') {
    const o = options(rest);
    const [org, year, out] = [need(o, 'org'), need(o, 'year'), need(o, 'out')];
    await withDb(io.env, async (db) => {
      try {
        log(await writeAnnualReportDocx(db, clock, org, year, out));
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    });
    return;
  }
  if (cmd === 'search' && sub === 'reindex') {
    await withDb(io.env, async (db) => {
      const r = await new SearchService(db, clock).reindex(progressBar('重建搜索索引', io.stderr));
      log(`已重建搜索索引：${r.docs} 条，用时 ${(r.ms / 1000).toFixed(1)} 秒；运行中的服务将在 1 秒内重建`);
    });
    return;
  }
  if (cmd === 'hotline' && sub === 'import') {
    const [file, ...more] = rest;
    if (!file || file.startsWith('--')) throw new UsageError('缺少文件名：gongkai hotline import FILE --org CODE');
    const o = options(more);
    if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
    const { rows, errors } = parseHotlineCsv(decodeText(await readChecked(file)));
    if (errors.length) throw new CliError(`文件有 ${errors.length} 处错误，未导入任何工单：\n${errors.slice(0, 20).join('\n')}`);
    await withDb(io.env, async (db) => {
      const r = await createWorkOrders({ db, clock }, { actorId: null, label: 'cli' }, need(o, 'org'), rows, o.category ?? 'other', progressBar('导入工单（一个事务）', io.stderr));
      if (!r.ok) throw new CliError(`未导入任何工单：\n${r.errors.slice(0, 20).join('\n')}`);
      // The same 工单编号 again updates that order (its change is in its event log).
      log(`已导入 ${r.references.length} 件 12345 工单（新增 ${r.created.length} 件，更新 ${r.updated.length} 件，无变化 ${r.unchanged.length} 件${r.reopened.length ? `，重办 ${r.reopened.length} 件` : ''}）`);
      for (const w of r.warnings) log(`注意：${w}`);
    });
    return;
  }
  if (cmd === 'user' && sub === 'password') {
    const username = need(options(rest), 'username');
    const password = await io.stdin();
    if (password === DEMO_PASSWORD) throw new CliError('不能使用公开的演示密码，请换一个密码');
    await withDb(io.env, async (db) => {
      const r = await identityService.setPasswordByCli({ db, clock, sessionIdleMinutes: 120 }, username, password);
      if (!r.ok) throw new CliError(r.message);
      log(`已为 ${username.toLowerCase()} 设置新密码，其登录会话已全部结束`);
    });
    return;
  }
  if (cmd === 'backup' || cmd === 'restore') { await backupCommand(cmd, argv.slice(1), io); return; }
  if (cmd === 'supervision' && sub === 'inspect') { await supervisionInspect(options(rest), clock, io); return; }
  throw new UsageError(`未知命令：${[cmd, sub].filter(Boolean).join(' ')}`);
}

/** `gongkai supervision inspect --month YYYY-MM [--org CODE]`: the 月检查 on demand, printed per rule and organisation. */
async function supervisionInspect(o: Record<string, string>, clock: typeof systemClock, io: CliIo): Promise<void> {
  const log = (line: string) => { io.stdout.write(`${line}\n`); };
  const month = o.month ?? '';
  if (!parseMonth(month)) throw new CliError(`月份「${month}」无效，请用 --month YYYY-MM 指定，例如 --month 2026-11`);
  await withDb(io.env, async (db) => {
    try {
      const r = await inspect({ db, clock, onTime: loadConfig(io.env).interaction.onTime }, { month, scopeOrgCode: o.org, trigger: 'cli', by: 'cli' });
      log(`月检查 ${r.month}（范围：${r.scopeOrgCode === 'all' ? '全部政务公开办' : r.scopeOrgCode}）：发现 ${r.found} 项，新登记问题 ${r.raised} 个（其余已在整改中或本月已登记）`);
      for (const rule of r.rules) {
        log(`  ${rule.title}（${rule.rule}）：发现 ${rule.found}，新登记 ${rule.raised}`);
        for (const [code, c] of Object.entries(rule.byOrg)) log(`    ${r.orgNames[code] ?? code}（${code}）：发现 ${c.found}，新登记 ${c.raised}`);
      }
    } catch (e) {
      if (e instanceof InspectError) throw new CliError(e.message);
      throw e;
    }
  });
}

/** `gongkai backup --out FILE [--force]` and `gongkai restore FILE [--force]` (src/platform/db/backup.ts). */
async function backupCommand(cmd: 'backup' | 'restore', args: string[], io: CliIo): Promise<void> {
  const log = (line: string) => { io.stdout.write(`${line}\n`); };
  const config = loadConfig(io.env);
  try {
    if (cmd === 'backup') {
      const o = options(args, ['force']);
      const out = need(o, 'out');
      if (config.databaseUrl) {
        const pgInfo = await checkPostgres(config.databaseUrl);
        log(`已连接 PostgreSQL ${pgInfo.version}（${maskedUrl(config.databaseUrl)}，已执行迁移 ${pgInfo.migrations ?? 0} 个）。`);
        log(`PostgreSQL 请用其自带的 pg_dump 备份（服务可继续运行）：\n  ${pgDumpCommand(config.databaseUrl, out)}`);
        return;
      }
      const r = await backupSqlite(sqliteFile(config), out, { force: o.force === '1', onProgress: progressBar('备份数据库', io.stderr) });
      log(`已备份到 ${out}（${(r.bytes / 1024 / 1024).toFixed(1)} MB，已检查完整性）`);
      return;
    }
    const [file, ...more] = args;
    if (!file || file.startsWith('--')) throw new UsageError('缺少备份文件名：gongkai restore FILE [--force]');
    const o = options(more, ['force']);
    if (config.databaseUrl) {
      if (!fs.existsSync(file)) throw new CliError(`找不到备份文件：${file}`);
      await checkPostgres(config.databaseUrl);
      log(`PostgreSQL 请先停止服务，再用 pg_restore 恢复：\n  ${pgRestoreCommand(config.databaseUrl, file)}`);
      return;
    }
    const r = restoreSqlite(file, sqliteFile(config), { force: o.force === '1' });
    log(`已从 ${file} 恢复数据库到 ${sqliteFile(config)}（迁移 ${r.migrations} 个）${r.keptOld ? `；原数据库保留为 ${r.keptOld}` : ''}。请启动服务`);
  } catch (e) {
    if (e instanceof BackupError) throw new CliError(e.message);
    throw e;
  }
}


/**
 * What a command reads and writes: its output lines, its stderr (progress bars and the error
 * message), its standard input and the settings (DATA_DIR, DATABASE_URL… as for the server).
 * The process's own by default; the tests pass their own to run commands in-process.
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: NodeJS.WriteStream;
  stdin: () => Promise<string>;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: readStdin, env: process.env };
}

/**
 * Runs one `gongkai` command and returns its exit code: 0, 2 for a usage error (the message and
 * the usage on stderr), 1 for any other error a user can cause (bad file, unknown user, database
 * unreachable, bad setting). Anything else is a bug and is thrown. Whatever the command opens
 * (database) is closed before it returns, except `serve`, which keeps the server running.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    await run(argv, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { io.stderr.write(`${e.message}\n\n${USAGE}\n`); return 2; }
    if (e instanceof CliError || e instanceof ConfigError) { io.stderr.write(`${e.message}\n`); return 1; }
    throw e;
  }
}

/** `gongkai …` as a process (bin/gongkai.js, `node --import tsx src/cli.ts`): exits at once on an error. */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  const code = await main(argv);
  if (code !== 0) process.exit(code);
}

// Run only when this file is the entry (`node --import tsx src/cli.ts …`), not when imported.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runCli();
