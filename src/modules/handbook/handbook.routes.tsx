// Shell: 办事一本通 (issue 22 §6, §8).
//   GET /services/handbook                   the picker: region (counties with items, or a township/village code), edition, size, grouping, format
//   GET /services/handbook/{region}          the booklet: print-ready HTML (?size=a5|a4, default A5) or DOCX (&format=docx);
//                                            ?edition=personal|enterprise, ?group=life_event|department, ?department=
// The region is a 2–12 digit code (2, 4, 6, 9 or 12 digits; 400 when malformed, 404 when unknown).
// Heavy: rate-limited per address, and finished documents are kept in memory for a few minutes per
// (region, edition, grouping, department, size, format, day, site base).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { render } from 'preact-render-to-string';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import type { Clock } from '../../platform/clock/clock.ts';
import { badRequest, notFound } from '../../platform/web/http-error.ts';
import { requireEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { normaliseRegionCode } from '../../platform/geo/region-code.ts';
import type { Db } from '../../schema.ts';
import { EDITIONS, FORMATS, GROUPINGS, MAX_DOCX_ITEMS, SIZES, capGroups, fitItem, layout, type Edition, type Format, type Grouping, type Size } from './handbook-model.ts';
import { buildBooklet, countiesWithItems, DocumentCache } from './handbook.service.ts';
import { qrSvg } from './handbook-qr.ts';
import type * as HandbookDocx from './handbook-docx.ts';
import { BookletPage } from './views/booklet.tsx';
import { HandbookPickerPage } from './views/picker.tsx';
import { hs } from './handbook.strings.ts';

// Loads `docx` with the first document, not at start (platform/files/office-libs.ts says why).
const renderBookletDocx = async (...a: Parameters<typeof HandbookDocx.renderBookletDocx>) => (await import('./handbook-docx.ts')).renderBookletDocx(...a);

export interface HandbookDeps {
  db: Db;
  clock: Clock;
  /** Requests per address per minute to the booklet (default 20). */
  rateMax?: number;
  /** Seconds a finished booklet is kept (default 300). */
  cacheSeconds?: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A page's query, one string per key (platform/web/query.ts), each value at most 200 characters. */
function firstValues(query: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '').slice(0, 200)]));
}

interface Choice { edition: Edition; size: Size; grouping: Grouping; format: Format; department: string }

function choiceOf(q: Record<string, string>): Choice {
  const opt = <C extends string>(v: string | undefined, def: Parameters<typeof requireEnum<C>>[0], field: string, fallback: C): C =>
    v === undefined || v.trim() === '' ? fallback : requireEnum(def, v, field);
  const department = (q.department ?? '').trim();
  if ([...department].length > 60 || /\p{Cc}/u.test(department)) throw badRequest('invalid_department', hs.errors.department);
  return {
    edition: opt(q.edition, EDITIONS, 'edition', 'personal'),
    size: opt(q.size, SIZES, 'size', 'a5'),
    grouping: opt(q.group, GROUPINGS, 'group', 'life_event'),
    format: opt(q.format, FORMATS, 'format', 'html'),
    department,
  };
}

/** The booklet's own address with other choices (the DOCX link, the picker's form). */
function hrefOf(region: string, c: Choice, format: Format): string {
  const p = new URLSearchParams();
  if (c.edition !== 'personal') p.set('edition', c.edition);
  if (c.size !== 'a5') p.set('size', c.size);
  if (c.grouping !== 'life_event') p.set('group', c.grouping);
  if (c.department) p.set('department', c.department);
  if (format !== 'html') p.set('format', format);
  const qs = p.toString();
  return `/services/handbook/${region}${qs ? `?${qs}` : ''}`;
}

