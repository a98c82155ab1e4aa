// Shell: the 好差评 channels over HTTP (issue 17 items 2 and 6) — the public rating pages (window and
// venue QR codes, the kiosk, the web entry from a venue or service item page, the single-use link
// of a 办件), the staff pages of windows and QR sheets and of rating links (in scope, audited), and
// the APIs POST /api/v1/ratings (a link token or a captcha) and POST /api/v1/staff/ratings/links.
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createCaptcha, verifyCaptcha, captchaMessages, type Captcha } from '../../platform/captcha/captcha.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../../platform/web/http-error.ts';
import { labelOf, optionalEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { platformView } from '../../schema.ts';
import { requireRoles, type Actor } from '../identity/index.ts';
import { CHANNEL_ENUM, indicatorsFor, LEVEL_ENUM, SUBJECT_ENUM, type ChannelCode } from './levels.ts';
import { cs } from './channels.strings.ts';
import * as svc from './channels.service.ts';
import { qrSvg } from '../../platform/web/qr.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { indicatorField, LinkRefusedPage, RateDonePage, RatePage, reasonField } from './views/rate-pages.tsx';
import { LinkFormPage, QrSheetPage, VenuesPage, WindowsPage, type QrCard } from './views/window-pages.tsx';

/** Ratings per client address per 10 minutes on each public page (the API counts separately). */
export const RATE_LIMIT_MAX = 20;
/** A kiosk serves many people from one address. */
export const KIOSK_RATE_LIMIT_MAX = 300;
const limited = (max: number) => ({ config: { rateLimit: { max, timeWindow: '10 minutes', allowList: () => false } } });

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });

/** The form's values (echoed back on an error) and the rating they describe. */
function readForm(body: unknown, target: svc.Target, reasons: readonly { code: string }[]): { values: Record<string, string>; form: svc.RatingForm } {
  const values: Record<string, string> = {};
  for (const k of ['level', 'text', 'rater_name', 'rater_phone']) values[k] = field(body, k);
  const indicators: Record<string, string> = {};
  for (const d of indicatorsFor(target.subject).values) {
    const v = field(body, indicatorField(d.code));
    values[indicatorField(d.code)] = v;
    if (v) indicators[d.code] = v;
  }
  const chosen: string[] = [];
  for (const r of reasons) {
    if (field(body, reasonField(r.code))) { values[reasonField(r.code)] = '1'; chosen.push(r.code); }
  }
  return { values, form: { level: values.level!, indicators, reasons: chosen, text: values.text!, raterName: values.rater_name!.trim(), raterPhone: values.rater_phone!.trim() } };
}

/** The submission service's field errors as the form's field names. */
const formErrors = (errors: Record<string, string>): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.startsWith('indicators.') ? indicatorField(k.slice(11)) : k, v]));

