// Builds the processes the tests start — the CLI (src/cli.ts) and the server (src/main.ts) — into
// plain JavaScript once, so each spawned process skips tsx's loader and the hundreds of module
// files it would transpile and resolve (about 2.4 s of CPU at every start; test/support/spawn.ts).
// Run as `node test/support/build-entries.mjs OUTDIR`: the same sources, bundled by esbuild (tsx's
// own transpiler) with the packages that load native code or worker files left to node_modules.
// Every `import.meta.url` in src/ keeps naming the file's own place, so paths to assets, seed data
// and migrations resolve exactly as when the source runs through tsx.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = process.argv[2];
if (!outdir) throw new Error('usage: build-entries.mjs OUTDIR');
const tmp = `${outdir}.${process.pid}`;
await esbuild.build({
  absWorkingDir: ROOT,
  // cli: src/cli.ts's runCli, as bin/gongkai.js calls it (src/cli.ts runs itself only as the entry file)
  entryPoints: { cli: 'test/support/cli-entry.ts', main: 'src/main.ts' },
  outdir: tmp,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: path.join(ROOT, 'tsconfig.json'),
  external: ['better-sqlite3', '@node-rs/*', 'pg-native', 'pino', 'pino-*', 'thread-stream'],
  // bundled CommonJS packages call require(): give the ES module one
  banner: { js: "import { createRequire as __gkCreateRequire } from 'node:module'; const require = __gkCreateRequire(import.meta.url);" },
  logLevel: 'error',
  plugins: [{
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (a) => {
        if (!a.path.startsWith(path.join(ROOT, 'src') + path.sep)) return undefined;
        const text = fs.readFileSync(a.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href));
        return { contents: text, loader: a.path.endsWith('.tsx') ? 'tsx' : 'ts', resolveDir: path.dirname(a.path) };
      });
    },
  }],
});
try {
  fs.renameSync(tmp, outdir);
} catch (e) {
  // another process built the same version first
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!fs.existsSync(path.join(outdir, 'cli.mjs'))) throw e;
}
