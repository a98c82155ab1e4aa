// Shell: the calendar staff page and API — public reads and a working-day computation,
// token-authenticated writes. One calendar serves every county's statutory deadlines, so only a
// platform administrator changes it (a county `admin` gets 403).
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import * as calendarRepo from '../../platform/calendar/calendar.repository.ts';
import { addWorkingDays, MissingCalendarYearError } from '../../platform/calendar/working-days.ts';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { field } from '../../platform/web/forms.ts';
import { badRequest, conflict, HttpError, notFound } from '../../platform/web/http-error.ts';
import { requireEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { platformView } from '../../schema.ts';
import { requirePlatformAdmin } from '../identity/index.ts';
import * as service from './calendar.service.ts';
import { CalendarPage } from './views/calendar-pages.tsx';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ConflictBody = Type.Object({ code: Type.String(), message: Type.String(), reasons: Type.Array(Type.String()) });
const Day = Type.Object({ date: Type.String({ format: 'date' }), kind: Type.Union([Type.Literal('holiday'), Type.Literal('makeup_working_day')]), name: Type.String({ minLength: 1, maxLength: 40 }) });
const Year = Type.Object({ year: Type.Integer(), source: Type.String(), days: Type.Array(Day) });
/** A day as sent: its kind as the code or the Chinese label (放假 / 调休上班). */
const DayIn = Type.Object({ date: Type.String({ format: 'date' }), kind: EnumString(service.CALENDAR_DAY_KINDS, '类别'), name: Type.String({ minLength: 1, maxLength: 40 }) });

export async function calendarRoutes(app: App, deps: service.CalendarDeps & { countStartDay: boolean }): Promise<void> {
  const pdb = platformView(deps.db);

  async function page(request: FastifyRequest, values: Record<string, string>, errors: Record<string, string>, message: string | null) {
    const years = await calendarRepo.listYears(pdb);
    const yearParam = Number((request.query as Record<string, string | undefined>).year ?? years[0]?.year);
    const selected = Number.isInteger(yearParam) ? await calendarRepo.getYear(pdb, yearParam) : null;
    // a year loaded before the completeness check may lack a statutory holiday: say so
    const incomplete = selected ? service.yearIncompleteness(selected)?.message ?? null : null;
    const nextYear = (years[0]?.year ?? Number(deps.clock.today().slice(0, 4))) + 1;
    const statutory = new Set(selected ? service.statutoryDates(selected.year) : []);
    return <CalendarPage ctx={pageContext(request)} years={years} selected={selected} statutory={statutory} incomplete={incomplete} next={{ year: nextYear, lines: service.statutoryLines(nextYear) }} values={values} errors={errors} message={message} />;
  }

  app.get('/staff/calendar', { preHandler: requirePlatformAdmin() }, async (request, reply) => {
    const done = (request.query as Record<string, string | undefined>).done;
    return sendPage(reply, await page(request, {}, {}, done ? `已保存：${done}` : null));
  });

  app.post('/staff/calendar/days', { preHandler: requirePlatformAdmin() }, async (request, reply) => {
    const values = { date: field(request.body, 'date'), kind: field(request.body, 'kind'), name: field(request.body, 'name') };
    const { day, errors } = await service.checkDay(deps, values);
    if (!day) return sendPage(reply, await page(request, values, errors, null), 400);
    await service.saveDay(deps, request.actor!, day);
    return reply.redirect(`/staff/calendar?year=${day.date.slice(0, 4)}&done=${encodeURIComponent(day.date)}`, 303);
  });

  /** The message of the service's refusal `code` (the form shows it, 400), or null for any other error. */
  const refusedWith = (e: unknown, code: string) => (e instanceof HttpError && e.code === code ? e.message : null);

  app.post('/staff/calendar/days/:date/delete', { preHandler: requirePlatformAdmin() }, async (request, reply) => {
    const date = (request.params as { date: string }).date;
    let removed: boolean;
    try {
      removed = isLocalDate(date) && (await service.removeDay(deps, request.actor!, date));
    } catch (e) {
      // a statutory holiday of a loaded year stays: the page again, with the reason (nothing changed)
      const statutory = refusedWith(e, 'calendar_statutory_day');
      if (statutory === null) throw e;
      return sendPage(reply, await page(request, { date }, { date: statutory }, null), 400);
    }
    if (!removed) throw notFound('该日期不在工作日历中');
    return reply.redirect(`/staff/calendar?year=${date.slice(0, 4)}&done=${encodeURIComponent(`删除 ${date}`)}`, 303);
  });

  app.post('/staff/calendar/years', { preHandler: requirePlatformAdmin() }, async (request, reply) => {
    const values = { year: field(request.body, 'year'), source: field(request.body, 'source'), days: field(request.body, 'days') };
    const { data, errors } = service.parseYearForm(values.year, values.source, values.days);
    if (!data) return sendPage(reply, await page(request, values, errors, null), 400);
    try {
      await service.saveYear(deps, request.actor!, data);
    } catch (e) {
      // every statutory holiday of the year must be there (《全国年节及纪念日放假办法》第二条)
      const incomplete = refusedWith(e, 'calendar_incomplete');
      if (incomplete === null) throw e;
      return sendPage(reply, await page(request, values, { days: incomplete }, null), 400);
    }
    return reply.redirect(`/staff/calendar?year=${data.year}&done=${data.year}`, 303);
  });

  // --- API ---
  app.get('/api/v1/calendar/years', {
    schema: { tags: ['calendar'], summary: '已录入的年份', response: { 200: Type.Object({ years: Type.Array(Type.Object({ year: Type.Integer(), source: Type.String(), holidays: Type.Integer(), makeupWorkingDays: Type.Integer(), updatedAt: Type.String() })) }) } },
  }, async () => ({ years: await calendarRepo.listYears(pdb) }));

  app.get('/api/v1/calendar/years/:year', {
    schema: { tags: ['calendar'], summary: '一年的节假日与调休上班日', params: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2200 }) }), response: { 200: Year, 404: ErrorBody } },
  }, async (request) => {
    const data = await calendarRepo.getYear(pdb, request.params.year);
    if (!data) throw new HttpError(404, 'calendar_year_missing', `工作日历没有 ${request.params.year} 年的数据`);
    return data;
  });

  app.put('/api/v1/calendar/years/:year', {
    preHandler: requirePlatformAdmin(),
    schema: { tags: ['calendar'], summary: '录入或替换一年（平台管理员令牌；缺少法定节假日：409）', security: [{ bearer: [] }], params: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2200 }) }), body: Type.Object({ source: Type.String({ minLength: 1 }), days: Type.Array(DayIn) }), response: { 200: Year, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ConflictBody } },
  }, async (request) => {
    const lines = request.body.days.map((d, i) => `${d.date} ${requireEnum(service.CALENDAR_DAY_KINDS, d.kind, `days.${i}.kind`, { code: 'calendar_invalid' })} ${d.name}`).join('\n');
    const { data, errors } = service.parseYearForm(String(request.params.year), request.body.source, lines);
    if (!data) throw badRequest('calendar_invalid', Object.values(errors).join('；'));
    await service.saveYear(deps, request.actor!, data); // 409 calendar_incomplete naming each missing statutory holiday
    return data;
  });

  app.put('/api/v1/calendar/days/:date', {
    preHandler: requirePlatformAdmin(),
    schema: { tags: ['calendar'], summary: '设置一天（平台管理员令牌）', security: [{ bearer: [] }], params: Type.Object({ date: Type.String() }), body: Type.Object({ kind: EnumString(service.CALENDAR_DAY_KINDS, '类别'), name: Type.String() }), response: { 200: Day, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
  }, async (request) => {
    const kind = requireEnum(service.CALENDAR_DAY_KINDS, request.body.kind, 'kind', { code: 'calendar_invalid' });
    const { day, errors } = await service.checkDay(deps, { date: request.params.date, kind, name: request.body.name });
    if (!day) throw badRequest('calendar_invalid', Object.values(errors).join('；'));
    await service.saveDay(deps, request.actor!, day);
    return day;
  });

  app.delete('/api/v1/calendar/days/:date', {
    preHandler: requirePlatformAdmin(),
    schema: { tags: ['calendar'], summary: '删除一天（平台管理员令牌；法定节假日不能删除：409）', security: [{ bearer: [] }], params: Type.Object({ date: Type.String() }), response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ConflictBody } },
  }, async (request, reply) => {
    if (!isLocalDate(request.params.date) || !(await service.removeDay(deps, request.actor!, request.params.date))) throw notFound('该日期不在工作日历中');
    return reply.status(204).send(null);
  });

  app.get('/api/v1/calendar/working-days', {
    schema: {
      tags: ['calendar'],
      summary: '计算若干个工作日后的日期',
      querystring: Type.Object({ start: Type.String(), days: Type.Integer({ minimum: 0, maximum: 400 }), provisional: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ start: Type.String(), days: Type.Integer(), due: Type.String(), provisional: Type.Boolean(), explanation: Type.String() }), 400: ErrorBody, 409: ConflictBody },
    },
  }, async (request) => {
    const { start, days, provisional } = request.query;
    if (!isLocalDate(start)) throw badRequest('invalid_date', '起算日期应为 YYYY-MM-DD 格式的有效日期');
    try {
      const r = addWorkingDays(await calendarRepo.loadCalendar(pdb), start, days, { provisional: provisional ?? false, countStartDay: deps.countStartDay });
      return { start, days, due: r.date, provisional: r.provisional, explanation: r.explanation };
    } catch (e) {
      if (e instanceof MissingCalendarYearError) throw conflict(e.code, e.message, [e.message]);
      throw e;
    }
  });
}
