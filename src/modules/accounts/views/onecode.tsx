// Pure views of 一码办 (issue 21 §4): the person's code and confirmation (/me/code), the page a
// phone camera opens (/c/{token}), the reader's pages (window desk, kiosk) and the /me block.
import { ErrorSummary, Notice } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { oc } from '../onecode.strings.ts';
import { CODE_STATES, LIMITS, SHARE_FIELDS, type CodeState, type ShareField } from '../vocabulary.ts';
import type { HistoryRow } from '../onecode.service.ts';

export interface ShownCode { read: string; url: string; svg: string; short: string; expiresAt: string; seconds: number }
export interface PendingRequest { read: string; who: string; purpose: string; fields: ShareField[]; masked: Partial<Record<ShareField, string>>; expiresAt: string }

export function MeCodePage({ ctx, code, pending, notice, error, history }: { ctx: PageContext; code: ShownCode | null; pending: PendingRequest | null; notice: string | null; error: string | null; history: HistoryRow[] }) {
  return (
    <Layout ctx={ctx} title={oc.title} hasErrors={!!error}>
      <h1>{oc.title}</h1>
      {error && <ErrorSummary errors={{ decision: error }} />}
      {notice && <Notice>{notice}</Notice>}
      {pending ? (
        <section class="onecode-request" aria-labelledby="onecode-request-h" data-read={pending.read}>
          <h2 id="onecode-request-h">{oc.requestTitle}</h2>
          <dl class="summary">
            <div class="summary-row"><dt>{oc.requester}</dt><dd>{pending.who}</dd></div>
            <div class="summary-row"><dt>{oc.purpose}</dt><dd>{pending.purpose || oc.purposeNone}</dd></div>
          </dl>
          <h3>{oc.fieldsAsked}</h3>
          <dl class="summary">
            {pending.fields.map((f) => (
              <div class="summary-row" key={f}><dt>{labelOf(SHARE_FIELDS, f)}</dt><dd>{pending.masked[f] ?? oc.valueMissing}</dd></div>
            ))}
          </dl>
          <p class="hint">{oc.decideHint}</p>
          <form method="post" action={`/me/code/${encodeURIComponent(pending.read)}/decide`} class="onecode-decide">
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <button type="submit" name="decision" value="accept" class="button">{oc.accept}</button>{' '}
            <button type="submit" name="decision" value="decline" class="button button--warning">{oc.decline}</button>
          </form>
        </section>
      ) : code ? (
        <section class="onecode-code" aria-labelledby="onecode-code-h" data-read={code.read} data-seconds={String(code.seconds)}>
          <h2 id="onecode-code-h" class="visually-hidden">{oc.qrLabel}</h2>
          <p>{oc.intro}</p>
          <div class="onecode-qr" data-url={code.url} role="img" aria-label={oc.qrLabel} dangerouslySetInnerHTML={{ __html: code.svg }} />
          <p class="onecode-short" aria-label={oc.shortCodeLabel}><span class="visually-hidden">{oc.shortCodeLabel}：</span>{code.short}</p>
          <p class="onecode-countdown" aria-live="off"><span data-countdown>{oc.countdown(code.seconds)}</span></p>
          <p class="hint">{oc.validity(LIMITS.codeValidMinutes)}{oc.noPersonalData}</p>
          <p><a class="button button--secondary" href="/me/code">{oc.refreshNow}</a></p>
        </section>
      ) : null}
      <HistoryTable rows={history} />
      <p><a href="/me">{oc.backToMe}</a></p>
      <script src="/me/code/code.js" defer></script>
    </Layout>
  );
}

