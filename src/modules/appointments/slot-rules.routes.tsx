// A venue's slot rules and exceptions (issue 22 §1, §8): the staff pages (/staff/venues, the rules
// table, exceptions, a 14-day preview and the CSV of the rules), the staff API
// (GET/PUT /api/v1/staff/venues/{id}/slots and /slot-exceptions), the public
// GET /api/v1/venues/{id}/slots, and the "可预约时段" blocks of the venue and item pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { HttpError, badRequest } from '../../platform/web/http-error.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { platformView } from '../../schema.ts';
import { addDays, isLocalDate, localDateOf, type LocalDate } from '../../platform/clock/local-date.ts';
import { toCsv } from '../../platform/csv/csv.ts';
import { requireRoles, type Actor, type Role } from '../identity/index.ts';
import { identityService } from '../identity/index.ts';
import type { AppointmentDeps } from './deps.ts';
import { APPOINTMENT_LIMITS, EXCEPTION_KINDS } from './vocabulary.ts';
import { formatClock, WEEKDAYS, weekdaysText } from './slots.ts';
import { freeSlots } from './slots.repository.ts';
import {
  bookingsOutsideRules, checkExceptions, checkRules, exceptionJson, nextFreeSlots, putOneException, removeOneException, ruleJson, saveExceptions, saveRules, staffVenue,
  SLOT_READ_ROLES, SLOT_ROLES, type RuleInput, type RuleProblem, type Who,
} from './slot-rules.service.ts';
import { exceptionsOf, itemRefs, offeredItems, publicVenue, resolveOfferedItems, rulesOf, slotVenuesInScope, venuesWithRulesFor, type SlotVenue } from './slot-rules.repository.ts';
import { rulesStrings as s } from './rules.strings.ts';
import { ItemSlotsBlock, SlotRulesPage, SlotVenuesPage, VENUES_BASE, VenueSlotsBlock, slotsHref } from './views/slot-rules.tsx';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ProblemsBody = Type.Object({
  code: Type.String(), message: Type.String(),
  problems: Type.Optional(Type.Array(Type.Object({ row: Type.Integer({ description: '出错的行（从 0 起）' }), field: Type.String(), message: Type.String() }))),
});
const WeekdayValue = Type.Union([Type.Integer({ description: '1 为周一 … 7 为周日' }), EnumString(WEEKDAYS, '星期')]);
const RuleBody = Type.Object({
  item: Type.Optional(Type.Union([Type.String({ maxLength: 200, description: '事项编号（本场所办理的事项）；不填或 null 表示本场所所有事项' }), Type.Null()])),
  weekdays: Type.Array(WeekdayValue, { maxItems: 14, description: '星期：1–7（1 为周一）或“周一”…“周日”' }),
  start: Type.String({ maxLength: 10, description: '开始时间 HH:MM（北京时间）' }),
  end: Type.String({ maxLength: 10, description: '结束时间 HH:MM' }),
  capacity: Type.Integer({ description: `每个时段可预约人数（1–${APPOINTMENT_LIMITS.capacityMax}）` }),
});
const RuleOut = Type.Object({
  item: Type.Union([Type.String(), Type.Null()]), item_name: Type.Union([Type.String(), Type.Null()]),
  weekdays: Type.Array(Type.Integer()), start: Type.String(), end: Type.String(), capacity: Type.Integer(),
});
const RulesOut = Type.Object({ venue: Type.String(), rules: Type.Array(RuleOut) });
const ExceptionBody = Type.Object({
  day: Type.String({ maxLength: 20, description: '日期 YYYY-MM-DD（今天起一年内）' }),
  kind: EnumString(EXCEPTION_KINDS, '当天不开放（closed）或开放（open）预约'),
  as_weekday: Type.Optional(Type.Union([WeekdayValue, Type.Null()], { description: '开放时按星期几的规则（不填则按当天的星期）' })),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
});
const ExceptionOut = Type.Object({ day: Type.String(), kind: Type.String(), as_weekday: Type.Union([Type.Integer(), Type.Null()]), note: Type.String() });
const ExceptionsOut = Type.Object({ venue: Type.String(), exceptions: Type.Array(ExceptionOut) });
const SlotOut = Type.Object({
  start: Type.String({ description: 'ISO 时刻' }), end: Type.String(), day: Type.String(), free: Type.Integer(), capacity: Type.Integer(),
  item: Type.Union([Type.String(), Type.Null()], { description: '时段所属事项编号；null 表示本场所所有事项' }),
});

