// Shell: the `organisations` open dataset (issue 23 数据开放) — the organisations of the platform
// (人民政府, 部门, 街道/乡镇, 社区/村, 政务公开办): organisation code, name, kind with its Chinese
// label, parent organisation code and region code. No staff, no personal data; disabled
// organisations are left out. Installation-wide: all; a government's: its organisation subtree.
import { csvChunks, jsonlChunks, keysetRows } from '../../platform/datasets/chunks.ts';
import type { DatasetFacts, DatasetScope, DatasetSource } from '../../platform/datasets/datasets.ts';
import { likePrefix } from '../../platform/db/like.ts';
import { labelOf } from '../../platform/web/enums.ts';
import type { Database, Db } from '../../schema.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from './identity.ts';

interface OrgDbRow { code: string; name: string; kind: OrganisationKind; parent_code: string | null; region_code: string }

function scoped(db: Db, scope: DatasetScope) {
  let q = db.selectFrom('organisation').where('disabled', '=', 0);
  if (scope.kind === 'government') q = q.where('path', 'like', likePrefix(scope.government.path));
  return q;
}

function rows(db: Db, scope: DatasetScope): AsyncGenerator<OrgDbRow> {
  return keysetRows<OrgDbRow, string>(async (after, size) => {
    let q = scoped(db, scope).select(['code', 'name', 'kind', 'parent_code', 'region_code']);
    if (after !== null) q = q.where('code', '>', after);
    return q.orderBy('code').limit(size).execute();
  }, (r) => r.code);
}

function isoOrNull(v: string | null | undefined): string | null {
  const d = v ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

const HEADER = ['code', 'name', 'kind', 'kind_label', 'parent_code', 'region_code'];

async function* csvRows(db: Db, scope: DatasetScope): AsyncGenerator<readonly unknown[]> {
  for await (const r of rows(db, scope)) yield [r.code, r.name, r.kind, labelOf(ORGANISATION_KINDS, r.kind), r.parent_code, r.region_code];
}

async function* jsonRows(db: Db, scope: DatasetScope): AsyncGenerator<unknown> {
  for await (const r of rows(db, scope)) yield { code: r.code, name: r.name, kind: r.kind, kind_label: labelOf(ORGANISATION_KINDS, r.kind), parent_code: r.parent_code, region_code: r.region_code };
}

export const organisationsDataset: DatasetSource<Database> = {
  key: 'organisations',
  scopes: ['installation', 'government'],
  theme: 'regions',
  title: '机构名录',
  description: '在本平台公开政府信息、提供政务服务的机构：机构代码、名称、机构类型（人民政府、部门、街道办事处/乡镇政府、社区工作站/村委会、政务公开办）、上级机构代码和所在区划代码（12 位）。不含工作人员和任何个人信息；已停用的机构不列出。',
  keywords: ['机构', '组织机构', '政府部门', '机构代码'],
  frequency: 'irregular',
  distributions: [
    { file: 'organisations.csv', format: 'CSV', title: '机构名录（CSV）', description: 'UTF-8（带 BOM）、逗号分隔，表头 code,name,kind,kind_label,parent_code,region_code。' },
    { file: 'organisations.jsonl', format: 'JSONL', title: '机构名录（JSON Lines）', description: '每行一个 JSON 对象：code、name、kind、kind_label、parent_code、region_code。' },
  ],
  async facts(db: Db, scope: DatasetScope): Promise<DatasetFacts | null> {
    // The organisation table is small (thousands of rows at province scale); path is indexed.
    const r = await scoped(db, scope).select([db.fn.countAll<number | string>().as('n'), db.fn.max('created_at').as('last')]).executeTakeFirstOrThrow();
    const n = Number(r.n);
    return n > 0 ? { lastModified: isoOrNull(r.last), rows: n, temporal: null } : null;
  },
  open(db: Db, scope: DatasetScope, file: string): AsyncIterable<string> {
    return file === 'organisations.jsonl' ? jsonlChunks(jsonRows(db, scope)) : csvChunks(HEADER, csvRows(db, scope));
  },
};
