// Shell: the assistant's pages (issue 20 §1, §3, §4, §7) — a chat that is a plain form and works
// without JavaScript (assets/assistant.js enhances it through the API), on the site, on a phone and
// on the kiosk:
//   GET  /assistant[?c=]                 the chat (a conversation when c is given)
//   POST /assistant                      ask (c?, text | example, region?) → 303 /assistant?c=…#t{turn}; 400 with the text kept
//   POST /assistant/feedback             有帮助 / 没有帮助 (c, turn, helpful) → 303
//   POST /assistant/handoff              转人工 (mode=live) or 留言 (mode=leave, kind=enquiry|message, name, phone):
//                                        the reference and the tracking code on this answer only (never in a URL)
//   GET|POST /assistant/track            the hand-off's state by reference and tracking code
//   GET|POST /kiosk/{venue}/assistant[/feedback|/handoff]   the same in the kiosk's frame (channel kiosk, the venue's county)
import { handoffFloodGuard } from './handoff-limit.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { HttpError, badRequest } from '../../platform/web/http-error.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import { kioskFrame, kioskFrameProps, sendKioskMissing, type KioskFrame } from '../channels/index.ts';
import type { AssistantService } from './assistant.service.ts';
import type { AssistantDeps } from './deps.ts';
import { isConversationId } from './conversations.repository.ts';
import { requestHandoff, trackHandoff, type HandoffRequest } from './handoff.service.ts';
import type { AssistantChannel } from './vocabulary.ts';
import { MAX_TURNS } from './vocabulary.ts';
import { pageStrings as s } from './pages.strings.ts';
import { conversationHref, type ChatState, type Surface } from './views/chat.tsx';
import { AssistantPage, HandoffDonePage, KioskAssistantPage, KioskHandoffDonePage, TrackPage, type ChatPageProps } from './views/pages.tsx';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** A service-map venue public id (as the kiosk's own routes accept). */
const VENUE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** What a phone's browser says of itself (tablets are served as the site). */
const MOBILE_UA = /Mobi|Android.+Mobile|iPhone|iPod|HarmonyOS.+Phone|Windows Phone/i;
/** A kiosk's address serves many people: its limits are this many times a person's. */
const KIOSK_FACTOR = 10;
/** Tracking look-ups per address and hour (a wrong reference and a wrong code look the same). */
const TRACK_PER_HOUR = 30;
/** Typed text kept on a form shown again (the service refuses more than MAX_QUESTION_CHARS anyway). */
const KEEP_CHARS = 10_000;

export const channelOf = (request: FastifyRequest): AssistantChannel => (MOBILE_UA.test(String(request.headers['user-agent'] ?? '')) ? 'mobile' : 'web');

/** A phone number as people write it: mobile (11 digits) or a fixed line with its area code, separators allowed. */
export function phoneOk(v: string): boolean {
  const digits = v.replace(/[\s()（）+-]/g, '');
  return /^\d{7,15}$/.test(digits);
}

/** A position sent by the form (decimal degrees, both given); anything else is no position. The service checks it is in China. */
export function locationOf(latIn: string, lngIn: string): { lat: number; lng: number } | null {
  const num = /^-?\d{1,3}(?:\.\d{1,10})?$/;
  const lat = latIn.trim();
  const lng = lngIn.trim();
  if (!num.test(lat) || !num.test(lng)) return null;
  return { lat: Number(lat), lng: Number(lng) };
}

/** The hand-off's field names on this page's form (the summary links to #name / #phone); any other goes to the panel (#handoff). */
const FORM_FIELD: Record<string, string> = { contact_name: 'name', contact_phone: 'phone', name: 'name', phone: 'phone' };
export function handoffErrors(fields: Record<string, string> | undefined, message: string): FieldErrors {
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const [k, v] of Object.entries(fields ?? {})) {
    const f = FORM_FIELD[k];
    if (f) errors[f] = v; else other.push(v);
  }
  if (other.length || !Object.keys(errors).length) errors.handoff = other.length ? other.join('；') : message;
  return errors;
}

type Deps = AssistantDeps & { assistant: AssistantService };

