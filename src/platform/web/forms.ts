// Pure: GOV.UK-style form errors — one message per field, shown in an error summary at the top
// (linking to the field) and next to the field; values are kept when the form is shown again.

export type FieldErrors = Record<string, string>;

/** Reads a string field from a parsed form body; arrays take their first value. */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/** A safe local redirect target: a path on this site, never another host. */
export function safeReturnPath(input: string, fallback = '/'): string {
  return /^\/(?![/\\])[^\s]*$/.test(input) ? input : fallback;
}

/** Row ids are PostgreSQL `integer`s. */
export const MAX_ROW_ID = 2_147_483_647;

/** A row id from a URL: a decimal 1..2147483647, else null (no query with 1.5, 1e3 or 2^40). */
export function rowIdOf(v: string | undefined): number | null {
  if (!v || !/^[1-9][0-9]{0,9}$/.test(v)) return null;
  const n = Number(v);
  return n <= MAX_ROW_ID ? n : null;
}
