// Pure: the fields of two genres of their own — a 新闻发布会 (date, place, speakers, transcript, the
// policy it announces) and a 回应关切 (the concern it answers, where the concern came from, the
// 民心直通车 message it answers) — read from a form or the API and checked. The transcript is
// sanitised by the caller (shell); everything else is decided here.
import { defineEnum, parseEnum, labelOf } from '../../platform/web/enums.ts';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import { CONCERN_SOURCE_LABELS, detailStrings as ds } from './genre-detail.strings.ts';

export type ConcernSource = keyof typeof CONCERN_SOURCE_LABELS;
export const CONCERN_SOURCES = defineEnum<ConcernSource>((Object.keys(CONCERN_SOURCE_LABELS) as ConcernSource[]).map((code) => ({ code, label: CONCERN_SOURCE_LABELS[code] })));
export const concernSourceLabel = (code: string): string => labelOf(CONCERN_SOURCES, code as ConcernSource);

export interface Speaker { name: string; title: string }

/** As typed (form or API). */
export interface DetailInput {
  heldOn: string;
  place: string;
  speakers: Speaker[];
  transcriptHtml: string;
  /** 索引号 of the policy a 新闻发布会 announces (stored as a disclosure_link of kind 'briefs'). */
  policy: string;
  concernSummary: string;
  concernSource: string;
  messageRef: string;
}

export const emptyDetail = (): DetailInput => ({ heldOn: '', place: '', speakers: [], transcriptHtml: '', policy: '', concernSummary: '', concernSource: '', messageRef: '' });

export const MAX_SPEAKERS = 20;
const SPLIT = /\s*[，,、|｜\t]\s*/;

/** 「姓名，职务」 per line → speakers; a line that cannot be read gives its 1-based number in `bad`. */
export function parseSpeakerLines(text: string): { speakers: Speaker[]; bad: number | null } {
  const speakers: Speaker[] = [];
  let bad: number | null = null;
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t) return;
    const at = t.search(SPLIT);
    const name = (at < 0 ? t : t.slice(0, at)).trim();
    const title = at < 0 ? '' : t.slice(at).replace(SPLIT, '').trim();
    if (bad === null && !speakerOk({ name, title })) bad = i + 1;
    speakers.push({ name, title });
  });
  return { speakers, bad };
}

export const speakerLines = (list: Speaker[]): string => list.map((p) => (p.title ? `${p.name}，${p.title}` : p.name)).join('\n');

const speakerOk = (p: Speaker) => p.name.length >= 1 && p.name.length <= 30 && p.title.length <= 60;

/** A 民心直通车 (or other citizen submission) reference such as LY-20260301-7KQ3M, normalised as every public reference is. */
export const normaliseMessageRef = normaliseReference;
const REF = /^[A-Z]{1,6}-\d{8}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}$/;

export interface CheckedDetail {
  held_on: string | null; place: string | null; speakers_json: string | null; concern_summary: string | null; concern_source: ConcernSource | null; message_ref: string | null;
}

/**
 * Checks the genre's own fields (errors keyed by form field name). `transcriptText` is the plain
 * text of the already sanitised transcript. Other genres carry none of these fields (null).
 */
export function checkDetail(genre: string, d: DetailInput, transcriptText: string, today: string, earliest: string): { errors: Record<string, string>; value: CheckedDetail | null } {
  const errors: Record<string, string> = {};
  if (genre === 'press_conference') {
    const heldOn = d.heldOn.trim();
    if (!heldOn) errors.held_on = ds.errors.heldOnRequired;
    else if (!isLocalDate(heldOn)) errors.held_on = ds.errors.heldOnDate;
    else if (heldOn > today) errors.held_on = ds.errors.heldOnFuture;
    else if (heldOn < earliest) errors.held_on = ds.errors.heldOnTooEarly(earliest);
    const place = d.place.trim();
    if (!place) errors.place = ds.errors.placeRequired;
    else if (place.length > 100) errors.place = ds.errors.tooLong(100);
    const speakers = d.speakers.map((p) => ({ name: p.name.trim(), title: p.title.trim() })).filter((p) => p.name || p.title);
    const badAt = speakers.findIndex((p) => !speakerOk(p));
    if (!speakers.length) errors.speakers = ds.errors.speakersRequired;
    else if (speakers.length > MAX_SPEAKERS) errors.speakers = ds.errors.speakersTooMany;
    else if (badAt >= 0) errors.speakers = ds.errors.speakerLine(badAt + 1);
    if (!transcriptText) errors.transcript = ds.errors.transcriptRequired;
    if (Object.keys(errors).length) return { errors, value: null };
    return { errors, value: { held_on: heldOn, place, speakers_json: JSON.stringify(speakers), concern_summary: null, concern_source: null, message_ref: null } };
  }
  if (genre === 'response') {
    const summary = d.concernSummary.trim();
    if (!summary) errors.concern_summary = ds.errors.concernRequired;
    else if (summary.length > 500) errors.concern_summary = ds.errors.tooLong(500);
    const source = parseEnum(CONCERN_SOURCES, d.concernSource);
    if (!source) errors.concern_source = ds.errors.concernSource;
    const ref = d.messageRef.trim() ? normaliseMessageRef(d.messageRef) : '';
    if (ref && !REF.test(ref)) errors.message_ref = ds.errors.messageRef;
    if (Object.keys(errors).length) return { errors, value: null };
    return { errors, value: { held_on: null, place: null, speakers_json: null, concern_summary: summary, concern_source: source, message_ref: ref || null } };
  }
  return { errors, value: null };
}
