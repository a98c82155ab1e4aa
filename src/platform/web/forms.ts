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
