// Pure views of the PIPL part (issue 21 §5): 个人信息处理规则, the consent page, the readable export,
// closing the account and its confirmation, and the /me block 「个人信息与隐私」.
import type { ComponentChildren } from 'preact';
import { Breadcrumbs, Button, ErrorSummary, Form, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { MyDataExport } from '../privacy.service.ts';
import { privacyStrings as s } from '../privacy.strings.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { CONSENT_VERSION, SIGN_IN_METHODS, type SignInMethod } from '../vocabulary.ts';

const mySpace = { href: '/me', label: '我的空间' };

/** Beijing time of an ISO instant, minutes precision: 2026-12-07 10:00. */
export function beijing(iso: string | null): string {
  if (!iso) return s.none;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** An activity's detail as the person reads it: sign-ins and sign-outs keep the method's code (sms, oidc). */
export function activityDetail(kind: string, detail: string): string {
  return (kind === 'sign_in' || kind === 'sign_out') && SIGN_IN_METHODS.values.some((v) => v.code === detail) ? labelOf(SIGN_IN_METHODS, detail as SignInMethod) : detail;
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return <div class="summary-row"><dt>{label}</dt><dd>{children}</dd></div>;
}

function Check({ name, label, checked, error }: { name: string; label: string; checked: boolean; error?: string | undefined }) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      {error && <p class="field-error" id={`${name}-error`}><span class="visually-hidden">错误：</span>{error}</p>}
      <div class="checkbox consent-check">
        <input type="checkbox" id={name} name={name} value="yes" checked={checked} aria-describedby={error ? `${name}-error` : undefined} aria-invalid={error ? 'true' : undefined} />{' '}
        <label for={name}>{label}</label>
      </div>
    </div>
  );
}

export function RulesPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={s.rulesTitle}>
      <h1>{s.rulesTitle}</h1>
      <p class="muted">{s.consentVersionLabel}：{CONSENT_VERSION}</p>
      <p>{s.rulesLede}</p>
      {s.rules(ctx.site).map((sec) => (
        <section key={sec.heading}>
          <h2>{sec.heading}</h2>
          {sec.paragraphs.map((p, i) => <p key={i}>{p}</p>)}
        </section>
      ))}
    </Layout>
  );
}

export interface ConsentView {
  returnTo: string;
  /** The masked ID number when the account holds one (asks the separate consent). */
  idNumberMasked: string | null;
  /** The account had consented to an older version. */
  askedAgain: boolean;
  values: { agree: boolean; agree_id: boolean };
  errors: FieldErrors;
}

export function ConsentPage({ ctx, view }: { ctx: PageContext; view: ConsentView }) {
  const hasErrors = Object.keys(view.errors).length > 0;
  return (
    <Layout ctx={ctx} title={s.consentTitle} hasErrors={hasErrors}>
      <ErrorSummary errors={view.errors} />
      <h1>{s.consentTitle}</h1>
      {view.askedAgain && <div class="notice" role="status">{s.askedAgain}</div>}
      <p>{s.consentLede}</p>
      <ul>
        {s.consentSummary.map((line, i) => <li key={i}>{line.replace('{sponsor}', ctx.site.sponsor)}</li>)}
      </ul>
      <p><a href="/me/rules" target="_blank" rel="noopener">{s.readFullRules}</a>（{s.consentVersionLabel} {CONSENT_VERSION}）</p>
      <Form action="/me/consent" csrfToken={ctx.csrfToken}>
        <input type="hidden" name="return_to" value={view.returnTo} />
        <Check name="agree" label={s.agreeGeneral} checked={view.values.agree} error={view.errors.agree} />
        {view.idNumberMasked !== null && (
          <fieldset class="fieldset">
            <legend>{s.idNumberHeading}</legend>
            <p>{s.idNumberText.replace('{masked}', view.idNumberMasked)}</p>
            <Check name="agree_id" label={s.agreeIdNumber} checked={view.values.agree_id} error={view.errors.agree_id} />
          </fieldset>
        )}
        <Button>{s.agreeButton}</Button>
      </Form>
      <h2>{s.refuseHeading}</h2>
      <p>{s.refuseText}</p>
      <div class="actions">
        <Form action="/me/sign-out" csrfToken={ctx.csrfToken}><Button variant="secondary">{s.signOut}</Button></Form>
        <a href="/me/close">{s.closeLink}</a>
      </div>
    </Layout>
  );
}

