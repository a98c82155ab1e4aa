// Pure views: small GOV.UK-style form components shared by every module.
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from './forms.ts';
import { shellStrings as s } from './strings.ts';

export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title" data-module="error-summary">
      <h2 id="error-summary-title">{s.errorSummaryTitle}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#${name}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string | undefined;
  hint?: string;
}

function FieldWrap({ name, label, error, hint, children }: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={name}>{label}</label>
      {hint && <p class="hint" id={`${name}-hint`}>{hint}</p>}
      {error && (
        <p class="field-error" id={`${name}-error`}>
          <span class="visually-hidden">{s.errorPrefix}</span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

function describedBy(p: FieldProps): string | undefined {
  const ids = [p.hint ? `${p.name}-hint` : '', p.error ? `${p.name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextInput(p: FieldProps & { type?: string; autocomplete?: string; width?: 'short' | 'long' }) {
  return (
    <FieldWrap {...p}>
      <input
        id={p.name}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        class={p.width === 'short' ? 'input input--short' : 'input'}
      />
    </FieldWrap>
  );
}

export function TextArea(p: FieldProps & { rows?: number }) {
  return (
    <FieldWrap {...p}>
      <textarea id={p.name} name={p.name} rows={p.rows ?? 6} aria-describedby={describedBy(p)} aria-invalid={p.error ? 'true' : undefined} class="input">
        {p.value ?? ''}
      </textarea>
    </FieldWrap>
  );
}

export function Select(p: FieldProps & { options: readonly { value: string; label: string }[]; placeholder?: string }) {
  return (
    <FieldWrap {...p}>
      <select id={p.name} name={p.name} aria-describedby={describedBy(p)} aria-invalid={p.error ? 'true' : undefined} class="input">
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldWrap>
  );
}

/** A POST form with the CSRF token and `novalidate` (all validation is on the server). */
export function Form({ action, csrfToken, children, class: cls, submitOnce }: { action: string; csrfToken: string; children: ComponentChildren; class?: string; submitOnce?: boolean }) {
  return (
    <form method="post" action={action} novalidate class={cls} data-submit-once={submitOnce ? '' : undefined}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </form>
  );
}

export function Button({ children, variant }: { children: ComponentChildren; variant?: 'secondary' | 'warning' }) {
  return (
    <button type="submit" class={variant ? `button button--${variant}` : 'button'}>
      {children}
    </button>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label="面包屑导航">
      <ol>
        {items.map((it, i) => (
          <li key={i}>{it.href ? <a href={it.href}>{it.label}</a> : <span aria-current="page">{it.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * The captcha of a public form: the picture (an SVG made by platform/captcha), its signed token
 * and the answer box. `alternative` says how to apply without it (telephone, in person).
 */
export function CaptchaField({ token, svg, error, alternative }: { token: string; svg: string; error?: string | undefined; alternative: string }) {
  return (
    <FieldWrap name="captcha_answer" label="验证码" error={error} hint={`请计算图中算式，填写结果（阿拉伯数字）。${alternative}`}>
      <input type="hidden" name="captcha_token" value={token} />
      <div class="captcha" dangerouslySetInnerHTML={{ __html: svg }} />
      <input id="captcha_answer" name="captcha_answer" type="text" inputMode="numeric" autocomplete="off" value="" aria-describedby={describedBy({ name: 'captcha_answer', label: '', hint: 'x', error })} aria-invalid={error ? 'true' : undefined} class="input input--short" />
    </FieldWrap>
  );
}
