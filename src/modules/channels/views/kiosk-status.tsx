// Pure views: the kiosk's 进度查询 (依申请公开 and 民心直通车 by reference and tracking code), the
// venue's 好差评 summary with the touch rating form, and the 民心直通车 message form with its printable
// receipt — all inside the kiosk shell (KioskPage). Every form is autocomplete="off" and keeps no
// draft: what a person typed lives only in the page until the idle reset takes the kiosk home.
import type { ComponentChildren } from 'preact';
import { CaptchaField, ErrorSummary, Select } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { KioskPage, kioskHome, type KioskVenueRef } from './kiosk-layout.tsx';
import type { KioskFrameProps } from './kiosk-home.tsx';
import { ks } from '../kiosk-status.strings.ts';
import { OneCodeOutcomeNotice, OneCodePanel, ONE_CODE_CSS } from './onecode-panel.tsx';
import type { OneCodeForm, OneCodeOutcome } from '../onecode-fill.ts';
import { os } from '../onecode.strings.ts';

/** 一码办 on a kiosk form (issue 21 §4): offered when the accounts module provides a reader; what `?code_read=` filled. */
export interface KioskOneCode { enabled: boolean; outcome: OneCodeOutcome }

function KioskOneCodeBlock({ frame, form, path, purpose, oneCode }: { frame: Frame; form: OneCodeForm; path: string; purpose: string; oneCode: KioskOneCode | undefined }) {
  if (!oneCode) return null;
  return (
    <>
      <OneCodeOutcomeNotice outcome={oneCode.outcome} />
      {oneCode.enabled && oneCode.outcome.kind !== 'filled' ? (
        <>
          <link rel="stylesheet" href={ONE_CODE_CSS} />
          <OneCodePanel form={form} action={`${home(frame.venue)}/code`} next={`${home(frame.venue)}/${path}`} purpose={purpose} csrfToken={frame.ctx.csrfToken} kiosk />
        </>
      ) : null}
    </>
  );
}

/** What every kiosk page of this part gets from its route (kioskFrame). */
export type Frame = KioskFrameProps;

export const STATUS_KINDS = ['application', 'message'] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

/** These pages' own assets (the shell serves src/modules/channels/assets/): print button, layout and receipt print CSS. */
export const KIOSK_STATUS_JS = '/assets/channels/kiosk-status.js';
export const KIOSK_STATUS_CSS = '/assets/channels/kiosk-status.css';

const home = (venue: KioskVenueRef) => kioskHome(venue.publicId);

function Page({ frame, title, errors, children }: { frame: Frame; title: string; errors?: FieldErrors; children: ComponentChildren }) {
  return (
    <KioskPage ctx={frame.ctx} venue={frame.venue} title={title} hasErrors={!!errors && Object.keys(errors).length > 0} phonePath={frame.phonePath} qrSvg={frame.qrSvg} idleSeconds={frame.idleSeconds}>
      <link rel="stylesheet" href={KIOSK_STATUS_CSS} />
      <div class="ks">{children}</div>
      <script src={KIOSK_STATUS_JS} defer></script>
    </KioskPage>
  );
}

/** A form without drafts: posted, never remembered by the browser. */
function KioskForm({ action, csrfToken, children }: { action: string; csrfToken: string; children: ComponentChildren }) {
  return (
    <form method="post" action={action} autocomplete="off" novalidate class="ks-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </form>
  );
}

const describedBy = (name: string, hint?: string, error?: string) => [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A labelled field in the shell's style: hint, error (named for the error summary's link), the control. */
function KioskField({ name, label, hint, error, children }: { name: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class={error ? 'kiosk-field field--error' : 'kiosk-field'}>
      <label for={name}>{label}</label>
      {hint && <p class="hint" id={`${name}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${name}-error`}><span class="visually-hidden">错误：</span>{error}</p>}
      {children}
    </div>
  );
}

/**
 * A text field for the on-screen keyboard: never autocompleted or remembered; `en` starts the
 * keyboard in 英文 (references, codes, phone numbers).
 */
