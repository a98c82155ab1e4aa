import { build } from 'esbuild';
const t = Date.now();
await build({ entryPoints: ['src/cli.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: 'zz-build/src/cli.mjs', jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'warning', sourcemap: false });
console.log('built', Date.now() - t);