export async function handbookRoutes(app: App, deps: HandbookDeps): Promise<void> {
  const { db, clock } = deps;
  const cache = new DocumentCache<{ body: string | Buffer; filename?: string }>((deps.cacheSeconds ?? 300) * 1000, 40);
  await app.register(fastifyStatic, { root: path.join(HERE, 'assets'), prefix: '/assets/handbook/', decorateReply: false, maxAge: 3600_000 });

  app.get('/services/handbook', { schema: { hide: true } }, async (request, reply) => {
    const counties = await countiesWithItems(db);
    return sendPage(reply, <HandbookPickerPage ctx={pageContext(request)} counties={counties} />);
  });

  /** The picker's form sends county and code separately; a code wins over the county. */
  app.get('/services/handbook/go', { schema: { hide: true } }, async (request, reply) => {
    const q = firstValues(request.query);
    const raw = (q.code ?? '').trim() || (q.county ?? '').trim();
    if (!/^\d{2,12}$/.test(raw)) {
      // the picker again, with what was chosen and what is wrong (the code typed is kept)
      const counties = await countiesWithItems(db);
      const values = { county: (q.county ?? '').slice(0, 12), code: (q.code ?? '').slice(0, 20), edition: q.edition, size: q.size, group: q.group, format: q.format };
      return sendPage(reply, <HandbookPickerPage ctx={pageContext(request)} counties={counties} values={values} codeError={hs.errors.region} />, 400);
    }
    const c = choiceOf(q);
    return reply.redirect(hrefOf(raw, c, c.format), 303);
  });

  app.get<{ Params: { region: string } }>('/services/handbook/:region', {
    config: { rateLimit: { max: deps.rateMax ?? 20, timeWindow: '1 minute', allowList: () => false } },
    schema: {
      hide: true,
      summary: '办事一本通（可打印网页或 Word 文档）',
      params: Type.Object({ region: Type.String({ description: '区划代码：区县 6 位、乡镇（街道）9 位、村（社区）12 位' }) }),
      querystring: Type.Object({
        edition: Type.Optional(EnumString(EDITIONS, '版本，默认个人版')),
        size: Type.Optional(EnumString(SIZES, '纸张，默认 A5')),
        group: Type.Optional(EnumString(GROUPINGS, '编排方式，默认按人生事件')),
        format: Type.Optional(EnumString(FORMATS, '格式，默认网页')),
        department: Type.Optional(Type.String({ maxLength: 60, description: '只收录该部门的事项' })),
      }),
    },
  }, async (request: FastifyRequest<{ Params: { region: string } }>, reply) => {
    const raw = request.params.region;
    if (!/^\d{2,12}$/.test(raw)) throw badRequest('invalid_region_code', hs.errors.region);
    const code = normaliseRegionCode(raw);
    if (!code) throw badRequest('invalid_region_code', hs.errors.region);
    const c = choiceOf(firstValues(request.query));
    const baseUrl = request.server.site.baseUrl || publicBaseUrl(request, hs.errors.badHost);
    const today = clock.today();
    const key = JSON.stringify([code, c.edition, c.grouping, c.department, c.size, c.format, today, baseUrl]);
    const now = clock.now().getTime();
    let doc = cache.get(key, now);
    if (!doc) {
      let booklet = await buildBooklet(db, { region: code, edition: c.edition, grouping: c.grouping, department: c.department, baseUrl, today });
      if (!booklet) throw notFound(hs.errors.regionNotFound);
      if (c.format === 'docx') {
        const capped = capGroups(booklet.groups, MAX_DOCX_ITEMS);
        booklet = { ...booklet, groups: capped.groups, dropped: booklet.dropped + capped.dropped, itemCount: booklet.itemCount - capped.dropped };
        const filename = `${hs.bookTitle(booklet.region.name)}（${hs.editionLabel[c.edition]}）-${today}.docx`;
        doc = { body: await renderBookletDocx(booklet, c.size), filename };
      } else {
        for (const g of booklet.groups) g.items = g.items.map((it) => fitItem(it, c.size));
        const lay = layout(booklet.groups, c.size);
        const qr = new Map<string, string>();
        let n = 0;
        for (const g of booklet.groups) for (const it of g.items) {
          qr.set(it.publicId, qrSvg(it.pageUrl, hs.qrLabel(it.name)));
          if (++n % 100 === 0) await new Promise((r) => setImmediate(r)); // let other requests in
        }
        const html = `<!doctype html>${render(<BookletPage booklet={booklet} layout={lay} qr={qr} siteName={request.server.site.name} docxHref={hrefOf(raw, c, 'docx')} pickerHref="/services/handbook" />)}`;
        doc = { body: Buffer.from(html) };
      }
      cache.set(key, doc, now);
    }
    if (c.format === 'docx') {
      const ascii = `handbook-${raw}-${c.edition}-${today}.docx`;
      return reply.header('content-type', DOCX_TYPE)
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename ?? ascii)}`)
        .header('cache-control', 'private, max-age=300')
        .send(doc.body);
    }
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, max-age=300').send(doc.body);
  });
}
