// Life events as data (issue 22 §5): the public page and API (the published stages of the visitor's
// county, only the items available in the visitor's region), and the staff editor per government
// (draft edits, XLSX/JSONL import, XLSX export, publishing the whole draft).
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/web/server.tsx';
import { isMalformedMultipart, pageContext, sendPage } from '../../platform/web/server.tsx';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import type { Performer } from '../../platform/audit/performer.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import { parseEnum, requireEnum } from '../../platform/web/enums.ts';
import { EnumString } from '../../platform/web/enum-schema.ts';
import { requireRoles } from '../identity/index.ts';
import { findRegion } from '../regions/index.ts';
import { resolveItemRefs } from '../catalogs/index.ts';
import { AUDIENCES, type Audience } from './service-map.ts';
import { LIMITS, SLUG_RE, type SetDoc } from './life-events-model.ts';
import { countyOf, findSet, itemNames, publicStages, publishedCounties, resolveItemCodes, searchUsableItems } from './life-events.repository.ts';
import * as svc from './life-events.service.ts';
import { exportLifeEvents, MAX_LIFE_EVENT_FILE, readLifeEventFile } from './life-events-files.ts';
import { lifeEventStrings as s } from './life-events.strings.ts';
import { GovernmentPicker, LifeEventsEditor } from './views/life-events.tsx';
import { LifeEventsPage } from './views/life-events.tsx';

export interface LifeEventDeps { db: Db; clock: Clock }

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const ApiItem = Type.Object({ id: Type.String({ description: '事项编号（公开 id）' }), name: Type.String(), department: Type.String(), url: Type.String() });
const ApiStage = Type.Object({
  slug: Type.String(), position: Type.Integer(), name: Type.String(), description: Type.String(),
  items: Type.Array(ApiItem, { description: '访问者所在地区可办理的事项（该地区及其上级的事项）' }),
  catalogue: Type.Array(Type.Object({ ref: Type.String(), label: Type.Union([Type.String(), Type.Null()]), url: Type.Union([Type.String(), Type.Null()]) })),
});

/** A region code of the query: 6, 9 or 12 digits → 12, or a 400. */
function regionParam(raw: string | undefined): string | null {
  const v = (raw ?? '').trim();
  if (!v) return null;
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(v)) throw badRequest('invalid_region_code', s.errors.regionCode);
  return v.padEnd(12, '0');
}

function who(request: FastifyRequest): Performer {
  return { actor: request.actor!, requestId: request.id };
}

