// The conversation store (issue 20): conversations and their turns. Shared by the ask path
// (assistant.service.ts), the hand-off (handoff.service.ts) and the pages. No personal data: the
// person's words are stored masked (ID and phone numbers, addresses), nothing about who they are.
import { sql } from 'kysely';
import { randomSecret } from '../../platform/auth/tokens.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import type { Db } from '../../schema.ts';
import type { AsConversationTable } from './assistant.table.ts';
import { EMPTY_CONTEXT, type ConversationContext, type Sentence, type Source, type TurnView } from './types.ts';
import { CONVERSATION_TTL_MINUTES, type AssistantChannel, type ConversationState, type TurnOutcome, type TurnRole } from './vocabulary.ts';

export type ConversationRow = Omit<AsConversationTable, 'id'> & { id: number };

export interface Conversation {
  id: number;
  publicId: string;
  channel: AssistantChannel;
  regionCode: string | null;
  venuePublicId: string | null;
  orgCode: string | null;
  orgPath: string | null;
  context: ConversationContext;
  state: ConversationState;
  turnCount: number;
  reference: string | null;
  handoffRequestedAt: string | null;
  handoffDeadlineAt: string | null;
  takenByLabel: string | null;
  convertedKind: string | null;
  convertedRef: string | null;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  /** The signed-in resident who started it or asked for a human (issue 21 §3); null when none. */
  accountId: number | null;
}

/** A conversation id: 'c' + 32 URL-safe random characters — a capability, unguessable, never a row number. */
export const isConversationId = (v: string): boolean => /^c[A-Za-z0-9_-]{32}$/.test(v);

export function toConversation(r: ConversationRow): Conversation {
  let context: ConversationContext = EMPTY_CONTEXT;
  try { context = { ...EMPTY_CONTEXT, ...(JSON.parse(r.context_json) as Partial<ConversationContext>) }; } catch { /* a damaged context is forgotten */ }
  return {
    id: r.id, publicId: r.public_id, channel: r.channel as AssistantChannel, regionCode: r.region_code, venuePublicId: r.venue_public_id,
    orgCode: r.org_code, orgPath: r.org_path, context, state: r.state as ConversationState, turnCount: r.turn_count, reference: r.reference,
    handoffRequestedAt: r.handoff_requested_at, handoffDeadlineAt: r.handoff_deadline_at, takenByLabel: r.taken_by_label,
    convertedKind: r.converted_kind, convertedRef: r.converted_ref, createdAt: r.created_at, lastActiveAt: r.last_active_at, expiresAt: r.expires_at,
    accountId: r.account_id === null || r.account_id === undefined ? null : Number(r.account_id),
  };
}

export const expiryAfter = (at: Date): string => new Date(at.getTime() + CONVERSATION_TTL_MINUTES * 60_000).toISOString();

export async function createConversation(db: Db, at: Date, init: { channel: AssistantChannel; regionCode: string | null; venuePublicId: string | null; orgCode: string | null; orgPath: string | null; context?: ConversationContext; accountId?: number | null }): Promise<Conversation> {
  const publicId = `c${randomSecret(24).replace(/[^A-Za-z0-9_-]/g, '').padEnd(32, 'x').slice(0, 32)}`;
  const iso = at.toISOString();
  const row = await db.insertInto('as_conversation').values({
    public_id: publicId, channel: init.channel, region_code: init.regionCode, venue_public_id: init.venuePublicId, org_code: init.orgCode, org_path: init.orgPath,
    context_json: JSON.stringify(init.context ?? EMPTY_CONTEXT), state: 'bot', turn_count: 0, created_at: iso, last_active_at: iso, expires_at: expiryAfter(at), account_id: init.accountId ?? null,
  }).returningAll().executeTakeFirstOrThrow();
  return toConversation(row as ConversationRow);
}

export async function findConversation(db: Db, publicId: string): Promise<Conversation | null> {
  if (!isConversationId(publicId)) return null;
  const r = await db.selectFrom('as_conversation').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  return r ? toConversation(r as ConversationRow) : null;
}

export async function findConversationByReference(db: Db, reference: string): Promise<(Conversation & { trackingHash: string | null }) | null> {
  const r = await db.selectFrom('as_conversation').selectAll().where('reference', '=', reference).executeTakeFirst();
  return r ? { ...toConversation(r as ConversationRow), trackingHash: r.tracking_hash } : null;
}

export interface NewTurn {
  role: TurnRole;
  text: string;
  sentences?: Sentence[];
  sources?: Source[];
  choices?: string[];
  outcome?: TurnOutcome | null;
  faqPublicId?: string | null;
  staffLabel?: string | null;
}

/**
 * Appends turns in one statement each, numbering them after the conversation's `turn_count`, which
 * is advanced only if it still has the value read (two requests at once: one fails with
 * `concurrent`, nothing stored twice). The person's words are masked before they are stored.
 * Also moves `last_active_at` and `expires_at`, and saves the context when given. Call inside a transaction.
 */
