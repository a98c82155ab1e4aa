// Pure: Open311 GeoReport v2 documents (services, service definitions, requests, errors,
// discovery) as JSON values and as XML with the spec's roots (<services><service>,
// <service_definition>, <service_requests><request>, <errors><error>). Internal stages map to
// open/closed; the finer state goes to status_notes (anchors.md §6). Personal data (names, phones,
// e-mail) is never part of these documents; phone and ID numbers in free text are masked. The
// location only to the level the citizen chose (location-privacy.ts): by default `address` is the
// township/village and lat/long are rounded to about 100 m.
import { xmlEscape } from '../../platform/html/xml.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import type { Category, MessageRow } from './interaction.repository.ts';
import type { PublicLocation } from './location-privacy.ts';
import { open311Status, STAGE_LABELS, type Stage } from './workflow.ts';

export type Format = 'json' | 'xml';
export type Doc = Record<string, unknown>;

/** 'services.json' → ['services', 'json']; null for other extensions. */
export function splitFormat(file: string): [string, Format] | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? [m[1] as string, m[2] as Format] : null;
}

/** An instant as W3C date-time in China Standard Time: 2026-03-02T10:00:00+08:00. */
export function w3c(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export function serviceDoc(c: Category): Doc {
  return { service_code: c.code, service_name: c.name, description: c.description, metadata: c.attributes.length > 0, type: 'realtime', keywords: c.keywords.join(','), group: c.group };
}

export function serviceDefinitionDoc(c: Category): Doc {
  return {
    service_code: c.code,
    attributes: c.attributes.map((a, i) => ({
      variable: true, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatype_description ?? '', order: i + 1, description: a.description,
      values: a.values ?? [],
    })),
  };
}

export function requestDoc(m: MessageRow, names: { service: string; agency: string }, baseUrl: string, firstPhotoId: number | null, location: PublicLocation): Doc {
  const stage = m.stage as Stage;
  return {
    service_request_id: m.reference,
    status: open311Status(stage),
    status_notes: STAGE_LABELS[stage] + (m.response ? `：${maskPersonalData(m.response)}` : ''),
    service_name: names.service,
    service_code: m.category_code,
    description: maskPersonalData(m.content),
    agency_responsible: names.agency,
    service_notice: m.due_on ? `答复期限 ${m.due_on}` : '',
    requested_datetime: w3c(m.created_at),
    updated_datetime: w3c(m.updated_at),
    expected_datetime: m.due_on && open311Status(stage) === 'open' ? `${m.due_on}T18:00:00+08:00` : null,
    address: location.place ?? '',
    address_id: m.region_code ? m.region_code.padEnd(12, '0') : '',
    zipcode: '',
    lat: location.lat,
    long: location.lng,
    media_url: firstPhotoId ? `${baseUrl}/interaction/messages/${m.reference}/photos/${firstPhotoId}` : '',
  };
}

export function errorDoc(code: number, description: string): Doc[] {
  return [{ code, description }];
}

const esc = xmlEscape;

function xmlValue(tag: string, v: unknown, childTag: Record<string, string>): string {
  if (v === null || v === undefined) return `<${tag}/>`;
  if (Array.isArray(v)) {
    const inner = childTag[tag] ?? 'item';
    return `<${tag}>${v.map((x) => xmlValue(inner, x, childTag)).join('')}</${tag}>`;
  }
  if (typeof v === 'object') return `<${tag}>${Object.entries(v as Doc).map(([k, x]) => xmlValue(k, x, childTag)).join('')}</${tag}>`;
  return `<${tag}>${esc(String(v))}</${tag}>`;
}

// Element names of list items inside XML containers (GeoReport v2 examples).
const CHILD_TAGS: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

/** XML with the declaration; `root` is the document element and `items` its children (lists) or content (objects). */
export function toXml(root: string, body: Doc[] | Doc): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlValue(root, body, CHILD_TAGS)}`;
}

export function discoveryDoc(baseUrl: string, changeset: string): Doc {
  return {
    changeset,
    contact: '请通过本站“互动交流”栏目联系',
    key_service: '申请 api_key：由平台管理员使用 gongkai token create 签发',
    endpoints: [
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: `${baseUrl}/open311/v2`, changeset, type: 'production', formats: ['text/xml', 'application/json'] },
    ],
  };
}

/** Reads `attribute[code]` fields of a POST body. */
export function attributesOf(body: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (!m) continue;
    const vals = (Array.isArray(v) ? v : [v]).map((x) => String(x));
    out[m[1] as string] = [...(out[m[1] as string] ?? []), ...vals];
  }
  const nested = body.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [k, v] of Object.entries(nested as Record<string, unknown>)) out[k] = (Array.isArray(v) ? v : [v]).map((x) => String(x));
  }
  return out;
}

/** Checks attributes against a category's definition; returns reasons. */
export function checkAttributes(c: Category, given: Record<string, string[]>): string[] {
  const reasons: string[] = [];
  for (const a of c.attributes) {
    const v = given[a.code] ?? [];
    if (a.required && !v.length) reasons.push(`缺少属性 attribute[${a.code}]（${a.description}）`);
    if (v.length && a.values?.length) {
      for (const x of v) if (!a.values.some((k) => k.key === x)) reasons.push(`属性 ${a.code} 的取值 ${x} 无效`);
    }
    if (v.length > 1 && a.datatype !== 'multivaluelist') reasons.push(`属性 ${a.code} 只能有一个取值`);
  }
  for (const k of Object.keys(given)) if (!c.attributes.some((a) => a.code === k)) reasons.push(`未知属性 attribute[${k}]`);
  return reasons;
}
