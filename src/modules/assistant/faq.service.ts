// FAQ pairs staff keep per organisation; they win over generated answers (issue 20 §3) — owned by
// the `faq` part. findFaqAnswer (the ask path's first step): the pairs of the conversation's
// organisation and its ancestors, read with one indexed query (as_faq_org) and kept a few seconds
// per process; a pair answers on a normalised exact match of its question or a variant, or on a
// close match of the search analyzer's tokens; the nearest organisation wins. Staff CRUD (scoped by
// officeScopes over FAQ_ROLES, audited in the write's transaction) and the 答得不好的问题 list with
// its one-step answer (the pair created and the turns marked resolved in one transaction).
import { randomInt } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { monthBounds } from '../../platform/clock/local-date.ts';
import { inTransaction, isUniqueViolation, lockRow } from '../../platform/db/db.ts';
import { likePrefix } from '../../platform/db/like.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { queryTokens } from '../../platform/search/analyzer.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation, identityService, type Actor } from '../identity/index.ts';
import type { AsFaqTable } from './assistant.table.ts';
import type { AssistantDeps } from './deps.ts';
import { answerSentences, checkFaqInput, FAQ_CODES, questionKey, type BadOutcome, type FaqLink, type FaqRawInput } from './faq-input.ts';
import { faqStrings } from './faq.strings.ts';
import type { AnswerDraft, Source } from './types.ts';
import { FAQ_ID_PREFIX, FAQ_ROLES, FAQ_STATUSES, type FaqStatus } from './vocabulary.ts';

export type FaqRow = Selectable<AsFaqTable>;
export type Refused = { ok: false; code: string; errors: Record<string, string> };
export type Who = { actor: Actor; requestId?: string | undefined };
type FaqDeps = Pick<AssistantDeps, 'db' | 'clock'>;

const si = faqStrings.input;

// ---------------------------------------------------------------------------------------------
// Matching

/** Words that carry no meaning for matching (politeness, question particles, pronouns). */
const FILLER = new Set(['请问', '请', '问', '我', '我们', '想', '想要', '要', '的', '了', '吗', '呢', '吧', '啊', '呀', '么', '一下', '去', '办', '办理', '怎么办', '怎么', '怎么样', '怎样', '如何', '咋', '可以', '能', '能不能', '是', '有', '在', '哪', '你好', '您好', '谢谢']);

/** The meaningful tokens of a phrase (the search analyzer's query-side cut, fillers dropped). */
export function contentTokens(text: string): Set<string> {
  return new Set(queryTokens(text).filter((t) => !FILLER.has(t)));
}

/** A close match needs this share of the pair's words in the question … */
export const PAIR_COVERAGE_MIN = 0.75;
/** … and this share of the question's words in the pair (so a long, different question is not taken). */
export const TEXT_COVERAGE_MIN = 0.6;

/**
 * How well a phrase of a pair matches a question: 1 for the same normalised text; else, by token-set
 * overlap, the mean of both coverages when both reach their minimum; else 0.
 */
export function matchScore(phrase: { key: string; tokens: Set<string> }, text: { key: string; tokens: Set<string> }): number {
  if (!phrase.key || !text.key) return 0;
  if (phrase.key === text.key) return 1;
  if (!phrase.tokens.size || !text.tokens.size) return 0;
  let common = 0;
  for (const t of phrase.tokens) if (text.tokens.has(t)) common += 1;
  const pairCov = common / phrase.tokens.size;
  const textCov = common / text.tokens.size;
  if (pairCov < PAIR_COVERAGE_MIN || textCov < TEXT_COVERAGE_MIN) return 0;
  // below an exact match, whatever the overlap
  return Math.min(0.99, (pairCov + textCov) / 2);
}

interface CachedPair {
  id: number;
  publicId: string;
  orgPath: string;
  depth: number;
  question: string;
  answer: string;
  links: FaqLink[];
  phrases: { key: string; tokens: Set<string> }[];
}