function KioskInput({ name, label, hint, error, value, type = 'text', en = false, short = false }: {
  name: string; label: string; hint?: string; error?: string | undefined; value: string; type?: string; en?: boolean; short?: boolean;
}) {
  return (
    <KioskField name={name} label={label} hint={hint} error={error}>
      <input id={name} name={name} type={type} value={value} autocomplete="off" spellcheck={false} class={short ? 'kiosk-input ks-input--short' : 'kiosk-input'}
        data-kiosk-keyboard={en ? 'en' : undefined} aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? 'true' : undefined} />
    </KioskField>
  );
}

function KioskTextArea({ name, label, hint, error, value, rows }: { name: string; label: string; hint?: string; error?: string | undefined; value: string; rows: number }) {
  return (
    <KioskField name={name} label={label} hint={hint} error={error}>
      <textarea id={name} name={name} rows={rows} autocomplete="off" class="kiosk-input" aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? 'true' : undefined}>{value}</textarea>
    </KioskField>
  );
}

// ---------- 进度查询 ----------

export interface StatusRow { label: string; value: string; wide?: boolean }
export interface StatusResult { kind: StatusKind; reference: string; rows: StatusRow[]; notes: string[] }

export function KioskStatusPage({ frame, values, errors, result }: { frame: Frame; values: Record<string, string>; errors: FieldErrors; result: StatusResult | null }) {
  const s = ks.status;
  const action = `${home(frame.venue)}/status`;
  return (
    <Page frame={frame} title={s.title} errors={errors}>
      <h1>{s.title}</h1>
      {result ? (
        <section aria-labelledby="ks-result">
          <h2 id="ks-result">{s.result}：{s.kinds[result.kind]}</h2>
          <dl class="ks-summary">
            {result.rows.map((r) => (
              <div key={r.label} class={r.wide ? 'ks-summary__row ks-summary__row--wide' : 'ks-summary__row'}><dt>{r.label}</dt><dd>{r.value}</dd></div>
            ))}
          </dl>
          {result.notes.map((n) => <p key={n} class="ks-note">{n}</p>)}
          <p class="ks-actions"><a class="kiosk-button kiosk-button--primary" href={action}>{s.another}</a><a class="kiosk-button" href={home(frame.venue)}>{ks.home}</a></p>
        </section>
      ) : (
        <>
          <p class="ks-lead">{s.lead}</p>
          <ErrorSummary errors={errors} />
          <KioskForm action={action} csrfToken={frame.ctx.csrfToken}>
            <fieldset class="ks-choice" aria-describedby="kind-hint">
              <legend>{s.kind}</legend>
              <p class="hint" id="kind-hint">{s.kindHint}</p>
              <div class="ks-choice__options">
                {STATUS_KINDS.map((k, i) => (
                  <label key={k} class="ks-choice__option" for={i === 0 ? 'kind' : `kind_${k}`}>
                    <input type="radio" name="kind" id={i === 0 ? 'kind' : `kind_${k}`} value={k} checked={values.kind === k} />
                    <span>{s.kinds[k]}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <KioskInput name="reference" label={s.reference} hint={s.referenceHint} value={values.reference ?? ''} error={errors.reference} en />
            <KioskInput name="tracking_code" label={s.code} hint={s.codeHint} value="" error={errors.tracking_code} en short />
            <button type="submit" class="kiosk-button kiosk-button--primary ks-submit">{s.submit}</button>
          </KioskForm>
        </>
      )}
    </Page>
  );
}

// ---------- 好差评 ----------

export interface RatingSummary { goodRate: number | null; count: number; monthCount: number; monthGoodRate: number | null }
export interface RateChoice { code: string; label: string; bad: boolean }

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export function KioskRatePage({ frame, summary, levels, reasons, indicators, values, errors, captcha, oneCode }: {
  frame: Frame; summary: RatingSummary; levels: readonly RateChoice[]; reasons: readonly { code: string; label: string }[];
  indicators: readonly { code: string; label: string }[]; values: Record<string, string>; errors: FieldErrors; captcha: { token: string; svg: string } | null;
  oneCode?: KioskOneCode;
}) {
  const r = ks.rate;
  const levelOptions = levels.map((l) => ({ value: l.code, label: l.label }));
  return (
    <Page frame={frame} title={r.title} errors={errors}>
      <h1>{r.title}</h1>
      <section aria-labelledby="ks-summary" class="ks-panel">
        <h2 id="ks-summary">{r.summary(frame.venue.name)}</h2>
        {summary.count === 0 ? <p>{r.none}</p> : (
          <dl class="ks-figures">
            <div><dt>{r.goodRate}</dt><dd>{pct(summary.goodRate)}</dd></div>
            <div><dt>{r.count}</dt><dd>{summary.count}</dd></div>
            <div><dt>{r.thisMonth}</dt><dd>{summary.monthCount}</dd></div>
            <div><dt>{r.thisMonthGood}</dt><dd>{pct(summary.monthGoodRate)}</dd></div>
          </dl>
        )}
        <p class="hint">{r.definition}</p>
      </section>
      <h2>{r.form}</h2>
      <p>{r.intro}</p>
      <ErrorSummary errors={errors} />
      <KioskOneCodeBlock frame={frame} form="kiosk_rate" path="rate" purpose={os.purposeRate} oneCode={oneCode} />
      <KioskForm action={`${home(frame.venue)}/rate`} csrfToken={frame.ctx.csrfToken}>
        <fieldset class={errors.level ? 'ks-choice field--error' : 'ks-choice'} aria-describedby="level-hint">
          <legend>{r.level}</legend>
          <p class="hint" id="level-hint">{r.levelHint}</p>
          {errors.level && <p class="field-error" id="level-error">{errors.level}</p>}
          <div class="ks-choice__options ks-choice__options--levels">
            {levels.map((l, i) => (
              <label key={l.code} class={l.bad ? 'ks-choice__option ks-choice__option--bad' : 'ks-choice__option'} for={i === 0 ? 'level' : `level_${l.code}`}>
                <input type="radio" name="level" id={i === 0 ? 'level' : `level_${l.code}`} value={l.code} checked={values.level === l.code} />
                <span>{l.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class={errors.reasons ? 'ks-checks field--error' : 'ks-checks'} aria-describedby="reasons-hint">
          <legend>{r.reasons}</legend>
          <p class="hint" id="reasons-hint">{r.reasonsHint}</p>
          {errors.reasons && <p class="field-error" id="reasons-error">{errors.reasons}</p>}
          {reasons.map((x, i) => (
            <label class="ks-check" key={x.code} for={i === 0 ? 'reasons' : `reason_${x.code}`}>
              <input type="checkbox" id={i === 0 ? 'reasons' : `reason_${x.code}`} name={`reason_${x.code}`} value="1" checked={values[`reason_${x.code}`] === '1'} />
              <span>{x.label}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="ks-fieldset">
          <legend>{r.indicators}</legend>
          {indicators.map((d) => (
            <Select key={d.code} name={`ind_${d.code}`} label={d.label} options={levelOptions} placeholder={r.indicatorNone} value={values[`ind_${d.code}`] ?? ''} error={errors[`ind_${d.code}`]} />
          ))}
        </fieldset>
        <KioskTextArea name="text" label={r.text} hint={r.textHint} value={values.text ?? ''} error={errors.text} rows={3} />
        <fieldset class="ks-fieldset">
          <legend>{r.named}</legend>
          <p class="hint">{r.namedHint}</p>
          <KioskInput name="rater_name" label={r.raterName} value={values.rater_name ?? ''} error={errors.rater_name} />
          <KioskInput name="rater_phone" type="tel" label={r.phone} value={values.rater_phone ?? ''} error={errors.rater_phone} en />
        </fieldset>
        {captcha && <CaptchaField token={captcha.token} svg={captcha.svg} error={errors.captcha_answer} alternative={r.captchaAlternative} />}
        <button type="submit" class="kiosk-button kiosk-button--primary ks-submit">{r.submit}</button>
      </KioskForm>
    </Page>
  );
}

export function KioskRateDonePage({ frame, publicId, bad }: { frame: Frame; publicId: string; bad: boolean }) {
  const r = ks.rate;
  return (
    <Page frame={frame} title={r.doneTitle}>
      <h1>{r.doneTitle}</h1>
      <p class="ks-big">{r.done}<strong class="ks-code">{publicId}</strong></p>
      {bad && <p>{r.doneBad}</p>}
      <p class="ks-actions"><a class="kiosk-button kiosk-button--primary" href={home(frame.venue)}>{ks.home}</a></p>
    </Page>
  );
}

// ---------- 民心直通车留言 ----------

export function KioskMessagePage({ frame, orgName, categories, values, errors, captcha, idempotencyKey, oneCode }: {
  frame: Frame; orgName: string | null; categories: readonly { code: string; label: string }[]; values: Record<string, string>; errors: FieldErrors;
  captcha: { token: string; svg: string }; idempotencyKey: string; oneCode?: KioskOneCode;
}) {
  const m = ks.message;
  return (
    <Page frame={frame} title={m.heading} errors={errors}>
      <h1>{m.heading}</h1>
      {orgName ? <p class="ks-lead">{m.lead}<strong>{orgName}</strong></p> : <p class="ks-lead">{m.noOrg}</p>}
      <ErrorSummary errors={errors} />
      <KioskOneCodeBlock frame={frame} form="kiosk_message" path="message" purpose={os.purposeMessage} oneCode={oneCode} />
      <KioskForm action={`${home(frame.venue)}/message`} csrfToken={frame.ctx.csrfToken}>
        <input type="hidden" name="idempotency_key" value={idempotencyKey} />
        <Select name="category" label={m.category} value={values.category ?? ''} error={errors.category} placeholder="请选择" options={categories.map((c) => ({ value: c.code, label: c.label }))} />
        <KioskInput name="title" label={m.title} value={values.title ?? ''} error={errors.title} />
        <KioskTextArea name="content" label={m.content} value={values.content ?? ''} error={errors.content} rows={4} />
        <KioskInput name="contact_name" label={m.contactName} value={values.contact_name ?? ''} error={errors.contact_name} />
        <KioskInput name="contact_phone" type="tel" label={m.contactPhone} hint={m.contactPhoneHint} value={values.contact_phone ?? ''} error={errors.contact_phone} en />
        <fieldset class={errors.is_public ? 'ks-choice field--error' : 'ks-choice'} id="is_public">
          <legend>{m.isPublic}</legend>
          {errors.is_public && <p class="field-error">{errors.is_public}</p>}
          <div class="ks-choice__options">
            <label class="ks-choice__option" for="is_public_yes"><input type="radio" id="is_public_yes" name="is_public" value="yes" checked={values.is_public !== 'no'} /><span>{m.publicYes}</span></label>
            <label class="ks-choice__option" for="is_public_no"><input type="radio" id="is_public_no" name="is_public" value="no" checked={values.is_public === 'no'} /><span>{m.publicNo}</span></label>
          </div>
        </fieldset>
        <CaptchaField token={captcha.token} svg={captcha.svg} error={errors.captcha_answer} alternative={m.captchaAlternative} />
        <button type="submit" class="kiosk-button kiosk-button--primary ks-submit">{m.submit}</button>
      </KioskForm>
    </Page>
  );
}

export function KioskMessageDonePage({ frame, reference, trackingCode, dueOn, replayed, today }: {
  frame: Frame; reference: string; trackingCode: string | null; dueOn: string | null; replayed: boolean; today: string;
}) {
  const m = ks.message;
  return (
    <Page frame={frame} title={m.doneTitle}>
      <h1 class="ks-noprint">{m.doneTitle}</h1>
      <p class="ks-noprint">{replayed ? m.replayed : m.doneLead}</p>
      <section class="ks-receipt" aria-label={m.receipt}>
        <p class="ks-receipt__title">{m.receipt}</p>
        <dl class="ks-receipt__codes">
          <div><dt>{m.reference}</dt><dd class="ks-code">{reference}</dd></div>
          {trackingCode && <div><dt>{m.code}</dt><dd class="ks-code">{trackingCode}</dd></div>}
          {dueOn && <div><dt>{m.dueOn}</dt><dd>{dueOn}</dd></div>}
        </dl>
        <p class="ks-receipt__venue">{m.receiptVenue}{frame.venue.name}{"\u3000"}{today}</p>
        <p class="ks-receipt__lead">{m.doneLead}</p>
      </section>
      <p class="ks-actions ks-noprint">
        <button type="button" class="kiosk-button kiosk-button--primary" data-ks-print="1">{m.print}</button>
        <a class="kiosk-button" href={home(frame.venue)}>{ks.home}</a>
      </p>
    </Page>
  );
}
