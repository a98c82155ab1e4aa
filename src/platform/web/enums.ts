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

