// Pure views: the administrators' settings — deadline classes, categories and routing rules.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { interactionStrings } from '../interaction.strings.ts';
import type { Category } from '../interaction.repository.ts';
import type { DeadlineClass } from '../deadlines.ts';
import type { RuleView } from '../settings.service.ts';

const t = interactionStrings.settings;
const f = t.f;
const BASE = '/staff/interaction/settings';
const crumbs = (extra: { href?: string; label: string }[]) => [{ href: '/staff', label: interactionStrings.staff.page.workbench }, ...extra];

export interface SettingsPageProps {
  ctx: PageContext;
  classes: DeadlineClass[];
  categories: Category[];
  rules: RuleView[];
  notice: string | null;
  /** Which form the errors and values belong to: the classes form, the new category form or the new rule form. */
  form: 'classes' | 'category' | 'rule' | null;
  errors: FieldErrors;
  values: Record<string, string>;
  /** May the caller change what every county shares (classes, categories)? Platform administrators only. */
  shared: boolean;
}

export function SettingsPage({ ctx, classes, categories, rules, notice, form, errors, values, shared }: SettingsPageProps) {
  const err = (which: SettingsPageProps['form']) => (form === which ? errors : {});
  const val = (which: SettingsPageProps['form'], k: string, fallback = '') => (form === which ? values[k] ?? '' : fallback);
  const classOptions = classes.map((c) => ({ value: c.code, label: interactionStrings.staff.actions.classOption(c.label, c.workingDays) }));
  return (
    <Layout ctx={ctx} title={t.title} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={crumbs([{ label: t.title }])} />
      <ErrorSummary errors={errors} />
      <h1>{t.title}</h1>
      {notice && <Notice>{notice}</Notice>}
      <p>{t.lead}</p>

      <h2 id="classes">{t.classes}</h2>
      <p>{t.classesHint}</p>
      {!shared && <p class="hint">{t.platformOnly}</p>}
      {!shared ? (
        <ul>{classes.map((c) => <li key={c.code}>{interactionStrings.staff.actions.classOption(c.label, c.workingDays)}</li>)}</ul>
      ) : <Form action={`${BASE}/classes`} csrfToken={ctx.csrfToken}>
        {classes.map((c) => (
          <fieldset key={c.code}>
            <legend>{c.code}</legend>
            <TextInput name={`label_${c.code}`} label={t.classLabel(c.code)} value={val('classes', `label_${c.code}`, c.label)} error={err('classes')[`label_${c.code}`]} width="short" />
            <TextInput name={`days_${c.code}`} label={t.classDays(c.code)} type="number" value={val('classes', `days_${c.code}`, String(c.workingDays))} error={err('classes')[`days_${c.code}`]} width="short" />
          </fieldset>
        ))}
        <Button>{t.save}</Button>
      </Form>}

      <h2 id="categories">{t.categories}</h2>
      <p>{t.categoriesHint}</p>
      <table>
        <caption class="visually-hidden">{t.categories}</caption>
        <thead><tr>{t.categoryColumns.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {categories.map((c) => (
            <tr key={c.code}>
              <td><code>{c.code}</code></td>
              <td>{c.name}</td>
              <td>{c.group}</td>
              <td>{classes.find((k) => k.code === c.defaultClass)?.label ?? c.defaultClass}</td>
              <td>{c.active ? t.active : t.inactive}</td>
              <td>{shared ? <a href={`${BASE}/categories/${encodeURIComponent(c.code)}`}>{t.edit}<span class="visually-hidden">{c.name}</span></a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shared && <details open={form === 'category'}>
        <summary>{t.newCategory}</summary>
        <Form action={`${BASE}/categories`} csrfToken={ctx.csrfToken}>
          <TextInput name="code" label={f.code} hint={f.codeHint} value={val('category', 'code')} error={err('category').code} width="short" />
          <CategoryFields values={form === 'category' ? values : { sort_order: String(categories.length), active: '1', default_class: 'normal' }} errors={err('category')} classOptions={classOptions} />
          <Button>{t.add}</Button>
        </Form>
      </details>}

      <h2 id="rules">{t.rules}</h2>
      <p>{t.rulesHint}</p>
      <table>
        <caption class="visually-hidden">{t.rules}</caption>
        <thead><tr>{t.ruleColumns.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>{r.categoryName}</td>
              <td>{r.regionName ?? ''}（{r.regionPrefix}）</td>
              <td>{r.orgName ?? r.orgCode}（{r.orgCode}）</td>
              <td>{r.classLabel}</td>
              <td>
                <Form action={`${BASE}/rules/${r.id}/delete`} csrfToken={ctx.csrfToken} class="inline-form">
                  <button type="submit" class="button button--warning">{t.deleteRule}<span class="visually-hidden">{t.deleteRuleLabel(r.categoryName, r.regionName ?? r.regionPrefix)}</span></button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details open={form === 'rule'}>
        <summary>{t.newRule}</summary>
        <Form action={`${BASE}/rules`} csrfToken={ctx.csrfToken}>
          <Select name="category_code" label={f.category_code} placeholder={t.choose} options={[{ value: '*', label: t.allCategories }, ...categories.map((c) => ({ value: c.code, label: c.name }))]} value={val('rule', 'category_code')} error={err('rule').category_code} />
          <TextInput name="region" label={f.region} hint={f.regionHint} value={val('rule', 'region')} error={err('rule').region} width="short" />
          <TextInput name="org_code" label={f.org_code} hint={f.orgHint} value={val('rule', 'org_code')} error={err('rule').org_code} width="short" />
          <Select name="class_code" label={f.class_code} placeholder={t.choose} options={classOptions} value={val('rule', 'class_code')} error={err('rule').class_code} />
          <Button>{t.add}</Button>
        </Form>
      </details>
    </Layout>
  );
}

function CategoryFields({ values, errors, classOptions }: { values: Record<string, string>; errors: FieldErrors; classOptions: { value: string; label: string }[] }) {
  return (
    <>
      <TextInput name="name" label={f.name} value={values.name} error={errors.name} />
      <TextInput name="group_name" label={f.group_name} value={values.group_name} error={errors.group_name} />
      <TextArea name="description" label={f.description} value={values.description} error={errors.description} rows={2} />
      <TextInput name="keywords" label={f.keywords} hint={f.keywordsHint} value={values.keywords} error={errors.keywords} width="long" />
      <Select name="default_class" label={f.default_class} options={classOptions} value={values.default_class} error={errors.default_class} />
      <TextInput name="sort_order" label={f.sort_order} type="number" value={values.sort_order} error={errors.sort_order} width="short" />
      <Select name="active" label={f.active} options={[{ value: '1', label: t.active }, { value: '0', label: t.inactive }]} value={values.active} error={errors.active} />
    </>
  );
}

export function CategoryPage({ ctx, category, classes, values, errors }: { ctx: PageContext; category: Category; classes: DeadlineClass[]; values: Record<string, string>; errors: FieldErrors }) {
  const title = t.editCategory(category.name);
  const classOptions = classes.map((c) => ({ value: c.code, label: interactionStrings.staff.actions.classOption(c.label, c.workingDays) }));
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <Breadcrumbs items={crumbs([{ href: BASE, label: t.title }, { label: title }])} />
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p>{f.code}：<code>{category.code}</code></p>
      <Form action={`${BASE}/categories/${encodeURIComponent(category.code)}`} csrfToken={ctx.csrfToken}>
        <CategoryFields values={values} errors={errors} classOptions={classOptions} />
        <Button>{t.save}</Button>
      </Form>
    </Layout>
  );
}