export async function lifeEventRoutes(app: App, deps: LifeEventDeps): Promise<void> {
  const { db } = deps;

  /** The public view of a region: its county's published stages with the items available in the region. */
  async function publicView(query: Record<string, string | undefined>) {
    const counties = await publishedCounties(db);
    const audience: Audience = query.audience ? requireEnum(AUDIENCES, query.audience, 'audience') : 'enterprise';
    const wanted = regionParam(query.region) ?? counties[0]?.code ?? null;
    if (!wanted) return { counties, region: null, county: null, audience, stages: [] };
    const region = { code: wanted, name: (await findRegion(db, wanted))?.name ?? wanted.replace(/0+$/, '') };
    const set = await findSet(db, countyOf(wanted));
    const countyRow = counties.find((c) => c.code === countyOf(wanted));
    const county = countyRow && set ? { code: countyRow.code, name: countyRow.name, version: set.publishedVersion, publishedAt: set.publishedAt } : null;
    const stages = county ? await publicStages(db, wanted, audience) : [];
    return { counties, region, county, audience, stages };
  }

  app.get('/services/life-events', async (request, reply) => {
    const view = await publicView(request.query as Record<string, string | undefined>);
    const catalogueItems = await resolveItemRefs(db, view.stages.flatMap((st) => st.catalogueRefs));
    return sendPage(reply, <LifeEventsPage ctx={pageContext(request)} {...view} catalogueItems={catalogueItems} />);
  });

  app.get('/api/v1/life-events', {
    schema: {
      tags: ['services'], summary: s.api.summary,
      description: '乡镇（街道）、村（社区）的区划代码显示其所在县（区）发布的阶段，事项只列出在该地区可办理的。没有指定地区时为第一个已发布的县（区）。',
      querystring: Type.Object({
        region: Type.Optional(Type.String({ description: '区划代码（6、9 或 12 位）' })),
        audience: Type.Optional(EnumString(AUDIENCES, '对象（默认企业）')),
      }),
      response: {
        200: Type.Object({
          region: Type.Object({ code: Type.String(), name: Type.String() }),
          county: Type.Object({ code: Type.String(), name: Type.String(), version: Type.Integer(), published_at: Type.Union([Type.String(), Type.Null()]) }),
          audience: Type.String(), stages: Type.Array(ApiStage),
        }),
        400: ErrorBody, 404: ErrorBody,
      },
    },
  }, async (request) => {
    const view = await publicView(request.query as Record<string, string | undefined>);
    if (!view.region || !view.county) throw new HttpError(404, 'life_events_not_found', s.errors.notFound);
    const refs = await resolveItemRefs(db, view.stages.flatMap((st) => st.catalogueRefs));
    return {
      region: { code: view.region.code.replace(/(000)+$/, '').padEnd(6, '0'), name: view.region.name },
      county: { code: view.county.code.slice(0, 6), name: view.county.name, version: view.county.version, published_at: view.county.publishedAt },
      audience: view.audience,
      stages: view.stages.map((st) => ({
        slug: st.slug, position: st.position, name: st.name, description: st.description,
        items: st.items.map((i) => ({ id: i.publicId, name: i.name, department: i.department, url: `/services/items/${encodeURIComponent(i.publicId)}` })),
        catalogue: st.catalogueRefs.map((ref) => ({ ref, label: refs.get(ref)?.label ?? null, url: refs.get(ref)?.href ?? null })),
      })),
    };
  });

  // ---- staff ------------------------------------------------------------------------------------
  const guard = { preHandler: requireRoles(...svc.EDIT_ROLES) };
  app.staffLinks.push({ href: '/staff/life-events', label: s.staff.title, description: s.staff.linkDescription, roles: [...svc.EDIT_ROLES] });
  const govParam = (request: FastifyRequest) => svc.governmentForStaff(db, request.actor!, String((request.params as { gov: string }).gov));

  async function editorPage(request: FastifyRequest, reply: FastifyReply, gov: svc.Government, opts: { errors?: FieldErrors; values?: Record<string, string>; status?: number } = {}) {
    const state = await svc.editorState(db, gov);
    const query = request.query as Record<string, string | undefined>;
    const q = request.method === 'GET' ? (query.q ?? '').trim().slice(0, 40) : '';
    const found = q ? await searchUsableItems(db, gov.regionCode, q) : null;
    const names = await itemNames(db, state.draft?.stages.flatMap((st) => st.items) ?? []);
    const done = request.method === 'GET' && query.done ? String(query.done).slice(0, 100) : null;
    return sendPage(reply, <LifeEventsEditor ctx={pageContext(request)} gov={gov} state={state} names={names} done={done} errors={opts.errors ?? {}} values={opts.values ?? {}} q={q} found={found} />, opts.status ?? 200);
  }
  const back = (reply: FastifyReply, gov: svc.Government, done: string, anchor = '') => reply.redirect(`/staff/life-events/${encodeURIComponent(gov.code)}?done=${encodeURIComponent(done)}${anchor}`, 303);

  app.get('/staff/life-events', guard, async (request, reply) => {
    const gov = (request.query as { gov?: string }).gov;
    if (gov) return reply.redirect(`/staff/life-events/${encodeURIComponent(gov.slice(0, 40))}`, 303);
    return sendPage(reply, <GovernmentPicker ctx={pageContext(request)} governments={await svc.governmentsFor(db, request.actor!)} />);
  });

  app.get('/staff/life-events/:gov', guard, async (request, reply) => editorPage(request, reply, await govParam(request)));

  app.get('/staff/life-events/:gov/export.xlsx', guard, async (request, reply) => {
    const gov = await govParam(request);
    const state = await svc.editorState(db, gov);
    const buf = await exportLifeEvents(state.draft ?? { stages: [] }, gov.name);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="life-events-${gov.regionCode.slice(0, 6)}.xlsx"`).send(buf);
  });

  app.post('/staff/life-events/:gov/start', guard, async (request, reply) => {
    const gov = await govParam(request);
    await svc.startDraft(deps, who(request), gov);
    return back(reply, gov, s.staff.done.started);
  });

  app.post('/staff/life-events/:gov/publish', guard, async (request, reply) => {
    const gov = await govParam(request);
    try {
      const r = await svc.publishDraft(deps, who(request), gov);
      return back(reply, gov, s.staff.done.published(r.version));
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 409) throw e;
      return editorPage(request, reply, gov, { errors: { publish: [e.message, ...(e.reasons ?? [])].slice(0, 6).join('；') }, status: 409 });
    }
  });

  app.post('/staff/life-events/:gov/discard', guard, async (request, reply) => {
    const gov = await govParam(request);
    await svc.discardDraft(deps, who(request), gov);
    return back(reply, gov, s.staff.done.discarded);
  });

  /** A draft change from a form: 303 back, or the page with the error at `fieldName` and the values kept (400). */
  async function edit(request: FastifyRequest, reply: FastifyReply, gov: svc.Government, fieldName: string, values: Record<string, string>, change: (doc: SetDoc) => SetDoc | { error: string }, anchor = '') {
    const r = await svc.changeDraft(deps, who(request), gov, change);
    if (!r.ok) return editorPage(request, reply, gov, { errors: { [fieldName]: r.error }, values, status: 400 });
    return back(reply, gov, s.staff.done.saved, anchor);
  }

  app.post('/staff/life-events/:gov/stages', guard, async (request, reply) => {
    const gov = await govParam(request);
    const b = request.body;
    const values = { audience: field(b, 'audience'), name: field(b, 'name').trim(), slug: field(b, 'slug').trim(), description: field(b, 'description').trim() };
    const audience = parseEnum(AUDIENCES, values.audience);
    const errors: FieldErrors = {};
    if (!audience) errors.audience = s.errors.audience(values.audience);
    if (!values.name) errors.name = s.errors.nameRequired;
    else if ([...values.name].length > LIMITS.nameChars) errors.name = s.errors.stageTooLong(LIMITS.nameChars);
    if (values.slug && !SLUG_RE.test(values.slug)) errors.slug = s.errors.slug(values.slug);
    if ([...values.description].length > LIMITS.descriptionChars) errors.description = s.errors.descriptionTooLong(LIMITS.descriptionChars);
    if (Object.keys(errors).length || !audience) return editorPage(request, reply, gov, { errors, values, status: 400 });
    return edit(request, reply, gov, 'slug', values, (doc) => {
      const mine = doc.stages.filter((x) => x.audience === audience);
      if (mine.length >= LIMITS.stagesPerAudience) return { error: s.errors.tooManyStages(LIMITS.stagesPerAudience) };
      let slug = values.slug;
      if (!slug) { let n = mine.length + 1; while (mine.some((x) => x.slug === `stage_${n}`)) n++; slug = `stage_${n}`; }
      if (mine.some((x) => x.slug === slug)) return { error: s.errors.slugTwice(slug) };
      doc.stages.push({ audience, slug, name: values.name, description: values.description, items: [], catalogue: [] });
      return doc;
    });
  });

  const stageOf = (doc: SetDoc, audience: string, slug: string) => doc.stages.findIndex((x) => x.audience === audience && x.slug === slug);

  app.post('/staff/life-events/:gov/stages/:audience/:slug', guard, async (request, reply) => {
    const gov = await govParam(request);
    const { audience, slug } = request.params as { audience: string; slug: string };
    const b = request.body;
    const id = `${audience}-${slug}`;
    const action = field(b, 'action');
    if (action === 'save') {
      const values = { [`name-${id}`]: field(b, `name-${id}`).trim(), [`description-${id}`]: field(b, `description-${id}`).trim(), [`catalogue-${id}`]: field(b, `catalogue-${id}`) };
      const name = values[`name-${id}`] as string;
      const description = values[`description-${id}`] as string;
      const refs = [...new Set((values[`catalogue-${id}`] as string).split(/\r?\n/).map((x) => x.trim()).filter(Boolean))];
      const errors: FieldErrors = {};
      if (!name) errors[`name-${id}`] = s.errors.nameRequired;
      else if ([...name].length > LIMITS.nameChars) errors[`name-${id}`] = s.errors.stageTooLong(LIMITS.nameChars);
      if ([...description].length > LIMITS.descriptionChars) errors[`description-${id}`] = s.errors.descriptionTooLong(LIMITS.descriptionChars);
      const badRef = refs.find((r) => [...r].length > LIMITS.refChars || r.split('/').length < 3);
      if (badRef !== undefined) errors[`catalogue-${id}`] = s.errors.catalogueRef(badRef.slice(0, 60));
      else if (refs.length > LIMITS.cataloguePerStage) errors[`catalogue-${id}`] = s.errors.tooManyRefs(name, LIMITS.cataloguePerStage);
      if (Object.keys(errors).length) return editorPage(request, reply, gov, { errors, values, status: 400 });
      return edit(request, reply, gov, `name-${id}`, values, (doc) => {
        const k = stageOf(doc, audience, slug);
        if (k < 0) return { error: s.errors.stageNotFound };
        Object.assign(doc.stages[k] as object, { name, description, catalogue: refs });
        return doc;
      }, `#stage-${id}`);
    }
    if (action !== 'up' && action !== 'down' && action !== 'delete') throw badRequest('invalid_action', s.errors.stageNotFound);
    return edit(request, reply, gov, 'publish', {}, (doc) => {
      const k = stageOf(doc, audience, slug);
      if (k < 0) return { error: s.errors.stageNotFound };
      if (action === 'delete') { doc.stages.splice(k, 1); return doc; }
      const same = doc.stages.map((x, i) => ({ x, i })).filter((e) => e.x.audience === audience);
      const at = same.findIndex((e) => e.i === k);
      const other = same[action === 'up' ? at - 1 : at + 1];
      if (other) { const tmp = doc.stages[k] as typeof other.x; doc.stages[k] = other.x; doc.stages[other.i] = tmp; }
      return doc;
    });
  });

  async function addItem(request: FastifyRequest, reply: FastifyReply, gov: svc.Government, audience: string, slug: string, code: string, fieldName: string) {
    if (!code) return editorPage(request, reply, gov, { errors: { [fieldName]: s.errors.itemRequired }, values: { [fieldName]: code }, status: 400 });
    const publicId = (await resolveItemCodes(db, gov.regionCode, [code])).get(code);
    if (!publicId) return editorPage(request, reply, gov, { errors: { [fieldName]: s.errors.itemUnknown(code) }, values: { [fieldName]: code }, status: 400 });
    return edit(request, reply, gov, fieldName, { [fieldName]: code }, (doc) => {
      const k = stageOf(doc, audience, slug);
      const st = doc.stages[k];
      if (!st) return { error: s.errors.stageNotFound };
      if (!st.items.includes(publicId)) {
        if (st.items.length >= LIMITS.itemsPerStage) return { error: s.errors.tooManyItems(st.name, LIMITS.itemsPerStage) };
        st.items.push(publicId);
      }
      return doc;
    }, `#stage-${audience}-${slug}`);
  }

  app.post('/staff/life-events/:gov/items', guard, async (request, reply) => {
    const gov = await govParam(request);
    const [audience = '', slug = ''] = field(request.body, 'stage').split('/');
    return addItem(request, reply, gov, audience, slug, field(request.body, 'code').trim().slice(0, 80), 'q');
  });

  app.post('/staff/life-events/:gov/stages/:audience/:slug/items', guard, async (request, reply) => {
    const gov = await govParam(request);
    const { audience, slug } = request.params as { audience: string; slug: string };
    const id = `${audience}-${slug}`;
    if (field(request.body, 'action') === 'remove') {
      const item = field(request.body, 'item');
      return edit(request, reply, gov, `code-${id}`, {}, (doc) => {
        const st = doc.stages[stageOf(doc, audience, slug)];
        if (!st) return { error: s.errors.stageNotFound };
        st.items = st.items.filter((i) => i !== item);
        return doc;
      }, `#stage-${id}`);
    }
    return addItem(request, reply, gov, audience, slug, field(request.body, `code-${id}`).trim().slice(0, 80), `code-${id}`);
  });

  // Import: multipart in this scope only; the ZIP guard and a size bound before any parser; all or nothing.
  await app.register(async (scope) => {
    scope.setErrorHandler((error) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'file_too_large', s.errors.fileTooLarge);
      if (isMalformedMultipart(error)) throw badRequest('multipart_invalid', s.errors.fileUnreadable);
      throw error;
    });
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_LIFE_EVENT_FILE, files: 1, fields: 4 },
      async onFile(part) {
        (part as unknown as { value: unknown }).value = { fileName: part.filename, buffer: await part.toBuffer() };
      },
    });
    scope.post('/staff/life-events/:gov/import', guard, async (request, reply) => {
      const gov = await govParam(request);
      const fail = (message: string) => editorPage(request, reply, gov, { errors: { file: message }, status: 400 });
      if (!request.isMultipart()) return fail(s.errors.fileRequired);
      const file = (request.body as Record<string, unknown>).file as { fileName: string; buffer: Buffer } | undefined;
      if (!file || !Buffer.isBuffer(file.buffer) || file.buffer.length === 0) return fail(s.errors.fileRequired);
      const read = await readLifeEventFile(file.buffer);
      if ('error' in read) return fail(read.error);
      const r = await svc.importDraft(deps, who(request), gov, read.rows, read.errors);
      if (!r.ok) {
        const shown = r.errors.slice(0, 20).map((e) => s.errors.row(e.row, e.message));
        return fail([...shown, ...(r.errors.length > 20 ? [s.errors.more(r.errors.length - 20)] : [])].join('；'));
      }
      return back(reply, gov, s.staff.done.imported(r.stages));
    });
  });
}
