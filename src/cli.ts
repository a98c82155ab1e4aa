// The `gongkai` command line. Uses the same DATA_DIR / DATABASE_URL as the server and can run
// while the server runs (SQLite WAL with a busy timeout; PostgreSQL as usual).
import fs from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { describeDbError, openAndMigrate } from './bootstrap.ts';
import { systemClock } from './platform/clock/clock.ts';
import { importRegions, parseRegionCsv } from './modules/regions/index.ts';
import { findUserByUsername, identityService } from './modules/identity/index.ts';
import { loadDemo, isDemoLoaded } from './demo.ts';
import { importServiceMap, progressBar, ImportFileError } from './modules/service-map/index.ts';
import type { Db } from './schema.ts';

const USAGE = `用法：gongkai <命令>

  serve                                   启动服务（同 npm start）
  migrate                                 执行数据库迁移
  demo load                               载入演示数据（已载入则跳过）
  regions import FILE                     导入区划 CSV（表头 code,name,level,parent_code；见 seed/regions/README.md）
  services import [--items FILE] [--venues FILE]
                                          导入政务服务事项与场所（JSONL/CSV/XLSX；见 docs/import/service-map.md）
  user create --username U --role ROLE --org CODE [--name 姓名]
                                          建立工作人员，密码从标准输入读取
  token create --user U [--label 用途]    建立 API 令牌，令牌为输出的最后一个词

角色：admin supervisor editor reviewer case_handler（也可写中文名称）
环境变量：DATA_DIR、DATABASE_URL 与服务相同`;

class UsageError extends Error {}

function options(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) throw new UsageError(`无法识别的参数：${a}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
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

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('请输入密码后回车：');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
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

async function run(argv: string[]): Promise<void> {
  const [cmd, sub, ...rest] = argv;
  const clock = systemClock;
  if (!cmd || cmd === 'help' || cmd === '--help') { console.log(USAGE); return; }
  if (cmd === 'serve') { await import('./main.ts'); return; }
  if (cmd === 'migrate') {
    await withDb(async () => undefined);
    console.log('数据库已是最新版本');
    return;
  }
  if (cmd === 'demo' && sub === 'load') {
    await withDb(async (db) => console.log((await isDemoLoaded(db)) ? '演示数据已载入，跳过' : await loadDemo(db, clock, (l) => console.log(l))));
    return;
  }
  if (cmd === 'regions' && sub === 'import') {
    const file = rest[0];
    if (!file) throw new UsageError('缺少文件名：gongkai regions import FILE');
    if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
    const { rows, errors } = parseRegionCsv(fs.readFileSync(file, 'utf8'));
    if (errors.length) throw new CliError(`文件有 ${errors.length} 处错误，未导入任何数据：\n${errors.slice(0, 20).join('\n')}`);
    await withDb(async (db) => {
      const r = await importRegions(db, rows, (done, total) => {
        if (process.stdout.isTTY) process.stdout.write(`\r导入中 ${done}/${total}（${Math.round((done / total) * 100)}%）`);
      });
      if (process.stdout.isTTY) process.stdout.write('\n');
      console.log(`已导入 ${rows.length} 条区划：新增 ${r.inserted}，更新 ${r.updated}`);
    });
    return;
  }
  if (cmd === 'services' && sub === 'import') {
    const o = options(rest);
    if (!o.items && !o.venues) throw new UsageError('至少需要 --items FILE 或 --venues FILE');
    await withDb(async (db) => {
      try {
        const r = await importServiceMap({ db, clock }, { items: o.items ?? null, venues: o.venues ?? null }, (kind, done, total) => {
          if (process.stderr.isTTY) process.stderr.write(`\r${progressBar(kind, done, total)}${done >= total ? '\n' : ''}`);
          else if (done >= total || done % 100_000 < 1000) process.stderr.write(`${progressBar(kind, done, total)}\n`);
        });
        if (!r.ok) throw new CliError(`发现 ${r.problemCount} 处问题，未导入任何数据：\n${r.problems.map((p) => `${p.file} 第 ${p.rowNo} 行：${p.message}`).join('\n')}${r.problemCount > r.problems.length ? `\n……另有 ${r.problemCount - r.problems.length} 处` : ''}`);
        const resumed = (n: number) => (n ? `（从第 ${n + 1} 条续传）` : '');
        console.log(`已导入事项 ${r.items.loaded} 条${resumed(r.items.resumedFrom)}，场所 ${r.venues.loaded} 个${resumed(r.venues.resumedFrom)}`);
      } catch (e) {
        if (e instanceof ImportFileError) throw new CliError(e.message);
        throw e;
      }
    });
    return;
  }
  if (cmd === 'user' && sub === 'create') {
    const o = options(rest);
    const input = { username: need(o, 'username'), role: need(o, 'role'), orgCode: need(o, 'org'), displayName: o.name ?? need(o, 'username') };
    const password = await readStdin();
    await withDb(async (db) => {
      const r = await identityService.createUser({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, { ...input, password });
      if (!r.ok) throw new CliError(Object.entries(r.errors).map(([k, v]) => `${k}：${v}`).join('\n'));
      console.log(`已建立用户 ${input.username.toLowerCase()}（编号 ${r.id}）`);
    });
    return;
  }
  if (cmd === 'token' && sub === 'create') {
    const o = options(rest);
    const username = need(o, 'user');
    await withDb(async (db) => {
      const user = await findUserByUsername(db, username.toLowerCase());
      if (!user) throw new CliError(`找不到用户 ${username}`);
      if (user.disabled) throw new CliError(`用户 ${username} 已停用`);
      const token = await identityService.createApiToken({ db, clock, sessionIdleMinutes: 120 }, { cli: true }, user.id, o.label ?? 'cli');
      console.log(`已为 ${user.username} 建立 API 令牌（只显示这一次）：\n${token}`);
    });
    return;
  }
  throw new UsageError(`未知命令：${[cmd, sub].filter(Boolean).join(' ')}`);
}

try {
  await run(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) { console.error(`${e.message}\n\n${USAGE}`); process.exit(2); }
  if (e instanceof CliError || e instanceof ConfigError) { console.error(e.message); process.exit(1); }
  throw e;
}
