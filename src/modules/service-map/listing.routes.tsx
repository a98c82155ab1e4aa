// Shell: listing the map's data (issue 22 §7) — GET /api/v1/items by region (subtree), available_in
// (the region and its ancestors), type and channel with cursor paging (GET /api/v1/venues' list mode
// is in service-map.routes.tsx, beside its near mode); the public totals per region as
// GET /api/v1/services/totals and the page /services/figures (bar chart with its table).
import { Type } from 'typebox';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { badRequest } from '../../platform/web/http-error.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { Layout } from '../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../platform/web/components.tsx';
import type { PageContext } from '../../platform/web/page-context.ts';
import { HorizontalBarChart } from '../../platform/web/charts.tsx';
import { findRegion } from '../regions/index.ts';
import { ALIASES, CHANNELS, ITEM_TYPES, LEVELS, TIME_UNITS, type Channel, type ItemType, type Level, type TimeUnit } from './service-map.ts';
import { encodeCursor, parseCursor, parseEnumList, parseLimit, parseRegion, type Parsed, type RegionRef } from './listing-query.ts';
import { listItems, regionTotals, type RegionTotals } from './listing.repository.ts';
import { listingStrings as s } from './service-map.strings.ts';

export interface ListingDeps { db: Db; clock: Clock }

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const Coded = Type.Object({ code: Type.String(), label: Type.String() });
const Limit = Type.Union([Type.Object({ value: Type.Integer(), unit: Type.Union([Coded, Type.Null()]) }), Type.Null()]);
const ItemListed = Type.Object({
  id: Type.String(), name: Type.String(), basic_code: Type.String(), implementing_code: Type.String(), type: Coded, department: Type.String(), implementing_body: Type.String(),
  region_code: Type.String(), level: Coded, keywords: Type.Array(Type.String()), online_url: Type.Union([Type.String(), Type.Null()]), mobile_url: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(Coded), legal_limit: Limit, promised_limit: Limit, visits: Type.Union([Type.Integer(), Type.Null()]),
  guide: Type.String({ description: '办事指南（完整事项）的地址：GET /api/v1/items/{id}' }), url: Type.String(),
});
const Totals = Type.Object({
  region: Type.Union([Type.Object({ code: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  venues: Type.Integer(), terminals: Type.Integer({ description: '自助服务终端' }), items: Type.Integer(),
  items_by_channel: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), items: Type.Integer() })),
});

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v.slice(0, 200) : undefined);
function must<T>(p: Parsed<T>): T {
  if (!p.ok) throw badRequest(p.code, p.message);
  return p.value;
}
const regionOf = (text: string | undefined): RegionRef | null => (text === undefined ? null : must(parseRegion(text)));
const limitJson = (n: number | null, u: string | null) => (n === null ? null : { value: n, unit: u ? { code: u, label: labelOf(TIME_UNITS, u as TimeUnit) } : null });

