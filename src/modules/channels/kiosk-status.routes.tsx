// Shell: the kiosk's 进度查询, 好差评 and 留言 pages (issue 19 item 1) — /kiosk/{venue}/status,
// /rate and /message. Each goes through the owning module's own service (applications'
// publicStatus, interaction's findForCitizen and submitMessage, ratings' submitThrough), with the
// limits and captcha rules of the public pages, rendered in the kiosk shell, never cached
// (Cache-Control: no-store) and counted per venue and day (kiosk_usage).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { createCaptcha, captchaMessages, verifyCaptcha } from '../../platform/captcha/captcha.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { randomSecret } from '../../platform/auth/tokens.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import { maskPersonalData } from '../../platform/log/mask.ts';
import { sendPage, type App } from '../../platform/web/server.tsx';
import { platformView, type Db } from '../../schema.ts';
import { APPLICATION_STAGES, deadlineText, FAMILY_LABELS, findOutcome, publicStatus, STATUS_LOOKUP_LIMIT } from '../applications/index.ts';
import { configOf, findForCitizen, replayForm, showsProvisional, STAGE_LABELS, submitMessage, validateSubmission } from '../interaction/index.ts';
import {
  indicatorsFor, isBad, KIOSK_RATE_LIMIT_MAX, kioskUnlocked, LEVELS, reasonsOffered, submitThrough, venueTarget,
  type RatingForm, type RatingResults, type RatingTarget,
} from '../ratings/index.ts';
import { findOrganisation, type Actor } from '../identity/index.ts';
import { countKioskUse } from './kiosk-usage.ts';
import { KIOSK_CODE_COOKIE, takeAtKiosk, type OneCodeForm, type OneCodeOutcome } from './onecode-fill.ts';
import { sendKioskMissing } from './kiosk.routes.tsx';
import { kioskFrame, kioskFrameProps, type KioskFrame } from './kiosk-frame.ts';
import { ks } from './kiosk-status.strings.ts';
import {
  KioskMessageDonePage, KioskMessagePage, KioskRateDonePage, KioskRatePage, KioskStatusPage, STATUS_KINDS,
  type Frame, type RatingSummary, type StatusKind, type StatusResult,
} from './views/kiosk-status.tsx';

export interface KioskStatusDeps {
  db: Db;
  clock: Clock;
  /** The ratings module's statistics (app.ts shares the one instance the map and result pages use). */
  ratingResults: RatingResults;
  /** MESSAGE_RATE_MAX: the interaction module's per-address limit; a kiosk gets ten times it, as /interaction/kiosk. */
  messageRateMax: number;
}

/** The reference's own prefix says what it is: 依申请公开 YSQ-…, 民心直通车 LY-… (and 12345 orders RX-…). */
export function kindOfReference(reference: string): StatusKind | null {
  const r = normaliseReference(reference);
  if (r.startsWith('YSQ-')) return 'application';
  if (r.startsWith('LY-') || r.startsWith('RX-')) return 'message';
  return null;
}

/**
 * A reference as typed on the kiosk's keyboard, with its hyphens put back: people copy
 * `LY-20260302-7KQ3M` from a receipt as `ly202603027kq3m` (the hyphens are easy to leave out on a
 * touch keyboard). Anything else is left as typed.
 */
export function kioskReference(input: string): string {
  const r = normaliseReference(input);
  const m = /^([A-Z]{1,6})-?(\d{8})-?([0-9A-Z]{5})$/.exec(r);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : input.trim();
}

/** A name as the kiosk shows it: the first character, the rest hidden (张三 → 张*, 欧阳娜娜 → 欧***). */
export function maskedName(name: string | null): string {
  const chars = [...(name ?? '').trim()];
  if (!chars.length) return '';
  return `${chars[0]}${'*'.repeat(Math.min(Math.max(chars.length - 1, 1), 3))}`;
}

type Page = (frame: Frame) => VNode;

