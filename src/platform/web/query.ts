// Pure: the one query-string reader of the server. Every field is a single string: a key sent
// twice (`?q=1&q=2`) is never turned into an array a route does not expect — the reader notes it,
// and the server answers 400 `repeated_parameter` naming it before any route runs. Nothing in the
// site sends a key twice (its GET forms have one input per name, its links are built from objects).

/** Where the names of repeated keys are kept on a parsed query (not enumerable, not a field). */
export const REPEATED_KEYS: unique symbol = Symbol('repeatedQueryKeys');

export type ParsedQuery = Record<string, string> & { [REPEATED_KEYS]?: string[] };

/** Decodes one `application/x-www-form-urlencoded` component; a broken %-escape is kept as typed. */
export function decodeComponent(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    // Decode the well-formed escapes one UTF-8 sequence at a time and keep the rest.
    return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Parses a query string (without `?`) into single string values, noting keys sent more than once. */
export function parseQueryString(str: string): ParsedQuery {
  const out = Object.create(null) as ParsedQuery;
  if (!str) return out;
  let repeated: string[] | null = null;
  for (const pair of str.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (!key) continue;
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (Object.prototype.hasOwnProperty.call(out, key)) {
      if (!repeated) repeated = [];
      if (!repeated.includes(key)) repeated.push(key);
      continue; // the first value stays; the request is refused anyway
    }
    out[key] = value;
  }
  if (repeated) Object.defineProperty(out, REPEATED_KEYS, { value: repeated, enumerable: false });
  return out;
}

/** The keys a parsed query had more than once (empty when none). */
export function repeatedKeys(query: unknown): string[] {
  const keys = query && typeof query === 'object' ? (query as ParsedQuery)[REPEATED_KEYS] : undefined;
  return keys ?? [];
}

/**
 * The first string in a request's query, params or body that holds a NUL character (which no text
 * field may hold, and PostgreSQL cannot store), as a name to show; null when there is none. Files
 * (Buffers) are not looked into.
 */
export function nulField(value: unknown, name = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? name || '?' : null;
  if (!value || typeof value !== 'object' || depth > 8) return null;
  if (ArrayBuffer.isView(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return name ? `${name}.${k.replace(/\u0000/g, '')}` : k.replace(/\u0000/g, '') || '?';
    const hit = nulField(v, name ? `${name}.${k}` : k, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}
