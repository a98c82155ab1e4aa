// Pure view: the 一码办 panel of the window desk and the kiosk (issue 21 §4). Without JavaScript it is
// a plain form (type the 8-character code, choose the fields, 读取 → the accounts module's waiting
// page). With assets/onecode.js the same form is sent as JSON, the state is polled until the person
// confirms on the phone, and the camera (BarcodeDetector, else jsQR over video frames) can read the QR
// code instead of typing — the camera is asked for only when 用摄像头扫码 is pressed.
import { Notice } from '../../../platform/web/components.tsx';
import { os, SHARE_FIELD_LABELS } from '../onecode.strings.ts';
import { ONE_CODE_FORMS, type OneCodeForm, type OneCodeOutcome } from '../onecode-fill.ts';

export const ONE_CODE_JS = '/assets/channels/onecode.js';
export const JSQR_JS = '/assets/channels/jsqr.js';
export const ONE_CODE_CSS = '/assets/channels/onecode.css';

export interface OneCodePanelProps {
  form: OneCodeForm;
  /** Where the read is started: /staff/desk/code or /kiosk/{venue}/code (its state: `${action}/{read}.json`). */
  action: string;
  /** The form page to go back to with `?code_read=`. */
  next: string;
  purpose: string;
  csrfToken: string;
  /** The kiosk's big targets and on-screen keyboard. */
  kiosk?: boolean;
}

export function OneCodePanel({ form, action, next, purpose, csrfToken, kiosk = false }: OneCodePanelProps) {
  const spec = ONE_CODE_FORMS[form];
  const offered = SHARE_FIELD_LABELS.filter((f) => spec.offered.includes(f.code));
  const id = `onecode-${form}`;
  const button = kiosk ? 'kiosk-button' : 'button';
  return (
    <section class={kiosk ? 'codescan codescan--kiosk' : 'codescan desk-panel'} aria-labelledby={`${id}-h`} data-onecode=""
      data-jsqr={JSQR_JS} data-next={next}
      data-msg-waiting={os.waiting} data-msg-sending={os.sending} data-msg-confirmed={os.confirmed} data-msg-declined={os.declined}
      data-msg-expired={os.expired} data-msg-failed={os.failed} data-msg-no-camera={os.noCamera} data-msg-denied={os.cameraDenied} data-msg-no-decoder={os.noDecoder}>
      <h2 id={`${id}-h`}>{os.heading}</h2>
      <p>{kiosk ? os.kioskIntro : os.intro}</p>
      <form method="post" action={action} class="codescan-form" autocomplete="off">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="purpose" value={purpose} />
        <input type="hidden" name="next" value={next} />
        <fieldset class="codescan-fields">
          <legend>{os.fields}</legend>
          <p class="hint">{os.fieldsHint}</p>
          {offered.map((f) => (
            <label key={f.code} class={kiosk ? 'ks-check' : 'codescan-check'} for={`${id}-f-${f.code}`}>
              <input type="checkbox" id={`${id}-f-${f.code}`} name="fields" value={f.code} checked={spec.defaults.includes(f.code)} />
              <span>{f.label}</span>
            </label>
          ))}
        </fieldset>
        <div class="codescan-camera" hidden>
          <button type="button" class={button} data-onecode-camera="">{os.camera}</button>
          <div class="codescan-video" hidden>
            <video muted playsinline aria-label={os.cameraHint}></video>
            <p class="hint">{os.cameraHint}</p>
            <button type="button" class={button} data-onecode-stop="">{os.cameraStop}</button>
          </div>
        </div>
        <div class={kiosk ? 'kiosk-field' : 'field'}>
          <label for={`${id}-code`}>{os.code}</label>
          <p class="hint" id={`${id}-code-hint`}>{os.codeHint}</p>
          <input id={`${id}-code`} name="code" type="text" maxLength={200} autocomplete="off" spellcheck={false} autocapitalize="characters"
            class={kiosk ? 'kiosk-input codescan-code' : 'codescan-code'} data-kiosk-keyboard={kiosk ? 'en' : undefined} aria-describedby={`${id}-code-hint`} />
        </div>
        <button type="submit" class={kiosk ? 'kiosk-button kiosk-button--primary' : 'button'}>{os.submit}</button>
      </form>
      <p class="codescan-status" role="status" aria-live="polite" data-onecode-status=""></p>
      <p class="codescan-retry" hidden><button type="button" class={button} data-onecode-retry="">{os.retry}</button></p>
      <script src={ONE_CODE_JS} defer></script>
    </section>
  );
}

/** What the form page says after `?code_read=`: what was filled, or that the read could not be taken. */
export function OneCodeOutcomeNotice({ outcome }: { outcome: OneCodeOutcome }) {
  if (outcome.kind === 'filled') return <Notice>{os.filled(outcome.labels.join('、') || '—')}</Notice>;
  if (outcome.kind === 'missing') return <Notice>{os.notFilled}</Notice>;
  return null;
}