export async function kioskStatusRoutes(app: App, deps: KioskStatusDeps): Promise<void> {
  const { db, clock } = deps;
  const svc = { db, clock };

  const venueParam = (request: FastifyRequest) => String((request.params as { venue?: string }).venue ?? '');

  /** The venue's kiosk frame, or null (the route answers the shell's kiosk-styled 404). */
  const frameOf = (request: FastifyRequest, phonePath: (venue: string) => string): Promise<KioskFrame | null> =>
    kioskFrame(db, request, venueParam(request), phonePath(venueParam(request)));
  const missing = (request: FastifyRequest, reply: FastifyReply) => sendKioskMissing(reply, venueParam(request));
  /** Renders in the kiosk frame (the shell's onSend hook marks every /kiosk/ answer `no-store`). */
  function send(request: FastifyRequest, reply: FastifyReply, frame: KioskFrame, page: Page, status = 200) {
    return sendPage(reply, page(kioskFrameProps(request, frame)), status);
  }
  /** 一码办: `?code_read=` of a read this kiosk started, taken once with its secret cookie (then the cookie goes). */
  async function kioskOneCode(request: FastifyRequest, reply: FastifyReply, frame: KioskFrame, form: OneCodeForm): Promise<OneCodeOutcome> {
    const outcome = await takeAtKiosk(request, frame.venue.publicId, form);
    if (outcome.kind !== 'none') reply.clearCookie(KIOSK_CODE_COOKIE, { path: `/kiosk/${encodeURIComponent(frame.venue.publicId)}` });
    return outcome;
  }
  const count = (frame: KioskFrame, kind: 'status' | 'rating' | 'message') => countKioskUse(db, frame.venue.publicId, kind, clock.today());

  // ---------- 进度查询 ----------
  const statusPhone = () => '/applications/status';

  app.get('/kiosk/:venue/status', async (request, reply) => {
    const frame = await frameOf(request, statusPhone);
    if (!frame) return missing(request, reply);
    const q = request.query as Record<string, unknown>;
    const kind = typeof q.kind === 'string' && (STATUS_KINDS as readonly string[]).includes(q.kind) ? q.kind : '';
    return send(request, reply, frame, (f) => <KioskStatusPage frame={f} values={{ kind }} errors={{}} result={null} />);
  });

  async function lookApplication(reference: string, code: string): Promise<StatusResult | null> {
    const found = await publicStatus(svc, reference, code);
    if (!found) return null;
    const r = found.row;
    const s = ks.status;
    const outcome = r.outcome ? findOutcome(r.outcome) : undefined;
    const due = r.due_on ? deadlineText(r.due_on, !!Number(r.due_provisional)) : r.stage === 'in_consultation' ? s.paused : s.noDue;
    const rows = [
      { label: s.labels.reference, value: r.reference },
      { label: s.labels.name, value: maskedName(r.applicant_name) },
      { label: s.labels.stage, value: labelOf(APPLICATION_STAGES, r.stage as never) },
      { label: s.labels.receivedOn, value: r.received_on ?? s.notConfirmed },
      { label: s.labels.dueOn, value: due },
      ...(r.delivered_on ? [{ label: s.labels.deliveredOn, value: r.delivered_on }] : []),
      ...(outcome ? [{ label: s.labels.outcome, value: `${FAMILY_LABELS[outcome.family]}${outcome.family !== outcome.code ? `（${outcome.label}）` : ''}` }] : []),
    ];
    return { kind: 'application', reference: r.reference, rows, notes: r.delivered_on && r.outcome ? [s.letterOnPhone] : [] };
  }

  async function lookMessage(reference: string, code: string): Promise<StatusResult | null> {
    const m = await findForCitizen(db, reference, code);
    if (!m) return null;
    const s = ks.status;
    // The reply is shown on the kiosk's screen only when the message itself is public; the screen
    // stands in a public hall, so ID and mobile numbers are masked as on the public message pages.
    const publicReply = Number(m.is_public) === 1 && Number(m.sensitive) === 0;
    const rows = [
      { label: s.labels.reference, value: m.reference },
      { label: s.labels.contact, value: maskedName(m.contact_name) },
      { label: s.labels.title, value: maskPersonalData(m.title), wide: true },
      { label: s.labels.stage, value: STAGE_LABELS[m.stage as keyof typeof STAGE_LABELS] ?? m.stage },
      { label: s.labels.receivedOn, value: m.received_on },
      ...(m.due_on ? [{ label: s.labels.dueOn, value: `${m.due_on}${showsProvisional(m) ? s.provisional : ''}` }] : []),
      ...(m.replied_on ? [{ label: s.labels.repliedOn, value: m.replied_on }] : []),
      ...(m.response && publicReply ? [{ label: s.labels.reply, value: maskPersonalData(m.response), wide: true }] : []),
      ...(m.closed_on ? [{ label: s.labels.closedOn, value: m.closed_on }] : []),
    ];
    return { kind: 'message', reference: m.reference, rows, notes: m.response && !publicReply ? [s.replyPrivate] : [] };
  }

  // Guessing tracking codes is slowed down per client, as on the public status pages.
  app.post('/kiosk/:venue/status', { config: { rateLimit: { ...STATUS_LOOKUP_LIMIT, allowList: () => false } } }, async (request, reply) => {
    const s = ks.status;
    let frame = await frameOf(request, statusPhone);
    if (!frame) return missing(request, reply);
    const kindField = field(request.body, 'kind');
    // the tracking code is never echoed back into the page
    const values = { kind: (STATUS_KINDS as readonly string[]).includes(kindField) ? kindField : '', reference: kioskReference(field(request.body, 'reference').slice(0, 60)).slice(0, 40) };
    const code = field(request.body, 'tracking_code').trim().slice(0, 40);
    const errors: FieldErrors = {};
    if (!values.reference) errors.reference = s.referenceRequired;
    if (!code) errors.tracking_code = s.codeRequired;
    let result: StatusResult | null = null;
    if (!Object.keys(errors).length) {
      const kind = kindOfReference(values.reference) ?? (values.kind as StatusKind | '');
      const order: StatusKind[] = kind ? [kind] : ['application', 'message'];
      for (const k of order) {
        result = k === 'application' ? await lookApplication(values.reference, code) : await lookMessage(values.reference, code);
        if (result) break;
      }
      if (!result) errors.reference = s.notFound;
    }
    // a message's status continues on the phone at the interaction module's status page
    if (result?.kind === 'message') frame = (await frameOf(request, () => '/interaction/status')) ?? frame;
    if (!Object.keys(errors).length || errors.reference === s.notFound) await count(frame, 'status');
    return send(request, reply, frame, (f) => <KioskStatusPage frame={f} values={values} errors={errors} result={result} />, result ? 200 : 400);
  });

  // ---------- 好差评 ----------
  const ratePhone = (venue: string) => `/rate/v/${encodeURIComponent(venue)}`;

  async function summaryOf(frame: KioskFrame): Promise<RatingSummary> {
    const today = clock.today();
    const y = Number(today.slice(0, 4));
    const m0 = Number(today.slice(5, 7)) - 11;
    const from = `${m0 <= 0 ? y - 1 : y}-${String(m0 <= 0 ? m0 + 12 : m0).padStart(2, '0')}-01`;
    const v = await deps.ratingResults.compute({ org: null, venue: { publicId: frame.venue.publicId, name: frame.venue.name }, item: null, from, to: today }, null, { staff: false, tables: false });
    const month = v.months.find((x) => x.key === today.slice(0, 7));
    return { goodRate: v.total.goodRate, count: v.total.count, monthCount: month?.count ?? 0, monthGoodRate: month?.goodRate ?? null };
  }

  async function rateTarget(request: FastifyRequest, frame: KioskFrame): Promise<{ target: RatingTarget; captcha: boolean }> {
    const target = await venueTarget(db, frame.venue.publicId, 'kiosk');
    if (!target) throw new HttpError(404, 'kiosk_venue_not_found', ks.notFound);
    // A kiosk signed in by a staff member of the venue's organisation needs no captcha; any other keeps it.
    return { target, captcha: !(await kioskUnlocked(db, request.actor as Actor | null, frame.venue.orgPath)) };
  }

  async function ratePage(request: FastifyRequest, reply: FastifyReply, frame: KioskFrame, captcha: boolean, values: Record<string, string>, errors: FieldErrors, status = 200, outcome: OneCodeOutcome = { kind: 'none' }) {
    const [summary, reasons] = await Promise.all([summaryOf(frame), reasonsOffered(db)]);
    const cap = captcha ? createCaptcha(platformView(db), clock.now()) : null;
    const levels = LEVELS.map((l) => ({ code: l.code, label: l.label, bad: isBad(l.stars) }));
    const indicators = indicatorsFor('venue').values.map((d) => ({ code: d.code, label: d.label }));
    return send(request, reply, frame, (f) => <KioskRatePage frame={f} summary={summary} levels={levels} reasons={reasons} indicators={indicators} values={values} errors={errors} captcha={cap} oneCode={{ enabled: !!request.server.oneCode, outcome }} />, status);
  }

  app.get('/kiosk/:venue/rate', async (request, reply) => {
    const frame = await frameOf(request, ratePhone);
    if (!frame) return missing(request, reply);
    const { captcha } = await rateTarget(request, frame);
    const outcome = await kioskOneCode(request, reply, frame, 'kiosk_rate');
    return ratePage(request, reply, frame, captcha, outcome.kind === 'filled' ? outcome.values : {}, {}, 200, outcome);
  });

  app.post('/kiosk/:venue/rate', { config: { rateLimit: { max: KIOSK_RATE_LIMIT_MAX, timeWindow: '10 minutes', allowList: () => false } } }, async (request, reply) => {
    const frame = await frameOf(request, ratePhone);
    if (!frame) return missing(request, reply);
    const { target, captcha } = await rateTarget(request, frame);
    const body = request.body;
    const values: Record<string, string> = {};
    for (const k of ['level', 'text', 'rater_name', 'rater_phone']) values[k] = field(body, k);
    const indicators: Record<string, string> = {};
    for (const d of indicatorsFor(target.subject).values) {
      const v = field(body, `ind_${d.code}`);
      values[`ind_${d.code}`] = v;
      if (v) indicators[d.code] = v;
    }
    const chosen: string[] = [];
    for (const r of await reasonsOffered(db)) if (field(body, `reason_${r.code}`)) { values[`reason_${r.code}`] = '1'; chosen.push(r.code); }
    if (captcha) {
      const cap = await verifyCaptcha(platformView(db), field(body, 'captcha_token'), field(body, 'captcha_answer'), clock.now());
      if (!cap.ok) return ratePage(request, reply, frame, captcha, values, { captcha_answer: captchaMessages[cap.code] }, 400);
    }
    const form: RatingForm = { level: values.level!, indicators, reasons: chosen, text: values.text!, raterName: values.rater_name!.trim(), raterPhone: values.rater_phone!.trim() };
    const r = await submitThrough(svc, target, form);
    if (!r.ok) {
      const errors = Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k.startsWith('indicators.') ? `ind_${k.slice(11)}` : k, v]));
      reply.header('x-error-code', r.code);
      return ratePage(request, reply, frame, captcha, values, errors, 400);
    }
    await count(frame, 'rating');
    return send(request, reply, frame, (f) => <KioskRateDonePage frame={f} publicId={r.publicId} bad={r.bad} />);
  });

  // ---------- 民心直通车留言 ----------
  const messagePhone = () => '/interaction/messages/new';

  /** The 民心直通车 platform a kiosk's message goes to: the county (or district) government of the venue. */
  async function receivingOrg(frame: KioskFrame): Promise<{ code: string; name: string } | null> {
    const county = frame.venue.orgPath.split('/').find((p) => /^\d{6}$/.test(p)) ?? frame.venue.orgCode;
    const org = await findOrganisation(db, county);
    return org && !org.disabled ? { code: org.code, name: org.name } : null;
  }

  async function messagePage(request: FastifyRequest, reply: FastifyReply, frame: KioskFrame, values: Record<string, string>, errors: FieldErrors, status = 200, outcome: OneCodeOutcome = { kind: 'none' }) {
    const [org, cfg] = await Promise.all([receivingOrg(frame), configOf(db)]);
    const categories = cfg.categories.filter((c) => c.active).map((c) => ({ code: c.code, label: `${c.group} · ${c.name}` }));
    const captcha = createCaptcha(platformView(db), clock.now());
    // a new key for every form shown: a double submit is answered once, a new person starts afresh
    const key = values.idempotency_key && /^[\w-]{16,40}$/.test(values.idempotency_key) ? values.idempotency_key : randomSecret(18);
    return send(request, reply, frame, (f) => <KioskMessagePage frame={f} orgName={org?.name ?? null} categories={categories} values={values} errors={errors} captcha={captcha} idempotencyKey={key} oneCode={{ enabled: !!request.server.oneCode, outcome }} />, status);
  }

  app.get('/kiosk/:venue/message', async (request, reply) => {
    const frame = await frameOf(request, messagePhone);
    if (!frame) return missing(request, reply);
    const outcome = await kioskOneCode(request, reply, frame, 'kiosk_message');
    return messagePage(request, reply, frame, outcome.kind === 'filled' ? outcome.values : {}, {}, 200, outcome);
  });

  const FIELDS = ['category', 'title', 'content', 'contact_name', 'contact_phone', 'is_public', 'idempotency_key'] as const;
  app.post('/kiosk/:venue/message', { config: { rateLimit: { max: deps.messageRateMax * 10, timeWindow: '10 minutes', allowList: () => false } } }, async (request, reply) => {
    const frame = await frameOf(request, messagePhone);
    if (!frame) return missing(request, reply);
    const values = Object.fromEntries(FIELDS.map((k) => [k, field(request.body, k)])) as Record<string, string>;
    const done = (r: { reference: string; trackingCode: string | null; dueOn: string | null; replayed: boolean }) =>
      send(request, reply, frame, (f) => <KioskMessageDonePage frame={f} reference={r.reference} trackingCode={r.trackingCode} dueOn={r.dueOn} replayed={r.replayed} today={clock.today()} />);
    // The same form sent twice (a double touch): the message it created, with a fresh tracking code.
    const replay = values.idempotency_key ? await replayForm(svc, values.idempotency_key) : null;
    if (replay?.ok) return done(replay);
    const org = await receivingOrg(frame);
    const errors: FieldErrors = {};
    const cap = await verifyCaptcha(platformView(db), field(request.body, 'captcha_token'), field(request.body, 'captcha_answer'), clock.now());
    const input = {
      org: org?.code ?? '', category: values.category ?? '', region: null, title: values.title ?? '', content: values.content ?? '', address: '', addressPublic: '', lat: '', lng: '',
      contactName: values.contact_name ?? '', contactPhone: values.contact_phone ?? '', contactEmail: '', isPublic: values.is_public ?? '',
      photos: [], source: 'kiosk' as const, idempotencyKey: values.idempotency_key || null,
    };
    if (cap.ok) {
      const r = await submitMessage(svc, input);
      if (r.ok) {
        if (!r.replayed) await count(frame, 'message');
        return done(r);
      }
      Object.assign(errors, r.errors);
    } else {
      // the other fields' problems are shown too, nothing stored
      Object.assign(errors, (await validateSubmission(db, input, await configOf(db))).errors);
      errors.captcha_answer = captchaMessages[cap.code];
    }
    return messagePage(request, reply, frame, values, errors, 400);
  });
}
