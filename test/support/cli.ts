// Runs a `gongkai` command in the test's own process (src/cli.ts main()): the same code as the
// command line without the ~1 s of CPU a new process costs. What it prints is captured, the exit
// code returned, and the settings come from `env` (on top of the test process's), never from
// process.env being changed. The process boundary itself (exit status, output flushed, signals)
// stays tested by real processes (test/support/spawn.ts): at least one per command family.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.ts';

export interface CliResult { code: number; out: string; err: string }

export async function runCli(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  let out = '';
  let err = '';
  const stdout = { write: (t: string) => { out += t; return true; } };
  // progress bars write here as to a pipe (a line at each tenth)
  const stderr = Object.assign(new PassThrough(), { isTTY: false, write: (t: string) => { err += t; return true; } });
  const code = await main(args, {
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: async () => input.replace(/\r?\n$/, ''),
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  return { code, out, err };
}
