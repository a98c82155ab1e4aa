// PIPL (issue 21 §5): the 个人信息处理规则 (/me/rules, public), consent before first use
// (/me/consent; requireResident() sends every other /me page here until the current
// CONSENT_VERSION is accepted), everything held about the person (/me/export, /me/export.json —
// 《个人信息保护法》第四十五条 查阅、复制), and closing the account (/me/close — 第四十七条 删除;
// the cases are kept by their modules as the law requires, each RecordSource's `retention`).
import type { FastifyRequest } from 'fastify';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { notFound } from '../../platform/web/http-error.ts';
import { pageContext, sendDownload, sendPage, type App } from '../../platform/web/server.tsx';
import { recordActivity } from './accounts.repository.ts';
import type { AccountsDeps } from './deps.ts';
import { addMeSection } from './me-sections.ts';
import { buildExport, closeAccount, findClosed, keptRecords, recordConsent } from './privacy.service.ts';
import { CLOSE_REASON_MAX, privacyStrings as s } from './privacy.strings.ts';
import { RECORD_SOURCES } from './records.ts';
import { endResidentSession, requireResident, safeReturnTo } from './sessions.ts';
import { ClosedPage, ClosePage, ConsentPage, ExportPage, PrivacyMeBlock, RulesPage } from './views/privacy-pages.tsx';

export async function privacyRoutes(app: App, deps: AccountsDeps): Promise<void> {
  const { db, clock } = deps;
  const signedIn = { preHandler: requireResident() };
  /** Consent, closing: reachable before consent (refusing leaves signing out or closing). */
  const beforeConsent = { preHandler: requireResident({ consent: false }) };
  const accountOf = (request: FastifyRequest) => request.resident as NonNullable<FastifyRequest['resident']>;
  const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

  app.get('/me/rules', async (request, reply) => sendPage(reply, <RulesPage ctx={pageContext(request)} />));

  // ---------- consent before first use (第十三、十七、二十九条) ----------
  const consentState = async (accountId: number) =>
    db.selectFrom('pa_account').select(['consent_version', 'id_number_masked', 'id_number_sealed']).where('id', '=', accountId).executeTakeFirstOrThrow();

  app.get('/me/consent', beforeConsent, async (request, reply) => {
    const returnTo = safeReturnTo(query(request).return_to);
    if (accountOf(request).consented) return reply.redirect(returnTo, 303);
    const row = await consentState(accountOf(request).accountId);
    const view = { returnTo, idNumberMasked: row.id_number_sealed ? row.id_number_masked ?? '' : null, askedAgain: row.consent_version !== null, values: { agree: false, agree_id: false }, errors: {} };
    return sendPage(reply, <ConsentPage ctx={pageContext(request)} view={view} />);
  });

  app.post('/me/consent', beforeConsent, async (request, reply) => {
    const resident = accountOf(request);
    const returnTo = safeReturnTo(field(request.body, 'return_to'));
    const values = { agree: field(request.body, 'agree') === 'yes', agree_id: field(request.body, 'agree_id') === 'yes' };
    const row = await consentState(resident.accountId);
    const needsId = row.id_number_sealed !== null;
    const errors: FieldErrors = {};
    if (!values.agree) errors.agree = s.errAgree;
    if (needsId && !values.agree_id) errors.agree_id = s.errAgreeId;
    if (Object.keys(errors).length) {
      const view = { returnTo, idNumberMasked: needsId ? row.id_number_masked ?? '' : null, askedAgain: row.consent_version !== null && !resident.consented, values, errors };
      return sendPage(reply, <ConsentPage ctx={pageContext(request)} view={view} />, 400);
    }
    await recordConsent(db, resident.accountId, clock.now());
    return reply.redirect(returnTo, 303);
  });

  // ---------- download everything (第四十五条) ----------
  app.get('/me/export', signedIn, async (request, reply) => {
    const now = clock.now();
    const id = accountOf(request).accountId;
    await recordActivity(db, id, 'export', '网页', now);
    const data = await buildExport(db, id, now);
    if (!data) throw notFound();
    return sendPage(reply, <ExportPage ctx={pageContext(request)} data={data} />);
  });

  app.get('/me/export.json', signedIn, async (request, reply) => {
    const now = clock.now();
    const id = accountOf(request).accountId;
    await recordActivity(db, id, 'export', 'JSON 文件', now);
    const data = await buildExport(db, id, now);
    if (!data) throw notFound();
    reply.header('cache-control', 'no-store');
    return sendDownload(reply, JSON.stringify(data, null, 2), `gongkai-my-data-${localDateOf(now)}.json`, 'application/json; charset=utf-8');
  });

  // ---------- closing the account (第四十七条) ----------
  app.get('/me/close', beforeConsent, async (request, reply) => {
    const kept = await keptRecords(db, accountOf(request).accountId);
    return sendPage(reply, <ClosePage ctx={pageContext(request)} view={{ kept, values: { reason: '', confirm: '' }, errors: {} }} />);
  });

  app.post('/me/close', beforeConsent, async (request, reply) => {
    const resident = accountOf(request);
    const values = { reason: field(request.body, 'reason'), confirm: field(request.body, 'confirm') };
    const errors: FieldErrors = {};
    if (values.reason.trim().length > CLOSE_REASON_MAX) errors.reason = s.errReason;
    if (values.confirm.trim() !== s.confirmWord) errors.confirm = s.errConfirm;
    if (Object.keys(errors).length) {
      const kept = await keptRecords(db, resident.accountId);
      return sendPage(reply, <ClosePage ctx={pageContext(request)} view={{ kept, values, errors }} />, 400);
    }
    const closed = await closeAccount(db, resident.accountId, values.reason, clock.now());
    await endResidentSession(deps, request, reply);
    if (!closed) return reply.redirect('/', 303);
    request.log.info({ account: closed.publicId, unlinked: closed.unlinked }, 'resident account closed');
    return reply.redirect(`/me/closed?ref=${encodeURIComponent(closed.publicId)}`, 303);
  });

  app.get('/me/closed', async (request, reply) => {
    const ref = (query(request).ref ?? '').trim();
    const closed = /^U[A-Z0-9]{12}$/.test(ref) ? await findClosed(db, ref) : undefined;
    if (!closed) throw notFound();
    const kept = RECORD_SOURCES.map((x) => ({ kind: x.kind, label: x.label, retention: x.retention }));
    return sendPage(reply, <ClosedPage ctx={pageContext(request)} closed={closed} kept={kept} />);
  });

  addMeSection(app, {
    id: 'privacy',
    order: 90,
    render: async (request) => {
      const r = request.resident;
      if (!r) return null;
      const row = await db.selectFrom('pa_account').select(['consent_version', 'consented_at']).where('id', '=', r.accountId).executeTakeFirst();
      return <PrivacyMeBlock consentedAt={row?.consented_at ?? null} version={row?.consent_version ?? null} />;
    },
  });
}