/** Form rows beyond the saved rules (add rows without JS). */
const BLANK_ROWS = 5;
const MAX_FORM_ROWS = APPOINTMENT_LIMITS.rulesPerVenue + BLANK_ROWS;

/** The form key of a problem's field on row `i` (the error summary links to it). */
const formKey = (f: string, i: number) => (f === 'weekdays' ? `wd_${i}_1` : f === 'rules' ? 'rules' : `${f}_${i}`);

export async function slotRoutes(app: App, deps: AppointmentDeps): Promise<void> {
  const { db, clock } = deps;
  app.staffLinks.push({ href: VENUES_BASE, label: s.staff.listTitle, description: s.staff.listLink, roles: [...SLOT_READ_ROLES] });

  const idOf = (request: FastifyRequest) => String((request.params as { id?: string }).id ?? '');
  const who = (request: FastifyRequest): Who => ({ actor: request.actor as Actor, requestId: request.id });
  async function venueFor(request: FastifyRequest, roles: readonly Role[]): Promise<SlotVenue> {
    const r = await staffVenue(db, request.actor as Actor, idOf(request), roles);
    if (!r.ok) throw new HttpError(r.status, r.code, r.message);
    return r.venue;
  }
  const today = () => localDateOf(clock.now());

  // ---------- staff pages ----------
  app.get(VENUES_BASE, { preHandler: requireRoles(...SLOT_READ_ROLES) }, async (request, reply) => {
    const paths = await identityService.officeScopes(db, request.actor as Actor, SLOT_READ_ROLES);
    return sendPage(reply, <SlotVenuesPage ctx={pageContext(request)} venues={await slotVenuesInScope(db, paths)} />);
  });

  const ruleValues = (rules: Awaited<ReturnType<typeof rulesOf>>): Record<string, string> => {
    const v: Record<string, string> = {};
    rules.forEach((r, i) => {
      v[`item_${i}`] = r.itemPublicId ?? '';
      for (const d of r.weekdays) v[`wd_${i}_${d}`] = '1';
      v[`start_${i}`] = formatClock(r.startMin);
      v[`end_${i}`] = formatClock(r.endMin);
      v[`capacity_${i}`] = String(r.capacity);
    });
    return v;
  };

  interface PageState { values?: Record<string, string>; rowCount?: number; errors?: FieldErrors; exceptionValues?: Record<string, string>; exceptionErrors?: FieldErrors; notice?: string | null }
  async function slotsPage(request: FastifyRequest, reply: FastifyReply, venue: SlotVenue, state: PageState, status = 200) {
    const now = clock.now();
    const day = localDateOf(now);
    const canEdit = (await staffVenue(db, request.actor as Actor, venue.publicId, SLOT_ROLES)).ok;
    const [rules, items, exceptions, slots, outside] = await Promise.all([
      rulesOf(db, venue.id), offeredItems(db, venue.id, 301), exceptionsOf(db, venue.id, day),
      freeSlots(db, { venueId: venue.id, itemId: null, from: day, to: addDays(day, 13), now }), bookingsOutsideRules(db, venue.id, now),
    ]);
    const names = await itemRefs(db, slots.map((x) => x.itemKey));
    const values = state.values ?? ruleValues(rules);
    const rowCount = state.rowCount ?? Math.min(MAX_FORM_ROWS, rules.length + BLANK_ROWS);
    return sendPage(reply, <SlotRulesPage
      ctx={pageContext(request)} venue={venue} items={items.slice(0, 300)} itemsTyped={items.length > 100} rowCount={rowCount} values={values} errors={state.errors ?? {}}
      exceptionValues={state.exceptionValues ?? {}} exceptionErrors={state.exceptionErrors ?? {}} exceptions={exceptions}
      preview={slots.map((x) => ({ dayOn: x.dayOn, startMin: x.startMin, endMin: x.endMin, itemName: names.get(x.itemKey)?.name ?? null, capacity: x.capacity, booked: x.booked, free: x.free }))}
      outside={outside} notice={state.notice ?? null} canEdit={canEdit} />, status);
  }
  const noticeOf = (request: FastifyRequest) => {
    const done = (request.query as { done?: string }).done;
    return done === 'rules' ? s.staff.saved : done === 'exception' ? s.staff.exceptionSaved : done === 'deleted' ? s.staff.exceptionDeleted : null;
  };

  app.get(`${VENUES_BASE}/:id/slots`, { preHandler: requireRoles(...SLOT_READ_ROLES) }, async (request, reply) => {
    const venue = await venueFor(request, SLOT_READ_ROLES);
    return slotsPage(request, reply, venue, { notice: noticeOf(request) });
  });

  app.post(`${VENUES_BASE}/:id/slots`, { preHandler: requireRoles(...SLOT_ROLES) }, async (request, reply) => {
    const venue = await venueFor(request, SLOT_ROLES);
    const body = request.body;
    const rowsRaw = field(body, 'rows').trim();
    const rowCount = /^\d{1,4}$/.test(rowsRaw) ? Math.min(Number(rowsRaw), MAX_FORM_ROWS) : 0;
    const values: Record<string, string> = {};
    const inputs: RuleInput[] = [];
    const rowOf: number[] = [];
    for (let i = 0; i < rowCount; i++) {
      for (const f of ['item', 'start', 'end', 'capacity', 'del']) values[`${f}_${i}`] = field(body, `${f}_${i}`).slice(0, 200);
      const days: number[] = [];
      for (const d of WEEKDAYS.values) if (field(body, `wd_${i}_${d.code}`)) { values[`wd_${i}_${d.code}`] = '1'; days.push(Number(d.code)); }
      if (values[`del_${i}`]) continue;
      const blank = !values[`item_${i}`]!.trim() && !values[`start_${i}`]!.trim() && !values[`end_${i}`]!.trim() && !values[`capacity_${i}`]!.trim() && !days.length;
      if (blank) continue;
      inputs.push({ item: values[`item_${i}`]!, weekdays: days, start: values[`start_${i}`]!, end: values[`end_${i}`]!, capacity: values[`capacity_${i}`]! });
      rowOf.push(i);
    }
    const checked = await checkRules(db, venue, inputs);
    if (!checked.ok) {
      const errors: FieldErrors = {};
      for (const p of checked.problems) {
        const i = rowOf[p.row] ?? p.row;
        const key = formKey(p.field, i);
        if (!errors[key]) errors[key] = p.field === 'rules' ? p.message : `${s.staff.row(i + 1)}：${p.message}`;
      }
      return slotsPage(request, reply, venue, { values, rowCount, errors }, 400);
    }
    await saveRules(db, clock, who(request), venue, checked.value);
    return reply.redirect(`${slotsHref(venue.publicId)}?done=rules`, 303);
  });

  app.post(`${VENUES_BASE}/:id/slots/exceptions`, { preHandler: requireRoles(...SLOT_ROLES) }, async (request, reply) => {
    const venue = await venueFor(request, SLOT_ROLES);
    const values = { day: field(request.body, 'day').slice(0, 20), kind: field(request.body, 'kind').slice(0, 40), as_weekday: field(request.body, 'as_weekday').slice(0, 10), note: field(request.body, 'note').slice(0, 500) };
    const checked = checkExceptions([values], today());
    if (!checked.ok) {
      const exceptionErrors: FieldErrors = {};
      for (const p of checked.problems) exceptionErrors[p.field] ??= p.message;
      return slotsPage(request, reply, venue, { exceptionValues: values, exceptionErrors }, 400);
    }
    await putOneException(db, clock, who(request), venue, checked.value[0]!);
    return reply.redirect(`${slotsHref(venue.publicId)}?done=exception#exceptions`, 303);
  });

  app.post(`${VENUES_BASE}/:id/slots/exceptions/delete`, { preHandler: requireRoles(...SLOT_ROLES) }, async (request, reply) => {
    const venue = await venueFor(request, SLOT_ROLES);
    const day = field(request.body, 'day').trim();
    if (!isLocalDate(day)) return slotsPage(request, reply, venue, { exceptionErrors: { day: s.problems.day } }, 400);
    await removeOneException(db, clock, who(request), venue, day);
    return reply.redirect(`${slotsHref(venue.publicId)}?done=deleted#exceptions`, 303);
  });

  app.get(`${VENUES_BASE}/:id/slots.csv`, { preHandler: requireRoles(...SLOT_READ_ROLES) }, async (request, reply) => {
    const venue = await venueFor(request, SLOT_READ_ROLES);
    const rules = await rulesOf(db, venue.id);
    const rows = [s.csv.header, ...rules.map((r) => [r.itemPublicId ?? '', r.itemName ?? s.csv.anyItem, weekdaysText(r.weekdays), formatClock(r.startMin), formatClock(r.endMin), r.capacity])];
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="slots-${encodeURIComponent(venue.publicId)}.csv"`).header('cache-control', 'no-store').send(toCsv(rows));
  });

  // ---------- staff API ----------
  const apiSchema = { tags: ['appointments'], security: [{ bearer: [] }], params: Type.Object({ id: Type.String({ maxLength: 64 }) }) };
  const refuse = (reply: FastifyReply, code: string, message: string, problems: RuleProblem[]) => reply.status(400).send({ code, message, problems });
  const rulesAnswer = async (venue: SlotVenue) => ({ venue: venue.publicId, rules: (await rulesOf(db, venue.id)).map(ruleJson) });

  app.get('/api/v1/staff/venues/:id/slots', {
    preHandler: requireRoles(...SLOT_READ_ROLES),
    schema: { ...apiSchema, summary: '场所的预约时段规则', response: { 200: RulesOut, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => rulesAnswer(await venueFor(request, SLOT_READ_ROLES)));

  app.put('/api/v1/staff/venues/:id/slots', {
    preHandler: requireRoles(...SLOT_ROLES),
    schema: {
      ...apiSchema, summary: '设置场所的预约时段规则（整体替换）',
      description: `请求体为规则数组，整体替换该场所的全部规则（全部通过才保存）。每条规则：item（事项编号，不填表示本场所所有事项）、weekdays（1–7 或“周一”…“周日”）、start/end（HH:MM，北京时间）、capacity（1–${APPOINTMENT_LIMITS.capacityMax}）；最多 ${APPOINTMENT_LIMITS.rulesPerVenue} 条；同一事项的时段不得重叠。出错时 400，problems 按行（从 0 起）列出全部问题。已有预约不受影响。`,
      body: Type.Array(RuleBody, { maxItems: 1000 }),
      response: { 200: RulesOut, 400: ProblemsBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const venue = await venueFor(request, SLOT_ROLES);
    const checked = await checkRules(db, venue, request.body as RuleInput[]);
    if (!checked.ok) return refuse(reply, 'invalid_rules', s.errors.invalidRules, checked.problems);
    await saveRules(db, clock, who(request), venue, checked.value);
    return rulesAnswer(venue);
  });

  app.get('/api/v1/staff/venues/:id/slot-exceptions', {
    preHandler: requireRoles(...SLOT_READ_ROLES),
    schema: { ...apiSchema, summary: '场所的预约例外日期（今天起）', response: { 200: ExceptionsOut, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const venue = await venueFor(request, SLOT_READ_ROLES);
    return { venue: venue.publicId, exceptions: (await exceptionsOf(db, venue.id, today())).map(exceptionJson) };
  });

  app.put('/api/v1/staff/venues/:id/slot-exceptions', {
    preHandler: requireRoles(...SLOT_ROLES),
    schema: {
      ...apiSchema, summary: '设置场所的预约例外日期（今天起整体替换）',
      description: 'closed：当天不开放预约；open：当天开放预约（如节假日加班），按 as_weekday 所指星期的规则（不填则按当天的星期）。替换今天及以后的全部例外日期，之前的保留；全部通过才保存，出错时 400 按行列出问题。',
      body: Type.Array(ExceptionBody, { maxItems: 400 }),
      response: { 200: ExceptionsOut, 400: ProblemsBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const venue = await venueFor(request, SLOT_ROLES);
    const day = today();
    const checked = checkExceptions(request.body as { day: string; kind: string; as_weekday?: unknown; note?: string | null }[], day);
    if (!checked.ok) return refuse(reply, 'invalid_exceptions', s.errors.invalidExceptions, checked.problems);
    const saved = await saveExceptions(db, clock, who(request), venue, checked.value, day);
    return { venue: venue.publicId, exceptions: saved.map(exceptionJson) };
  });

  // ---------- public API ----------
  app.get('/api/v1/venues/:id/slots', {
    schema: {
      tags: ['appointments'], summary: '场所的可预约时段及剩余名额',
      description: `from、to 为日期 YYYY-MM-DD（默认今天起 8 天），范围不超过 ${APPOINTMENT_LIMITS.rangeDaysMax} 天；item 为事项编号（该事项的时段和本场所所有事项的时段）。已开始的时段不列出。`,
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 20 })), to: Type.Optional(Type.String({ maxLength: 20 })), item: Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 200: Type.Object({ venue: Type.String(), from: Type.String(), to: Type.String(), item: Type.Union([Type.String(), Type.Null()]), slots: Type.Array(SlotOut) }), 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const q = request.query;
    const venue = await publicVenue(db, request.params.id);
    if (!venue) throw new HttpError(404, 'venue_not_found', s.errors.venueNotFound);
    const now = clock.now();
    const from: LocalDate = q.from?.trim() || localDateOf(now);
    if (!isLocalDate(from)) throw badRequest('invalid_date', s.errors.invalidDate);
    const to: LocalDate = q.to?.trim() || addDays(from, 7);
    if (!isLocalDate(to)) throw badRequest('invalid_date', s.errors.invalidDate);
    if (to < from) throw badRequest('invalid_range', s.errors.rangeOrder);
    if (addDays(from, APPOINTMENT_LIMITS.rangeDaysMax - 1) < to) throw badRequest('range_too_long', s.errors.rangeTooLong(APPOINTMENT_LIMITS.rangeDaysMax));
    let itemId: number | null = null;
    const typed = q.item?.trim() ?? '';
    if (typed) {
      const item = (await resolveOfferedItems(db, venue.id, [typed])).get(typed);
      if (!item || item.publicId !== typed) throw new HttpError(404, 'item_not_offered', s.errors.itemNotOffered);
      itemId = item.id;
    }
    const slots = await freeSlots(db, { venueId: venue.id, itemId, from, to, now });
    const refs = await itemRefs(db, slots.map((x) => x.itemKey));
    reply.header('cache-control', 'public, max-age=30');
    return { venue: venue.publicId, from, to, item: typed || null, slots: slots.map((x) => ({ start: x.start, end: x.end, day: x.dayOn, free: x.free, capacity: x.capacity, item: refs.get(x.itemKey)?.publicId ?? null })) };
  });

  // ---------- blocks: the next free slots on the venue and item pages ----------
  deps.blocks.venue.push({
    order: 20,
    render: async (ref) => {
      const slots = await nextFreeSlots(db, { venueId: ref.id, now: clock.now(), limit: APPOINTMENT_LIMITS.nextShown, calendar: ref.calendar });
      return slots.length ? <VenueSlotsBlock venue={ref.publicId} slots={slots} /> : null;
    },
  });
  deps.blocks.item.push({
    order: 20,
    render: async (ref) => {
      const venues = await venuesWithRulesFor(db, ref.id, 3);
      if (!venues.length) return null;
      const now = clock.now();
      // One calendar for every venue (the page's, else read once here): not one read per venue.
      const calendar = ref.calendar ?? await loadCalendar(platformView(db));
      const withSlots = (await Promise.all(venues.map(async (v) => ({ ...v, slots: await nextFreeSlots(db, { venueId: v.id, itemId: ref.id, now, limit: 3, calendar }) })))).filter((v) => v.slots.length);
      return withSlots.length ? <ItemSlotsBlock item={ref.publicId} venues={withSlots} /> : null;
    },
  });
}
