// The child-server harness bench:channels and bench:soak share: the driver loads the demo data
// into a temp SQLite data directory, forks the script itself in `--serve` mode and waits for the
// port; the child builds the app on that data directory and listens on 127.0.0.1.
import { fork, type ChildProcess } from 'node:child_process';

type Env = NodeJS.ProcessEnv;

// Driver: migrate the data directory of `env` and load the demo data into it.
export async function loadDemoData(env: Env): Promise<void> {
  const { loadConfig } = await import('../src/config.ts');
  const { openAndMigrate } = await import('../src/bootstrap.ts');
  const { systemClock } = await import('../src/platform/clock/clock.ts');
  const { loadDemo } = await import('../src/demo.ts');
  const { db } = await openAndMigrate(loadConfig(env), new Date());
  await loadDemo(db, systemClock);
  await db.destroy();
}

// Driver: fork `self --serve` with `env`; resolves when the child reports its port.
// `execArgv`: [] for a script already bundled into plain JavaScript (bench:soak, scripts/build-server.mjs).
export async function forkServer(self: string, env: Env, execArgv: string[] = ['--import', 'tsx']): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(self, ['--serve'], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  return { child, port };
}

// Child: build the app on the SQLite file of this process's config and listen.
export async function startServer() {
  const { loadConfig } = await import('../src/config.ts');
  const { openDb } = await import('../src/platform/db/db.ts');
  const { sqliteFile } = await import('../src/bootstrap.ts');
  const { buildApp } = await import('../src/app.ts');
  const { systemClock } = await import('../src/platform/clock/clock.ts');
  const { createLogger } = await import('../src/platform/log/logger.ts');
  const config = loadConfig();
  const db = openDb<import('../src/schema.ts').Database>({ databaseUrl: null, sqliteFile: sqliteFile(config) });
  const app = await buildApp({ config, db, clock: systemClock, logger: createLogger(config.logLevel) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, db, clock: systemClock };
}

// Child: close on SIGTERM (after `onStop`), report the port to the driver and never return.
export async function serveUntilStopped(server: Awaited<ReturnType<typeof startServer>>, onStop: () => void = () => {}): Promise<never> {
  process.on('SIGTERM', () => { onStop(); void server.app.close().then(() => server.db.destroy()).then(() => process.exit(0)); });
  process.send?.({ port: (server.app.server.address() as { port: number }).port });
  return new Promise<never>(() => {});
}
