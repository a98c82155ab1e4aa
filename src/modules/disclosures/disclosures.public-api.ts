// Shell: the public disclosure API (OpenAPI): published records only.
//   GET /api/v1/disclosures?org=&catalog_item=&category=&since=&limit=&offset=&domain=
//   GET /api/v1/disclosures/{index_no}   (404 unknown, 410 withdrawn with its public reason)
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { isLocalDate } from '../../platform/clock/local-date.ts';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import type { App } from '../../platform/web/server.tsx';
import { enumOfRows, requireEnum } from '../../platform/web/enums.ts';
import { DataEnumString } from '../../platform/web/enum-schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import * as q from './disclosures.queries.ts';
import { opennessLabel } from './openness.ts';
import { findDomain } from './domains.ts';
import { api, genreLabel, pub, validityLabel } from './disclosures-public.strings.ts';
import { publicDetail } from './genre-detail.queries.ts';
import type { Backlink } from './views/public/record.tsx';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Summary = Type.Object({
  index_no: Type.String({ description: '索引号' }),
  title: Type.String({ description: '标题' }),
  summary: Type.String({ description: '内容概述' }),
  org: Type.String({ description: '发布机构的机构代码' }),
  publisher: Type.String({ description: '发布机构' }),
  document_no: Nullable(Type.String({ description: '文号' })),
  genre: Type.Object({ code: Type.String(), label: Type.String() }, { description: '体裁' }),
  category: Type.String({ description: '主题分类代码' }),
  validity: Type.Object({ code: Type.String(), label: Type.String() }, { description: '有效性' }),
  written_on: Nullable(Type.String({ description: '成文日期' })),
  formed_on: Type.String({ description: '信息形成日期' }),
  published_at: Type.String({ description: '发布时间（ISO 8601）' }),
  published_on: Type.String({ description: '发布日期' }),
  url: Type.String({ description: '公开页面地址' }),
});

const Detail = Type.Object({
  ...Summary.properties,
  category_name: Type.String(),
  org_name: Type.String(),
  effective_on: Nullable(Type.String()),
  expires_on: Nullable(Type.String()),
  repealed_on: Nullable(Type.String()),
  version: Type.Integer(),
  body_html: Type.String({ description: '正文（已净化的 HTML）' }),
  body_text: Type.String({ description: '正文纯文本' }),
  attachments: Type.Array(Type.Object({ filename: Type.String(), mime: Type.String(), size_bytes: Type.Integer(), url: Type.String() })),
  catalog_items: Type.Array(Type.Object({ catalog_id: Type.Integer(), item_key: Type.String(), label: Type.String(), url: Type.String() })),
  links: Type.Array(Type.Object({ index_no: Type.String(), title: Type.String(), genre: Type.String(), url: Type.String() })),
  versions: Type.Array(Type.Object({ version: Type.Integer(), change_note: Type.String(), created_at: Type.String() })),
  openness: Type.Object({ code: Type.String(), label: Type.String() }, { description: '公开属性（公开的信息均为主动公开）' }),
  press_conference: Type.Union([Type.Object({
    held_on: Type.String({ description: '发布会日期' }), place: Type.String({ description: '地点' }),
    speakers: Type.Array(Type.Object({ name: Type.String(), title: Type.String({ description: '职务' }) }), { description: '发布人' }),
    transcript_html: Type.String({ description: '发布会实录（已净化的 HTML）' }),
    policy: Type.Union([Type.Object({ title: Type.String(), url: Type.String() }), Type.Null()], { description: '发布的政策文件' }),
  }), Type.Null()], { description: '体裁为新闻发布会时的发布会信息，其他体裁为 null' }),
  response: Type.Union([Type.Object({
    concern: Type.String({ description: '回应的关切' }), source: Type.Object({ code: Type.String(), label: Type.String() }, { description: '关切来源' }),
    message_ref: Type.Union([Type.String(), Type.Null()], { description: '民心直通车留言编号' }),
  }), Type.Null()], { description: '体裁为回应关切时回应的关切，其他体裁为 null' }),
  participation: Type.Array(Type.Object({ label: Type.String(), title: Type.String(), url: Type.String() }), { description: '以本文件为最终文件的意见征集及其采纳情况' }),
});

