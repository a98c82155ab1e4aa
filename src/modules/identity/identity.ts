// Pure: the identity vocabulary — organisation kinds, staff roles — and organisation codes.
//
// Organisation codes: a bare region code ('130427', '440105001') stands for that region's
// government (人民政府, 街道办事处/乡镇政府, 居委会/村委会); departments and offices get
// 'REGION-slug' codes ('130427-gkb' 磁县政务公开办, '440309-gaj' 龙华分局).
import { defineEnum } from '../../platform/web/enums.ts';
import { shortRegionCode } from '../../platform/geo/region-code.ts';

export type OrganisationKind = 'government' | 'department' | 'township_government' | 'village_committee' | 'openness_office';

export const ORGANISATION_KINDS = defineEnum<OrganisationKind>([
  { code: 'government', label: '人民政府' },
  { code: 'department', label: '部门' },
  { code: 'township_government', label: '街道办事处/乡镇政府' },
  { code: 'village_committee', label: '社区工作站/村委会' },
  { code: 'openness_office', label: '政务公开办' },
]);

export type Role = 'platform_admin' | 'admin' | 'supervisor' | 'editor' | 'reviewer' | 'case_handler';

export const ROLES = defineEnum<Role>([
  // Install-wide: shared data of every county (calendar, categories, synonyms); granted only by
  // the command line or another platform administrator. Covers everything `admin` may do.
  { code: 'platform_admin', label: '平台管理员' },
  { code: 'admin', label: '系统管理员' },
  { code: 'supervisor', label: '政务公开办/科室负责人' },
  { code: 'editor', label: '信息编辑' },
  { code: 'reviewer', label: '审核（保密审查）' },
  { code: 'case_handler', label: '承办人' },
]);

const ORG_CODE = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})(-[a-z][a-z0-9]{1,19})?$/;

export interface ParsedOrgCode {
  /** 12-digit region code. */
  regionCode: string;
  /** The part after '-', or null for a region's own government. */
  slug: string | null;
  /** The canonical spelling: short region code plus '-slug'. */
  canonical: string;
}

/** Parses an organisation code, or null when malformed. */
export function parseOrgCode(input: string): ParsedOrgCode | null {
  const t = input.trim().toLowerCase();
  if (!ORG_CODE.test(t)) return null;
  const [region, slug] = t.split('-') as [string, string | undefined];
  const regionCode = region.padEnd(12, '0');
  const short = shortRegionCode(regionCode);
  return { regionCode, slug: slug ?? null, canonical: slug ? `${short}-${slug}` : short };
}

/** The subtree path of an organisation under its parent's path. */
export function childPath(parentPath: string | null, code: string): string {
  return `${parentPath ?? '/'}${code}/`;
}
