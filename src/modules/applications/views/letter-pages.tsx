// Pure views: the 发文字号 prefix page (staff) and the public 办理流程图 page with the blank 申请表.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { publicStrings as p, staffStrings as t } from '../applications.strings.ts';
import { letterStrings as ls } from '../letters.strings.ts';
import { PROCESS_STEPS, processChartSvg } from '../process-chart.ts';

export const BLANK_FORM_HREF = '/applications/forms/application-form.docx';
export const PROCESS_HREF = '/applications/process';

/** The small section on the applicant's start page: the blank form and the flow chart. */
export function FormsSection() {
  return (
    <section aria-labelledby="forms-heading">
      <h2 id="forms-heading">{ls.public.formsTitle}</h2>
      <ul>
        <li><a href={BLANK_FORM_HREF} download>{ls.public.blankForm}</a>（{ls.public.blankFormHint}）</li>
        <li><a href={PROCESS_HREF}>{ls.public.flowchart}</a></li>
      </ul>
    </section>
  );
}

export function ProcessPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ls.public.flowTitle}>
      <Breadcrumbs items={[{ href: '/', label: p.labels.home }, { href: '/applications', label: p.labels.section }, { label: ls.public.flowTitle }]} />
      <h1>{ls.public.flowTitle}</h1>
      <p>{ls.public.flowIntro}</p>
      <div class="flow-chart" dangerouslySetInnerHTML={{ __html: processChartSvg() }} />
      <h2>{ls.public.textList}</h2>
      <ol class="process-steps">
        {PROCESS_STEPS.map((s) => (
          <li key={s.title}><strong>{s.title}{s.deadline ? `（${s.deadline}）` : ''}{s.optional ? ls.public.optionalStep : ''}</strong>：{s.detail}{ls.public.stepArticle(s.article)}</li>
        ))}
      </ol>
      <p><a href={BLANK_FORM_HREF} download>{ls.public.blankForm}</a></p>
      <p><a href="/applications/apply">{p.apply}</a></p>
    </Layout>
  );
}

export function LetterPrefixPage({ ctx, values, errors, message, orgOptions, current }: {
  ctx: PageContext; values: Record<string, string>; errors: FieldErrors; message: string | null; orgOptions: { value: string; label: string }[];
  current: { prefix: string; configured: boolean; example: string } | null;
}) {
  return (
    <Layout ctx={ctx} title={ls.prefixTitle} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={[{ href: '/staff', label: t.l.workbench }, { href: '/staff/applications', label: t.title }, { label: ls.prefixTitle }]} />
      <ErrorSummary errors={errors} />
      <h1>{ls.prefixTitle}</h1>
      {message && <Notice>{message}</Notice>}
      <p>{ls.prefixHint}</p>
      {current && <p>{current.configured ? '' : `${ls.prefixDefault(current.prefix)}。`}{ls.prefixExample(current.example)}</p>}
      <Form action="/staff/applications/letter-prefix" csrfToken={ctx.csrfToken}>
        <Select name="org" label={ls.orgLabel} options={orgOptions} value={values.org} error={errors.org} />
        <TextInput name="prefix" label={ls.prefixLabel} hint={ls.prefixFieldHint} value={values.prefix} error={errors.prefix} />
        <Button>{ls.save}</Button>
      </Form>
    </Layout>
  );
}
