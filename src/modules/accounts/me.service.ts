// Shell: the personal space's data (issue 21 §2) — what an account can match earlier submissions by,
// its records of each kind, claiming earlier ones in one transaction, and an enterprise's stage.
import type { Resident } from '../../platform/auth/resident.ts';
import { openPii } from '../../platform/auth/pii.ts';
import { inTransaction } from '../../platform/db/db.ts';
import type { Db } from '../../schema.ts';
import { LIFE_EVENT_STAGES, listStages, regionsWithStages, type LifeEventStage } from '../service-map/index.ts';
import { recordActivity } from './accounts.repository.ts';
import { meStrings as s } from './me.strings.ts';
import { RECORD_SOURCES, type AccountMatch, type MyRecord, type RecordKind } from './records.ts';

/** The verified facts earlier submissions are matched by; the ID number opened from its sealed form. */
export function accountMatch(db: Db, r: Resident): AccountMatch {
  const idNumber = r.kind === 'person' && r.idNumberSealed ? openPii(db, r.idNumberSealed) : null;
  return { phone: r.phone && /^1\d{10}$/.test(r.phone) ? r.phone : null, idNumber: idNumber ? idNumber.toUpperCase() : null, uscc: r.kind === 'enterprise' && r.uscc ? r.uscc.toUpperCase() : null };
}

export async function myRecords(db: Db, accountId: number): Promise<Map<RecordKind, MyRecord[]>> {
  const lists = await Promise.all(RECORD_SOURCES.map((src) => src.list(db, accountId)));
  return new Map(RECORD_SOURCES.map((src, i) => [src.kind, lists[i]!]));
}

export async function claimableRecords(db: Db, r: Resident): Promise<MyRecord[]> {
  const match = accountMatch(db, r);
  if (!match.phone && !match.idNumber && !match.uscc) return [];
  return (await Promise.all(RECORD_SOURCES.map((src) => src.claimable(db, match)))).flat();
}

/** A ticked box's value: `kind:ref`. */
export function parseSelection(values: readonly string[]): Map<RecordKind, string[]> {
  const out = new Map<RecordKind, string[]>();
  for (const v of values.slice(0, 500)) {
    const i = v.indexOf(':');
    const kind = v.slice(0, i) as RecordKind;
    const ref = v.slice(i + 1).trim();
    if (i <= 0 || !ref || ref.length > 60 || !RECORD_SOURCES.some((x) => x.kind === kind)) continue;
    out.set(kind, [...(out.get(kind) ?? []), ref]);
  }
  return out;
}

/**
 * Claims the chosen submissions in one transaction: each source links only rows still unlinked and
 * still matching the account (re-checked in the UPDATE), so a crafted reference is never claimed.
 */
export async function claimRecords(db: Db, r: Resident, chosen: ReadonlyMap<RecordKind, readonly string[]>, now: Date): Promise<number> {
  const match = accountMatch(db, r);
  return inTransaction(db, async (trx) => {
    let n = 0;
    for (const src of RECORD_SOURCES) {
      const refs = chosen.get(src.kind);
      if (refs?.length) n += await src.claim(trx, r.accountId, match, refs);
    }
    if (n) await recordActivity(trx, r.accountId, 'claim', s.claim.activity(n), now);
    return n;
  });
}

export const ENTERPRISE_STAGES = LIFE_EVENT_STAGES.enterprise;

/** The stage's slug or its Chinese name (企业开办…), like every enum field; the slug is stored. */
export async function setEnterpriseStage(db: Db, accountId: number, input: string): Promise<boolean> {
  const slug = ENTERPRISE_STAGES.find((x) => x.slug === input || x.name === input)?.slug;
  if (!slug) return false;
  await db.updateTable('pa_account').set({ enterprise_stage: slug }).where('id', '=', accountId).where('kind', '=', 'enterprise').execute();
  return true;
}

export async function enterpriseStageOf(db: Db, accountId: number): Promise<string | null> {
  const row = await db.selectFrom('pa_account').select('enterprise_stage').where('id', '=', accountId).executeTakeFirst();
  return row?.enterprise_stage && ENTERPRISE_STAGES.some((x) => x.slug === row.enterprise_stage) ? row.enterprise_stage : null;
}

/** The stage as the service map configures it (the first region that has it), with its items. */
export async function stageWithItems(db: Db, slug: string): Promise<LifeEventStage | null> {
  for (const region of await regionsWithStages(db)) {
    const found = (await listStages(db, region, 'enterprise')).find((x) => x.slug === slug);
    if (found) return found;
  }
  return null;
}
