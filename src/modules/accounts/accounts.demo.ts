// Demo data of residents' and enterprises' accounts (issue 21): a person 「张三（演示）」 and an
// enterprise 「磁县演示科技有限公司」, each signed in by phone + SMS code (the code is written to the
// console log with the demo's NOTIFY_PROVIDER), consent already given, with a few of the demo's
// submissions of 磁县 linked to them so /me shows something at once. The ID number and the
// 统一社会信用代码 are made up (check digits valid, GB 11643 / GB 32100), never a real person's.
import type { Clock } from '../../platform/clock/clock.ts';
import { initPii, sealPii } from '../../platform/auth/pii.ts';
import { platformView, type Db } from '../../schema.ts';
import { loginKeyForPhone, recordActivity, signInAccount } from './accounts.repository.ts';
import { CONSENT_VERSION } from './vocabulary.ts';

/** The demo's sign-in phones (README's demo section lists them). */
export const DEMO_PERSON = { phone: '19912340001', name: '张三（演示）', idNumber: '130427199003071237' } as const;
export const DEMO_ENTERPRISE = { phone: '19912340002', orgName: '磁县演示科技有限公司', uscc: '91130427MA0A1B2C3L', name: '李四（演示）' } as const;

/** The county whose demo submissions are linked. */
const COUNTY = '130427';

export async function loadAccountsDemo(db: Db, clock: Clock, piiKey: string | null = null): Promise<string> {
  const now = clock.now();
  // The demo is loaded before the app starts: the key that seals the ID number must be there already
  // (the app loads the same one: PII_KEY, else the one kept in the database).
  try { sealPii(platformView(db), 'x'); } catch { await initPii(platformView(db), piiKey); }
  const person = (await signInAccount(db, loginKeyForPhone(DEMO_PERSON.phone), 'sms', { kind: 'person', name: DEMO_PERSON.name, phone: DEMO_PERSON.phone, idNumber: DEMO_PERSON.idNumber, uscc: null, orgName: null }, now)).account;
  const enterprise = (await signInAccount(db, loginKeyForPhone(DEMO_ENTERPRISE.phone), 'sms', { kind: 'enterprise', name: DEMO_ENTERPRISE.name, phone: DEMO_ENTERPRISE.phone, idNumber: null, uscc: DEMO_ENTERPRISE.uscc, orgName: DEMO_ENTERPRISE.orgName }, now)).account;
  for (const a of [person, enterprise]) {
    await db.updateTable('pa_account').set({ consent_version: CONSENT_VERSION, consented_at: now.toISOString() }).where('id', '=', a.id).execute();
    await recordActivity(db, a.id, 'consent', CONSENT_VERSION, now);
  }

  // a few of the demo's own submissions of the county, as if made while signed in
  const linked: string[] = [];
  const apps = async (type: string, n: number) => (await db.selectFrom('application_case').select('id').where('org_code', '=', COUNTY).where('applicant_type', '=', type).where('account_id', 'is', null).orderBy('id').limit(n).execute()).map((r) => r.id);
  const personApps = await apps('natural_person', 2);
  const enterpriseApps = await apps('legal_person', 1);
  // the linked submissions become the demo account's own (its name, ID number, phone): linking
  // other demo people's cases would show their personal data in the demo person's space and export
  if (personApps.length) await db.updateTable('application_case').set({ account_id: person.id, applicant_name: DEMO_PERSON.name, applicant_id_number: DEMO_PERSON.idNumber, applicant_phone: DEMO_PERSON.phone, applicant_email: null, applicant_address: null }).where('id', 'in', personApps).execute();
  if (enterpriseApps.length) await db.updateTable('application_case').set({ account_id: enterprise.id, applicant_name: DEMO_ENTERPRISE.orgName, applicant_id_number: DEMO_ENTERPRISE.uscc, applicant_phone: DEMO_ENTERPRISE.phone, applicant_email: null, applicant_address: null }).where('id', 'in', enterpriseApps).execute();
  linked.push(`依申请公开 ${personApps.length + enterpriseApps.length} 件`);
  const messages = (await db.selectFrom('message').select('id').where('org_code', '=', COUNTY).where('account_id', 'is', null).orderBy('id').limit(2).execute()).map((r) => r.id);
  if (messages.length) await db.updateTable('message').set({ account_id: person.id, contact_name: DEMO_PERSON.name, contact_phone: DEMO_PERSON.phone, contact_email: null }).where('id', 'in', messages).execute();
  linked.push(`留言 ${messages.length} 条`);
  const ratings = (await db.selectFrom('rating').select('id').where('org_code', 'like', `${COUNTY}%`).where('account_id', 'is', null).orderBy('id').limit(1).execute()).map((r) => r.id);
  if (ratings.length) await db.updateTable('rating').set({ account_id: person.id, rater_name: DEMO_PERSON.name, rater_phone: DEMO_PERSON.phone }).where('id', 'in', ratings).execute();
  linked.push(`评价 ${ratings.length} 条`);
  return `个人/法人账号：2 个（手机 ${DEMO_PERSON.phone} 个人、${DEMO_ENTERPRISE.phone} 法人，验证码见控制台日志；关联${linked.join('、')}）`;
}
