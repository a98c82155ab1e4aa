// Pure views: the platform administrator's page of the entrances to other government portals
// (/staff/portal/links) and the form to change one.
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextInput } from '../../../platform/web/components.tsx';
import { labelOf } from '../../../platform/web/enums.ts';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { LINK_LEVELS, portalStrings, type PortalLinkLevel } from '../portal.strings.ts';
import type { PortalLink } from '../portal.repository.ts';

const s = portalStrings.links;
const levelOptions = LINK_LEVELS.values.map((l) => ({ value: l.code, label: l.label }));
const levelLabel = (c: string) => labelOf(LINK_LEVELS, c as PortalLinkLevel); // an unknown code shows as itself

export type LinkValues = Record<'level' | 'name' | 'url' | 'sort_order', string>;

function LinkFields({ values, errors }: { values: LinkValues; errors: FieldErrors }) {
  return (
    <>
      <Select name="level" label={s.level} value={values.level} error={errors.level} options={levelOptions} placeholder={s.choose} />
      <TextInput name="name" label={s.name} value={values.name} error={errors.name} />
      <TextInput name="url" label={s.url} value={values.url} error={errors.url} hint={s.urlHint} type="url" />
      <TextInput name="sort_order" label={s.sortOrder} value={values.sort_order} error={errors.sort_order} hint={s.sortHint} width="short" />
    </>
  );
}

export function LinksPage({ ctx, links, values, errors, notice }: { ctx: PageContext; links: PortalLink[]; values: LinkValues; errors: FieldErrors; notice: string | null }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={s.title} hasErrors={hasErrors}>
      <Breadcrumbs items={[{ href: '/staff', label: s.crumbsStaff }, { label: s.title }]} />
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      {notice && <Notice>{notice}</Notice>}
      <ErrorSummary errors={errors} />
      {links.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={s.title}>
          <table class="portal-links-table">
            <thead><tr><th scope="col">{s.level}</th><th scope="col">{s.name}</th><th scope="col">{s.url}</th><th scope="col">{s.sortOrder}</th><th scope="col">{s.actions}</th></tr></thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id}>
                  <td>{levelLabel(l.level)}</td>
                  <th scope="row">{l.name}</th>
                  <td><a href={l.url} rel="noopener noreferrer external">{l.url}</a></td>
                  <td>{l.sortOrder}</td>
                  <td>
                    <a href={`/staff/portal/links/${l.id}`}>{s.edit}<span class="visually-hidden">{l.name}</span></a>{' '}
                    <Form action={`/staff/portal/links/${l.id}/delete`} csrfToken={ctx.csrfToken} class="inline-form">
                      <button type="submit" class="link-button">{s.remove}<span class="visually-hidden">{l.name}</span></button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p>{s.none}</p>}
      <h2>{s.add}</h2>
      <Form action="/staff/portal/links" csrfToken={ctx.csrfToken}>
        <LinkFields values={values} errors={errors} />
        <Button>{s.add}</Button>
      </Form>
    </Layout>
  );
}

export function LinkEditPage({ ctx, id, values, errors }: { ctx: PageContext; id: number; values: LinkValues; errors: FieldErrors }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={`${s.edit}：${values.name || s.title}`} hasErrors={hasErrors}>
      <Breadcrumbs items={[{ href: '/staff', label: s.crumbsStaff }, { href: '/staff/portal/links', label: s.title }, { label: s.edit }]} />
      <h1>{`${s.edit}：${values.name || s.title}`}</h1>
      <ErrorSummary errors={errors} />
      <Form action={`/staff/portal/links/${id}`} csrfToken={ctx.csrfToken}>
        <LinkFields values={values} errors={errors} />
        <Button>{s.save}</Button>
      </Form>
    </Layout>
  );
}
