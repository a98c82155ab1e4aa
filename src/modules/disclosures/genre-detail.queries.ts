// Shell: public reads of the 新闻发布会 / 回应关切 fields — one record's block, and the public list of
// 回应关切 with the concern each answers.
import type { Db } from '../../schema.ts';
import { publiclyVisible } from './disclosures.table.ts';
import { recordHref } from './disclosures.queries.ts';
import { concernSourceLabel, type Speaker } from './genre-detail.ts';
import type { PublicDetail } from './views/genre-detail.tsx';
import { compiledOnce } from '../../platform/db/prepared.ts';

// a record page runs these thousands of times a second: built and compiled once per handle
const detailOf = compiledOnce((db: Db, slot) => db.selectFrom('disclosure_detail').selectAll().where('disclosure_id', '=', slot(0) as unknown as number));
const briefedPolicy = compiledOnce((db: Db, slot) => db.selectFrom('disclosure_link as l').innerJoin('disclosure', 'disclosure.id', 'l.to_id')
  .select(['disclosure.index_no', 'disclosure.title']).where('l.from_id', '=', slot(0) as unknown as number).where('l.kind', '=', 'briefs').where((eb) => publiclyVisible(eb, slot(1))).limit(1));

/** The genre's own fields of a visible record (the policy only while it is itself visible). */
export async function publicDetail(db: Db, nowIso: string, id: number, genre: string): Promise<PublicDetail> {
  if (genre !== 'press_conference' && genre !== 'response') return { press: null, response: null };
  const d = (await detailOf(db, id))[0];
  return detailFrom(genre, d, d && genre === 'press_conference' ? (await briefedPolicy(db, id, nowIso))[0] : undefined);
}

/** `publicDetail` read synchronously where SQLite allows (platform/db/prepared.ts), else null. */
export function publicDetailSync(db: Db, nowIso: string, id: number, genre: string): PublicDetail | null {
  if (genre !== 'press_conference' && genre !== 'response') return { press: null, response: null };
  const ds = detailOf.sync(db, id);
  if (!ds) return null;
  const d = ds[0];
  const policies = d && genre === 'press_conference' ? briefedPolicy.sync(db, id, nowIso) : [];
  return policies ? detailFrom(genre, d, policies[0]) : null;
}

function detailFrom(genre: string, d: Awaited<ReturnType<typeof detailOf>>[number] | undefined, policy: { index_no: string; title: string } | undefined): PublicDetail {
  if (!d) return { press: null, response: null };
  if (genre === 'response') {
    return { press: null, response: { summary: d.concern_summary ?? '', source: d.concern_source ?? 'other', sourceLabel: concernSourceLabel(d.concern_source ?? 'other'), messageRef: d.message_ref } };
  }
  return {
    response: null,
    press: {
      heldOn: d.held_on ?? '', place: d.place ?? '', speakers: d.speakers_json ? (JSON.parse(d.speakers_json) as Speaker[]) : [], transcriptHtml: d.transcript_html ?? '',
      policy: policy ? { title: policy.title, href: recordHref(policy.index_no) } : null,
    },
  };
}

export interface ResponseLine { indexNo: string; title: string; publisher: string; publishedOn: string; concern: string; source: string; sourceLabel: string; href: string }

/** 回应关切, newest first, with the concern each answers; `source` narrows to one source. */
export async function listResponses(db: Db, nowIso: string, opts: { source?: string; limit: number; offset: number }): Promise<{ items: ResponseLine[]; more: boolean }> {
  let q = db.selectFrom('disclosure').innerJoin('disclosure_detail as d', 'd.disclosure_id', 'disclosure.id')
    .select(['disclosure.index_no', 'disclosure.title', 'disclosure.publisher', 'disclosure.published_on', 'd.concern_summary', 'd.concern_source'])
    .where('disclosure.genre', '=', 'response').where((eb) => publiclyVisible(eb, nowIso));
  if (opts.source) q = q.where('d.concern_source', '=', opts.source);
  const rows = await q.orderBy('disclosure.published_at', 'desc').orderBy('disclosure.id', 'desc').limit(opts.limit + 1).offset(opts.offset).execute();
  return {
    more: rows.length > opts.limit,
    items: rows.slice(0, opts.limit).map((r) => ({
      indexNo: r.index_no, title: r.title, publisher: r.publisher, publishedOn: r.published_on ?? '', concern: r.concern_summary ?? '',
      source: r.concern_source ?? 'other', sourceLabel: concernSourceLabel(r.concern_source ?? 'other'), href: recordHref(r.index_no),
    })),
  };
}
