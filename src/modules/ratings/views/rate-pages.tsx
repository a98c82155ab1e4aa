// Pure views: the public rating pages of 好差评 — the form bound to a window, venue, service item or
// 办件 (five big level choices as radio buttons, the channel's indicators, 差评 reasons, text,
// optional name and phone, the captcha where no link or kiosk sign-in proves the rater), the
// confirmation with the rating's public id, and the page that refuses a used or expired link.
// Works without JavaScript and at 375 px.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, CaptchaField, ErrorSummary, Form, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { Captcha } from '../../../platform/captcha/captcha.ts';
import { indicatorsFor, isBad, LEVELS } from '../levels.ts';
import { cs } from '../channels.strings.ts';
import type { Target } from '../channels.service.ts';

const p = cs.page;
const crumbs = (label: string) => <Breadcrumbs items={[{ href: '/', label: cs.home }, { href: '/services', label: cs.services }, { label }]} />;

/** Form field names of the indicators: ind_<code>. */
export const indicatorField = (code: string) => `ind_${code}`;
/** Form field names of the reasons: reason_<code> (one value per name: a key sent twice is read once). */
export const reasonField = (code: string) => `reason_${code}`;

export function RatePage({ ctx, target, action, reasons, values, errors, captcha, kiosk = false }: {
  ctx: PageContext; target: Target; action: string; reasons: readonly { code: string; label: string }[];
  values: Record<string, string>; errors: FieldErrors; captcha: Captcha | null; kiosk?: boolean;
}) {
  const hasErrors = Object.keys(errors).length > 0;
  const indicators = indicatorsFor(target.subject).values;
  const levelOptions = LEVELS.map((l) => ({ value: l.code, label: l.label }));
  return (
    <Layout ctx={ctx} title={p.title(target.title)} hasErrors={hasErrors}>
      {!kiosk && crumbs(cs.rate)}
      <div class={kiosk ? 'rate-page rate-page--kiosk' : 'rate-page'}>
        <h1>{kiosk ? `${p.kiosk}：${target.title}` : p.title(target.title)}</h1>
        <dl class="summary">
          {target.venue && <><dt>{p.venue}</dt><dd>{target.venue.name}</dd></>}
          {target.window && <><dt>{p.window}</dt><dd>{`${target.window.code} ${target.window.name}`}</dd></>}
          {target.item && <><dt>{p.item}</dt><dd>{target.item.name}</dd></>}
          {target.caseRef && <><dt>{p.caseRef}</dt><dd>{target.caseRef}</dd></>}
          {target.staffNo && <><dt>{p.staffNo}</dt><dd>{target.staffNo}</dd></>}
        </dl>
        <p>{p.intro}</p>
        <ErrorSummary errors={errors} />
        <Form action={action} csrfToken={ctx.csrfToken}>
          <fieldset class={errors.level ? 'rate-levels field--error' : 'rate-levels'} aria-describedby="level-hint">
            <legend>{p.level}</legend>
            <p class="hint" id="level-hint">{p.levelHint}</p>
            {errors.level && <p class="field-error" id="level-error">{errors.level}</p>}
            <div class="rate-options">
              {LEVELS.map((l, i) => (
                <label key={l.code} class={isBad(l.stars) ? 'rate-level rate-level--bad' : 'rate-level'} for={i === 0 ? 'level' : `level_${l.code}`}>
                  <input type="radio" name="level" id={i === 0 ? 'level' : `level_${l.code}`} value={l.code} checked={values.level === l.code} />
                  <span>{l.label}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset class={errors.reasons ? 'rate-checks field--error' : 'rate-checks'} aria-describedby="reasons-hint">
            <legend>{p.reasons}</legend>
            <p class="hint" id="reasons-hint">{p.reasonsHint}</p>
            {errors.reasons && <p class="field-error" id="reasons-error">{errors.reasons}</p>}
            {reasons.map((r, i) => (
              <div class="checkbox" key={r.code}>
                <input type="checkbox" id={i === 0 ? 'reasons' : reasonField(r.code)} name={reasonField(r.code)} value="1" checked={values[reasonField(r.code)] === '1'} />
                <label for={i === 0 ? 'reasons' : reasonField(r.code)}>{r.label}</label>
              </div>
            ))}
          </fieldset>

          <fieldset class="rate-indicators">
            <legend>{p.indicators}</legend>
            {indicators.map((d) => (
              <Select key={d.code} name={indicatorField(d.code)} label={d.label} options={levelOptions} placeholder={p.indicatorNone} value={values[indicatorField(d.code)] ?? ''} error={errors[indicatorField(d.code)]} />
            ))}
          </fieldset>

          <TextArea name="text" label={p.text} hint={p.textHint} value={values.text ?? ''} error={errors.text} rows={4} />

          <fieldset class="rate-named">
            <legend>{p.named}</legend>
            <p class="hint">{p.namedHint}</p>
            {ctx.resident && !kiosk && <p class="hint">{p.signedInHint}</p>}
            <TextInput name="rater_name" label={p.raterName} value={values.rater_name ?? ''} error={errors.rater_name} autocomplete="name" />
            <TextInput name="rater_phone" type="tel" label={p.phone} value={values.rater_phone ?? ''} error={errors.rater_phone} autocomplete="tel" />
          </fieldset>

          {captcha && <CaptchaField token={captcha.token} svg={captcha.svg} error={errors.captcha_answer} alternative={p.captchaAlternative} />}
          <Button>{p.submit}</Button>
        </Form>
      </div>
    </Layout>
  );
}

export function RateDonePage({ ctx, publicId, bad, again }: { ctx: PageContext; publicId: string; bad: boolean; again: string | null }) {
  return (
    <Layout ctx={ctx} title={cs.done.title}>
      <div class="rate-page">
        <h1>{cs.done.title}</h1>
        <p class="rate-done">{cs.done.body(publicId)}</p>
        {bad && <p>{cs.done.bad}</p>}
        {again && <p><a href={again}>{cs.done.again}</a></p>}
        <ul class="link-list">
          <li><a href="/ratings">{cs.done.results}</a></li>
          <li><a href="/services">{cs.services}</a></li>
        </ul>
      </div>
    </Layout>
  );
}

export function LinkRefusedPage({ ctx, code, message }: { ctx: PageContext; code: string; message: string }) {
  const title = code === 'rating_link_used' ? cs.link.usedTitle : code === 'rating_link_expired' ? cs.link.expiredTitle : cs.link.unknownTitle;
  return (
    <Layout ctx={ctx} title={title}>
      <div class="rate-page">
        <h1>{title}</h1>
        <p data-code={code}>{message}</p>
        <p><a href="/services">{cs.services}</a></p>
      </div>
    </Layout>
  );
}
