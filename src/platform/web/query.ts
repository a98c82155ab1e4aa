// Pure: the one query-string reader of the server, and the NUL filter every request goes through.
// Every query field is a single string: a key sent twice (`?q=1&q=2`) is read as its FIRST value,
// never as an array a route does not expect — the same rule as `field()` for form bodies, and the
// one the service map's tests already fixed. Nothing in the site sends a key twice (its GET forms
// have one input per name, its links are built from objects), so this only meets hand-made URLs.

/** Decodes one `application/x-www-form-urlencoded` component; a broken %-escape is kept as typed. */
function decodeComponent(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    // Decode the well-formed escapes one run at a time and keep the rest as typed.
    return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Parses a query string (without `?`) into single string values: the first of a repeated key wins. */
export function parseQueryString(str: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (!str) return out;
  for (const pair of str.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (!key || Object.prototype.hasOwnProperty.call(out, key)) continue;
    out[key] = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
  }
  return out;
}

const NUL = new RegExp(String.fromCharCode(0), 'g');

/**
 * The name of the first query or path field (or key) holding a NUL character, or null. A NUL in a
 * URL is never meant (no link or form makes one), and PostgreSQL cannot compare text with it: the
 * server refuses such a request with 400 before any route runs, the same on both databases.
 */
export function nulFieldOf(fields: unknown): string | null {
  if (!fields || typeof fields !== 'object') return null;
  for (const [k, v] of Object.entries(fields)) {
    if (k.includes('\u0000') || (typeof v === 'string' && v.includes('\u0000'))) return k.replace(NUL, '') || '?';
  }
  return null;
}

/**
 * Drops NUL characters from every string in a parsed query, path parameters or body, in place (no
 * person types one, and PostgreSQL cannot store one: a query with it fails). Objects and arrays are
 * cleaned in place; files (Buffers) are left alone. Returns the cleaned value.
 */
export function dropNul<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replace(NUL, '') : value) as T;
  if (!value || typeof value !== 'object' || depth > 16 || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = dropNul(value[i], depth + 1);
    return value;
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const v = dropNul(o[key], depth + 1);
    if (key.includes('\u0000')) {
      delete o[key];
      const clean = key.replace(NUL, '');
      if (clean && !(clean in o)) o[clean] = v;
    } else if (v !== o[key]) {
      o[key] = v;
    }
  }
  return value;
}

/** The path of the first number in `value` that is not finite (Infinity, NaN), or null. */
export function nonFiniteField(value: unknown, name = '', depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : name || '?';
  if (!value || typeof value !== 'object' || depth > 16 || ArrayBuffer.isView(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const hit = nonFiniteField(v, name ? `${name}.${k}` : k, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}