export async function ratingChannelRoutes(app: App, deps: svc.ChannelDeps): Promise<void> {
  const { db, clock } = deps;
  const origin = (request: FastifyRequest) => publicBaseUrl(request, cs.errors.badHost);

  // ---------- public pages ----------
  interface Channel { target: svc.Target; captcha: boolean; kiosk?: boolean; again: string | null }
  async function page(request: FastifyRequest, reply: FastifyReply, ch: Channel, values: Record<string, string>, errors: FieldErrors, status = 200) {
    const reasons = await svc.reasonsOffered(db);
    const captcha: Captcha | null = ch.captcha ? createCaptcha(platformView(db), clock.now()) : null;
    return sendPage(reply, <RatePage ctx={pageContext(request)} target={ch.target} action={request.url.split('?')[0]!} reasons={reasons} values={values} errors={errors} captcha={captcha} kiosk={ch.kiosk ?? false} />, status);
  }
  async function submit(request: FastifyRequest, reply: FastifyReply, ch: Channel) {
    const reasons = await svc.reasonsOffered(db);
    const { values, form } = readForm(request.body, ch.target, reasons);
    if (ch.captcha) {
      const cap = await verifyCaptcha(platformView(db), field(request.body, 'captcha_token'), field(request.body, 'captcha_answer'), clock.now());
      if (!cap.ok) return page(request, reply, ch, values, { captcha_answer: captchaMessages[cap.code] }, 400);
    }
    const r = await svc.submitThrough(deps, ch.target, form, undefined, accountOf(request, ch));
    if (!r.ok) return page(request, reply, ch, values, formErrors(r.errors), 400);
    return sendPage(reply, <RateDonePage ctx={pageContext(request)} publicId={r.publicId} bad={r.bad} again={ch.again} />);
  }
  const param = (request: FastifyRequest, name: string) => String((request.params as Record<string, string>)[name] ?? '');
  const or404 = <T,>(v: T | null, message: string): T => { if (!v) throw new HttpError(404, 'rating_target_not_found', message); return v; };

  const windowCh = async (request: FastifyRequest): Promise<Channel> => {
    const id = param(request, 'id');
    return { target: or404(await svc.windowTarget(db, id), cs.errors.windowNotFound), captcha: true, again: null };
  };
  const venueCh = (channel: 'venue_qr' | 'web') => async (request: FastifyRequest): Promise<Channel> =>
    ({ target: or404(await svc.venueTarget(db, param(request, 'id'), channel), cs.errors.venueNotFound), captcha: true, again: null });
  const itemCh = async (request: FastifyRequest): Promise<Channel> =>
    ({ target: or404(await svc.itemTarget(db, param(request, 'id')), cs.errors.itemNotFound), captcha: true, again: null });
  // A kiosk signed in by a staff member of the venue's organisation needs no captcha; any other keeps it.
  const kioskCh = async (request: FastifyRequest): Promise<Channel> => {
    const target = or404(await svc.venueTarget(db, param(request, 'id'), 'kiosk'), cs.errors.venueNotFound);
    const unlocked = await svc.kioskUnlocked(db, request.actor as Actor | null, target.venue!.orgPath);
    return { target, captcha: !unlocked, kiosk: true, again: request.url.split('?')[0]! };
  };

  const channels: [string, (request: FastifyRequest) => Promise<Channel>, number][] = [
    ['/rate/w/:id', windowCh, RATE_LIMIT_MAX],
    ['/rate/v/:id', venueCh('venue_qr'), RATE_LIMIT_MAX],
    ['/rate/web/venue/:id', venueCh('web'), RATE_LIMIT_MAX],
    ['/rate/web/item/:id', itemCh, RATE_LIMIT_MAX],
    ['/rate/kiosk/:id', kioskCh, KIOSK_RATE_LIMIT_MAX],
  ];
  // issue 21 §3: a signed-in person's verified name and phone start the form (editable, may be cleared); a phone
  // without a name would be refused (回访 needs both), so an SMS-only account starts it empty; never on the shared kiosk
  const mine = (request: FastifyRequest, ch: Pick<Channel, 'kiosk'>): Record<string, string> => {
    const r = ch.kiosk ? null : request.resident;
    return r?.name && r.phone ? { rater_name: r.name, rater_phone: r.phone } : {};
  };
  /** The rating's account: the session's (never a form field); none on a kiosk. */
  const accountOf = (request: FastifyRequest, ch: Pick<Channel, 'kiosk'>) => (ch.kiosk ? null : request.resident?.accountId ?? null);
  for (const [path, resolve, max] of channels) {
    app.get(path, async (request, reply) => { const ch = await resolve(request); return page(request, reply, ch, mine(request, ch), {}); });
    app.post(path, limited(max), async (request, reply) => submit(request, reply, await resolve(request)));
  }

  // The single-use link of a 办件: no captcha (the link is the proof); used or expired → a clear page.
  app.get('/rate/t/:token', async (request, reply) => {
    const found = await svc.lookupLink(deps, param(request, 'token'));
    if (!found.ok) return sendPage(reply, <LinkRefusedPage ctx={pageContext(request)} code={found.code} message={found.message} />, found.status);
    return page(request, reply, { target: found.target, captcha: false, again: null }, mine(request, {}), {});
  });
  app.post('/rate/t/:token', limited(RATE_LIMIT_MAX), async (request, reply) => {
    const token = param(request, 'token');
    const found = await svc.lookupLink(deps, token);
    if (!found.ok) return sendPage(reply, <LinkRefusedPage ctx={pageContext(request)} code={found.code} message={found.message} />, found.status);
    const reasons = await svc.reasonsOffered(db);
    const { values, form } = readForm(request.body, found.target, reasons);
    const r = await svc.rateWithLink(deps, token, form, accountOf(request, {}));
    if (r.ok) return sendPage(reply, <RateDonePage ctx={pageContext(request)} publicId={r.publicId} bad={r.bad} again={null} />);
    if (r.code.startsWith('rating_link_')) return sendPage(reply, <LinkRefusedPage ctx={pageContext(request)} code={r.code} message={r.message} />, r.status);
    return page(request, reply, { target: found.target, captcha: false, again: null }, values, formErrors(r.errors), 400);
  });

  // ---------- staff: windows and QR codes ----------
  const windowsGuard = { preHandler: requireRoles(...svc.WINDOW_ROLES) };
  const linksGuard = { preHandler: requireRoles(...svc.LINK_ROLES) };
  const who = (request: FastifyRequest): svc.Who => ({ actor: request.actor as Actor, requestId: request.id });
  app.staffLinks.push({ href: '/staff/ratings/venues', label: cs.staff.link.label, description: cs.staff.link.description, roles: [...svc.WINDOW_ROLES] });

  async function staffVenue(request: FastifyRequest): Promise<svc.VenueRow> {
    const r = await svc.venueForStaff(deps, request.actor as Actor, param(request, 'id'));
    if (!r.ok) throw r.status === 404 ? notFound(cs.errors.venueNotFound) : forbidden();
    return r.venue;
  }
  async function windowsPage(request: FastifyRequest, reply: FastifyReply, venue: svc.VenueRow, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
    const q = request.query as { done?: string };
    const done = status === 200 && q.done && Object.values(cs.staff.done).includes(q.done as never) ? q.done : undefined;
    return sendPage(reply, <WindowsPage ctx={pageContext(request)} venue={venue} windows={await svc.windowsOf(db, venue.publicId)} values={values} errors={errors} done={done} />, status);
  }

  app.get('/staff/ratings/venues', windowsGuard, async (request, reply) =>
    sendPage(reply, <VenuesPage ctx={pageContext(request)} venues={await svc.venuesInScope(deps, request.actor as Actor)} />));

  app.get('/staff/ratings/venues/:id/windows', windowsGuard, async (request, reply) => windowsPage(request, reply, await staffVenue(request)));

  app.post('/staff/ratings/venues/:id/windows', windowsGuard, async (request, reply) => {
    const venue = await staffVenue(request);
    const values = { code: field(request.body, 'code'), name: field(request.body, 'name'), org: field(request.body, 'org') };
    const r = await svc.addWindow(deps, who(request), venue, values);
    if (!r.ok) return windowsPage(request, reply, venue, values, r.errors, 400);
    return reply.redirect(`/staff/ratings/venues/${encodeURIComponent(venue.publicId)}/windows?done=${encodeURIComponent(cs.staff.done.added)}`, 303);
  });

  app.post('/staff/ratings/venues/:id/windows/disable', windowsGuard, async (request, reply) => {
    const venue = await staffVenue(request);
    const r = await svc.disableWindow(deps, who(request), venue, field(request.body, 'window'));
    if (!r.ok) return windowsPage(request, reply, venue, {}, r.errors, 400);
    return reply.redirect(`/staff/ratings/venues/${encodeURIComponent(venue.publicId)}/windows?done=${encodeURIComponent(cs.staff.done.disabled)}`, 303);
  });

  // The printable sheet: every window in use and the venue's own code, or one window (?window=A03).
  app.get('/staff/ratings/venues/:id/qr', windowsGuard, async (request, reply) => {
    const venue = await staffVenue(request);
    const o = origin(request);
    const only = String((request.query as { window?: string }).window ?? '').trim().toUpperCase();
    const windows = (await svc.windowsOf(db, venue.publicId, true)).filter((w) => !only || w.code === only);
    if (only && !windows.length) throw notFound(cs.errors.windowNotFound);
    const cards: QrCard[] = [];
    for (const w of windows) {
      const url = `${o}/rate/w/${w.publicId}`;
      cards.push({ key: w.publicId, heading: `${cs.staff.window} ${w.code}`, sub: w.name, prompt: cs.staff.scan, url, svg: await qrSvg(url, cs.qr.label(`${venue.name} ${w.code}`)) });
    }
    if (!only) {
      const url = `${o}/rate/v/${venue.publicId}`;
      cards.push({ key: venue.publicId, heading: cs.staff.venueQr, sub: '', prompt: cs.staff.scanVenue, url, svg: await qrSvg(url, cs.qr.label(venue.name)) });
    }
    return sendPage(reply, <QrSheetPage ctx={pageContext(request)} venue={venue} cards={cards} />);
  });

  // ---------- staff: rating links ----------
  const LINK_FIELDS = ['org', 'case_ref', 'subject', 'venue', 'item', 'window', 'staff_no', 'rater_name', 'phone', 'email'] as const;
  const linkRequest = (v: Record<string, string>) => ({ org: v.org ?? '', caseRef: v.case_ref ?? '', subject: v.subject ?? '', venue: v.venue ?? '', item: v.item ?? '', window: v.window ?? '', staffNo: v.staff_no ?? '', raterName: v.rater_name ?? '', phone: v.phone ?? '', email: v.email ?? '' });

  app.get('/staff/ratings/links/new', linksGuard, async (request, reply) => {
    const grant = (request.actor as Actor).grants.find((g) => (svc.LINK_ROLES as readonly string[]).includes(g.role));
    // after an issue (Post/Redirect/Get: reloading the page never sends the SMS or e-mail again)
    const q = request.query as { sent?: string; until?: string; org?: string; subject?: string };
    const n = /^\d{1,3}$/.test(q.sent ?? '') ? Number(q.sent) : null;
    const until = /^\d{4}-\d{2}-\d{2}$/.test(q.until ?? '') ? q.until! : null;
    const sent = n !== null && until ? cs.staff.linkSent(n, until) : undefined;
    return sendPage(reply, <LinkFormPage ctx={pageContext(request)} values={{ org: sent ? (q.org ?? '') : grant?.orgCode ?? '', subject: sent ? (q.subject ?? 'item') : 'item' }} errors={{}} sent={sent} />);
  });

  app.post('/staff/ratings/links', linksGuard, async (request, reply) => {
    const values = Object.fromEntries(LINK_FIELDS.map((k) => [k, field(request.body, k)])) as Record<string, string>;
    const r = await svc.issueLink(deps, who(request), linkRequest(values), origin(request));
    if (!r.ok) return sendPage(reply, <LinkFormPage ctx={pageContext(request)} values={values} errors={r.errors} />, r.forbidden ? 403 : 400);
    const done = new URLSearchParams({ sent: String(r.value.sentTo.length), until: localDateOf(new Date(r.value.expiresAt)), org: values.org!, subject: values.subject! });
    return reply.redirect(`/staff/ratings/links/new?${done.toString()}`, 303);
  });

  app.post('/api/v1/staff/ratings/links', {
    preHandler: requireRoles(...svc.LINK_ROLES),
    schema: {
      tags: ['好差评'], summary: '为一个办件发送一次性评价链接（短信或邮件）',
      description: '链接只存哈希，默认 30 天有效（各县可设 link_valid_days），只能使用一次；经通知发件箱发送。评价对象 subject 可填代码或中文名称。',
      body: Type.Object({
        org: Type.String({ maxLength: 40, description: '办理单位代码（谁办理、谁负责）' }), case_ref: Type.String({ maxLength: 60, description: '办件号' }),
        subject: Type.Optional(EnumString(SUBJECT_ENUM, '评价对象（默认现场办理事项）')),
        venue: Type.Optional(Type.String({ maxLength: 64 })), item: Type.Optional(Type.String({ maxLength: 64 })), window: Type.Optional(Type.String({ maxLength: 12 })),
        staff_no: Type.Optional(Type.String({ maxLength: 20 })), rater_name: Type.Optional(Type.String({ maxLength: 30 })),
        phone: Type.Optional(Type.String({ maxLength: 20 })), email: Type.Optional(Type.String({ maxLength: 254 })),
      }),
      response: { 201: Type.Object({ expires_at: Type.String(), valid_days: Type.Integer(), sent_to: Type.Integer({ description: '排队发送的通知条数' }) }), 400: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    const subject = optionalEnum(SUBJECT_ENUM, b.subject, 'subject', { code: 'invalid_subject' }) ?? '';
    const r = await svc.issueLink(deps, who(request), linkRequest({ ...b, subject } as Record<string, string>), origin(request));
    if (!r.ok) {
      if (r.forbidden) throw forbidden(cs.errors.org);
      const [k, m] = Object.entries(r.errors)[0]!;
      throw badRequest(`invalid_${k}`, Object.entries(r.errors).map(([f, v]) => `${f}：${v}`).join('；') || m);
    }
    return reply.status(201).send({ expires_at: r.value.expiresAt, valid_days: r.value.validDays, sent_to: r.value.sentTo.length });
  });

  // ---------- public API ----------
  app.get('/api/v1/ratings/captcha', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute', allowList: () => false } },
    schema: { tags: ['好差评'], summary: '取得一道验证码（匿名评价用）', response: { 200: Type.Object({ captcha_id: Type.String(), svg: Type.String({ description: '算式图片（SVG）；答案填入 captcha_answer' }) }) } },
  }, async () => {
    const c = createCaptcha(platformView(db), clock.now());
    return { captcha_id: c.token, svg: c.svg };
  });

  const PUBLIC_CHANNELS: readonly ChannelCode[] = ['window_qr', 'venue_qr', 'kiosk', 'web'];
  app.post('/api/v1/ratings', {
    ...limited(RATE_LIMIT_MAX),
    schema: {
      tags: ['好差评'], summary: '提交一条评价（评价链接 token，或验证码 + 窗口/场所/事项）',
      description: '五级评价 level 可填代码、中文名称或 5…1；不满意、非常不满意为差评，须至少一项差评原因 reasons。带 token 时按评价链接绑定的办件评价（一次有效，再次使用 409 rating_link_used，过期 410 rating_link_expired）；否则须带 captcha_id 与 captcha_answer（GET /api/v1/ratings/captcha），并指明 window（窗口公开编号）、venue 或 item 之一。',
      body: Type.Object({
        token: Type.Optional(Type.String({ maxLength: 100, description: '评价链接中的 token' })),
        captcha_id: Type.Optional(Type.String({ maxLength: 200 })), captcha_answer: Type.Optional(Type.String({ maxLength: 10 })),
        window: Type.Optional(Type.String({ maxLength: 32, description: '窗口公开编号（二维码网址 /rate/w/ 之后的部分）' })),
        venue: Type.Optional(Type.String({ maxLength: 64 })), item: Type.Optional(Type.String({ maxLength: 64 })),
        subject: Type.Optional(EnumString(SUBJECT_ENUM, '评价对象（可不填，按 window/venue/item 确定；item 可为 online 网上办事）')),
        channel: Type.Optional(EnumString(CHANNEL_ENUM, '评价渠道（无 token 时：window_qr、venue_qr、kiosk、web 之一，默认按对象）')),
        level: EnumString(LEVEL_ENUM, '总体评价（五级）'),
        indicators: Type.Optional(Type.Record(Type.String(), Type.String(), { description: '分项评价：指标代码或名称 → 五级之一' })),
        reasons: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20, description: '差评原因代码或名称' })),
        text: Type.Optional(Type.String({ maxLength: 2000 })), rater_name: Type.Optional(Type.String({ maxLength: 60 })), rater_phone: Type.Optional(Type.String({ maxLength: 30 })),
      }),
      response: { 201: Type.Object({ public_id: Type.String({ description: '评价编号' }), bad: Type.Boolean({ description: '是否差评' }) }), 400: ErrorBody, 404: ErrorBody, 409: ConflictBody, 410: ErrorBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    const form: svc.RatingForm = {
      level: b.level, indicators: b.indicators ?? {}, reasons: b.reasons ?? [], text: b.text ?? '', raterName: (b.rater_name ?? '').trim(), raterPhone: (b.rater_phone ?? '').trim(),
    };
    let r: svc.SubmitOutcome;
    if (b.token) {
      r = await svc.rateWithLink(deps, b.token, form);
    } else {
      const targets = [b.window, b.venue, b.item].filter((x) => x);
      if (targets.length !== 1) throw badRequest('rating_target_missing', cs.errors.target);
      const channel = optionalEnum(CHANNEL_ENUM, b.channel, 'channel', { code: 'rating_channel_invalid' });
      if (channel && !PUBLIC_CHANNELS.includes(channel)) throw badRequest('rating_channel_invalid', cs.errors.publicChannel(PUBLIC_CHANNELS.map((c) => `${c}（${labelOf(CHANNEL_ENUM, c)}）`).join('、')));
      const subject = optionalEnum(SUBJECT_ENUM, b.subject, 'subject', { code: 'rating_subject_invalid' });
      let target = b.window ? await svc.windowTarget(db, b.window) : b.venue ? await svc.venueTarget(db, b.venue, 'venue_qr') : await svc.itemTarget(db, b.item!);
      if (!target) throw new HttpError(404, 'rating_target_not_found', b.window ? cs.errors.windowNotFound : b.venue ? cs.errors.venueNotFound : cs.errors.itemNotFound);
      if (subject) {
        const fits = subject === target.subject || (target.subject === 'item' && subject === 'online');
        if (!fits) throw badRequest('rating_subject_invalid', cs.errors.subjectMismatch(labelOf(SUBJECT_ENUM, target.subject)));
        target = { ...target, subject };
      }
      if (channel) target = { ...target, channel };
      const cap = await verifyCaptcha(platformView(db), b.captcha_id ?? '', b.captcha_answer ?? '', clock.now());
      if (!cap.ok) throw badRequest(cap.code, cap.code === 'captcha_missing' ? cs.errors.captchaRequired : captchaMessages[cap.code]);
      r = await svc.submitThrough(deps, target, form);
    }
    if (r.ok) return reply.status(201).send({ public_id: r.publicId, bad: r.bad });
    if (r.status === 409) throw conflict(r.code, r.message, [r.message]);
    throw new HttpError(r.status, r.code, Object.values(r.errors).join('；') || r.message);
  });
}