export async function appendTurns(trx: Db, conv: Pick<Conversation, 'id' | 'turnCount' | 'regionCode' | 'orgPath'>, at: Date, turns: NewTurn[], context?: ConversationContext): Promise<{ ok: true; firstSeq: number } | { ok: false; code: 'concurrent' }> {
  const iso = at.toISOString();
  const next = conv.turnCount + turns.length;
  const set: Record<string, unknown> = { turn_count: next, last_active_at: iso, expires_at: expiryAfter(at) };
  if (context) set.context_json = JSON.stringify(context);
  const upd = await trx.updateTable('as_conversation').set(set).where('id', '=', conv.id).where('turn_count', '=', conv.turnCount).executeTakeFirst();
  if (Number(upd.numUpdatedRows) !== 1) return { ok: false, code: 'concurrent' };
  const firstSeq = conv.turnCount + 1;
  await trx.insertInto('as_turn').values(turns.map((t, i) => ({
    conversation_id: conv.id, seq: firstSeq + i, role: t.role,
    text: t.role === 'user' ? maskPersonalData(t.text) : t.text,
    sources_json: JSON.stringify({ sentences: t.sentences ?? [], sources: t.sources ?? [] }), choices_json: JSON.stringify(t.choices ?? []),
    outcome: t.outcome ?? null, faq_public_id: t.faqPublicId ?? null, helpful: null, region_code: conv.regionCode, org_path: conv.orgPath,
    resolved_faq_public_id: null, staff_label: t.staffLabel ?? null, created_at: iso,
  }))).execute();
  return { ok: true, firstSeq };
}

export function toTurnView(r: { seq: number; role: string; text: string; sources_json: string; choices_json: string; outcome: string | null; helpful: number | null; created_at: string }): TurnView {
  let sentences: Sentence[] = [];
  let sources: Source[] = [];
  let choices: string[] = [];
  try { const j = JSON.parse(r.sources_json) as { sentences?: Sentence[]; sources?: Source[] }; sentences = j.sentences ?? []; sources = j.sources ?? []; } catch { /* empty */ }
  try { choices = JSON.parse(r.choices_json) as string[]; } catch { /* empty */ }
  if (!sentences.length && r.text) sentences = [{ text: r.text, source: null }];
  return { seq: r.seq, role: r.role as TurnRole, text: r.text, sentences, sources, choices, outcome: r.outcome as TurnOutcome | null, helpful: r.helpful === null ? null : r.helpful === 1, at: r.created_at };
}

/** Turns after `afterSeq`, in order (at most `limit`). */
export async function listTurns(db: Db, conversationId: number, afterSeq = 0, limit = 500): Promise<TurnView[]> {
  const rows = await db.selectFrom('as_turn').select(['seq', 'role', 'text', 'sources_json', 'choices_json', 'outcome', 'helpful', 'created_at'])
    .where('conversation_id', '=', conversationId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map(toTurnView);
}

/** Sets a conversation's state (and other columns) only when it is in one of `from` (409 otherwise by the caller). */
export async function moveState(trx: Db, id: number, from: readonly ConversationState[], to: ConversationState, set: Partial<Omit<AsConversationTable, 'id' | 'state'>> = {}): Promise<boolean> {
  const r = await trx.updateTable('as_conversation').set({ ...set, state: to }).where('id', '=', id).where('state', 'in', [...from]).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes conversations idle for `days` (their turns first), except hand-offs still open. */
export async function purgeOld(db: Db, before: Date): Promise<number> {
  const iso = before.toISOString();
  const old = db.selectFrom('as_conversation').select('id').where('last_active_at', '<', iso).where('state', 'not in', ['waiting', 'staff']);
  await db.deleteFrom('as_turn').where('conversation_id', 'in', old).where(sql<boolean>`1 = 1`).execute();
  const r = await db.deleteFrom('as_conversation').where('last_active_at', '<', iso).where('state', 'not in', ['waiting', 'staff']).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Moves a conversation to the region (short NBS code) that became known and its government. Call inside the ask's transaction. */
export async function setConversationPlace(trx: Db, id: number, place: { regionCode: string; orgCode: string | null; orgPath: string | null }): Promise<void> {
  await trx.updateTable('as_conversation').set({ region_code: place.regionCode, org_code: place.orgCode, org_path: place.orgPath }).where('id', '=', id).execute();
}

/**
 * 有帮助 / 没有帮助 on an assistant turn, said once: `set` the first time, `same` when the same
 * answer comes again, `different` when another was already given, `not_found` for no such assistant turn.
 */
export async function setHelpful(db: Db, conversationId: number, seq: number, helpful: boolean): Promise<'set' | 'same' | 'different' | 'not_found'> {
  const value = helpful ? 1 : 0;
  const upd = await db.updateTable('as_turn').set({ helpful: value })
    .where('conversation_id', '=', conversationId).where('seq', '=', seq).where('role', '=', 'assistant').where('helpful', 'is', null).executeTakeFirst();
  if (Number(upd.numUpdatedRows) === 1) return 'set';
  const row = await db.selectFrom('as_turn').select(['role', 'helpful']).where('conversation_id', '=', conversationId).where('seq', '=', seq).executeTakeFirst();
  if (!row || row.role !== 'assistant') return 'not_found';
  return Number(row.helpful) === value ? 'same' : 'different';
}
