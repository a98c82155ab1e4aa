// Booking, rescheduling and cancelling (issue 22 §1, §8): POST /api/v1/appointments, /cancel and
// /reschedule (rate-limited per address), the public booking page (signed-in residents book; signed
// out, the slots and a sign-in link that returns here), the booking's page with the cancel code
// shown once after booking, and the record source of /me (appointments.accounts.ts).
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, notFound } from '../../platform/web/http-error.ts';
import { pageContext, secureCookies, sendPage, type App } from '../../platform/web/server.tsx';
import { addDays, localDateOf } from '../../platform/clock/local-date.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import type { AppointmentDeps } from './deps.ts';
import * as svc from './booking.service.ts';
import { freeSlots } from './slots.repository.ts';
import { APPOINTMENT_LIMITS } from './vocabulary.ts';
import { bookingStrings as s } from './booking.strings.ts';
import { AppointmentPage, BookPage, LookupPage, type SlotChoice } from './views/booking-pages.tsx';

/** Bookings (and cancellations, reschedules) per client address per 10 minutes, on the API and the pages. */
export const BOOKING_RATE_MAX = 30;
const limited = { config: { rateLimit: { max: BOOKING_RATE_MAX, timeWindow: '10 minutes', allowList: () => false } } };

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Appointment = Type.Object({
  reference: Type.String({ description: '预约号（公开编号）' }),
  venue: Type.String({ description: '办事场所公开编号' }),
  item: Type.Union([Type.String(), Type.Null()], { description: '事项公开编号（不指定事项时为 null）' }),
  start: Type.String({ description: '开始时刻（ISO 8601）' }),
  end: Type.String({ description: '结束时刻（ISO 8601）' }),
  status: Type.String({ description: '状态：booked 已预约、cancelled 已取消、attended 已到场、no_show 未到场' }),
});
const CODE_COOKIE = 'gk_ap_code';

function fail(r: svc.Refusal): never {
  if (r.status === 409) throw new HttpError(409, r.code, r.message, [r.message]);
  throw new HttpError(r.status, r.code, r.message);
}

