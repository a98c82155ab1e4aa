// Dependency boundaries (run in CI):
//   1. src/platform/** never imports src/modules/**.
//   2. A module imports another module only through its index.ts.
//   3. Pure rule files (workflow.ts, deadlines.ts, policies.ts, working-days.ts, *-csv.ts,
//      identity.ts, local-date.ts, mask.ts, region-code.ts, enums.ts, forms.ts) import no I/O:
//      no node: built-ins, kysely, fastify, pg, better-sqlite3, pino, and no *.repository/*.service/*.routes files.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.join(root, 'src');
const PURE = /(^|\/)(ckan|ckan-query|dcat|hsds|service-map|opening-hours|venue-ranking|map-links|venue-index|near-query|workflow|deadlines|policies|working-days|identity|local-date|mask|region-code|enums|forms|location-privacy|http-error|actor|slots|forecast|coords|catalog-model|handbook-model|catalog-sheet|catalog-diff|publish-deadline|index-number|timeliness|sanitize|xml|file-type|annual-[a-z-]+|csv|[a-z-]+-csv)\.ts$/;
const IO_PACKAGES = /^(node:|kysely$|fastify|@fastify\/|pg$|better-sqlite3|pino|@node-rs\/argon2)/;
const IO_FILES = /\.(repository|service|routes|hooks)\.tsx?$/;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const problems = [];
for (const file of walk(src)) {
  const rel = path.relative(src, file).split(path.sep).join('/');
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  for (const spec of specs) {
    const target = spec.startsWith('.') ? path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : null;
    if (rel.startsWith('platform/') && target?.startsWith('modules/')) problems.push(`${rel}: platform imports a module (${spec})`);
    if (rel.startsWith('modules/') && target?.startsWith('modules/')) {
      const own = rel.split('/')[1];
      const [, other, ...restPath] = target.split('/');
      if (other !== own && restPath.join('/') !== 'index.ts') problems.push(`${rel}: imports ${spec} — use modules/${other}/index.ts`);
    }
    if (PURE.test(rel)) {
      if (!spec.startsWith('.') && IO_PACKAGES.test(spec)) problems.push(`${rel}: pure file imports I/O package ${spec}`);
      if (target && IO_FILES.test(target)) problems.push(`${rel}: pure file imports ${spec}`);
    }
  }
}
if (problems.length) {
  console.error(`模块边界检查失败（${problems.length} 处）：\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('模块边界检查通过');
