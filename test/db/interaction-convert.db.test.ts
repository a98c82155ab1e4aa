// 转为依申请公开 on SQLite and PostgreSQL: converting a disclosure-request message registers a real
// application through the applications module (channel and Art. 31 received date by the message's
// source), stores its reference on the message, audits both writes, and refuses without Art. 29 data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, postForm, signIn, withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { HttpError } from '../../src/platform/web/http-error.ts';
import { trackingCodeMatches } from '../../src/platform/public-refs/public-refs.ts';
import { createWorkOrders } from '../../src/modules/interaction/index.ts';
import { act, submitMessage, type ApplicationIntake } from '../../src/modules/interaction/interaction.service.ts';
import { registerOffline } from '../../src/modules/applications/index.ts';
import * as repo from '../../src/modules/interaction/interaction.repository.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';

forEachDialect('interaction → 依申请公开', (get) => {
  const clock = fixedClock('2026-10-09T02:00:00Z'); // Fri 2026-10-09 (Beijing)
  const applicant = { type: 'natural_person', id_number: '130427199001011230', delivery: 'email' };
  const actorOf = async (username: string) => (await identityService.actorFor(get().db, (await findUserByUsername(get().db, username))!.id, 'token'))!;
  const submit = async (title: string) => {
    const r = await submitMessage({ db: get().db, clock }, { org: '130427', category: 'roads', title, content: '申请公开本县2026年道路养护资金使用情况', address: '', lat: null, lng: null, contactName: '张三', contactPhone: '13900000123', contactEmail: 'zhang@example.com', isPublic: false, source: 'web' });
    assert.ok(r.ok);
    return r.reference;
  };

  test('a web message becomes an online application: pending Art. 31 confirmation, reference on the message, both writes audited', async () => {
    const ref = await submit('申请公开养护资金');
    const actor = await actorOf('cixian.minhu');
    const r = await act({ db: get().db, clock }, { actor }, ref, { type: 'convert', on: '2026-10-09', application_ref: 'YSQ-FORGED' }, applicant);
    assert.equal(r.message.stage, 'converted_to_application');
    const appRef = r.message.application_ref;
    assert.match(appRef ?? '', /^YSQ-20261009-/, 'the reference comes from the applications module, not the request');
    const c = await get().db.selectFrom('application_case').selectAll().where('reference', '=', appRef!).executeTakeFirstOrThrow();
    assert.deepEqual([c.channel, c.submitted_on, c.received_on, c.org_code, c.applicant_name, c.applicant_phone, c.applicant_email, c.delivery], ['online', '2026-10-09', null, '130427', '张三', '13900000123', 'zhang@example.com', 'email']);
    assert.match(c.description, /道路养护资金/);
    assert.ok(r.applicationTrackingCode && trackingCodeMatches(r.applicationTrackingCode, c.tracking_hash), 'the applicant gets the application tracking code');
    const audits = await get().db.selectFrom('audit_log').select(['action', 'entity_id', 'after_json']).where('entity_id', 'in', [ref, appRef!]).execute();
    assert.deepEqual(audits.map((a) => a.action).sort(), ['application_registered', 'message.convert']);
    assert.match(audits.find((a) => a.action === 'message.convert')!.after_json ?? '', new RegExp(appRef!));
  });

  test('a 12345 work order becomes a 12345转办 application received on the day of the call', async () => {
    const created = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', [
      { workOrderNo: 'CV20261009001', operatorNo: '8012', title: '申请公开低保名单', content: '来电人申请公开本村低保对象名单', calledAt: '2026-10-09 09:00:00', plannedAt: null, orderType: '咨询', status: '待签收', closedAt: null },
    ]);
    assert.ok(created.ok);
    const ref = created.ok ? created.references[0]! : '';
    const actor = await actorOf('cixian.minhu');
    const r = await act({ db: get().db, clock }, { actor }, ref, { type: 'convert', on: '2026-10-09' }, { ...applicant, name: '李四', phone: '13900000456', delivery: 'pickup' });
    const c = await get().db.selectFrom('application_case').selectAll().where('reference', '=', r.message.application_ref!).executeTakeFirstOrThrow();
    assert.deepEqual([c.channel, c.received_on, c.applicant_name, c.delivery], ['hotline_12345', '2026-10-09', '李四', 'pickup']);
    assert.ok(c.due_on, 'a 12345转办 application has its 20-working-day deadline at once');
  });

  test('converted through the site, the application follows DEADLINE_COUNT_START_DAY like every other application', async () => {
    // 第三十三条 counted from the call on Fri 2026-10-09: with the start day counted (《民法典》第二百零一条
    // not applied, regulations.md §1.6) day 1 is 10-09 and the 调休 Saturday 10-10 counts → 2026-11-04;
    // without it the count starts on 10-10 → 2026-11-05.
    const t = await buildTestApp(get(), clock, { DEADLINE_COUNT_START_DAY: 'true' });
    try {
      const created = await createWorkOrders({ db: get().db, clock }, { actorId: null, label: 'test' }, '130427', [
        { workOrderNo: 'CV20261009002', operatorNo: '8012', title: '申请公开路灯合同', content: '来电人申请公开本镇路灯采购合同', calledAt: '2026-10-09 10:00:00', plannedAt: null, orderType: '咨询', status: '待签收', closedAt: null },
      ]);
      assert.ok(created.ok);
      const ref = created.ok ? created.references[0]! : '';
      const res = await postForm(t.app, `/staff/messages/${ref}/actions`, await signIn(t.app, 'cixian.minhu'), { type: 'convert', on: '2026-10-09', applicant_type: 'natural_person', applicant_name: '王五', applicant_id_number: '13042719900101129X', applicant_phone: '13900000789', delivery: 'pickup' });
      assert.equal(res.statusCode, 200);
      const m = await get().db.selectFrom('message').select('application_ref').where('reference', '=', ref).executeTakeFirstOrThrow();
      const c = await get().db.selectFrom('application_case').selectAll().where('reference', '=', m.application_ref!).executeTakeFirstOrThrow();
      assert.equal(c.due_on, '2026-11-04');
      assert.match(c.due_explanation, /当日计入/);
    } finally {
      await t.app.close();
    }
  });

  test('without an ID number (Art. 29) the conversion is refused and nothing is written', async () => {
    const ref = await submit('申请公开缺少身份');
    const actor = await actorOf('cixian.minhu');
    const before = await get().db.selectFrom('application_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(act({ db: get().db, clock }, { actor }, ref, { type: 'convert', on: '2026-10-09' }, { type: 'natural_person', delivery: 'email' }),
      (e: unknown) => e instanceof HttpError && e.status === 400 && e.code === 'application_invalid' && /身份/.test(e.message));
    const after = await get().db.selectFrom('application_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    assert.equal((await repo.findMessage(get().db, ref))!.stage, 'submitted');
  });

  test('a refused workflow step (already converted) registers no second application', async () => {
    const ref = await submit('申请公开重复转办');
    const actor = await actorOf('cixian.minhu');
    await act({ db: get().db, clock }, { actor }, ref, { type: 'convert', on: '2026-10-09' }, applicant);
    const before = await get().db.selectFrom('application_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(act({ db: get().db, clock }, { actor }, ref, { type: 'convert', on: '2026-10-09' }, applicant), (e: unknown) => e instanceof HttpError && e.status === 409);
    const after = await get().db.selectFrom('application_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('the application and the message are one write: when the message write fails, no application remains', async () => {
    const ref = await submit('申请公开原子写入');
    const actor = await actorOf('cixian.minhu');
    const count = async () => Number((await get().db.selectFrom('application_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    // An intake that registers for real and then fails, as a message write after it could.
    const failing: ApplicationIntake = async (db, a, input) => {
      const r = await registerOffline({ db, clock }, a, input);
      assert.ok(r.ok);
      throw new Error('message write failed');
    };
    await assert.rejects(act({ db: get().db, clock, applicationIntake: failing }, { actor }, ref, { type: 'convert', on: '2026-10-09' }, applicant), /message write failed/);
    assert.equal(await count(), before, 'the registered application was rolled back with the message');
    assert.equal((await repo.findMessage(get().db, ref))!.stage, 'submitted');
  });
}, withDemo);