export async function bookingRoutes(app: App, deps: AppointmentDeps): Promise<void> {
  const { db, clock } = deps;
  const tags = ['预约'];

  // ---------- API ----------
  app.post('/api/v1/appointments', {
    ...limited,
    schema: {
      tags, summary: '预约一个时段',
      description: '按场所（及事项）的一个时段预约。start 为时段开始时刻（GET /api/v1/venues/{id}/slots 的 start）。成功返回预约号 reference 与取消码 code（只返回这一次，凭它取消或改约）。拒绝：404 venue_not_found、item_not_found、slot_not_found；400 item_not_offered、item_required、start_invalid、name_required、name_invalid、phone_required、phone_invalid；409 slot_in_past、day_closed、beyond_horizon、slot_full、already_booked、too_many_bookings、no_show_limit（均带 reasons）。',
      body: Type.Object({
        venue: Type.String({ maxLength: 64, description: '办事场所公开编号' }),
        item: Type.Optional(Type.String({ maxLength: 64, description: '事项公开编号（场所按事项预约时必填）' })),
        start: Type.String({ maxLength: 40, description: '时段开始时刻（ISO 8601）' }),
        name: Type.String({ maxLength: 60, description: '姓名' }),
        phone: Type.String({ maxLength: 30, description: '11 位手机号码（接收预约短信）' }),
      }),
      response: { 201: Type.Intersect([Appointment, Type.Object({ code: Type.String({ description: '取消码（只显示一次）' }) })]), 400: ErrorBody, 404: ErrorBody, 409: ConflictBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const b = request.body;
    const r = await svc.book(db, clock, { venue: b.venue, item: b.item ?? null, start: b.start, name: b.name, phone: b.phone, channel: 'api' });
    if (!r.ok) fail(r);
    request.log.info({ reference: r.booked.reference }, 'appointment booked');
    return reply.status(201).send(r.booked);
  });

  app.post('/api/v1/appointments/:reference/cancel', {
    ...limited,
    schema: {
      tags, summary: '取消预约（凭取消码）',
      description: '预约号不存在与取消码不对时同样回答 404 appointment_not_found。重复取消返回同一结果，不会重复释放名额。已办理或未到场 409 not_cancellable，时段已开始 409 appointment_started。',
      params: Type.Object({ reference: Type.String({ maxLength: 40 }) }),
      body: Type.Object({ code: Type.String({ maxLength: 20, description: '取消码' }) }),
      response: { 200: Appointment, 400: ErrorBody, 404: ErrorBody, 409: ConflictBody, 429: ErrorBody },
    },
  }, async (request) => {
    const r = await svc.cancel(db, clock, request.params.reference, { code: request.body.code });
    if (!r.ok) fail(r);
    const a = r.appointment;
    return { reference: a.reference, venue: a.venue.public_id, item: a.item?.public_id ?? null, start: a.start, end: a.end, status: a.status };
  });

  app.post('/api/v1/appointments/:reference/reschedule', {
    ...limited,
    schema: {
      tags, summary: '改约（凭取消码）',
      description: '在同一场所、同一事项改到另一时段：新时段占位与原预约取消在同一事务中完成；新时段约满（409 slot_full）时原预约不变。返回新的预约号，取消码不变。',
      params: Type.Object({ reference: Type.String({ maxLength: 40 }) }),
      body: Type.Object({ code: Type.String({ maxLength: 20, description: '取消码' }), start: Type.String({ maxLength: 40, description: '新时段开始时刻（ISO 8601）' }) }),
      response: { 201: Type.Intersect([Appointment, Type.Object({ rescheduled_from: Type.String({ description: '原预约号' }) })]), 400: ErrorBody, 404: ErrorBody, 409: ConflictBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const r = await svc.reschedule(db, clock, request.params.reference, { code: request.body.code }, request.body.start);
    if (!r.ok) fail(r);
    return reply.status(201).send(r.booked);
  });

  // ---------- pages ----------
  const q = (request: FastifyRequest, name: string) => String((request.query as Record<string, string | undefined>)[name] ?? '').slice(0, 64);
  const residentOf = (request: FastifyRequest) => (request.resident && request.resident.consented ? request.resident : null);

  async function bookPage(request: FastifyRequest, reply: FastifyReply, input: { item: string; start: string; reschedule: string }, values: Record<string, string>, errors: FieldErrors, status = 200) {
    const venuePublic = String((request.params as { venue: string }).venue).slice(0, 64);
    const venue = await svc.venueByPublicId(db, venuePublic);
    if (!venue) throw notFound(s.errors.venueNotFound);
    const rules = await db.selectFrom('ap_slot_rule').select('item_id').distinct().where('venue_id', '=', venue.id).execute();
    const ruleItems = rules.map((r) => r.item_id).filter((x): x is number => x !== null);
    const anyItem = rules.some((r) => r.item_id === null);
    const items = ruleItems.length ? await db.selectFrom('sm_item').select(['id', 'public_id', 'name']).where('id', 'in', ruleItems).orderBy('name').execute() : [];
    const chosenItem = items.find((i) => i.public_id === input.item) ?? null;
    const item = chosenItem?.public_id ?? (items.length === 1 && !anyItem ? items[0]!.public_id : '');
    const now = clock.now();
    const today = localDateOf(now);
    const itemId = items.find((i) => i.public_id === item)?.id ?? null;
    const all = rules.length ? await freeSlots(db, { venueId: venue.id, itemId, from: today, to: addDays(today, APPOINTMENT_LIMITS.bookAheadDays), now }) : [];
    // without an item only the venue-wide slots; with one, its own slot wins over a venue-wide one at the same time
    const wanted = all.filter((x) => (itemId === null ? x.itemKey === 0 : true));
    const byStart = new Map<string, SlotChoice>();
    for (const x of wanted) if (!byStart.has(x.start) || x.itemKey !== 0) byStart.set(x.start, { start: x.start, dayOn: x.dayOn, startMin: x.startMin, endMin: x.endMin, free: x.free });
    const slots = [...byStart.values()];
    const startIso = Number.isFinite(Date.parse(input.start)) ? new Date(Date.parse(input.start)).toISOString() : '';
    const chosen = slots.find((x) => x.start === startIso && x.free > 0) ?? null;
    const resident = residentOf(request);
    const signInHref = `/me/sign-in?return_to=${encodeURIComponent(request.url.slice(0, 500))}`;
    const v = { ...values };
    if (resident && v.name === undefined) v.name = resident.name ?? '';
    if (resident && v.phone === undefined) v.phone = resident.phone ?? '';
    return sendPage(reply, <BookPage ctx={pageContext(request)} venue={venue} items={items} anyItem={anyItem} item={item} slots={slots} chosen={chosen} signedIn={!!resident} signInHref={signInHref}
      values={v} errors={errors} reschedule={input.reschedule ? normaliseReference(input.reschedule).slice(0, 40) : null} />, status);
  }

  app.get('/services/venues/:venue/book', async (request, reply) => bookPage(request, reply, { item: q(request, 'item'), start: q(request, 'start'), reschedule: q(request, 'reschedule') }, {}, {}));

  app.post('/services/venues/:venue/book', limited, async (request, reply) => {
    const venue = String((request.params as { venue: string }).venue).slice(0, 64);
    const input = { item: field(request.body, 'item').slice(0, 64), start: field(request.body, 'start').slice(0, 40), reschedule: field(request.body, 'reschedule').slice(0, 40) };
    const values = { name: field(request.body, 'name').slice(0, 60), phone: field(request.body, 'phone').slice(0, 30) };
    const resident = residentOf(request);
    if (!resident) return bookPage(request, reply, input, values, { start: s.errors.signInRequired }, 401);
    const again = (r: svc.Refusal) => {
      const key = r.field === 'name' || r.field === 'phone' ? r.field : 'start';
      if (r.status === 404 && r.code === 'venue_not_found') throw notFound(r.message);
      return bookPage(request, reply, input, values, { [key]: r.message }, r.status === 409 ? 409 : 400);
    };
    if (input.reschedule) {
      const r = await svc.reschedule(db, clock, input.reschedule, { accountId: resident.accountId }, input.start);
      if (!r.ok) return again(r);
      return reply.redirect(`/appointments/${encodeURIComponent(r.booked.reference)}`, 303);
    }
    const problems = svc.personProblems(values.name, values.phone);
    if (Object.keys(problems).length) return bookPage(request, reply, input, values, problems, 400);
    const r = await svc.book(db, clock, { venue, item: input.item || null, start: input.start, name: values.name, phone: values.phone, channel: 'web', account: { id: resident.accountId, publicId: resident.publicId } });
    if (!r.ok) return again(r);
    const path = `/appointments/${encodeURIComponent(r.booked.reference)}`;
    reply.setCookie(CODE_COOKIE, r.booked.code, { path, httpOnly: true, sameSite: 'strict', secure: secureCookies(request), maxAge: 600 });
    return reply.redirect(path, 303);
  });

  const refParam = (request: FastifyRequest) => normaliseReference(String((request.params as { reference: string }).reference)).slice(0, 40);

  app.get('/appointments/:reference', async (request, reply) => {
    const ref = refParam(request);
    const resident = residentOf(request);
    const a = resident ? await svc.openAppointment(db, ref, { accountId: resident.accountId }) : null;
    if (!a) return sendPage(reply, <LookupPage ctx={pageContext(request)} reference={ref} errors={{}} values={{}} />);
    // the cancel code, once: right after booking (a cookie for this page only, cleared now)
    const code = request.cookies[CODE_COOKIE] ?? null;
    if (code) reply.clearCookie(CODE_COOKIE, { path: `/appointments/${encodeURIComponent(a.public_id)}` });
    return sendPage(reply, <AppointmentPage ctx={pageContext(request)} a={await svc.viewOf(db, a)} code={code && /^[0-9A-Z]{4,12}$/.test(code) ? code : null} canAct proofCode={null} notice={null} />);
  });

  app.post('/appointments/:reference', limited, async (request, reply) => {
    const ref = refParam(request);
    const code = field(request.body, 'code').slice(0, 20);
    if (!code.trim()) return sendPage(reply, <LookupPage ctx={pageContext(request)} reference={ref} errors={{ code: s.errors.codeRequired }} values={{ code }} />, 400);
    const a = await svc.openAppointment(db, ref, { code });
    if (!a) return sendPage(reply, <LookupPage ctx={pageContext(request)} reference={ref} errors={{ code: s.errors.notFound }} values={{ code }} />, 400);
    return sendPage(reply, <AppointmentPage ctx={pageContext(request)} a={await svc.viewOf(db, a)} code={null} canAct proofCode={code} notice={null} />);
  });

  app.post('/appointments/:reference/cancel', limited, async (request, reply) => {
    const ref = refParam(request);
    const code = field(request.body, 'code').slice(0, 20);
    const resident = residentOf(request);
    const proof: svc.Proof | null = code ? { code } : resident ? { accountId: resident.accountId } : null;
    const r = proof ? await svc.cancel(db, clock, ref, proof) : null;
    if (!r || !r.ok) {
      if (r && r.status === 409) {
        const a = await svc.openAppointment(db, ref, proof!);
        if (a) return sendPage(reply, <AppointmentPage ctx={pageContext(request)} a={await svc.viewOf(db, a)} code={null} canAct={false} proofCode={null} notice={r.message} />, 409);
      }
      return sendPage(reply, <LookupPage ctx={pageContext(request)} reference={ref} errors={{ code: s.errors.notFound }} values={{ code }} />, 400);
    }
    if (resident && r.appointment.accountId === resident.accountId) return reply.redirect(`/appointments/${encodeURIComponent(ref)}`, 303);
    return sendPage(reply, <AppointmentPage ctx={pageContext(request)} a={r.appointment} code={null} canAct={false} proofCode={null} notice={s.done.cancelled} />);
  });
}
