// Demo (issue 22 §5): 龙华's and 磁县's life events from the default stages (life-events.defaults.json)
// with the demo items. 龙华 publishes both audiences (the stages and items the service-map demo had);
// 磁县 publishes its enterprise stages and has a pending draft that adds the personal ones.
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction } from '../../platform/db/db.ts';
import type { Db } from '../../schema.ts';
import { findGovernmentOfRegion } from '../identity/index.ts';
import { defaultDoc, type SetDoc } from './life-events-model.ts';
import { publishDoc, saveDraft } from './life-events.repository.ts';

type Links = Record<string, string[]>;

function withItems(pre: string, audiences: readonly ('enterprise' | 'personal')[], items: Links, catalogue: Links = {}): SetDoc {
  return {
    stages: defaultDoc().stages.filter((st) => audiences.includes(st.audience)).map((st) => ({
      ...st, items: (items[`${st.audience}/${st.slug}`] ?? []).map((x) => `${pre}-${x}`), catalogue: catalogue[`${st.audience}/${st.slug}`] ?? [],
    })),
  };
}

const ENTERPRISE: Links = { 'enterprise/start': ['YYZZ-SL'], 'enterprise/permits': ['YYZZ-SL', 'SPJY'], 'enterprise/hiring': ['SB-ZM'], 'enterprise/operation': ['SB-ZM'], 'enterprise/closure': ['ZX-DJ'] };
const PERSONAL: Links = { 'personal/birth': ['CSYXZM'], 'personal/work': ['SB-ZM'], 'personal/residence': ['JZZ', 'SFZ-HL'], 'personal/assistance': ['DB-SQ'], 'personal/retirement': ['TX-BZ'], 'personal/travel': ['SFZ-HL'] };
// Catalogue items as ORG/领域/一级事项[/二级事项] (the demo catalogues of the seed).
const LH_CATALOGUE: Links = { 'enterprise/start': ['440309/税收管理/税收法律规章'], 'personal/birth': ['440309/户籍管理/出生登记', '440309003001/综合政务/工作动态/生育登记'], 'personal/residence': ['440309/户籍管理/迁入、迁出、变更登记'] };

export async function loadLifeEventsDemo(db: Db, clock: Clock): Promise<string> {
  const at = clock.now().toISOString();
  const by = '演示数据';
  const org = async (code: string) => (await findGovernmentOfRegion(db, `${code}000000`))?.code ?? code;
  const lh = await org('440309');
  const cx = await org('130427');
  await inTransaction(db, async (trx) => {
    const lhDoc = withItems('LH', ['enterprise', 'personal'], { ...ENTERPRISE, ...PERSONAL }, LH_CATALOGUE);
    await publishDoc(trx, '440309000000', lh, { stages: lhDoc.stages.map((st) => (st.slug === 'permits' ? { ...st, items: st.items.filter((i) => i !== 'LH-SPJY') } : st)) }, at, by);
    await publishDoc(trx, '130427000000', cx, withItems('CX', ['enterprise'], ENTERPRISE), at, by);
    await saveDraft(trx, '130427000000', cx, withItems('CX', ['enterprise', 'personal'], { ...ENTERPRISE, ...PERSONAL }), at, by);
  });
  return '生命周期场景：龙华区、磁县已发布，磁县有待发布的草稿（个人 14 个阶段）';
}
