// Shell: region API (GET /api/v1/regions, /api/v1/regions/{code}) and the public directory pages.
import { Type } from 'typebox';
import type { App } from '../../platform/web/server.tsx';
import { pageContext, sendPage } from '../../platform/web/server.tsx';
import { badRequest, HttpError } from '../../platform/web/http-error.ts';
import type { Db } from '../../schema.ts';
import { normaliseRegionCode } from '../../platform/geo/region-code.ts';
import { countChildren, findAncestry, findChildren, findRegion, findRoots, type Region } from './region.repository.ts';
import { REGION_LEVEL_LABELS } from './region-csv.ts';
import { regionStrings as s } from './regions.strings.ts';
import { RegionListPage } from './views/region-pages.tsx';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const Level = Type.Object({ code: Type.String(), label: Type.String() });
const RegionSummary = Type.Object({ code: Type.String(), name: Type.String(), level: Level, childCount: Type.Integer() });
const RegionNode = Type.Object({
  code: Type.String({ description: '12 位区划代码' }),
  name: Type.String(),
  level: Level,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  children: Type.Array(RegionSummary),
});

function resolveCode(raw: string): string {
  const code = normaliseRegionCode(raw);
  if (!code) throw badRequest('invalid_region_code', s.invalidCode);
  return code;
}

const level = (r: Region) => ({ code: r.level, label: REGION_LEVEL_LABELS[r.level] });

export async function regionRoutes(app: App, deps: { db: Db }): Promise<void> {
  const { db } = deps;

  async function node(code: string) {
    const region = await findRegion(db, code);
    if (!region) throw new HttpError(404, 'region_not_found', s.notFound(code));
    const children = await findChildren(db, code);
    const counts = await countChildren(db, children.map((c) => c.code));
    return { region, children, counts };
  }

  app.get('/api/v1/regions', {
    schema: { tags: ['regions'], summary: '顶级行政区划', response: { 200: Type.Object({ children: Type.Array(RegionSummary) }) } },
  }, async () => {
    const roots = await findRoots(db);
    const counts = await countChildren(db, roots.map((r) => r.code));
    return { children: roots.map((r) => ({ code: r.code, name: r.name, level: level(r), childCount: counts.get(r.code) ?? 0 })) };
  });

  app.get('/api/v1/regions/:code', {
    schema: {
      tags: ['regions'],
      summary: '一个行政区划及其下级',
      description: '代码可写 12 位，或其 2、4、6、9 位简写（130427 与 130427000000 相同）。',
      params: Type.Object({ code: Type.String() }),
      response: { 200: RegionNode, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { region, children, counts } = await node(resolveCode(request.params.code));
    return {
      code: region.code,
      name: region.name,
      level: level(region),
      parentCode: region.parentCode,
      children: children.map((c) => ({ code: c.code, name: c.name, level: level(c), childCount: counts.get(c.code) ?? 0 })),
    };
  });

  app.get('/data/regions', async (request, reply) => {
    const roots = await findRoots(db);
    const counts = await countChildren(db, roots.map((r) => r.code));
    return sendPage(reply, <RegionListPage ctx={pageContext(request)} region={null} ancestry={[]} children={roots} childCounts={counts} />);
  });

  app.get<{ Params: { code: string } }>('/data/regions/:code', async (request, reply) => {
    const { region, children, counts } = await node(resolveCode(request.params.code));
    const ancestry = await findAncestry(db, region.code);
    return sendPage(reply, <RegionListPage ctx={pageContext(request)} region={region} ancestry={ancestry} children={children} childCounts={counts} />);
  });
}
