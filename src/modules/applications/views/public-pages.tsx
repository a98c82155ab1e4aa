// Pure views: the applicant's side — the one-question-per-page application, check your answers,
// confirmation with reference and tracking code, and the status page.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, CaptchaField, ErrorSummary, Form, Notice, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { APPLICANT_TYPES, DELIVERY_METHODS, LEGAL_PERSON_SUBTYPES, STAGES, findOutcome, FAMILY_LABELS, type Stage, type DeliveryMethod, type ApplicantType } from '../workflow.ts';
import { publicStrings as p } from '../applications.strings.ts';
import { deadlineText, explanationLines } from '../deadlines.ts';
import { FormsSection } from './letter-pages.tsx';

export type Answers = Record<string, string>;
export const ANSWER_FIELDS = ['applicant_type', 'applicant_subtype', 'applicant_name', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address', 'org', 'description', 'delivery'] as const;
export type Step = 'type' | 'subtype' | 'name' | 'id_number' | 'contact' | 'org' | 'description' | 'delivery' | 'check';

/** The steps for these answers (法人或其他组织 get the sub-type question). */
export function stepsFor(a: Answers): Step[] {
  return ['type', ...(a.applicant_type === 'legal_person' ? (['subtype'] as Step[]) : []), 'name', 'id_number', 'contact', 'org', 'description', 'delivery', 'check'];
}

const crumbs = (label: string) => <Breadcrumbs items={[{ href: '/', label: p.labels.home }, { href: '/applications', label: p.labels.section }, { label }]} />;

function Hidden({ answers, except }: { answers: Answers; except: readonly string[] }) {
  return <>{ANSWER_FIELDS.filter((f) => !except.includes(f) && answers[f]).map((f) => <input key={f} type="hidden" name={f} value={answers[f]} />)}</>;
}

function Radios({ name, legend, options, value, error, hint }: { name: string; legend: string; options: readonly { value: string; label: string }[]; value: string | undefined; error?: string | undefined; hint?: string }) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <fieldset aria-describedby={[hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined}>
        <legend><h1 class="legend-heading">{legend}</h1></legend>
        {hint && <p class="hint" id={`${name}-hint`}>{hint}</p>}
        {error && <p class="field-error" id={`${name}-error`}><span class="visually-hidden">{p.labels.errorPrefix}</span>{error}</p>}
        {options.map((o, i) => (
          <div class="radio" key={o.value}>
            <input type="radio" id={i === 0 ? name : `${name}-${i}`} name={name} value={o.value} checked={o.value === value} />
            <label for={i === 0 ? name : `${name}-${i}`}>{o.label}</label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/** Which applicant answers come from the signed-in account's verified identity (issue 21 §3): shown, not editable. */
export interface Verified { name: boolean; id: boolean }

/** A verified value on its question's page: the value (an ID number masked), the mark and why it cannot be changed. */
function VerifiedValue({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dl class="summary"><div class="summary-row"><dt>{label}</dt><dd>{value} <span class="tag">{p.verified}</span></dd></div></dl>
      <p class="hint">{p.lockedHint}</p>
    </>
  );
}

export function ApplyStepPage({ ctx, step, answers, errors, orgs, verified }: { ctx: PageContext; step: Step; answers: Answers; errors: FieldErrors; orgs: { code: string; name: string }[]; verified?: Verified }) {
  const legal = answers.applicant_type === 'legal_person';
  const steps = stepsFor(answers);
  const n = steps.indexOf(step) + 1;
  let body;
  let except: string[] = [];
  switch (step) {
    case 'type':
      except = ['applicant_type'];
      body = <Radios name="applicant_type" legend={p.q.type} options={APPLICANT_TYPES.values.map((v) => ({ value: v.code, label: v.label }))} value={answers.applicant_type} error={errors.applicant_type} />;
      break;
    case 'subtype':
      except = ['applicant_subtype'];
      body = <Radios name="applicant_subtype" legend={p.q.subtype} hint={p.q.subtypeHint} options={LEGAL_PERSON_SUBTYPES.map((v) => ({ value: v, label: v }))} value={answers.applicant_subtype} error={errors.applicant_subtype} />;
      break;
    case 'name':
      except = ['applicant_name'];
      body = verified?.name
        ? <><h1>{legal ? p.q.orgName : p.q.name}</h1><VerifiedValue label={legal ? p.labels.orgName : p.labels.name} value={answers.applicant_name ?? ''} /></>
        : <><h1>{legal ? p.q.orgName : p.q.name}</h1><TextInput name="applicant_name" label={legal ? p.labels.orgName : p.labels.name} value={answers.applicant_name} error={errors.applicant_name} autocomplete={legal ? 'organization' : 'name'} /></>;
      break;
    case 'id_number':
      except = ['applicant_id_number'];
      body = verified?.id
        ? <><h1>{legal ? p.q.uscc : p.q.idNumber}</h1><VerifiedValue label={legal ? p.labels.uscc : p.labels.idNumber} value={answers.applicant_id_number ?? ''} /></>
        : <><h1>{legal ? p.q.uscc : p.q.idNumber}</h1><TextInput name="applicant_id_number" label={legal ? p.labels.uscc : p.labels.idNumber} hint={p.q.idHint} value={answers.applicant_id_number} error={errors.applicant_id_number} autocomplete="off" /></>;
      break;
    case 'contact':
      except = ['applicant_phone', 'applicant_email', 'applicant_address'];
      body = (
        <>
          <h1>{p.q.contact}</h1>
          <p class="hint">{p.q.contactHint}</p>
          <TextInput name="applicant_phone" label={p.labels.phone} type="tel" value={answers.applicant_phone} error={errors.applicant_phone} autocomplete="tel" />
          <TextInput name="applicant_email" label={p.labels.email} type="email" value={answers.applicant_email} error={errors.applicant_email} autocomplete="email" />
          <TextInput name="applicant_address" label={p.labels.address} value={answers.applicant_address} error={errors.applicant_address} autocomplete="street-address" />
        </>
      );
      break;
    case 'org':
      except = ['org'];
      body = (
        <div class={errors.org ? 'field field--error' : 'field'}>
          <h1><label for="org">{p.q.org}</label></h1>
          <p class="hint" id="org-hint">{p.q.orgHint}</p>
          {errors.org && <p class="field-error" id="org-error"><span class="visually-hidden">{p.labels.errorPrefix}</span>{errors.org}</p>}
          <select id="org" name="org" class="input" aria-describedby={errors.org ? 'org-hint org-error' : 'org-hint'}>
            <option value="">{p.labels.choose}</option>
            {orgs.map((o) => <option key={o.code} value={o.code} selected={o.code === answers.org}>{o.name}</option>)}
          </select>
        </div>
      );
      break;
    case 'description':
      except = ['description'];
      body = <><h1>{p.q.description}</h1><TextArea name="description" label={p.labels.description} hint={p.q.descriptionHint} value={answers.description} error={errors.description} /></>;
      break;
    case 'delivery':
      except = ['delivery'];
      body = <Radios name="delivery" legend={p.q.delivery} hint={p.q.deliveryHint} options={DELIVERY_METHODS.values.map((v) => ({ value: v.code, label: v.label }))} value={answers.delivery} error={errors.delivery} />;
      break;
    default:
      body = null;
  }
  return (
    <Layout ctx={ctx} title={p.stepTitle(n, steps.length)} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(p.apply)}
      <ErrorSummary errors={errors} />
      <p class="muted">{p.stepTitle(n, steps.length)}</p>
      <Form action="/applications/apply" csrfToken={ctx.csrfToken}>
        <input type="hidden" name="step" value={step} />
        <Hidden answers={answers} except={except} />
        {body}
        <Button>{p.continue}</Button>
      </Form>
    </Layout>
  );
}

export function CheckAnswersPage({ ctx, answers, orgName, errors, captcha, submissionId, verified }: { ctx: PageContext; answers: Answers; orgName: string; errors: FieldErrors; captcha: { token: string; svg: string }; submissionId: string; verified?: Verified }) {
  const legal = answers.applicant_type === 'legal_person';
  const mark = (v: string, on: boolean | undefined) => (on ? `${v}（${p.verified}）` : v);
  const rows: [string, string, Step][] = [
    [p.labels.applicantType, labelOf(APPLICANT_TYPES, answers.applicant_type as ApplicantType), 'type'],
    ...(legal ? [[p.labels.subtype, answers.applicant_subtype ?? '', 'subtype'] as [string, string, Step]] : []),
    [legal ? p.labels.orgName : p.labels.name, mark(answers.applicant_name ?? '', verified?.name), 'name'],
    [legal ? p.labels.uscc : p.labels.idNumberShort, mark(answers.applicant_id_number ?? '', verified?.id), 'id_number'],
    [p.labels.contact, [answers.applicant_phone, answers.applicant_email, answers.applicant_address].filter(Boolean).join('；'), 'contact'],
    [p.labels.org, orgName, 'org'],
    [p.labels.description, answers.description ?? '', 'description'],
    [p.labels.delivery, labelOf(DELIVERY_METHODS, answers.delivery as DeliveryMethod), 'delivery'],
  ];
  return (
    <Layout ctx={ctx} title={p.check} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(p.apply)}
      <ErrorSummary errors={errors} />
      <h1>{p.check}</h1>
      <dl class="summary">
        {rows.map(([k, v, step]) => (
          <div key={k} class="summary-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
            <dd>
              <Form action="/applications/apply" csrfToken={ctx.csrfToken} class="inline-form">
                <input type="hidden" name="goto" value={step} />
                <Hidden answers={answers} except={[]} />
                <button type="submit" class="link-button">{p.labels.change}<span class="visually-hidden">{k}</span></button>
              </Form>
            </dd>
          </div>
        ))}
      </dl>
      <h2>{p.declarationTitle}</h2>
      <p>{p.declaration}</p>
      <Form action="/applications/submit" csrfToken={ctx.csrfToken}>
        <Hidden answers={answers} except={[]} />
        <input type="hidden" name="submission_id" value={submissionId} />
        <CaptchaField token={captcha.token} svg={captcha.svg} error={errors.captcha_answer} alternative={p.captchaAlternative} />
        <Button>{p.submit}</Button>
      </Form>
    </Layout>
  );
}

export function SubmittedPage({ ctx, reference, trackingCode }: { ctx: PageContext; reference: string; trackingCode: string | null }) {
  return (
    <Layout ctx={ctx} title={p.submitted}>
      <div class="panel">
        <h1>{p.submitted}</h1>
        <p>{p.labels.referenceColon}<strong>{reference}</strong></p>
        {trackingCode ? <p>{p.labels.codeColon}<strong>{trackingCode}</strong></p> : <p>{p.codeShownOnce}</p>}
      </div>
      <p>{p.keepCode}</p>
      <h2>{p.whatNext}</h2>
      <p>{p.nextSteps}</p>
      <p><a href="/applications/status">{p.statusLink}</a></p>
    </Layout>
  );
}

export interface StatusView {
  reference: string;
  stage: Stage;
  receivedOn: string | null;
  dueOn: string | null;
  dueProvisional: boolean;
  /** How the due date was counted (no third party is named in it). */
  dueExplanation?: string;
  outcome: string | null;
  letter: boolean;
}

/** The due date as the applicant reads it: 「2026年10月22日（含当日）前」, marked 暂定 with the reason. */
function DueText({ view }: { view: StatusView }) {
  if (!view.dueOn) return <>{view.stage === 'in_consultation' ? p.paused : p.noDue}</>;
  return <>{deadlineText(view.dueOn)}{view.dueProvisional ? <> <span class="tag">{p.provisionalTag}</span>{p.provisionalWhy}</> : null}</>;
}

export function StatusPage({ ctx, values, errors, view }: { ctx: PageContext; values: Answers; errors: FieldErrors; view: StatusView | null }) {
  const o = view?.outcome ? findOutcome(view.outcome) : undefined;
  return (
    <Layout ctx={ctx} title={p.status} hasErrors={Object.keys(errors).length > 0}>
      {crumbs(p.status)}
      <ErrorSummary errors={errors} />
      <h1>{p.status}</h1>
      {view ? (
        <>
          <dl class="summary">
            <div class="summary-row"><dt>{p.labels.reference}</dt><dd>{view.reference}</dd></div>
            <div class="summary-row"><dt>{p.labels.stage}</dt><dd>{labelOf(STAGES, view.stage)}</dd></div>
            <div class="summary-row"><dt>{p.labels.receivedOn}</dt><dd>{view.receivedOn ?? p.notConfirmed}</dd></div>
            <div class="summary-row"><dt>{p.labels.dueOn}</dt><dd><DueText view={view} /></dd></div>
            {view.dueExplanation && <div class="summary-row"><dt>{p.dueExplanation}</dt><dd><ul class="explanation">{explanationLines(view.dueExplanation).map((line) => <li key={line}>{line}</li>)}</ul></dd></div>}
            {o && <div class="summary-row"><dt>{p.labels.outcome}</dt><dd>{FAMILY_LABELS[o.family]}{o.family !== o.code ? `（${o.label}）` : ''}</dd></div>}
          </dl>
          {view.letter && (
            <Form action="/applications/status/letter" csrfToken={ctx.csrfToken}>
              <input type="hidden" name="reference" value={values.reference} />
              <input type="hidden" name="tracking_code" value={values.tracking_code} />
              <Button variant="secondary">{p.downloadLetter}</Button>
            </Form>
          )}
          <p><a href="/applications/status">{p.another}</a></p>
        </>
      ) : (
        <Form action="/applications/status" csrfToken={ctx.csrfToken}>
          <TextInput name="reference" label={p.labels.reference} hint={p.labels.referenceHint} value={values.reference} error={errors.reference} autocomplete="off" />
          <TextInput name="tracking_code" label={p.labels.code} hint={p.labels.codeHint} value={values.tracking_code} error={errors.tracking_code} autocomplete="off" width="short" />
          <Button>{p.lookUp}</Button>
        </Form>
      )}
    </Layout>
  );
}

export function StartPage({ ctx, signedInAs }: { ctx: PageContext; signedInAs?: string | null }) {
  return (
    <Layout ctx={ctx} title={p.apply}>
      {crumbs(p.apply)}
      <h1>{p.apply}</h1>
      {signedInAs && <Notice>{p.signedIn(signedInAs)}</Notice>}
      <p>{p.intro}</p>
      <ul>{p.youNeed.map((x) => <li key={x}>{x}</li>)}</ul>
      <Notice>{p.alternative}</Notice>
      <Form action="/applications/apply" csrfToken={ctx.csrfToken}>
        <input type="hidden" name="goto" value="type" />
        <Button>{p.start}</Button>
      </Form>
      <FormsSection />
    </Layout>
  );
}
