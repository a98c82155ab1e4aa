// The server process of bench:soak (scripts/bench-soak.mts forks it): the app on this process's
// DATA_DIR, listening on 127.0.0.1, answering the driver's captcha questions over IPC. By default
// the driver runs it bundled as `npm start` runs the server (scripts/build-server.mjs, no tsx);
// SOAK_RUNTIME=tsx runs it through tsx instead.
//
// Also over IPC, for the driver's memory columns: `{ mem: id }` answers where this process's memory
// is (process.memoryUsage, V8's heap spaces, /proc/self/status); `{ heapSnapshot: file, id }` writes
// a V8 heap snapshot there (SOAK_HEAP_SNAPSHOT_DIR: the server stops answering while it writes).
import { serveUntilStopped, startServer } from './bench-server.mts';
import { answerMemoryMessage } from './bench-soak-ipc.mts';

const server = await startServer();
const { solveCaptchaForTest } = await import('../src/platform/captcha/captcha.ts');

process.on('message', (m: { solve?: string; id?: number; mem?: number; heapSnapshot?: string }) => {
  if (answerMemoryMessage(m, (a) => process.send?.(a))) return;
  if (typeof m.solve !== 'string') return;
  let answer: string;
  try { answer = solveCaptchaForTest(m.solve); } catch { answer = ''; }
  process.send?.({ id: m.id, answer });
});
await serveUntilStopped(server);
