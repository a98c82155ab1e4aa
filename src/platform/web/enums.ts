// Pure: enumerated values travel as glossary codes; the API accepts a code or its Chinese label
// and answers with both ({ code, label }).

export interface EnumDef<C extends string> {
  readonly values: readonly { readonly code: C; readonly label: string }[];
}

export function defineEnum<C extends string>(values: readonly { readonly code: C; readonly label: string }[]): EnumDef<C> {
  return { values };
}

/** The code for a code or a Chinese label, or null when neither matches. */
export function parseEnum<C extends string>(def: EnumDef<C>, input: unknown): C | null {
  if (typeof input !== 'string') return null;
  const t = input.trim();
  return def.values.find((v) => v.code === t || v.label === t)?.code ?? null;
}

export function labelOf<C extends string>(def: EnumDef<C>, code: C): string {
  return def.values.find((v) => v.code === code)?.label ?? code;
}

/** { code, label } for answers. */
export function describeEnum<C extends string>(def: EnumDef<C>, code: C): { code: C; label: string } {
  return { code, label: labelOf(def, code) };
}

/** Every accepted spelling, for schemas and error messages. */
export function acceptedSpellings<C extends string>(def: EnumDef<C>): string[] {
  return def.values.flatMap((v) => [v.code, v.label]);
}