export async function listingRoutes(app: App, deps: ListingDeps): Promise<void> {
  const { db } = deps;

  app.get('/api/v1/items', {
    schema: {
      tags: ['services'], summary: '政务服务事项列表（按地区、类型、渠道，游标分页）',
      description: '按 (region_code, id) 排序；next_cursor 为 null 时已到最后一页。每项不含办事指南正文，guide 为完整事项的地址。',
      querystring: Type.Object({
        region: Type.Optional(Type.String({ description: '2、4、6、9 或 12 位区划代码：该地区及其下级地区的事项' })),
        available_in: Type.Optional(Type.String({ description: '区划代码：在该地区可办的事项（该地区及其上级地区的事项）' })),
        type: Type.Optional(EnumString(ITEM_TYPES, '事项类型，可用逗号分隔多个')),
        channel: Type.Optional(EnumString(CHANNELS, '办理渠道')),
        cursor: Type.Optional(Type.String({ description: '上一页的 next_cursor' })),
        limit: Type.Optional(Type.String({ description: '1–100，默认 20' })),
      }),
      response: { 200: Type.Object({ count: Type.Integer(), next_cursor: Type.Union([Type.String(), Type.Null()]), results: Type.Array(ItemListed) }), 400: ErrorBody },
    },
  }, async (request) => {
    const raw = request.query as Record<string, unknown>;
    const region = regionOf(one(raw.region));
    const availableIn = regionOf(one(raw.available_in));
    if (region && availableIn) throw badRequest('invalid_region', s.regionAndAvailable);
    const types = must(parseEnumList(ITEM_TYPES, one(raw.type), 'type', ALIASES.itemType));
    const channels = must(parseEnumList(CHANNELS, one(raw.channel), 'channel', ALIASES.channel));
    if (channels && channels.length > 1) throw badRequest('invalid_channel', s.oneChannel);
    const cursor = must(parseCursor(one(raw.cursor)));
    const limit = must(parseLimit(one(raw.limit)));
    // available_in: a township's items are those of the township, its county, city and province (availability.repository.ts).
    const { rows, next } = await listItems(db, { prefix: region?.prefix ?? null, availableIn: availableIn?.code12 ?? null, types, channel: channels?.[0] ?? null, cursor, limit });
    return {
      count: rows.length, next_cursor: next ? encodeCursor(next) : null,
      results: rows.map((i) => ({
        id: i.public_id, name: i.name, basic_code: i.basic_code, implementing_code: i.implementing_code, type: { code: i.type, label: labelOf(ITEM_TYPES, i.type as ItemType) },
        department: i.department, implementing_body: i.implementing_body, region_code: i.region_code, level: { code: i.level, label: labelOf(LEVELS, i.level as Level) },
        keywords: i.keywords ? i.keywords.split(' ') : [], online_url: i.online_url, mobile_url: i.mobile_url,
        channels: (i.channels ? i.channels.split(' ') : []).map((c) => ({ code: c, label: labelOf(CHANNELS, c as Channel) })),
        legal_limit: limitJson(i.legal_limit, i.legal_unit), promised_limit: limitJson(i.promised_limit, i.promised_unit), visits: i.visits,
        guide: `/api/v1/items/${encodeURIComponent(i.public_id)}`, url: `/services/items/${encodeURIComponent(i.public_id)}`,
      })),
    };
  });

  async function totalsOf(region: RegionRef | null) {
    const t = await regionTotals(db, region?.prefix ?? '');
    const name = region ? (await findRegion(db, region.code12))?.name ?? null : null;
    return { region: region ? { code: region.prefix, name } : null, totals: t };
  }

  app.get('/api/v1/services/totals', {
    schema: {
      tags: ['services'], summary: '政务服务场所和事项的总数（按地区）',
      description: '场所数、自助服务终端数、事项数和各办理渠道的事项数；每次导入后更新。',
      querystring: Type.Object({ region: Type.Optional(Type.String({ description: '2、4、6、9 或 12 位区划代码；不给为全部' })) }),
      response: { 200: Totals, 400: ErrorBody },
    },
  }, async (request) => {
    const { region, totals } = await totalsOf(regionOf(one((request.query as Record<string, unknown>).region)));
    return { region, venues: totals.venues, terminals: totals.terminals, items: totals.items, items_by_channel: totals.byChannel.map((c) => ({ code: c.code, label: c.label, items: c.items })) };
  });

  app.get('/services/figures', async (request, reply) => {
    const { region, totals } = await totalsOf(regionOf(one((request.query as Record<string, unknown>).region)));
    return sendPage(reply, <FiguresPage ctx={pageContext(request)} region={region} totals={totals} />);
  });
}

/** 安徽-style figures: 2.3 万 venues / 8,000 terminals / 191 万 items. */
export function wan(n: number): string {
  if (n >= 10_000) return `${(Math.round(n / 1000) / 10).toLocaleString('zh-CN')} 万`;
  return n.toLocaleString('zh-CN');
}

function FiguresPage({ ctx, region, totals }: { ctx: PageContext; region: { code: string; name: string | null } | null; totals: RegionTotals }) {
  const where = region ? region.name ?? region.code : s.all;
  const chans = totals.byChannel.filter((c) => c.items > 0);
  return (
    <Layout ctx={ctx} title={s.title(where)}>
      <Breadcrumbs items={[{ href: '/services', label: s.crumb }, { label: s.title(where) }]} />
      <h1>{s.title(where)}</h1>
      <ul class="figures-strip" aria-label={s.summary}>
        <li><strong>{wan(totals.venues)}</strong> {s.venues}</li>
        <li><strong>{wan(totals.terminals)}</strong> {s.terminals}</li>
        <li><strong>{wan(totals.items)}</strong> {s.items}</li>
      </ul>
      <table>
        <caption>{s.tableCaption(where)}</caption>
        <tbody>
          <tr><th scope="row">{s.venues}</th><td>{totals.venues.toLocaleString('zh-CN')}</td></tr>
          <tr><th scope="row">{s.terminals}</th><td>{totals.terminals.toLocaleString('zh-CN')}</td></tr>
          <tr><th scope="row">{s.items}</th><td>{totals.items.toLocaleString('zh-CN')}</td></tr>
        </tbody>
      </table>
      <h2>{s.byChannel}</h2>
      <HorizontalBarChart id="by-channel" title={s.byChannelTitle(where)} description={s.byChannelDesc} categories={chans.map((c) => c.label)}
        series={[{ name: s.items, values: chans.map((c) => c.items) }]} format={(v) => v.toLocaleString('zh-CN')} />
      <p class="muted">{s.note}</p>
      <form method="get" action="/services/figures">
        <div class="field"><label for="region">{s.regionLabel}</label><input class="input" id="region" name="region" inputmode="numeric" value={region?.code ?? ''} /></div>
        <button type="submit" class="button">{s.show}</button>
      </form>
    </Layout>
  );
}
