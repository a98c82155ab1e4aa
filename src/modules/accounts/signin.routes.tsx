// Sign-in of residents (issue 21 §1, §6): /me/sign-in, POST /me/sign-in/code, POST /me/sign-in/verify,
// POST /me/sign-out. The phone form is answered in place (200 with the code field; the number is
// never put in a URL); refusals are 400 (429 for the flood limits) with the number kept, and logged
// with the number masked and never the code. Sending a code looks the same whether or not the
// number has an account: the account is found or created only once the code is right.
import type { FastifyRequest } from 'fastify';
import { beijingTime } from '../../platform/clock/local-date.ts';
import { maskPhone } from '../../platform/log/mask.ts';
import { addressKey } from '../../platform/web/client-address.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { loginKeyForPhone, recordActivity, signInAccount } from './accounts.repository.ts';
import type { AccountsDeps } from './deps.ts';
import { endResidentSession, safeReturnTo, startResidentSession } from './sessions.ts';
import { normalisePhone, requestCode, verifyCode, type SendRefusal, type VerifyRefusal } from './signin.service.ts';
import { signInStrings as s } from './signin.strings.ts';
import { SignInPage } from './views/signin.tsx';

function queryValue(request: FastifyRequest, name: string): string {
  const v = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
}

export async function signInRoutes(app: App, deps: AccountsDeps): Promise<void> {
  const page = (request: FastifyRequest, p: { returnTo: string; stage: 'phone' | 'code'; phone: string; errors: FieldErrors; sent?: boolean }) => (
    <SignInPage ctx={pageContext(request)} {...p} oidcLabel={deps.config.oidc?.label ?? null} codeInLog={deps.smsCodeInLog ?? false} />
  );

  app.get('/me/sign-in', async (request, reply) => {
    const returnTo = safeReturnTo(queryValue(request, 'return_to'));
    if (request.resident) return reply.redirect(returnTo, 303);
    return sendPage(reply, page(request, { returnTo, stage: 'phone', phone: '', errors: {} }));
  });

  app.post('/me/sign-in/code', async (request, reply) => {
    const returnTo = safeReturnTo(field(request.body, 'return_to'));
    const typed = field(request.body, 'phone').slice(0, 40);
    const phone = normalisePhone(typed);
    if (!phone) {
      request.log.info({ reason: 'bad_phone' }, 'resident sign-in code refused');
      return sendPage(reply, page(request, { returnTo, stage: 'phone', phone: typed, errors: { phone: typed.trim() ? s.errors.phoneInvalid : s.errors.phoneRequired } }), 400);
    }
    const now = deps.clock.now();
    const result = await requestCode(deps.db, { phone, addressKey: addressKey(request.ip), siteName: request.server.site.name }, now);
    if (!result.ok) {
      request.log.warn({ phone: maskPhone(phone), reason: result.reason }, 'resident sign-in code refused (flood limit)');
      reply.header('retry-after', String(Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 1000))));
      const at = beijingTime(result.retryAt.toISOString());
      const message: Record<SendRefusal, string> = { phone_minute: s.errors.tooSoon(at), phone_hour: s.errors.phoneHourly(at), address_hour: s.errors.addressHourly(at) };
      // a code sent to this number may still be waiting: keep its field
      const stage = result.reason === 'address_hour' ? 'phone' : 'code';
      return sendPage(reply, page(request, { returnTo, stage, phone, errors: { [stage === 'code' ? 'code' : 'phone']: message[result.reason] } }), 429);
    }
    await deps.deliverNow();
    return sendPage(reply, page(request, { returnTo, stage: 'code', phone, errors: {}, sent: true }));
  });

  // a reopened tab of a refused code or verify POST: back to the sign-in page, not a 404
  for (const path of ['/me/sign-in/code', '/me/sign-in/verify']) app.get(path, async (_request, reply) => reply.redirect('/me/sign-in', 303));

  // wrong codes per address (IPv6 /64): with 5 tries per code, codes asked for many phones could
  // otherwise give one address hundreds of guesses an hour
  app.post('/me/sign-in/verify', { config: { rateLimit: { max: 30, timeWindow: '10 minutes', allowList: () => false } } }, async (request, reply) => {
    const returnTo = safeReturnTo(field(request.body, 'return_to'));
    const typed = field(request.body, 'phone').slice(0, 40);
    const phone = normalisePhone(typed);
    if (!phone) {
      request.log.info({ reason: 'bad_phone' }, 'resident sign-in refused');
      return sendPage(reply, page(request, { returnTo, stage: 'phone', phone: typed, errors: { phone: typed.trim() ? s.errors.phoneInvalid : s.errors.phoneRequired } }), 400);
    }
    const code = field(request.body, 'code').replace(/\s/g, '');
    const formatError = !code ? s.errors.codeRequired : /^\d{6}$/.test(code) ? null : s.errors.codeFormat;
    if (formatError) {
      request.log.info({ phone: maskPhone(phone), reason: 'code_format' }, 'resident sign-in refused');
      return sendPage(reply, page(request, { returnTo, stage: 'code', phone, errors: { code: formatError } }), 400);
    }
    const now = deps.clock.now();
    const result = await verifyCode(deps.db, phone, code, now);
    if (!result.ok) {
      request.log.warn({ phone: maskPhone(phone), reason: result.reason, triesLeft: result.triesLeft }, 'resident sign-in refused');
      const message: Record<VerifyRefusal, string> = {
        no_code: s.errors.noCode, used: s.errors.usedCode, expired: s.errors.expiredCode, locked: s.errors.tooManyTries, wrong: s.errors.wrongCode(result.triesLeft),
      };
      return sendPage(reply, page(request, { returnTo, stage: 'code', phone, errors: { code: message[result.reason] } }), 400);
    }
    const { account } = await signInAccount(deps.db, loginKeyForPhone(phone), 'sms', { kind: 'person', phone, name: null, idNumber: null, uscc: null, orgName: null }, now);
    await startResidentSession(deps, request, reply, account.id, 'sms');
    await recordActivity(deps.db, account.id, 'sign_in', 'sms', now);
    request.log.info({ account: account.public_id }, 'resident signed in (sms)');
    return reply.redirect(returnTo, 303);
  });

  app.post('/me/sign-out', async (request, reply) => {
    if (request.resident) await recordActivity(deps.db, request.resident.accountId, 'sign_out', request.resident.method, deps.clock.now());
    await endResidentSession(deps, request, reply);
    return reply.redirect('/', 303);
  });
}
