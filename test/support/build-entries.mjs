// Builds the processes the tests start — the CLI (src/cli.ts) and the server (src/main.ts) — into
// plain JavaScript once, so each spawned process skips tsx's loader and the hundreds of module
// files it would transpile and resolve (about 2.4 s of CPU at every start; test/support/spawn.ts).
// Run as `node test/support/build-entries.mjs OUTDIR` (OUTDIR inside the checkout): bundled the way
// `npm start` bundles the server (scripts/build-server.mjs, ADR 0004), so paths to assets, seed data
// and migrations resolve exactly as when the source runs through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { bundle } from '../../scripts/build-server.mjs';

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: build-entries.mjs OUTDIR');
// a sibling of OUTDIR, renamed into place: the bundle's relative paths to the sources stay right
const tmp = `${outdir}.${process.pid}`;
// cli: src/cli.ts's runCli, as bin/gongkai.js calls it (src/cli.ts runs itself only as the entry file)
await bundle({ cli: 'test/support/cli-entry.ts', main: 'src/main.ts' }, path.resolve(tmp));
try {
  fs.renameSync(tmp, outdir);
} catch (e) {
  // another process built the same version first
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!fs.existsSync(path.join(outdir, 'cli.mjs'))) throw e;
}