/** How long a process keeps an organisation chain's active pairs (writes in this process clear it at once). */
const CACHE_MS = 15_000;
const CACHE_MAX = 2_000;
const cache = new Map<object, Map<string, { until: number; pairs: CachedPair[] }>>();

/** Forgets the cached pairs (after every write through this module). */
export function clearFaqCache(): void {
  cache.clear();
}

/** The materialised paths of an organisation and its ancestors: '/13/1304/130427/' → '/13/', '/13/1304/', '/13/1304/130427/'. */
export function chainOf(orgPath: string): string[] {
  const parts = orgPath.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

function parseJson<T>(text: string, fallback: T): T {
  try { return JSON.parse(text) as T; } catch { return fallback; }
}

async function activePairs(db: Db, orgPath: string): Promise<CachedPair[]> {
  let perDb = cache.get(db);
  const hit = perDb?.get(orgPath);
  const now = performance.now();
  if (hit && hit.until > now) return hit.pairs;
  const chain = chainOf(orgPath);
  if (!chain.length) return [];
  const rows = await db.selectFrom('as_faq').select(['id', 'public_id', 'org_path', 'question', 'variants_json', 'answer', 'links_json'])
    .where('org_path', 'in', chain).where('status', '=', 'active').orderBy('id').execute();
  const pairs = rows.map((r) => {
    const variants = parseJson<string[]>(r.variants_json, []);
    return {
      id: r.id, publicId: r.public_id, orgPath: r.org_path, depth: chainOf(r.org_path).length, question: r.question, answer: r.answer,
      links: parseJson<FaqLink[]>(r.links_json, []),
      phrases: [r.question, ...variants].map((p) => ({ key: questionKey(p), tokens: contentTokens(p) })),
    };
  });
  if (!perDb) { perDb = new Map(); cache.set(db, perDb); }
  if (perDb.size > CACHE_MAX) perDb.clear();
  perDb.set(orgPath, { until: now + CACHE_MS, pairs });
  return pairs;
}

/** The best pair for a question among the chain's pairs: the nearest organisation first, then the closer match. */
export function bestPair<T extends { depth: number; phrases: { key: string; tokens: Set<string> }[] }>(pairs: readonly T[], text: string): { pair: T; score: number } | null {
  const q = { key: questionKey(text), tokens: contentTokens(text) };
  let best: { pair: T; score: number } | null = null;
  for (const p of pairs) {
    const score = Math.max(0, ...p.phrases.map((ph) => matchScore(ph, q)));
    if (score <= 0) continue;
    if (!best || p.depth > best.pair.depth || (p.depth === best.pair.depth && score > best.score)) best = { pair: p, score };
  }
  return best;
}

/** The FAQ pair that answers `text` for an organisation subtree (the conversation's government and its parents), as an answer. */
export async function findFaqAnswer(deps: Pick<AssistantDeps, 'db' | 'clock'>, text: string, orgPath: string | null): Promise<AnswerDraft | null> {
  if (!orgPath || !questionKey(text)) return null;
  const found = bestPair(await activePairs(deps.db, orgPath), text);
  if (!found) return null;
  const p = found.pair;
  await deps.db.updateTable('as_faq').set({ hits: sql<number>`hits + 1` }).where('id', '=', p.id).execute();
  const sources: Source[] = [
    { type: 'faq', id: p.publicId, title: p.question, url: p.links[0]?.url ?? '/assistant' },
    ...p.links.map((l): Source => ({ type: 'page', id: l.url, title: l.title, url: l.url })),
  ];
  return {
    sentences: answerSentences(p.answer).map((s) => ({ text: s, source: 0 })),
    sources, choices: [], outcome: 'faq', pending: null, items: [], faqPublicId: p.publicId,
  };
}

// ---------------------------------------------------------------------------------------------
// Staff: scope, list, read, write

/** The subtrees the caller keeps the FAQ of (a 政务公开办: its government's). */
export function faqScopes(db: Db, actor: Actor): Promise<string[]> {
  return identityService.officeScopes(db, actor, FAQ_ROLES);
}

const inScope = (scopes: readonly string[], path: string) => scopes.some((p) => path.startsWith(p));
const scopeWhere = (column: string, scopes: readonly string[]) => sql<boolean>`(${sql.join(scopes.map((p) => sql`${sql.ref(column)} like ${likePrefix(p)} escape '\\'`), sql` or `)})`;

/** Alphabet without I, L, O, U, 0 and 1 (read over the phone). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const FAQ_PUBLIC_ID = new RegExp(`^${FAQ_ID_PREFIX}[0-9A-Z]{10}$`);
export function newFaqPublicId(): string {
  let out = FAQ_ID_PREFIX;
  for (let i = 0; i < 10; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A pair as pages, the API and tests see it. */
export interface FaqPair {
  publicId: string;
  orgCode: string;
  orgName: string;
  orgPath: string;
  question: string;
  variants: string[];
  answer: string;
  links: FaqLink[];
  status: FaqStatus;
  hits: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

function toPair(r: FaqRow, orgName: string): FaqPair {
  return {
    publicId: r.public_id, orgCode: r.org_code, orgName, orgPath: r.org_path, question: r.question, variants: parseJson<string[]>(r.variants_json, []),
    answer: r.answer, links: parseJson<FaqLink[]>(r.links_json, []), status: r.status as FaqStatus, hits: Number(r.hits),
    createdBy: r.created_by, createdAt: r.created_at, updatedBy: r.updated_by, updatedAt: r.updated_at,
  };
}

async function orgNames(db: Db, codes: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(codes)];
  const rows = list.length ? await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', list).execute() : [];
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The organisations a pair may belong to: the governments and townships (街道/乡镇) of the caller's scope. */
export async function faqOrganisations(db: Db, actor: Actor): Promise<{ code: string; name: string; path: string }[]> {
  const scopes = await faqScopes(db, actor);
  if (!scopes.length) return [];
  return db.selectFrom('organisation').select(['code', 'name', 'path']).where('kind', 'in', ['government', 'township_government']).where('disabled', '=', 0)
    .where(scopeWhere('path', scopes)).orderBy('path').limit(500).execute();
}

/** The organisation a new pair is put on by default: the caller's (a 政务公开办's: its government). */
export async function defaultFaqOrg(db: Db, actor: Actor): Promise<string> {
  const scopes = await faqScopes(db, actor);
  const first = scopes.find((p) => p !== '/');
  return first ? first.split('/').filter(Boolean).at(-1) ?? '' : '';
}

/** A pair the caller may read and edit, or a 404 (a pair outside the scope is not shown to exist). */
export async function readableFaq(db: Db, actor: Actor, publicId: string): Promise<FaqRow> {
  const row = FAQ_PUBLIC_ID.test(publicId) ? await db.selectFrom('as_faq').selectAll().where('public_id', '=', publicId).executeTakeFirst() : undefined;
  if (!row || !inScope(await faqScopes(db, actor), row.org_path)) throw new HttpError(404, 'faq_not_found', faqStrings.api.notFound);
  return row;
}

export async function loadFaq(db: Db, actor: Actor, publicId: string): Promise<FaqPair> {
  const row = await readableFaq(db, actor, publicId);
  return toPair(row, (await orgNames(db, [row.org_code])).get(row.org_code) ?? row.org_code);
}

export interface FaqListFilter { status?: FaqStatus | undefined; q?: string | undefined; limit: number; offset: number }

/** The caller's pairs, the nearest organisations' first within a path, newest change first. */
export async function listFaqs(deps: FaqDeps, actor: Actor, f: FaqListFilter): Promise<{ total: number; items: FaqPair[] }> {
  const scopes = await faqScopes(deps.db, actor);
  if (!scopes.length) return { total: 0, items: [] };
  let q = deps.db.selectFrom('as_faq').where(scopeWhere('as_faq.org_path', scopes));
  if (f.status) q = q.where('status', '=', f.status);
  const text = (f.q ?? '').trim().slice(0, 50);
  if (text) q = q.where((eb) => eb.or([eb('question', 'like', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), eb('variants_json', 'like', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)]));
  const total = Number((await q.select(deps.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (f.limit === 0) return { total, items: [] };
  const rows = await q.selectAll().orderBy('status').orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  const names = await orgNames(deps.db, rows.map((r) => r.org_code));
  return { total, items: rows.map((r) => toPair(r, names.get(r.org_code) ?? r.org_code)) };
}

/** What an audit entry holds of a pair. */
function auditView(r: Pick<FaqRow, 'org_code' | 'question' | 'variants_json' | 'answer' | 'links_json' | 'status'>) {
  return { org: r.org_code, question: r.question, variants: parseJson<string[]>(r.variants_json, []), answer: r.answer, links: parseJson<FaqLink[]>(r.links_json, []), status: r.status };
}

/** Checks the fields and the organisation (exists, a government or township, in the caller's scope). */
async function checked(db: Db, actor: Actor, raw: FaqRawInput): Promise<{ ok: true; value: ReturnType<typeof checkFaqInput> & { ok: true }; org: { code: string; path: string } } | Refused> {
  const c = checkFaqInput(raw);
  const org = c.ok ? await findOrganisation(db, c.value.org) : (raw.org ?? '').trim() ? await findOrganisation(db, (raw.org ?? '').trim().slice(0, 64)) : null;
  const errors: Record<string, string> = c.ok ? {} : { ...c.errors };
  let code = c.ok ? '' : c.code;
  if ((raw.org ?? '').trim()) {
    if (!org || org.disabled || !['government', 'township_government'].includes(org.kind)) { errors.org = si.orgUnknown; code ||= FAQ_CODES.orgUnknown; }
    else if (!inScope(await faqScopes(db, actor), org.path)) { errors.org = si.notYourUnit; code ||= FAQ_CODES.notYourUnit; }
  }
  if (!c.ok || code) return { ok: false, code, errors };
  return { ok: true, value: c, org: { code: org!.code, path: org!.path } };
}

/**
 * Adds a pair. With `resolveKey` (the normalised text of a badly answered question, see
 * questionKey), the same transaction marks that question's unresolved turns in the caller's scope
 * and under the pair's organisation as answered by it.
 */
export async function createFaq(deps: FaqDeps, who: Who, raw: FaqRawInput, opts: { resolveKey?: string | undefined } = {}): Promise<{ ok: true; publicId: string; resolved: number } | Refused> {
  const c = await checked(deps.db, who.actor, raw);
  if (!c.ok) return c;
  const v = c.value.value;
  const now = deps.clock.now();
  const at = now.toISOString();
  for (let attempt = 0; ; attempt++) {
    const publicId = newFaqPublicId();
    try {
      const resolved = await inTransaction(deps.db, async (trx) => {
        const row = {
          public_id: publicId, org_code: c.org.code, org_path: c.org.path, question: v.question, variants_json: JSON.stringify(v.variants), answer: v.answer,
          links_json: JSON.stringify(v.links), status: 'active', hits: 0, created_by: who.actor.username, updated_by: who.actor.username, created_at: at, updated_at: at,
        };
        await trx.insertInto('as_faq').values(row).execute();
        const key = opts.resolveKey ? questionKey(opts.resolveKey) : '';
        // the pair answers the questions asked under its organisation (checked to be in the caller's scope)
        const turnIds = key ? await badTurnIdsOf(trx, [c.org.path], key) : [];
        if (turnIds.length) await trx.updateTable('as_turn').set({ resolved_faq_public_id: publicId }).where('id', 'in', turnIds).execute();
        await recordAudit(platformView(trx), now, {
          actorId: who.actor.userId, actorLabel: who.actor.username, action: 'assistant.faq_create', entity: 'as_faq', entityId: publicId, orgCode: c.org.code,
          requestId: who.requestId ?? null, after: { ...auditView(row), ...(key ? { resolved_turns: turnIds.length } : {}) },
        });
        return turnIds.length;
      });
      clearFaqCache();
      return { ok: true, publicId, resolved };
    } catch (e) {
      if (attempt < 3 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** Replaces a pair's fields (the form; the API's PATCH sends the current values for fields left out). */
export async function updateFaq(deps: FaqDeps, who: Who, publicId: string, raw: FaqRawInput): Promise<{ ok: true; row: FaqRow } | Refused> {
  const row0 = await readableFaq(deps.db, who.actor, publicId);
  // no organisation sent: the pair stays where it is
  const c = await checked(deps.db, who.actor, { ...raw, org: (raw.org ?? '').trim() || row0.org_code });
  if (!c.ok) return c;
  const v = c.value.value;
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'as_faq', row0.id);
    const before = await trx.selectFrom('as_faq').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow();
    await trx.updateTable('as_faq').set({
      org_code: c.org.code, org_path: c.org.path, question: v.question, variants_json: JSON.stringify(v.variants), answer: v.answer, links_json: JSON.stringify(v.links),
      updated_by: who.actor.username, updated_at: now.toISOString(),
    }).where('id', '=', row0.id).execute();
    const after = await trx.selectFrom('as_faq').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow();
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: 'assistant.faq_update', entity: 'as_faq', entityId: row0.public_id, orgCode: c.org.code,
      requestId: who.requestId ?? null, before: auditView(before), after: auditView(after),
    });
    return after;
  });
  clearFaqCache();
  return { ok: true, row };
}

/** Archives (停用) or restores a pair; setting the status it already has is a 409 with the reason. */
export async function setFaqStatus(deps: FaqDeps, who: Who, publicId: string, status: FaqStatus): Promise<FaqRow> {
  const row0 = await readableFaq(deps.db, who.actor, publicId);
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    await lockRow(trx, 'as_faq', row0.id);
    const before = await trx.selectFrom('as_faq').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow();
    if (before.status === status) {
      const reason = faqStrings.api.already(labelOf(FAQ_STATUSES, status));
      throw new HttpError(409, status === 'archived' ? 'faq_already_archived' : 'faq_already_active', reason, [reason]);
    }
    await trx.updateTable('as_faq').set({ status, updated_by: who.actor.username, updated_at: now.toISOString() }).where('id', '=', row0.id).execute();
    const after = await trx.selectFrom('as_faq').selectAll().where('id', '=', row0.id).executeTakeFirstOrThrow();
    await recordAudit(platformView(trx), now, {
      actorId: who.actor.userId, actorLabel: who.actor.username, action: status === 'archived' ? 'assistant.faq_archive' : 'assistant.faq_restore', entity: 'as_faq',
      entityId: row0.public_id, orgCode: row0.org_code, requestId: who.requestId ?? null, before: { status: before.status }, after: { status },
    });
    return after;
  });
  clearFaqCache();
  return row;
}

// ---------------------------------------------------------------------------------------------
// 答得不好的问题

/** How many bad turns a list reads at most (newest first). */
const BAD_TURNS_MAX = 20_000;

interface BadTurn { id: number; text: string; outcome: string | null; helpful: number | null; created_at: string; resolved_faq_public_id: string | null; org_path: string | null }

/** Assistant turns answered badly (nothing found, or 没有帮助), each with the person's question (the turn before it). */
function badTurns(db: Db, scopes: readonly string[], f: { from?: string; to?: string; outcome?: BadOutcome | undefined; unresolvedOnly?: boolean }) {
  let q = db.selectFrom('as_turn as a')
    .innerJoin('as_turn as u', (j) => j.onRef('u.conversation_id', '=', 'a.conversation_id').on('u.seq', '=', sql<number>`a.seq - 1`))
    .where('a.role', '=', 'assistant').where('u.role', '=', 'user')
    .where(scopeWhere('a.org_path', scopes));
  if (f.outcome === 'no_match') q = q.where('a.outcome', '=', 'no_match');
  else if (f.outcome === 'unhelpful') q = q.where('a.helpful', '=', 0);
  else q = q.where((eb) => eb.or([eb('a.outcome', '=', 'no_match'), eb('a.helpful', '=', 0)]));
  if (f.from) q = q.where('a.created_at', '>=', f.from);
  if (f.to) q = q.where('a.created_at', '<', f.to);
  if (f.unresolvedOnly) q = q.where('a.resolved_faq_public_id', 'is', null);
  return q.select(['a.id', 'u.text', 'a.outcome', 'a.helpful', 'a.created_at', 'a.resolved_faq_public_id', 'a.org_path']);
}

/** The unresolved bad turns under `paths` whose question has this key. */
async function badTurnIdsOf(db: Db, paths: readonly string[], key: string): Promise<number[]> {
  if (!paths.length) return [];
  const rows = await badTurns(db, paths, { unresolvedOnly: true }).orderBy('a.id').limit(BAD_TURNS_MAX).execute();
  return rows.filter((r) => questionKey(r.text) === key).map((r) => r.id);
}

export interface BadQuestion {
  /** The normalised text the turns are grouped by (passed back to resolve them). */
  key: string;
  /** The most frequent spelling (masked as stored). */
  text: string;
  count: number;
  noMatch: number;
  unhelpful: number;
  lastAt: string;
  /** Set when every turn of the group was answered by a pair. */
  resolvedFaq: string | null;
  unresolved: number;
  /** The organisation most of the turns were asked under (a pair's default). */
  orgCode: string | null;
}

/** Beijing month → the UTC instants [from, to) of its turns. */
function monthRange(month: string): { from: string; to: string } {
  const b = monthBounds(month);
  const from = new Date(`${b.from}T00:00:00+08:00`);
  const to = new Date(new Date(`${b.to}T00:00:00+08:00`).getTime() + 86_400_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The badly answered questions in the caller's scope, grouped by normalised text; unresolved first, then the most asked. */
export async function badQuestions(deps: FaqDeps, actor: Actor, f: { month?: string | undefined; outcome?: BadOutcome | undefined }): Promise<BadQuestion[]> {
  const scopes = await faqScopes(deps.db, actor);
  if (!scopes.length) return [];
  const range = f.month ? monthRange(f.month) : {};
  const rows: BadTurn[] = await badTurns(deps.db, scopes, { ...range, outcome: f.outcome }).orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(BAD_TURNS_MAX).execute();
  const groups = new Map<string, { spellings: Map<string, number>; q: BadQuestion; faqs: Set<string>; paths: Map<string, number> }>();
  for (const r of rows) {
    const key = questionKey(r.text);
    if (!key) continue;
    let g = groups.get(key);
    if (!g) {
      g = { spellings: new Map(), faqs: new Set(), paths: new Map(), q: { key, text: '', count: 0, noMatch: 0, unhelpful: 0, lastAt: r.created_at, resolvedFaq: null, unresolved: 0, orgCode: null } };
      groups.set(key, g);
    }
    g.q.count += 1;
    if (r.outcome === 'no_match') g.q.noMatch += 1;
    if (r.helpful !== null && Number(r.helpful) === 0) g.q.unhelpful += 1;
    if (r.created_at > g.q.lastAt) g.q.lastAt = r.created_at;
    if (r.resolved_faq_public_id) g.faqs.add(r.resolved_faq_public_id);
    else g.q.unresolved += 1;
    g.spellings.set(r.text, (g.spellings.get(r.text) ?? 0) + 1);
    if (r.org_path) g.paths.set(r.org_path, (g.paths.get(r.org_path) ?? 0) + 1);
  }
  const out = [...groups.values()].map((g) => {
    const text = [...g.spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const path = [...g.paths.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    return { ...g.q, text: maskPersonalData(text), resolvedFaq: g.q.unresolved === 0 ? [...g.faqs].sort()[0] ?? null : null, orgCode: path ? path.split('/').filter(Boolean).at(-1) ?? null : null };
  });
  return out.sort((a, b) => Number(b.unresolved > 0) - Number(a.unresolved > 0) || b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.key.localeCompare(b.key));
}

/** The staff home page's count: badly answered questions still without a pair. */
export async function openBadQuestions(deps: FaqDeps, actor: Actor): Promise<number> {
  return (await badQuestions(deps, actor, {})).filter((q) => q.unresolved > 0).length;
}

