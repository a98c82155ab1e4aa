// Test fixture: Fastify compiles every route's JSON schemas — an ajv validator per request part,
// a fast-json-stringify serializer per response — each time an app is built: about 0.6 s of CPU
// of the 1 to 1.5 s that buildApp costs, paid by every suite (hundreds per run). The compiled
// function depends only on the schema and the compiler's options, so within one test process it
// is kept and handed to the next app built with the same schema and options.
//
// How: Fastify loads its two default compiler factories (@fastify/ajv-compiler and
// @fastify/fast-json-stringify-compiler) with `require` when it builds an app's schema controller;
// their exports are wrapped here, in the require cache, with factories that look the compiled
// function up by the JSON of (external schemas, options, schema, request part) before compiling.
// The server's own options (src/platform/web/server.tsx) reach the compilers unchanged. A schema
// that JSON cannot describe (holding a function or a RegExp) is compiled anew each time.
// GONGKAI_TEST_SCHEMA_CACHE=off leaves Fastify as it is.
import { createRequire } from 'node:module';

type Compile = (route: { schema: object; method?: string; url?: string; httpPart?: string; httpStatus?: string }) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => Compile;
type Selector = ((opts?: unknown) => Factory) & Record<string, unknown>;

const MARK = Symbol.for('gongkai.test.schema-cache');

/** JSON of `v`, or null when it holds something JSON would drop or mangle (a function, a RegExp). */
function keyOf(v: unknown): string | null {
  let plain = true;
  const s = JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'function' || x instanceof RegExp || typeof x === 'bigint') plain = false;
    return x;
  });
  return plain ? s ?? 'undefined' : null;
}

const compiled = new Map<string, unknown>();
/** How many compilations were saved (tests of this file read it). */
export const schemaCacheStats = { hits: 0, misses: 0 };

function wrap(kind: string, selector: Selector): Selector {
  const wrapped = ((opts?: unknown) => {
    const factory = selector(opts);
    // options such as jtdSerializer change what the factory returns: only the plain form is kept
    if (opts !== undefined) return factory;
    return (externalSchemas: unknown, options: unknown) => {
      const compile = factory(externalSchemas, options);
      const base = keyOf([kind, externalSchemas, options]);
      if (base === null) return compile;
      return (route) => {
        const own = keyOf([route.schema, route.httpPart ?? null]);
        if (own === null) return compile(route);
        const key = `${base}\n${own}`;
        if (compiled.has(key)) {
          schemaCacheStats.hits++;
          return compiled.get(key);
        }
        schemaCacheStats.misses++;
        const fn = compile(route);
        compiled.set(key, fn);
        return fn;
      };
    };
  }) as Selector;
  Object.assign(wrapped, selector, { default: wrapped, [MARK]: true });
  return wrapped;
}

function install(): void {
  if (process.env.GONGKAI_TEST_SCHEMA_CACHE === 'off') return;
  const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
  for (const [name, prop] of [['@fastify/ajv-compiler', 'AjvCompiler'], ['@fastify/fast-json-stringify-compiler', 'SerializerSelector']] as const) {
    const file = fromFastify.resolve(name);
    fromFastify(name);
    const mod = fromFastify.cache[file];
    if (!mod || (mod.exports as Record<symbol, unknown>)[MARK]) continue;
    const w = wrap(name, mod.exports as Selector);
    w[prop] = w;
    mod.exports = w;
  }
}

install();
