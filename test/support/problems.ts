// Test helper: a supervision problem as the inspection engine raises it (state open, event `raised`
// seq 1, open_key = fingerprint), written straight into the tables.
import type { Db } from '../../src/schema.ts';

let serial = 0;
export interface RaisedProblem { id: number; publicId: string; fingerprint: string }

export async function raiseProblem(db: Db, p: { org: string; office: string; title: string; foundOn?: string; dueOn?: string; month?: string; fingerprint?: string; evidenceUrl?: string; ruleCode?: string; publicId?: string }): Promise<RaisedProblem> {
  const org = await db.selectFrom('organisation').select(['code', 'path']).where('code', '=', p.org).executeTakeFirstOrThrow();
  const n = ++serial;
  const month = p.month ?? '2026-11';
  const publicId = p.publicId ?? `WT-${month}-${String(n).padStart(5, '0')}`;
  const fingerprint = p.fingerprint ?? `${p.ruleCode ?? 'disclosure_late'}:${p.org}:${n}`;
  const at = '2026-11-03T01:00:00.000Z';
  const row = await db.insertInto('sv_problem').values({
    public_id: publicId, rule_code: p.ruleCode ?? 'disclosure_late', org_code: org.code, org_path: org.path, office_org_code: p.office, month, fingerprint, open_key: fingerprint,
    subject_ref: '', title: p.title, detail: '未在信息形成之日起20个工作日内公开（《政府信息公开条例》第二十六条）', evidence_url: p.evidenceUrl ?? 'https://www.example.gov.cn/record/1', severity: 'major', state: 'open',
    found_on: p.foundOn ?? '2026-11-03', due_on: p.dueOn ?? '2026-11-17', measures: '', rectified_on: null, verify_note: '', closed_on: null, escalated_on: null, inspection_id: null,
    created_by: 'system', created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  await db.insertInto('sv_problem_event').values({ problem_id: id, seq: 1, kind: 'raised', on_date: p.foundOn ?? '2026-11-03', payload_json: JSON.stringify({ title: p.title }), actor: 'system', actor_org_code: p.office, at }).execute();
  return { id, publicId, fingerprint };
}
