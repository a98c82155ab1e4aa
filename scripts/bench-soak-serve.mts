// The server process of bench:soak (scripts/bench-soak.mts forks it): the app on this process's
// DATA_DIR, listening on 127.0.0.1, answering the driver's captcha questions over IPC. By default
// the driver runs it bundled as `npm start` runs the server (scripts/build-server.mjs, no tsx);
// SOAK_RUNTIME=tsx runs it through tsx instead.
import { serveUntilStopped, startServer } from './bench-server.mts';

const server = await startServer();
const { solveCaptchaForTest } = await import('../src/platform/captcha/captcha.ts');
process.on('message', (m: { solve?: string; id?: number }) => {
  if (typeof m.solve !== 'string') return;
  let answer: string;
  try { answer = solveCaptchaForTest(m.solve); } catch { answer = ''; }
  process.send?.({ id: m.id, answer });
});
await serveUntilStopped(server);