/** The surface a request is on: the site, or a kiosk with its frame (null after answering the kiosk's 404). */
interface Where { surface: Surface; frame: KioskFrame | null; region: string | null; channel: AssistantChannel; venuePublicId: string | null }

export async function assistantPageRoutes(app: App, deps: Deps): Promise<void> {
  const { db } = deps;
  await app.register(fastifyStatic, { root: path.join(HERE, 'assets'), prefix: '/assets/assistant/', decorateReply: false, maxAge: 3600_000 });

  /** The counties of this installation: county regions that have a government (the region select). */
  async function counties(): Promise<{ code: string; name: string }[]> {
    const rows = await db.selectFrom('region').innerJoin('organisation', 'organisation.region_code', 'region.code')
      .select(['region.code', 'region.name']).where('region.level', '=', 'county').where('organisation.kind', '=', 'government')
      .where('organisation.disabled', '=', 0).orderBy('region.code').execute();
    const seen = new Set<string>();
    return rows.map((r) => ({ code: r.code.slice(0, 6), name: r.name })).filter((r) => !seen.has(r.code) && seen.add(r.code));
  }

  async function regionName(code: string | null): Promise<string | null> {
    if (!code || !/^\d{2,12}$/.test(code)) return null;
    const r = await db.selectFrom('region').select('name').where('code', '=', code.padEnd(12, '0')).executeTakeFirst();
    return r?.name ?? null;
  }

  // issue 21 §3: a signed-in person's name and phone start the hand-off form (editable); the kiosk is shared: never there
  const mine = (request: FastifyRequest, w: Where): Record<string, string> => {
    const r = w.frame ? null : request.resident;
    return r ? { name: r.name ?? '', phone: r.phone ?? '' } : {};
  };
  /** The account of the person asking: the page's session only (never a form field); none on a kiosk. */
  const accountOf = (request: FastifyRequest, w: Where): number | null => (w.frame ? null : request.resident?.accountId ?? null);

  const web = (request: FastifyRequest): Where => ({ surface: { kind: 'web' }, frame: null, region: null, channel: channelOf(request), venuePublicId: null });

  async function kiosk(request: FastifyRequest, reply: FastifyReply): Promise<Where | null> {
    const venue = String((request.params as { venue?: string }).venue ?? '');
    const frame = VENUE_ID.test(venue) ? await kioskFrame(db, request, venue, '/assistant') : null;
    if (!frame) { void sendKioskMissing(reply, venue); return null; }
    return { surface: { kind: 'kiosk', venue: frame.venue.publicId }, frame, region: frame.venue.regionCode.slice(0, 6) || null, channel: 'kiosk', venuePublicId: frame.venue.publicId };
  }

  interface Shown { conversationId: string | null; values?: Record<string, string>; errors?: FieldErrors; notice?: string | null; feedbackTurn?: number | null; status?: number }

  /** The chat page of a conversation (or a new one): a conversation that is gone — or another kiosk's — shows as a new chat with a notice. */
  async function showChat(request: FastifyRequest, reply: FastifyReply, w: Where, o: Shown): Promise<FastifyReply> {
    let chat: ChatState = { conversationId: null, turns: [], handoff: null, state: null, takenByLabel: null, feedbackTurn: null };
    let notice = o.notice ?? null;
    let status = o.status ?? 200;
    let region: string | null = null;
    if (o.conversationId) {
      const got = isConversationId(o.conversationId) ? await deps.assistant.conversation(o.conversationId).catch((e: unknown) => {
        if (e instanceof HttpError && e.status === 404) return null;
        throw e;
      }) : null;
      if (got && (w.venuePublicId === null || got.conversation.venuePublicId === w.venuePublicId)) {
        const c = got.conversation;
        chat = { conversationId: c.publicId, turns: got.turns, handoff: got.handoff, state: c.state, takenByLabel: c.takenByLabel, feedbackTurn: o.feedbackTurn ?? null };
        region = c.regionCode;
      } else {
        notice = s.conversationMissing;
        if (status === 200) status = 404;
      }
    }
    const props: ChatPageProps = {
      chat, regions: chat.conversationId || w.frame ? null : await counties(), regionName: await regionName(region),
      values: { region: w.region ?? '', ...mine(request, w), ...o.values }, errors: o.errors ?? {}, notice, channel: w.channel,
    };
    void reply.header('cache-control', 'no-store');
    const page = w.frame ? <KioskAssistantPage frame={kioskFrameProps(request, w.frame)} {...props} /> : <AssistantPage ctx={pageContext(request)} {...props} />;
    return sendPage(reply, page, status);
  }

  const q1 = (request: FastifyRequest, name: string): string => {
    const v = (request.query as Record<string, unknown> | undefined)?.[name];
    return typeof v === 'string' ? v : '';
  };
  const body = (request: FastifyRequest) => request.body ?? {};

  async function getChat(request: FastifyRequest, reply: FastifyReply, w: Where) {
    const fb = /^[1-9]\d{0,3}$/.test(q1(request, 'fb')) ? Number(q1(request, 'fb')) : null;
    return showChat(request, reply, w, { conversationId: q1(request, 'c') || null, feedbackTurn: fb });
  }

  async function postAsk(request: FastifyRequest, reply: FastifyReply, w: Where) {
    const b = body(request);
    const c = field(b, 'c').trim();
    // an example button sends its question in `example` (the text field may hold something else)
    const text = (field(b, 'example') || field(b, 'text')).slice(0, KEEP_CHARS);
    const regionIn = field(b, 'region').trim();
    const region = w.region ?? ((await counties()).some((r) => r.code === regionIn) ? regionIn : null);
    const values = { text, region: region ?? '' };
    if (c && !isConversationId(c)) return showChat(request, reply, w, { conversationId: null, values, notice: s.conversationMissing, status: 404 });
    // 使用我的位置 (the script fills lat/lng when the person pressed it); a kiosk stands where its venue is
    const location = w.frame ? null : locationOf(field(b, 'lat'), field(b, 'lng'));
    try {
      const r = await deps.assistant.ask({ conversationId: c || null, text, region, location, channel: w.channel, venuePublicId: w.venuePublicId, accountId: accountOf(request, w) });
      return reply.redirect(conversationHref(w.surface, r.conversation_id, r.turn), 303);
    } catch (e) {
      if (!(e instanceof HttpError) || e.status >= 500 || e.status === 429) throw e;
      if (e.code === 'conversation_not_found') return showChat(request, reply, w, { conversationId: null, values, errors: { text: e.message }, status: 404 });
      return showChat(request, reply, w, { conversationId: c || null, values, errors: { text: e.message }, status: e.status });
    }
  }

  async function postFeedback(request: FastifyRequest, reply: FastifyReply, w: Where) {
    const b = body(request);
    const c = field(b, 'c').trim();
    const turnIn = field(b, 'turn').trim();
    const helpful = field(b, 'helpful');
    const turn = /^[1-9]\d{0,3}$/.test(turnIn) ? Number(turnIn) : 0;
    if (!isConversationId(c)) throw new HttpError(404, 'conversation_not_found', s.conversationMissing);
    if (!turn || turn > MAX_TURNS * 2 || (helpful !== '1' && helpful !== '0')) throw badRequest('feedback_invalid', s.helpfulQuestion);
    await deps.assistant.feedback(c, turn, helpful === '1');
    return reply.redirect(`${conversationHref(w.surface, c)}&fb=${turn}#t${turn}`, 303);
  }

  async function postHandoff(request: FastifyRequest, reply: FastifyReply, w: Where) {
    const b = body(request);
    const c = field(b, 'c').trim();
    const mode = field(b, 'mode');
    const kind = field(b, 'kind');
    const values = { name: field(b, 'name').trim().slice(0, 100), phone: field(b, 'phone').trim().slice(0, 40) };
    if (!isConversationId(c)) return showChat(request, reply, w, { conversationId: null, notice: s.conversationMissing, status: 404 });
    let req: HandoffRequest;
    if (mode === 'live') req = { mode: 'live' };
    else if (mode === 'leave' && kind === 'enquiry') req = { mode: 'leave', kind: 'enquiry', contact: null };
    else if (mode === 'leave' && kind === 'message') {
      const errors: FieldErrors = {};
      if (!values.name) errors.name = s.nameRequired;
      else if ([...values.name].length > 30) errors.name = s.nameRequired;
      if (!values.phone) errors.phone = s.phoneRequired;
      else if (!phoneOk(values.phone)) errors.phone = s.phoneInvalid;
      if (Object.keys(errors).length) return showChat(request, reply, w, { conversationId: c, values, errors, status: 400 });
      req = { mode: 'leave', kind: 'message', contact: { name: values.name, phone: values.phone } };
    } else throw badRequest('handoff_invalid', s.handoffHeading);
    const r = await requestHandoff(deps, c, req, accountOf(request, w));
    if (!r.ok) {
      const errors = handoffErrors(r.fields, r.message);
      return showChat(request, reply, w, { conversationId: c, values, errors, status: r.status });
    }
    // The tracking code is shown on this answer only: never redirected to, never cached.
    void reply.header('cache-control', 'no-store');
    const done = { state: r.state, reference: r.reference, trackingCode: r.trackingCode, convertedKind: r.convertedKind, convertedRef: r.convertedRef };
    return sendPage(reply, w.frame
      ? <KioskHandoffDonePage frame={kioskFrameProps(request, w.frame)} conversationId={c} done={done} />
      : <HandoffDonePage ctx={pageContext(request)} conversationId={c} done={done} />);
  }

  // Per address, as the API (a kiosk is one address serving one person after another: ten times it).
  const limit = (max: number, timeWindow: string) => ({ config: { rateLimit: { max, timeWindow, allowList: () => false } } });
  const askLimit = limit(deps.config.askPerMinute, '1 minute');
  // one hand-off limit per address across the page, the kiosk page and the API (handoff-limit.ts)
  const handoffLimit = { onRequest: handoffFloodGuard(app, deps.config.handoffPerHour) };
  const kioskAskLimit = limit(deps.config.askPerMinute * KIOSK_FACTOR, '1 minute');

  // ---------------------------------------------------------------- the site (and phones)
  app.get('/assistant', async (request, reply) => getChat(request, reply, web(request)));
  app.post('/assistant', askLimit, async (request, reply) => postAsk(request, reply, web(request)));
  app.post('/assistant/feedback', askLimit, async (request, reply) => postFeedback(request, reply, web(request)));
  app.post('/assistant/handoff', handoffLimit, async (request, reply) => postHandoff(request, reply, web(request)));

  app.get('/assistant/track', async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    return sendPage(reply, <TrackPage ctx={pageContext(request)} values={{}} errors={{}} result={null} />);
  });
  app.post('/assistant/track', limit(TRACK_PER_HOUR, '1 hour'), async (request, reply) => {
    const b = body(request);
    const reference = normaliseReference(field(b, 'reference')).slice(0, 40);
    const code = field(b, 'code').normalize('NFKC').replace(/\s+/g, '').slice(0, 40);
    const errors: FieldErrors = {};
    if (!reference) errors.reference = s.referenceRequired;
    if (!code) errors.code = s.codeRequired;
    void reply.header('cache-control', 'no-store');
    const ctx = pageContext(request);
    if (Object.keys(errors).length) return sendPage(reply, <TrackPage ctx={ctx} values={{ reference }} errors={errors} result={null} />, 400);
    const result = await trackHandoff(deps, reference, code);
    if (!result) return sendPage(reply, <TrackPage ctx={ctx} values={{ reference }} errors={{ reference: s.trackNotFound }} result={null} />, 404);
    return sendPage(reply, <TrackPage ctx={ctx} values={{ reference }} errors={{}} result={result} />);
  });

  // ---------------------------------------------------------------- the kiosk
  const onKiosk = (handler: (request: FastifyRequest, reply: FastifyReply, w: Where) => Promise<FastifyReply>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const w = await kiosk(request, reply);
      return w ? handler(request, reply, w) : reply;
    };
  app.get('/kiosk/:venue/assistant', onKiosk(getChat));
  app.post('/kiosk/:venue/assistant', kioskAskLimit, onKiosk(postAsk));
  app.post('/kiosk/:venue/assistant/feedback', kioskAskLimit, onKiosk(postFeedback));
  app.post('/kiosk/:venue/assistant/handoff', handoffLimit, onKiosk(postHandoff));
}
