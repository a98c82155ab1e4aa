// bench:soak's memory questions over IPC, both ends: the server process (bench-soak-serve.mts)
// answers `{ mem: id }` with where its memory is and `{ heapSnapshot: file, id }` by writing a V8
// heap snapshot there; the driver (bench-soak.mts) asks and gets null when there is no answer in
// time — or at once when the server has gone (its channel closed: a send then must not throw or
// emit an unhandled 'error', which would end the driver before its summary and its clean-up).
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import v8 from 'node:v8';

export type Memory = Record<string, number>;
/** An answer: the memory figures (with `snapshotMs` after a snapshot), or the error text of a snapshot that failed. */
export type MemoryAnswer = Memory | string;

/** This process's memory, MB: process.memoryUsage, V8's heap spaces, /proc/self/status and the brk heap. */
export function processMemory(): Memory {
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  const u = process.memoryUsage();
  const h = v8.getHeapStatistics();
  const out: Memory = {
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

/**
 * Server side: answers a memory question or a heap-snapshot request; true when `m` was one. A snapshot
 * that cannot be written (no such folder, disk full) is answered with its error — the server serves on.
 */
export function answerMemoryMessage(m: { mem?: number; heapSnapshot?: string; id?: number }, send: (a: unknown) => void): boolean {
  if (typeof m.mem === 'number') { send({ memId: m.mem, memory: processMemory() }); return true; }
  if (typeof m.heapSnapshot === 'string') {
    const t = Date.now();
    try {
      const file = v8.writeHeapSnapshot(m.heapSnapshot);
      send({ snapId: m.id, file, ms: Date.now() - t, memory: processMemory() });
    } catch (e) {
      send({ snapId: m.id, error: String((e as Error).message ?? e) });
    }
    return true;
  }
  return false;
}

/**
 * Driver side: `ask(msg, timeoutMs)` sends a memory question (`{ mem: 0 }`) or a snapshot request
 * (`{ heapSnapshot: file }`) to the server process and resolves with its answer, or null when none
 * comes in time, the channel is closed, or the process exits meanwhile.
 */
export function memoryAsker(child: ChildProcess): (msg: { mem: number } | { heapSnapshot: string }, timeoutMs: number) => Promise<MemoryAnswer | null> {
  let seq = 0;
  const waiters = new Map<number, (m: MemoryAnswer | null) => void>();
  child.on('message', (m: { memId?: number; snapId?: number; memory?: Memory; error?: string; ms?: number }) => {
    const id = m.memId ?? m.snapId;
    if (id === undefined) return;
    const answer: MemoryAnswer | null = m.error !== undefined ? m.error
      : m.memory ? { ...m.memory, ...(m.ms !== undefined ? { snapshotMs: m.ms } : {}) } : null;
    waiters.get(id)?.(answer);
    waiters.delete(id);
  });
  child.once('exit', () => { for (const w of waiters.values()) w(null); waiters.clear(); });
  return (msg, timeoutMs) => new Promise<MemoryAnswer | null>((resolve) => {
    if (!child.connected) { resolve(null); return; }
    const id = ++seq;
    const timer = setTimeout(() => { if (waiters.delete(id)) resolve(null); }, timeoutMs);
    timer.unref();
    waiters.set(id, (a) => { clearTimeout(timer); resolve(a); });
    // (with a callback a closed channel is reported here instead of as an unhandled 'error' event)
    child.send('mem' in msg ? { mem: id } : { ...msg, id }, (err) => {
      if (err && waiters.delete(id)) { clearTimeout(timer); resolve(null); }
    });
  });
}
