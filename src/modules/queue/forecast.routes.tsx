// Shell: the waiting-time prediction (issue 22 §3) — the venue page's chart and table (page block,
// order 30) and GET /api/v1/venues/{id}/forecast. Reads qu_hourly only (forecast.service.ts).
import { Type } from 'typebox';
import type { App } from '../../platform/web/server.tsx';
import { HttpError } from '../../platform/web/http-error.ts';
import { defineEnum, labelOf } from '../../platform/web/enums.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import type { QueueDeps } from './deps.ts';
import { forecastService, type ForecastService } from './forecast.service.ts';
import { findVenue } from '../service-map/index.ts';
import { forecastStrings as fs } from './forecast.strings.ts';
import type { CrowdCode, DayType } from './forecast.ts';
import { ForecastBlockCached } from './views/forecast.tsx';

export const CROWD_LEVELS = defineEnum<CrowdCode>([
  { code: 'quiet', label: fs.crowd.quiet }, { code: 'moderate', label: fs.crowd.moderate }, { code: 'busy', label: fs.crowd.busy },
]);
export const DAY_TYPES = defineEnum<DayType>([
  { code: 'ordinary', label: fs.dayTypes.ordinary }, { code: 'makeup', label: fs.dayTypes.makeup }, { code: 'holiday', label: fs.dayTypes.holiday },
]);

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const Coded = Type.Object({ code: Type.String(), label: Type.String() });
const HourOut = Type.Object({
  day: Type.String({ description: '日期 YYYY-MM-DD（北京时间）' }),
  hour: Type.Integer({ minimum: 0, maximum: 23, description: '小时（北京时间），如 10 表示 10:00–11:00' }),
  wait_minutes: Type.Number({ description: '预计平均等候时间（分钟）' }),
  crowd: Coded,
  issued: Type.Number({ description: '预计该小时取号数' }),
});
const ForecastOut = Type.Object({
  venue: Type.String({ description: '场所编号' }),
  generated_on: Type.String({ description: '预测所依据的日期（今天，北京时间）' }),
  enough_data: Type.Boolean({ description: 'false：历史记录不足 3 周，暂无预测' }),
  busiest_hour: Type.Union([Type.Integer(), Type.Null()], { description: '平常工作日最忙的小时（如 10 表示 10:00）' }),
  days: Type.Array(Type.Object({ day: Type.String(), day_type: Coded, post_holiday: Type.Integer({ description: '长假后第几个工作日（0：不是）' }), closed: Type.Boolean() })),
  hours: Type.Array(HourOut),
});

export async function forecastRoutes(app: App, deps: QueueDeps): Promise<ForecastService> {
  const { db, clock } = deps;
  const service = forecastService(db, clock);

  deps.blocks.venue.push({
    order: 30,
    render: async (ref) => <ForecastBlockCached f={await service.forVenue(ref.id)} />,
  });

  app.get<{ Params: { id: string } }>('/api/v1/venues/:id/forecast', {
    schema: {
      tags: ['services'], summary: '场所未来 7 天各时段的预计等候时间和拥挤程度',
      params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
      response: { 200: ForecastOut, 404: ErrorBody },
    },
  }, async (request) => {
    const v = await findVenue(db, request.params.id);
    if (!v) throw new HttpError(404, 'venue_not_found', fs.api.venueNotFound(request.params.id));
    const f = await service.forVenue(v.id);
    return {
      venue: v.publicId, generated_on: localDateOf(clock.now()), enough_data: f.enough, busiest_hour: f.busiestHour,
      days: f.days.map((d) => ({ day: d.dayOn, day_type: { code: d.dayType, label: labelOf(DAY_TYPES, d.dayType) }, post_holiday: d.postHoliday, closed: d.hours.length === 0 })),
      hours: f.days.flatMap((d) => d.hours.map((h) => ({ day: d.dayOn, hour: h.hour, wait_minutes: h.waitMinutes, crowd: { code: h.crowd, label: labelOf(CROWD_LEVELS, h.crowd) }, issued: h.issued }))),
    };
  });
  return service;
}

