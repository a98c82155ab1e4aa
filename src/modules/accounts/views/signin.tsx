// Pure view: the residents' sign-in page (issue 21 §1, §6) — the identity service's button when it
// is configured, else (and as the alternative) a phone number and, once a code is sent, its field.
import { Layout } from '../../../platform/web/layout.tsx';
import { Button, ErrorSummary, Form, Notice, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { maskPhone } from '../../../platform/log/mask.ts';
import { signInStrings as s } from '../signin.strings.ts';
import { LIMITS } from '../vocabulary.ts';

export interface SignInPageProps {
  ctx: PageContext;
  returnTo: string;
  /** 'phone': ask for the number; 'code': a code was sent (or asked for), ask for it. */
  stage: 'phone' | 'code';
  phone: string;
  errors: FieldErrors;
  /** A code was sent just now (the notice says where). */
  sent?: boolean;
  /** The identity service's button label, when PUBLIC_OIDC_* is set. */
  oidcLabel: string | null;
  /** A demo install whose SMS go to the console: say where the code is. */
  codeInLog: boolean;
}

export function SignInPage(p: SignInPageProps) {
  const { ctx, errors } = p;
  const back = <input type="hidden" name="return_to" value={p.returnTo} />;
  return (
    <Layout ctx={ctx} title={s.title} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary errors={errors} />
      <h1>{s.title}</h1>
      {p.oidcLabel && (
        <section class="sign-in-oidc" aria-labelledby="oidc-heading">
          <p id="oidc-heading">{s.oidcLead}</p>
          <p><a class="button" href={`/me/sign-in/oidc?return_to=${encodeURIComponent(p.returnTo)}`}>{s.oidcButton(p.oidcLabel)}</a></p>
        </section>
      )}
      <section aria-labelledby="sms-heading">
        <h2 id="sms-heading">{p.oidcLabel ? s.smsAlternative : s.smsHeading}</h2>
        <p>{s.lead}</p>
        {p.codeInLog && <Notice>{s.demoHint}</Notice>}
        {p.sent && <Notice>{s.codeSent(maskPhone(p.phone))}</Notice>}
        {p.stage === 'phone' ? (
          <Form action="/me/sign-in/code" csrfToken={ctx.csrfToken}>
            {back}
            <TextInput name="phone" label={s.phone} hint={s.phoneHint} type="tel" autocomplete="tel-national" value={p.phone} error={errors.phone} width="short" />
            <Button>{s.sendCode}</Button>
          </Form>
        ) : (
          <>
            <Form action="/me/sign-in/verify" csrfToken={ctx.csrfToken} submitOnce>
              {back}
              <input type="hidden" name="phone" value={p.phone} />
              <p>{s.phone}：<strong>{maskPhone(p.phone)}</strong>（<a href={`/me/sign-in?return_to=${encodeURIComponent(p.returnTo)}`}>{s.changePhone}</a>）</p>
              {errors.phone && <p class="field-error" id="phone">{errors.phone}</p>}
              <TextInput name="code" label={s.code} hint={s.codeHint(LIMITS.smsCodeMinutes)} autocomplete="one-time-code" value="" error={errors.code} width="short" />
              <Button>{s.verify}</Button>
            </Form>
            <Form action="/me/sign-in/code" csrfToken={ctx.csrfToken}>
              {back}
              <input type="hidden" name="phone" value={p.phone} />
              <Button variant="secondary">{s.resendCode}</Button>
            </Form>
          </>
        )}
      </section>
      <p>{s.rulesNote}<a href="/me/rules">{s.rules}</a>{s.rulesAfter}</p>
      <p>{s.staffNote}<a href="/login">{s.staffSignIn}</a></p>
    </Layout>
  );
}