function HistoryTable({ rows }: { rows: HistoryRow[] }) {
  return (
    <section aria-labelledby="onecode-history-h">
      <h2 id="onecode-history-h">{oc.historyTitle}</h2>
      {rows.length === 0 ? <p>{oc.historyNone}</p> : (
        <div class="table-scroll">
          <table>
            <thead><tr><th scope="col">{oc.historyWhen}</th><th scope="col">{oc.historyWho}</th><th scope="col">{oc.historyFields}</th><th scope="col">{oc.historyOutcome}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.read}><td>{beijingTime(r.at).slice(0, 16)}</td><td>{r.who}{r.purpose ? `（${r.purpose}）` : ''}</td><td>{r.fields}</td><td>{labelOf(CODE_STATES, r.state)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The block on the /me home page. */
export function MeCodeBlock({ rows }: { rows: HistoryRow[] }) {
  return (
    <section class="me-block" aria-labelledby="me-onecode-h">
      <h2 id="me-onecode-h">{oc.title}</h2>
      <p>{oc.meBlockIntro}</p>
      <p><a class="button" href="/me/code">{oc.meShowCode}</a></p>
      {rows.length > 0 && (
        <ul class="link-list">
          {rows.map((r) => <li key={r.read}>{beijingTime(r.at).slice(0, 16)} {r.who}：{r.fields}（{labelOf(CODE_STATES, r.state)}）</li>)}
        </ul>
      )}
    </section>
  );
}

export function ScannedPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={oc.scannedTitle}>
      <h1>{oc.scannedTitle}</h1>
      <p class="onecode-scanned">{oc.scannedBody}</p>
      <p class="hint">{oc.scannedHint}</p>
    </Layout>
  );
}

export interface ReadView { read: string; state: CodeState; expiresAt: string; fields: ShareField[]; purpose: string; next: string[] }

/** The reader's page of one read (desk or kiosk): waiting / confirmed / declined / expired. */
export function ReadPage({ ctx, view, nextLabel }: { ctx: PageContext; view: ReadView; nextLabel: (href: string) => string }) {
  return (
    <Layout ctx={ctx} title={oc.readTitle}>
      <h1>{oc.readTitle}</h1>
      <p class={`onecode-state onecode-state--${view.state}`} role="status" data-state={view.state}>{oc.readStates[view.state]}</p>
      <dl class="summary">
        <div class="summary-row"><dt>{oc.readState}</dt><dd>{labelOf(CODE_STATES, view.state)}</dd></div>
        <div class="summary-row"><dt>{oc.readFields}</dt><dd>{view.fields.map((f) => labelOf(SHARE_FIELDS, f)).join('、')}</dd></div>
        <div class="summary-row"><dt>{oc.purpose}</dt><dd>{view.purpose || oc.purposeNone}</dd></div>
        <div class="summary-row"><dt>{oc.readExpires}</dt><dd>{beijingTime(view.expiresAt)}</dd></div>
      </dl>
      {view.state === 'confirmed' && view.next.length > 0 && (
        <section aria-labelledby="onecode-next-h">
          <h2 id="onecode-next-h">{oc.useIn}</h2>
          <ul class="link-list">
            {view.next.map((href) => <li key={href}><a href={href}>{nextLabel(href)}</a></li>)}
          </ul>
        </section>
      )}
    </Layout>
  );
}

export interface ReadFormValues { code: string; fields: ShareField[]; purpose: string; next: string }

/** The reading form, shown again with the errors when a scan is refused (the scanner UI posts it too). */
export function ReadFormPage({ ctx, action, values, errors }: { ctx: PageContext; action: string; values: ReadFormValues; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={oc.formTitle} hasErrors={Object.keys(errors).length > 0}>
      <h1>{oc.formTitle}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class={errors.code ? 'field field--error' : 'field'}>
          <label for="code">{oc.code}</label>
          <p class="hint" id="code-hint">{oc.codeHint}</p>
          {errors.code && <p class="field-error" id="code-error">{errors.code}</p>}
          <input id="code" name="code" type="text" value={values.code} autocomplete="off" aria-describedby={errors.code ? 'code-hint code-error' : 'code-hint'} />
        </div>
        <fieldset id="fields" class={errors.fields ? 'field field--error' : 'field'}>
          <legend>{oc.fields}</legend>
          {errors.fields && <p class="field-error">{errors.fields}</p>}
          {SHARE_FIELDS.values.map((f) => (
            <div class="checkbox" key={f.code}>
              <input type="checkbox" id={`field-${f.code}`} name="fields" value={f.code} checked={values.fields.includes(f.code)} />
              <label for={`field-${f.code}`}>{f.label}</label>
            </div>
          ))}
        </fieldset>
        <div class={errors.purpose ? 'field field--error' : 'field'}>
          <label for="purpose">{oc.purposeField}</label>
          {errors.purpose && <p class="field-error" id="purpose-error">{errors.purpose}</p>}
          <input id="purpose" name="purpose" type="text" value={values.purpose} maxLength={50} />
        </div>
        {values.next && <input type="hidden" name="next" value={values.next} />}
        {errors.next && <p class="field-error" id="next">{errors.next}</p>}
        <button type="submit" class="button">{oc.submit}</button>
      </form>
    </Layout>
  );
}
