// Pure: enumerated values travel as glossary codes; the API accepts a code or its Chinese label
// and answers with the code (and, where the API does, both as { code, label }). This is the one
// parser of every API: fixed vocabularies (defineEnum) and lists kept as data in the database
// (defineEnum over the loaded rows, e.g. 主题分类 or 留言类别) are parsed the same way.
import { HttpError } from './http-error.ts';
import { shellStrings } from './strings.ts';

const es = shellStrings.enums;

export interface EnumDef<C extends string> {
  readonly values: readonly { readonly code: C; readonly label: string }[];
  /** Other accepted spellings (e.g. on import: 政务大厅 → service_centre), spelling → code. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export function defineEnum<C extends string>(values: readonly { readonly code: C; readonly label: string }[], aliases?: Readonly<Record<string, string>>): EnumDef<C> {
  return aliases ? { values, aliases } : { values };
}

/** An enum over rows loaded from the database (a code and a Chinese name each). */
export function enumOfRows(rows: readonly { readonly code: string; readonly name: string }[]): EnumDef<string> {
  return { values: rows.map((r) => ({ code: r.code, label: r.name })) };
}

/**
 * The code for a code or a Chinese label, or null when neither matches. Surrounding spaces are
 * ignored, and a label also matches with the spaces inside removed (「自 助 办」). With aliases (of
 * `def` or given: the spellings accepted on import, 政务大厅 → service_centre) those match too,
 * and so does a code in another letter case (「Window」).
 */
export function parseEnum<C extends string>(def: EnumDef<C>, input: unknown, aliases?: Readonly<Record<string, string>>): C | null {
  if (typeof input !== 'string') return null;
  const t = input.trim();
  if (!t) return null;
  const exact = def.values.find((v) => v.code === t || v.label === t);
  if (exact) return exact.code;
  const squeezed = t.replace(/\s+/g, '');
  const spaced = def.values.find((v) => v.label.replace(/\s+/g, '') === squeezed);
  if (spaced) return spaced.code;
  if (!def.aliases && !aliases) return null;
  const lower = squeezed.toLowerCase();
  const cased = def.values.find((v) => v.code.toLowerCase() === lower);
  if (cased) return cased.code;
  for (const map of [def.aliases, aliases]) {
    const a = map?.[squeezed] ?? map?.[lower];
    if (a !== undefined && def.values.some((v) => v.code === a)) return a as C;
  }
  return null;
}

export function labelOf<C extends string>(def: EnumDef<C>, code: C): string {
  return def.values.find((v) => v.code === code)?.label ?? code;
}

/** 「notice（通知）、announcement（公告）……等 13 项」: the accepted values, shortened after `max`. */
export function acceptedValues(def: EnumDef<string>, max = 12): string {
  const all = def.values.map((v) => es.value(v.code, v.label));
  return all.length > max ? es.more(all.slice(0, max).join('、'), all.length) : all.join('、');
}

/** The refusal of an unknown value, naming the field and what it accepts. */
export function enumMessage(field: string, def: EnumDef<string>, input: unknown): string {
  const shown = typeof input === 'string' ? input.trim().slice(0, 40) : String(input ?? '');
  // A part of a label (民政 for 民政、扶贫、救灾) names the values that contain it, even past the shortened list.
  const close = [...shown].length >= 2 ? def.values.filter((v) => v.label.includes(shown) || v.code.toLowerCase().includes(shown.toLowerCase())).slice(0, 5) : [];
  const hint = close.length && close.length < def.values.length ? es.close(close.map((v) => es.value(v.code, v.label)).join('、')) : '';
  return es.refusal(field, shown, acceptedValues(def), hint);
}

export interface EnumRefusal {
  /** HTTP status: 400 by default (422 where the module answers so). */
  status?: number;
  /** Stable error code; `invalid_<field>` by default. */
  code?: string;
}

/** The code for `input`, or a 400 (by default) naming the field and the accepted values. */
export function requireEnum<C extends string>(def: EnumDef<C>, input: unknown, field: string, refusal: EnumRefusal = {}): C {
  const code = parseEnum(def, input);
  if (code === null) throw new HttpError(refusal.status ?? 400, refusal.code ?? `invalid_${field.replace(/\W+/g, '_')}`, enumMessage(field, def, input));
  return code;
}

/** Like requireEnum for an optional field: undefined, null and '' stay undefined. */
export function optionalEnum<C extends string>(def: EnumDef<C>, input: unknown, field: string, refusal: EnumRefusal = {}): C | undefined {
  if (input === undefined || input === null || (typeof input === 'string' && !input.trim())) return undefined;
  return requireEnum(def, input, field, refusal);
}
