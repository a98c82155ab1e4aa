// The server process of bench:soak (scripts/bench-soak.mts forks it): the app on this process's
// DATA_DIR, listening on 127.0.0.1, answering the driver's captcha questions over IPC. By default
// the driver runs it bundled as `npm start` runs the server (scripts/build-server.mjs, no tsx);
// SOAK_RUNTIME=tsx runs it through tsx instead.
//
// Also over IPC, for the driver's memory columns: `{ mem: id }` answers where this process's memory
// is (process.memoryUsage, V8's heap spaces, /proc/self/status); `{ heapSnapshot: file, id }` writes
// a V8 heap snapshot there (SOAK_HEAP_SNAPSHOT_DIR: the server stops answering while it writes).
import fs from 'node:fs';
import v8 from 'node:v8';
import { serveUntilStopped, startServer } from './bench-server.mts';

const server = await startServer();
const { solveCaptchaForTest } = await import('../src/platform/captcha/captcha.ts');

function memory(): Record<string, number> {
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  const u = process.memoryUsage();
  const h = v8.getHeapStatistics();
  const out: Record<string, number> = {
    rss: mb(u.rss), heapUsed: mb(u.heapUsed), heapTotal: mb(u.heapTotal), external: mb(u.external), arrayBuffers: mb(u.arrayBuffers),
    mallocedV8: mb(h.malloced_memory), contexts: h.number_of_native_contexts,
  };
  for (const s of v8.getHeapSpaceStatistics()) out[`space.${s.space_name}`] = mb(s.space_used_size);
  try {
    const st = fs.readFileSync('/proc/self/status', 'utf8');
    for (const k of ['RssAnon', 'RssFile']) out[k] = mb(Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(st)?.[1]) * 1024);
    // glibc's main arena (the brk heap: the main thread's malloc — SQLite, jieba, Node's own buffers)
    const heap = /\[heap\]\n(?:[^\n]*\n)*?Rss:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/smaps', 'utf8'));
    out.brkHeap = heap ? mb(Number(heap[1]) * 1024) : 0;
  } catch { /* not Linux */ }
  return out;
}

process.on('message', (m: { solve?: string; id?: number; mem?: number; heapSnapshot?: string }) => {
  if (typeof m.mem === 'number') { process.send?.({ memId: m.mem, memory: memory() }); return; }
  if (typeof m.heapSnapshot === 'string') {
    const t = Date.now();
    const file = v8.writeHeapSnapshot(m.heapSnapshot);
    process.send?.({ snapId: m.id, file, ms: Date.now() - t, memory: memory() });
    return;
  }
  if (typeof m.solve !== 'string') return;
  let answer: string;
  try { answer = solveCaptchaForTest(m.solve); } catch { answer = ''; }
  process.send?.({ id: m.id, answer });
});
await serveUntilStopped(server);
