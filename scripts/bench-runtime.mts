// Benches that measure a server run it as `npm start` does (ADR 0004): the bench's own server
// script bundled into plain JavaScript by scripts/build-server.mjs (into dist/, so packages resolve
// from node_modules), with the start script's Node flags and MALLOC_ARENA_MAX=2. `<VAR>=tsx` in the
// environment runs it through tsx instead (the runtime before ADR 0004).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerRuntime {
  /** the file to fork */
  file: string;
  /** Node flags for it */
  execArgv: string[];
  /** the environment for it */
  env: NodeJS.ProcessEnv;
  /** one line for the report */
  label: string;
}

/**
 * How to start `script` (a path under the repository, e.g. 'scripts/bench-x.mts') as a server:
 * bundled unless process.env[runtimeVar] is 'tsx'. The bundle is removed when this process exits.
 * `extraFlags` are added either way.
 */
export async function serverRuntime(script: string, runtimeVar: string, extraFlags: string[] = []): Promise<ServerRuntime> {
  const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  if (process.env[runtimeVar] === 'tsx') {
    return { file: path.join(ROOT, script), execArgv: ['--import', 'tsx', ...extraFlags], env, label: `through tsx (${runtimeVar}=tsx)` };
  }
  const out = path.join(ROOT, 'dist', `bench-${process.pid}-${path.basename(script).replace(/\W+/g, '-')}`);
  const { bundle, SERVER_NODE_FLAGS } = (await import(path.join(ROOT, 'scripts', 'build-server.mjs'))) as { bundle: (e: Record<string, string>, out: string) => Promise<void>; SERVER_NODE_FLAGS: string[] };
  await bundle({ serve: script }, out);
  process.on('exit', () => fs.rmSync(out, { recursive: true, force: true }));
  const execArgv = [...SERVER_NODE_FLAGS, ...extraFlags];
  return { file: path.join(out, 'serve.mjs'), execArgv, env, label: `bundled as npm start runs it (node ${execArgv.join(' ')}, MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX}; ${runtimeVar}=tsx: through tsx)` };
}