function Section({ id, title, why, children }: { id: string; title: string; why: string; children: ComponentChildren }) {
  return (
    <section id={`sec-${id}`}>
      <h2>{title}</h2>
      <p class="hint">{why}</p>
      {children}
    </section>
  );
}

function Table({ label, head, rows }: { label: string; head: string[]; rows: (string | null)[][] }) {
  if (!rows.length) return <p>{s.none}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class="table">
        <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c ?? s.none}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

export function ExportPage({ ctx, data }: { ctx: PageContext; data: MyDataExport }) {
  const f = s.fields;
  const a = data.account;
  const sec = s.sections;
  return (
    <Layout ctx={ctx} title={s.exportTitle}>
      <Breadcrumbs items={[mySpace, { label: s.exportTitle }]} />
      <h1>{s.exportTitle}</h1>
      <p>{s.exportLede}</p>
      <p class="muted">{s.exportGeneratedAt}：{beijing(data.generatedAt)}</p>
      <p><a class="button" href="/me/export.json" download>{s.exportJson}</a></p>
      <Section id="account" title={sec.account.title} why={sec.account.why}>
        <dl class="summary">
          <Row label={f.publicId}>{a.publicId}</Row>
          <Row label={f.kind}>{a.kindLabel}</Row>
          <Row label={f.via}>{a.viaLabel}</Row>
          <Row label={f.displayName}>{a.displayName}</Row>
          <Row label={f.name}>{a.name ?? s.none}</Row>
          <Row label={f.phone}>{a.phone ?? s.none}</Row>
          <Row label={f.idNumber}>{a.idNumberMasked ?? s.none}{a.idNumberMasked && <p class="hint">{s.idMaskedNote}</p>}</Row>
          {a.kind === 'enterprise' && <Row label={f.uscc}>{a.uscc ?? s.none}</Row>}
          {a.kind === 'enterprise' && <Row label={f.orgName}>{a.orgName ?? s.none}</Row>}
          {a.kind === 'enterprise' && <Row label={f.enterpriseStage}>{a.enterpriseStage ?? s.none}</Row>}
          {a.oidcIssuer && <Row label={f.oidcIssuer}>{a.oidcIssuer}</Row>}
          {a.oidcSubject && <Row label={f.oidcSubject}>{a.oidcSubject}</Row>}
          <Row label={f.feed}>{a.personalFeed ? f.feedOn : f.feedOff}</Row>
          <Row label={f.createdAt}>{beijing(a.createdAt)}</Row>
          <Row label={f.lastSignInAt}>{beijing(a.lastSignInAt)}</Row>
        </dl>
      </Section>
      <Section id="consent" title={sec.consent.title} why={sec.consent.why}>
        <dl class="summary">
          <Row label={f.consentVersion}>{data.consent.version ?? s.none}</Row>
          <Row label={f.consentedAt}>{beijing(data.consent.consentedAt)}</Row>
        </dl>
      </Section>
      <Section id="email" title={sec.email.title} why={sec.email.why}>
        <dl class="summary">
          <Row label={f.email}>{data.email.confirmed ?? s.none}</Row>
          <Row label={f.emailPending}>{data.email.pending ?? s.none}</Row>
        </dl>
      </Section>
      <Section id="sessions" title={sec.sessions.title} why={sec.sessions.why}>
        <Table label={sec.sessions.title} head={[f.method, f.createdAtShort, f.lastSeenAt, f.expiresAt]} rows={data.sessions.map((x) => [x.methodLabel, beijing(x.createdAt), beijing(x.lastSeenAt), beijing(x.expiresAt)])} />
      </Section>
      <Section id="activity" title={sec.activity.title} why={sec.activity.why}>
        <Table label={sec.activity.title} head={[f.time, f.kindLabel, f.detail]} rows={data.activity.map((x) => [beijing(x.at), x.label, activityDetail(x.kind, x.detail)])} />
      </Section>
      <Section id="saved" title={sec.saved.title} why={sec.saved.why}>
        <Table label={sec.saved.title} head={[f.kindLabel, f.title, f.ref, f.time]} rows={data.saved.map((x) => [x.kindLabel, x.title, x.ref, beijing(x.createdAt)])} />
      </Section>
      <Section id="subscriptions" title={sec.subscriptions.title} why={sec.subscriptions.why}>
        <Table label={sec.subscriptions.title} head={[f.target, f.delivery, f.time, f.sentUntil]} rows={data.subscriptions.map((x) => [`${x.targetKindLabel ?? ''}：${x.targetLabel}`, x.deliveryLabel, beijing(x.createdAt), x.sentUntil ? beijing(x.sentUntil) : null])} />
      </Section>
      <Section id="codes" title={sec.codes.title} why={sec.codes.why}>
        <Table label={sec.codes.title} head={[f.time, f.state, f.reader, f.fieldsAsked, f.purpose]} rows={data.codes.map((x) => [beijing(x.createdAt), x.stateLabel, x.reader ? `${x.readerKind ?? ''} ${x.reader}`.trim() : null, x.fields.join('、') || null, x.purpose])} />
      </Section>
      <Section id="records" title={sec.records.title} why={sec.records.why}>
        {data.records.length === 0 && <p>{s.none}</p>}
        {data.records.map((g) => (
          <section key={g.kind}>
            <h3>{g.label}</h3>
            <Table label={g.label} head={[f.ref, f.title, f.status, f.submittedAt]} rows={g.items.map((r) => [r.ref, r.title, r.status, beijing(r.submittedAt)])} />
          </section>
        ))}
      </Section>
    </Layout>
  );
}

