// How an enumerated field is described in the OpenAPI document (/api/v1/openapi.json), the same
// for every API: a string whose `x-enum-labels` maps each code to its Chinese label (both are
// accepted, parseEnum in enums.ts), or — for a list kept as data in the database — whose
// `x-enum-source` names that list and where to read it. The validator knows both keywords
// (ENUM_KEYWORDS, registered in server.tsx) and checks nothing with them: the route parses the
// value with parseEnum/requireEnum and answers an unknown one with a Chinese message naming the
// field and the accepted values.
import { Type, type TString } from 'typebox';
import { acceptedValues, type EnumDef } from './enums.ts';
import { shellStrings } from './strings.ts';

export const ENUM_KEYWORDS = ['x-enum-labels', 'x-enum-source'] as const;

/** A field taking one value of `def`, as its code or its Chinese label. */
export function EnumString(def: EnumDef<string>, description?: string): TString {
  const labels = Object.fromEntries(def.values.map((v) => [v.code, v.label]));
  const text = `${description ? `${description}。` : ''}${shellStrings.enums.either}：${acceptedValues(def, Infinity)}`;
  return Type.String({ description: text, 'x-enum-labels': labels });
}

/**
 * A field taking one value of a list kept in the database (`source`: its name, e.g.
 * 'disclosure_category'), as its code or its Chinese name; `where` says where the list is read.
 */
export function DataEnumString(source: string, description: string, where: string): TString {
  return Type.String({ description: `${description}。${shellStrings.enums.either}（${where}）`, 'x-enum-source': source });
}
