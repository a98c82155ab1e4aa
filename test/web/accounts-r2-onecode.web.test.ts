// Review r2 of 一码办 (issue 21 §4) through the real reader (the accounts module's app.oneCode):
// an enterprise account that shares its 单位名称 and 统一社会信用代码 (its contact person's name comes
// too) fills the walk-in 依申请公开 form as 法人或其他组织 — not as the contact person with the code
// dropped; and a clerk of another county reads a 磁县 person's code (a person may go to any hall):
// the audit rows are in the reader's organisation.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, cookiesFrom, postForm, signIn, withDemo } from '../support/app.ts';
import { signInResident, type TestResident } from '../support/resident.ts';
import type { App } from '../../src/platform/web/server.tsx';
import type { Db } from '../../src/schema.ts';

const USCC = '91130427MA0A1B2C3L';

forEachDialect('一码办 review r2', (getDb) => {
  let app: App;
  let db: Db;

  before(async () => {
    db = getDb().db;
    app = (await buildTestApp(getDb())).app;
  });
  after(async () => app.close());

  async function showCode(r: TestResident): Promise<string> {
    const page = await app.inject({ method: 'GET', url: '/me/code', headers: { cookie: r.cookie } });
    const short = /class="onecode-short"[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([A-Z0-9 ]+)<\/p>/.exec(page.body)?.[1];
    assert.ok(short, page.body.slice(0, 300));
    return short;
  }
  async function readAndAccept(staff: string, r: TestResident, fields: string): Promise<string> {
    const short = await showCode(r);
    const res = await app.inject({ method: 'POST', url: '/staff/desk/code', headers: { cookie: staff, accept: 'application/json' }, payload: { _csrf: CSRF, code: short, fields, purpose: '窗口登记依申请公开申请', next: '/staff/desk/apply' } });
    assert.equal(res.statusCode, 201, res.body);
    const read = res.json().read as string;
    assert.equal((await postForm(app, `/me/code/${read}/decide`, r.cookie, { decision: 'accept' })).statusCode, 303);
    return read;
  }
  const value = (body: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(body)?.[1] ?? '';

  test('an enterprise sharing its name, 统一社会信用代码, contact name and phone fills the walk-in form as the legal person', async () => {
    const signedIn = await signIn(app, 'cixian.window');
    const clerk = cookiesFrom(await postForm(app, '/staff/desk/place', signedIn, { venue: 'CX-ZWFW', window: '' }), signedIn);
    const ent = await signInResident(db, { phone: '19912349902', kind: 'enterprise', name: '李四', uscc: USCC, orgName: '磁县测试科技有限公司' });
    // the panel tells the clerk which fields an enterprise needs (the defaults are a person's)
    assert.match((await app.inject({ method: 'GET', url: '/staff/desk/apply', headers: { cookie: clerk } })).body, /企业办事：请勾选单位名称和统一社会信用代码/);
    const read = await readAndAccept(clerk, ent, 'name,id_number,phone,org_name,uscc');
    const page = await app.inject({ method: 'GET', url: `/staff/desk/apply?code_read=${read}`, headers: { cookie: clerk } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="legal_person" selected/, 'applicant type 法人或其他组织');
    assert.equal(value(page.body, 'applicant_name'), '磁县测试科技有限公司');
    assert.equal(value(page.body, 'applicant_id_number'), USCC);
    assert.equal(value(page.body, 'applicant_phone'), '19912349902');
    assert.match(page.body, /已按一码办填写：[^<]*统一社会信用代码/);
  });

  test('a county clerk working at a township hall: the take is audited in the same organisation as the scan (the hall\'s)', async () => {
    const signedIn = await signIn(app, 'cixian.editor');
    const clerk = cookiesFrom(await postForm(app, '/staff/desk/place', signedIn, { venue: 'CX-BM-130427100', window: '' }), signedIn);
    const person = await signInResident(db, { phone: '19912349904', name: '赵六' });
    const read = await readAndAccept(clerk, person, 'name');
    const id = (await db.selectFrom('staff_user').select('id').where('username', '=', 'cixian.editor').executeTakeFirstOrThrow()).id;
    assert.deepEqual(await app.oneCode!.takeForStaff(read, id), { name: '赵六' });
    const audit = await db.selectFrom('audit_log').select(['action', 'org_code']).where('entity', '=', 'pa_code').where('entity_id', '=', read).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.org_code]), [['onecode.scan', '130427100'], ['onecode.take', '130427100']]);
  });

  test('a clerk of another county reads a 磁县 person\'s code: it works, and the audit rows are in the reader\'s organisation', async () => {
    const longhua = await signIn(app, 'longhua.admin');
    const person = await signInResident(db, { phone: '19912349903', name: '王五', idNumber: '11010519491231002X' });
    const read = await readAndAccept(longhua, person, 'name,phone');
    const lhId = (await db.selectFrom('staff_user').select('id').where('username', '=', 'longhua.admin').executeTakeFirstOrThrow()).id;
    assert.deepEqual(await app.oneCode!.takeForStaff(read, lhId), { name: '王五', phone: '19912349903' });
    const audit = await db.selectFrom('audit_log').select(['action', 'org_code']).where('entity', '=', 'pa_code').where('entity_id', '=', read).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.org_code]), [['onecode.scan', '440309'], ['onecode.take', '440309']]);
  });
}, withDemo);