const MAX_LIMIT = 100;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Absolute base of public URLs (feeds, sitemap, API): the request's scheme and checked host
 * (platform/web/public-host.ts), so a forged Host header cannot put markup into a feed or sitemap.
 */
export function baseUrl(request: FastifyRequest): string {
  return publicBaseUrl(request, pub.errors.badHost);
}
const base = baseUrl;

/** `since` as an ISO instant: a date means 00:00 Beijing time of that day. */
export function parseSince(raw: string): string | null {
  // A '+' of an offset typed straight into the address arrives as a space (form decoding): read it back.
  const text = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return isLocalDate(text) ? new Date(`${text}T00:00:00+08:00`).toISOString() : null;
  if (!ISO_INSTANT.test(text) || !isLocalDate(text.substring(0, 10))) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function intParam(v: string | undefined, fallback: number, min: number, max: number): number | null {
  if (v === undefined || v === '') return fallback;
  if (!/^[0-9]{1,6}$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
}

function summaryJson(r: q.ListedRecord, origin: string) {
  return {
    index_no: r.indexNo, title: r.title, summary: r.summary, org: r.orgCode, publisher: r.publisher, document_no: r.documentNo,
    genre: { code: r.genre, label: genreLabel(r.genre) }, category: r.categoryCode, validity: { code: r.validity, label: validityLabel(r.validity) },
    written_on: r.writtenOn, formed_on: r.formedOn, published_at: r.publishedAt, published_on: r.publishedOn, url: `${origin}${q.recordHref(r.indexNo)}`,
  };
}

export async function disclosurePublicApi(app: App, deps: { db: Db; clock: Clock; recordBacklinks?: (indexNo: string) => Promise<Backlink[]> }): Promise<void> {
  const { db, clock } = deps;
  const S = (d: string) => Type.Optional(Type.String({ description: d }));

  app.get('/api/v1/disclosures', {
    schema: {
      summary: '主动公开的政府信息（仅已公开），按发布时间倒序',
      tags: ['主动公开'],
      querystring: Type.Object({
        org: S('机构代码：该机构及其下级机构'), catalog_item: S('标准目录事项：公开标识「目录编号/事项 key」（如 3/W6eOtf-mpQI，即搜索结果的 id）；旧客户端所用的已发布版本事项行号仍可用'), category: Type.Optional(DataEnumString('disclosure_category', '主题分类', '主题分类表 disclosure_category')),
        since: S('发布时间不早于（YYYY-MM-DD 或 ISO 8601）'), limit: S(`每页条数 1–${MAX_LIMIT}，默认 20`), offset: S(`跳过条数 0–${q.MAX_OFFSET}，默认 0`),
        domain: S('试点领域（名称或编号，如 户籍管理）：依该领域标准目录事项公开的信息（照单公开）'),
      }),
      response: { 200: Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), next_offset: Type.Union([Type.Integer(), Type.Null()]), items: Type.Array(Summary) }), 400: ErrorBody },
    },
  }, async (request) => {
    const qs = request.query as Record<string, string | undefined>;
    const f: q.ListFilter = {};
    if (qs.org !== undefined) {
      const org = await q.findOrg(db, qs.org);
      if (!org) throw badRequest('invalid_org', api.badOrg);
      f.orgPath = org.path;
    }
    if (qs.catalog_item !== undefined) {
      const item = await q.catalogItemById(db, qs.catalog_item);
      if (!item) throw badRequest('invalid_catalog_item', api.badCatalogItem);
      f.catalogItem = { catalogId: item.catalogId, itemKey: item.itemKey };
    }
    if (qs.domain !== undefined) {
      const d = await findDomain(db, qs.domain);
      if (!d) throw badRequest('invalid_domain', api.badDomain);
      f.domainId = d.id;
    }
    if (qs.category !== undefined) {
      f.category = requireEnum(enumOfRows(await q.listCategories(db)), qs.category, 'category', { code: 'invalid_category' });
    }
    if (qs.since !== undefined) {
      const since = parseSince(qs.since);
      if (!since) throw badRequest('invalid_since', api.badSince);
      f.since = since;
    }
    const limit = intParam(qs.limit, 20, 1, MAX_LIMIT);
    if (limit === null) throw badRequest('invalid_limit', api.badLimit);
    const offset = intParam(qs.offset, 0, 0, q.MAX_OFFSET);
    if (offset === null) throw badRequest('invalid_offset', api.badOffset(q.MAX_OFFSET));
    const now = clock.now().toISOString();
    const [{ items, more }, total] = await Promise.all([q.listVisible(db, now, f, { limit, offset }), q.countVisible(db, now, f)]);
    const origin = base(request);
    return { total, limit, offset, next_offset: more && offset + limit <= q.MAX_OFFSET ? offset + limit : null, items: items.map((r) => summaryJson(r, origin)) };
  });

  app.get('/api/v1/disclosures/:index_no', {
    schema: {
      summary: '一条主动公开的政府信息（已撤回的返回 410 及撤回原因）',
      tags: ['主动公开'],
      params: Type.Object({ index_no: Type.String({ description: '索引号（URL 编码）' }) }),
      response: { 200: Detail, 404: ErrorBody, 410: ErrorBody },
    },
  }, async (request) => {
    const { index_no } = request.params as { index_no: string };
    const now = clock.now().toISOString();
    const found = index_no.length <= 100 ? await q.findRecord(db, now, index_no) : { kind: 'missing' as const };
    if (found.kind === 'missing') throw new HttpError(404, 'disclosure_not_found', api.notFound);
    if (found.kind === 'withdrawn') throw new HttpError(410, 'disclosure_withdrawn', api.withdrawn(found.reason));
    const r = found.record;
    const [x, d, back] = await Promise.all([q.recordExtras(db, now, r.id), publicDetail(db, now, r.id, r.genre), deps.recordBacklinks ? deps.recordBacklinks(r.indexNo) : Promise.resolve([])]);
    const origin = base(request);
    return {
      ...summaryJson(r, origin), category_name: r.categoryName, org_name: r.orgName, effective_on: r.effectiveOn, expires_on: r.expiresOn, repealed_on: r.repealedOn,
      version: r.versionNo, body_html: r.bodyHtml, body_text: r.bodyText,
      attachments: x.attachments.map((a) => ({ filename: a.filename, mime: a.mime, size_bytes: a.sizeBytes, url: `${origin}${q.attachmentHref(r.indexNo, a.id)}` })),
      catalog_items: x.catalogItems.map((i) => ({ catalog_id: i.catalogId, item_key: i.itemKey, label: i.label, url: `${origin}${i.href}` })),
      links: x.links.map((l) => ({ index_no: l.indexNo, title: l.title, genre: l.genre, url: `${origin}${l.href}` })),
      versions: x.versions.map((v) => ({ version: v.versionNo, change_note: v.changeNote, created_at: v.createdAt })),
      openness: { code: r.openness, label: opennessLabel(r.openness) },
      press_conference: d.press ? { held_on: d.press.heldOn, place: d.press.place, speakers: d.press.speakers, transcript_html: d.press.transcriptHtml, policy: d.press.policy ? { title: d.press.policy.title, url: `${origin}${d.press.policy.href}` } : null } : null,
      response: d.response ? { concern: d.response.summary, source: { code: d.response.source, label: d.response.sourceLabel }, message_ref: d.response.messageRef } : null,
      participation: back.map((b) => ({ label: b.label, title: b.title, url: `${origin}${b.href}` })),
    };
  });
}
