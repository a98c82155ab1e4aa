// Shell: the staff side of appointments at the venue (issue 22 §1 "no-shows recorded").
//   GET  /staff/appointments?venue=&day=              the day's appointments of a venue in scope, with buttons
//   GET  /staff/appointments.csv?venue=&day=          the same as CSV (phones masked)
//   POST /staff/appointments/{reference}/attendance   form: status attended | no_show | booked (撤销) → 303
//   GET  /api/v1/staff/appointments?venue=&day=       JSON
//   POST /api/v1/staff/appointments/{reference}/attendance  {status} (code or label) → the appointment, 409 with reasons
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { field, safeReturnPath, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, conflict, forbidden, HttpError } from '../../platform/web/http-error.ts';
import { labelOf, parseEnum, requireEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { FILE_TYPES, pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { requireRoles, type Actor } from '../identity/index.ts';
import type { AppointmentDeps } from './deps.ts';
import { APPOINTMENT_STATUSES } from './vocabulary.ts';
import { ATTENDANCE_STATUSES, type AttendanceTarget } from './attendance.rules.ts';
import { ATTENDANCE_ROLES, dayAppointments, dayCsv, markAttendance, staffVenues, venueForStaff, type DayAppointment, type StaffVenue } from './attendance.service.ts';
import { ATTENDANCE_PATH, AttendancePage, attendanceHref } from './attendance.views.tsx';
import { attendanceStrings as s } from './attendance.strings.ts';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Coded = (d: string) => Type.Object({ code: Type.String(), label: Type.String() }, { description: d });
const AppointmentJson = Type.Object({
  reference: Type.String({ description: '预约号' }),
  start: Type.String({ description: '开始时间（ISO 8601）' }), end: Type.String({ description: '结束时间（ISO 8601）' }),
  time: Type.String({ description: '时段（北京时间）' }), day: Type.String({ description: '日期 YYYY-MM-DD' }),
  item: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], { description: '事项（空：本场所事项）' }),
  name: Type.String(), phone: Type.String({ description: '手机号（隐去中间四位）' }),
  status: Coded('状态'), channel: Type.String({ description: '预约渠道' }),
});
const DayJson = Type.Object({
  venue: Type.Object({ id: Type.String(), name: Type.String() }), day: Type.String(),
  counts: Type.Object({ total: Type.Integer(), booked: Type.Integer(), attended: Type.Integer(), no_show: Type.Integer(), cancelled: Type.Integer() }),
  appointments: Type.Array(AppointmentJson),
});
const json = (a: DayAppointment) => ({
  reference: a.reference, start: a.startAt, end: a.endAt, time: a.time, day: a.dayOn, item: a.item ? { id: a.item.publicId, name: a.item.name } : null,
  name: a.name, phone: a.phone, status: { code: a.status, label: labelOf(APPOINTMENT_STATUSES, a.status) }, channel: a.channel,
});