export interface CloseView {
  kept: { kind: string; label: string; retention: string; count: number }[];
  values: { reason: string; confirm: string };
  errors: FieldErrors;
}

export function ClosePage({ ctx, view }: { ctx: PageContext; view: CloseView }) {
  const hasErrors = Object.keys(view.errors).length > 0;
  return (
    <Layout ctx={ctx} title={s.closeTitle} hasErrors={hasErrors}>
      <ErrorSummary errors={view.errors} />
      <Breadcrumbs items={[mySpace, { label: s.closeTitle }]} />
      <h1>{s.closeTitle}</h1>
      <p>{s.closeLede}</p>
      <h2>{s.erasedHeading}</h2>
      <ul>{s.erased.map((line, i) => <li key={i}>{line}</li>)}</ul>
      <h2>{s.keptHeading}</h2>
      <p>{s.keptLede}</p>
      <ul>
        {view.kept.map((k) => (
          <li key={k.kind}><strong>{k.label}</strong>（{s.keptCount.replace('{n}', String(k.count))}）：{k.retention}</li>
        ))}
        {s.keptAlways.map((line, i) => <li key={`a${i}`}>{line}</li>)}
      </ul>
      <Form action="/me/close" csrfToken={ctx.csrfToken}>
        <TextArea name="reason" label={s.reasonLabel} hint={s.reasonHint} value={view.values.reason} error={view.errors.reason} rows={3} />
        <TextInput name="confirm" label={s.confirmLabel} value={view.values.confirm} error={view.errors.confirm} width="short" />
        <Button variant="warning">{s.closeButton}</Button>
      </Form>
    </Layout>
  );
}

export function ClosedPage({ ctx, closed, kept }: { ctx: PageContext; closed: { publicId: string; closedAt: string }; kept: { kind: string; label: string; retention: string }[] }) {
  return (
    <Layout ctx={ctx} title={s.closedTitle}>
      <h1>{s.closedTitle}</h1>
      <div class="notice" role="status">{s.closedDone}</div>
      <dl class="summary">
        <Row label={s.closedRef}>{closed.publicId}</Row>
        <Row label={s.closedAt}>{beijing(closed.closedAt)}</Row>
      </dl>
      <p class="hint">{s.closedKeepRef}</p>
      <h2>{s.erasedDoneHeading}</h2>
      <ul>{s.erased.map((line, i) => <li key={i}>{line}</li>)}</ul>
      <h2>{s.keptDoneHeading}</h2>
      <p>{s.keptLede}</p>
      <ul>
        {kept.map((k) => <li key={k.kind}><strong>{k.label}</strong>：{k.retention}</li>)}
        {s.keptAlways.map((line, i) => <li key={`a${i}`}>{line}</li>)}
      </ul>
      <p><a href="/">{s.backHome}</a></p>
    </Layout>
  );
}

export function PrivacyMeBlock({ consentedAt, version }: { consentedAt: string | null; version: string | null }) {
  return (
    <section class="me-section" aria-labelledby="me-privacy">
      <h2 id="me-privacy">{s.meTitle}</h2>
      {consentedAt && version && <p class="hint">{s.meConsented.replace('{at}', beijing(consentedAt)).replace('{version}', version)}</p>}
      <ul>
        <li><a href="/me/rules">{s.meRules}</a></li>
        <li><a href="/me/export">{s.meExport}</a></li>
        <li><a href="/me/close">{s.meClose}</a></li>
      </ul>
    </section>
  );
}
