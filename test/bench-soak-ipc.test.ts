// bench:soak's memory questions over IPC (scripts/bench-soak-ipc.mts): a server that answers, a
// heap snapshot that cannot be written (the server serves on), and a server that has gone (the
// driver gets null — at once, not after its timeout — and is not ended by an 'error' event).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryAsker } from '../scripts/bench-soak-ipc.mts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IPC = path.join(ROOT, 'scripts', 'bench-soak-ipc.mts');

/** A process answering as bench-soak-serve.mts does; `{ exit: true }` ends it. */
function server(): ChildProcess {
  const code = `const { answerMemoryMessage } = await import(${JSON.stringify(IPC)});
process.on('message', (m) => { if (m.exit) process.exit(0); answerMemoryMessage(m, (a) => process.send(a)); });
process.send({ ready: true });`;
  return fork('--input-type=module', [], { execArgv: ['--import', 'tsx', '--input-type=module', '-e', code], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
const ready = (c: ChildProcess) => new Promise<void>((resolve, reject) => {
  c.once('message', () => resolve());
  c.once('exit', (code) => reject(new Error(`exited ${code}`)));
});

test('the server answers where its memory is; a snapshot it cannot write is answered with the error, and it answers on', async () => {
  const c = server();
  try {
    await ready(c);
    const ask = memoryAsker(c);
    const m = await ask({ mem: 0 }, 20_000);
    assert.ok(m && typeof m === 'object', String(m));
    assert.ok(m.rss! > 0 && m.heapUsed! > 0 && m.heapTotal! >= m.heapUsed!, JSON.stringify(m));
    const bad = await ask({ heapSnapshot: path.join(os.tmpdir(), `no-such-folder-${process.pid}`, 'x.heapsnapshot') }, 20_000);
    assert.equal(typeof bad, 'string', 'the error, not a crash of the server');
    assert.match(bad as string, /ENOENT|no such file/i);
    const again = await ask({ mem: 0 }, 20_000);
    assert.ok(again && typeof again === 'object', 'still answering');
  } finally {
    c.kill();
  }
});

test('a server that has gone: a question waiting is answered null when it exits, one asked after at once, with no error event', async () => {
  const c = server();
  await ready(c);
  const ask = memoryAsker(c);
  // a question sent after `exit` (the channel still open): the server never answers it, and the
  // driver gets null when it exits, not after the 60 s timeout
  const t = Date.now();
  const gone = new Promise((r) => c.once('exit', r));
  c.send({ exit: true });
  const waiting = ask({ mem: 0 }, 60_000);
  await gone;
  assert.equal(await waiting, null);
  assert.ok(Date.now() - t < 30_000, `${Date.now() - t} ms`);
  let errors = 0;
  c.on('error', () => { errors++; });
  assert.equal(await ask({ mem: 0 }, 60_000), null);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(errors, 0);
});