export async function attendanceRoutes(app: App, deps: AppointmentDeps): Promise<void> {
  const { db, clock } = deps;
  const guard = { preHandler: requireRoles(...ATTENDANCE_ROLES) };
  const actorOf = (request: FastifyRequest) => request.actor as Actor;
  app.staffLinks.push({ href: ATTENDANCE_PATH, label: s.link.label, description: s.link.description, roles: [...ATTENDANCE_ROLES] });

  /** The venue and day asked for: a venue in scope (unknown 404, foreign 403), a valid day (else an error). */
  async function venueOf(request: FastifyRequest, raw: string): Promise<StaffVenue> {
    const r = await venueForStaff(db, actorOf(request), raw);
    if (r.ok) return r.venue;
    if (r.status === 404) throw new HttpError(404, 'venue_not_found', s.errors.venueNotFound);
    throw forbidden(s.errors.venueForbidden);
  }
  const queryOf = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

  async function page(request: FastifyRequest, reply: FastifyReply, venueId: string, dayRaw: string, extra: { errors?: FieldErrors; notice?: string | null; status?: number } = {}) {
    const venues = await staffVenues(db, actorOf(request));
    const errors: FieldErrors = { ...(extra.errors ?? {}) };
    const today = clock.today();
    const day = dayRaw || today;
    if (!isLocalDate(day)) errors.day = s.errors.day;
    const venue = venueId ? await venueOf(request, venueId) : null;
    const list = venue && !errors.day ? await dayAppointments(db, venue.id, day) : null;
    const status = extra.status ?? (errors.day ? 400 : 200);
    return sendPage(reply, <AttendancePage ctx={pageContext(request)} venues={venues} venue={venue} day={day.slice(0, 10)} today={today} nowIso={clock.now().toISOString()} list={list} errors={errors} notice={extra.notice ?? null} />, status);
  }

  app.get(ATTENDANCE_PATH, guard, async (request, reply) => {
    const q = queryOf(request);
    const done = parseEnum(ATTENDANCE_STATUSES, q.done ?? '');
    const ref = String(q.ref ?? '').slice(0, 40);
    return page(request, reply, String(q.venue ?? '').trim(), String(q.day ?? '').trim(), { notice: done && ref ? s.done[done](ref) : null });
  });

  app.get(`${ATTENDANCE_PATH}.csv`, guard, async (request, reply) => {
    const q = queryOf(request);
    const venueId = String(q.venue ?? '').trim();
    if (!venueId) throw badRequest('invalid_venue', s.errors.venue);
    const day = String(q.day ?? '').trim() || clock.today();
    if (!isLocalDate(day)) throw badRequest('invalid_day', s.errors.day);
    const venue = await venueOf(request, venueId);
    const { rows } = await dayAppointments(db, venue.id, day);
    return sendDownload(reply, dayCsv(rows), s.csv.file(venue.publicId, day), FILE_TYPES.csv);
  });

  app.post<{ Params: { reference: string } }>(`${ATTENDANCE_PATH}/:reference/attendance`, guard, async (request, reply) => {
    const target = parseEnum(ATTENDANCE_STATUSES, field(request.body, 'status'));
    const venueId = field(request.body, 'venue').trim();
    const day = field(request.body, 'day').trim();
    const back = safeReturnPath(field(request.body, 'back').trim(), '');
    if (!target) return page(request, reply, venueId, day, { errors: { status: s.errors.statusField }, status: 400 });
    const r = await markAttendance({ db, clock }, { actor: actorOf(request), requestId: request.id }, request.params.reference, target);
    if (!r.ok) {
      if (r.status !== 409) throw r.status === 404 ? new HttpError(404, 'appointment_not_found', s.errors.notFound) : forbidden(r.message);
      return page(request, reply, r.venue.publicId, isLocalDate(day) ? day : '', { errors: { [`ref-${request.params.reference}`]: r.message }, status: 409 });
    }
    if (back === '/staff/desk' || back.startsWith('/staff/desk?')) return reply.redirect(back, 303);
    return reply.redirect(`${attendanceHref(r.venue.publicId, r.appointment.dayOn)}&done=${target}&ref=${encodeURIComponent(r.appointment.reference)}`, 303);
  });

  // ---------- API ----------
  const api = { tags: ['appointments'], security: [{ bearer: [] }] };
  app.get('/api/v1/staff/appointments', {
    preHandler: requireRoles(...ATTENDANCE_ROLES),
    schema: {
      ...api, summary: '场所某天的预约（到场登记用；手机号已遮蔽）',
      querystring: Type.Object({ venue: Type.Optional(Type.String({ description: '场所编号' })), day: Type.Optional(Type.String({ description: 'YYYY-MM-DD，默认今天' })) }),
      response: { 200: DayJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const q = queryOf(request);
    const venueId = String(q.venue ?? '').trim();
    if (!venueId) throw badRequest('invalid_venue', s.errors.venue);
    const day = String(q.day ?? '').trim() || clock.today();
    if (!isLocalDate(day)) throw badRequest('invalid_day', s.errors.day);
    const venue = await venueOf(request, venueId);
    const { rows, counts } = await dayAppointments(db, venue.id, day);
    return { venue: { id: venue.publicId, name: venue.name }, day, counts, appointments: rows.map(json) };
  });

  app.post<{ Params: { reference: string }; Body: { status: string } }>('/api/v1/staff/appointments/:reference/attendance', {
    preHandler: requireRoles(...ATTENDANCE_ROLES),
    schema: {
      ...api, summary: '登记到场、爽约或撤销登记',
      description: 'status：attended（已到场）、no_show（爽约，时段开始后）或 booked（撤销当天所做的登记）；可填代码或中文名称。只能登记当天及以前的预约；两人同时登记时只有一次生效，另一次返回 409。',
      params: Type.Object({ reference: Type.String({ maxLength: 64 }) }),
      body: Type.Object({ status: EnumString(ATTENDANCE_STATUSES, '登记结果') }),
      response: { 200: AppointmentJson, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody },
    },
  }, async (request) => {
    const target: AttendanceTarget = requireEnum(ATTENDANCE_STATUSES, request.body.status, 'status', { code: 'invalid_status' });
    const r = await markAttendance({ db, clock }, { actor: actorOf(request), requestId: request.id }, request.params.reference, target);
    if (!r.ok) {
      if (r.status !== 409) throw r.status === 404 ? new HttpError(404, 'appointment_not_found', s.errors.notFound) : forbidden(r.message);
      throw conflict(r.code, r.message, r.reasons);
    }
    return json(r.appointment);
  });
}
