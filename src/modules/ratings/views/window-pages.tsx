// Pure views: the staff pages of the 好差评 channels — the venues in scope, one venue's windows
// (add, stop, print), the printable A4 sheet of QR codes, and the form that sends a 办件's
// single-use rating link.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { SUBJECT_ENUM } from '../levels.ts';
import { LINK_SUBJECTS } from '../rating-links.ts';
import { cs } from '../channels.strings.ts';
import type { VenueRow, WindowRow } from '../channels.service.ts';

const st = cs.staff;
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: '/staff/ratings/venues', label: st.venues }, ...extra]} />;
const venueHref = (id: string) => `/staff/ratings/venues/${encodeURIComponent(id)}`;

export function VenuesPage({ ctx, venues }: { ctx: PageContext; venues: (VenueRow & { windows: number })[] }) {
  const c = st.cols;
  return (
    <Layout ctx={ctx} title={st.venues}>
      {crumbs([])}
      <h1>{st.venues}</h1>
      <p>{st.venuesIntro}</p>
      <p><a href="/staff/ratings/links/new">{st.links}</a></p>
      {venues.length === 0 ? <p>{st.noVenues}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${st.venues}（表格）`}>
          <table class="stats-table">
            <caption class="visually-hidden">{st.venues}</caption>
            <thead><tr><th scope="col">{c.venue}</th><th scope="col">{c.org}</th><th scope="col">{c.windows}</th><th scope="col">{c.qr}</th></tr></thead>
            <tbody>
              {venues.map((v) => (
                <tr key={v.publicId}>
                  <td><a href={`${venueHref(v.publicId)}/windows`}>{v.name}</a></td>
                  <td>{v.orgName}</td>
                  <td>{v.windows}</td>
                  <td><a href={`${venueHref(v.publicId)}/qr`}>{st.printAll}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function WindowsPage({ ctx, venue, windows, values, errors, done }: {
  ctx: PageContext; venue: VenueRow; windows: WindowRow[]; values: Record<string, string>; errors: FieldErrors; done?: string | undefined;
}) {
  const c = st.cols;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={st.windows(venue.name)} hasErrors={hasErrors}>
      {crumbs([{ label: venue.name }])}
      <h1>{st.windows(venue.name)}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      <p><a href={`${venueHref(venue.publicId)}/qr`}>{st.printAll}</a></p>
      {windows.length === 0 ? <p>{st.noWindows}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${st.windows(venue.name)}（表格）`}>
          <table class="stats-table">
            <caption class="visually-hidden">{st.windows(venue.name)}</caption>
            <thead><tr><th scope="col">{c.code}</th><th scope="col">{c.name}</th><th scope="col">{c.respOrg}</th><th scope="col">{c.state}</th><th scope="col">{c.actions}</th></tr></thead>
            <tbody>
              {windows.map((w) => (
                <tr key={w.publicId}>
                  <td>{w.code}</td>
                  <td>{w.name}</td>
                  <td>{w.orgCode}</td>
                  <td>{w.active ? st.active : st.inactive}</td>
                  <td class="actions">
                    {w.active && <a href={`${venueHref(venue.publicId)}/qr?window=${encodeURIComponent(w.code)}`}>{`${st.printOne} ${w.code}`}</a>}
                    {w.active && (
                      <Form action={`${venueHref(venue.publicId)}/windows/disable`} csrfToken={ctx.csrfToken}>
                        <input type="hidden" name="window" value={w.code} />
                        <button type="submit" class="link-button">{`${st.disable} ${w.code}`}</button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{st.addWindow}</h2>
      <Form action={`${venueHref(venue.publicId)}/windows`} csrfToken={ctx.csrfToken}>
        <TextInput name="code" label={st.code} hint={st.codeHint} value={values.code ?? ''} error={errors.code} width="short" />
        <TextInput name="name" label={st.name} hint={st.nameHint} value={values.name ?? ''} error={errors.name} />
        <TextInput name="org" label={st.org} hint={st.orgHint} value={values.org ?? ''} error={errors.org} width="short" />
        <Button>{st.addWindow}</Button>
      </Form>
      {errors.window && <p class="field-error" id="window">{errors.window}</p>}
    </Layout>
  );
}

export interface QrCard { key: string; heading: string; sub: string; prompt: string; url: string; svg: string }

/** The sheet to print: one card per window (and the venue's own), two to an A4 page. */
export function QrSheetPage({ ctx, venue, cards }: { ctx: PageContext; venue: VenueRow; cards: QrCard[] }) {
  return (
    <Layout ctx={ctx} title={st.sheetTitle(venue.name)}>
      {crumbs([{ href: `${venueHref(venue.publicId)}/windows`, label: venue.name }, { label: st.sheetTitle(venue.name) }])}
      <div class="no-print">
        <h1>{st.sheetTitle(venue.name)}</h1>
        <p>{st.sheetHint}</p>
      </div>
      <div class="qr-sheet">
        {cards.map((c) => (
          <section class="qr-card" key={c.key} aria-label={c.heading}>
            <p class="qr-card__venue">{venue.name}</p>
            <p class="qr-card__heading">{c.heading}</p>
            {c.sub && <p class="qr-card__sub">{c.sub}</p>}
            <div class="qr-card__code" dangerouslySetInnerHTML={{ __html: c.svg }} />
            <p class="qr-card__prompt">{c.prompt}</p>
            <p class="qr-card__url">{c.url}</p>
          </section>
        ))}
      </div>
    </Layout>
  );
}

export function LinkFormPage({ ctx, values, errors, sent }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; sent?: string | undefined }) {
  const f = st.linkForm;
  const subjects = SUBJECT_ENUM.values.filter((v) => LINK_SUBJECTS.includes(v.code)).map((v) => ({ value: v.code, label: v.label }));
  return (
    <Layout ctx={ctx} title={st.links} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: st.links }])}
      <h1>{st.links}</h1>
      {sent && <Notice>{sent}</Notice>}
      <p>{st.linksIntro}</p>
      <ErrorSummary errors={errors} />
      <Form action="/staff/ratings/links" csrfToken={ctx.csrfToken}>
        <TextInput name="org" label={f.org} hint={f.orgHint} value={values.org ?? ''} error={errors.org} width="short" />
        <TextInput name="case_ref" label={f.caseRef} value={values.case_ref ?? ''} error={errors.case_ref} />
        <Select name="subject" label={f.subject} options={subjects} value={values.subject || 'item'} error={errors.subject} />
        <TextInput name="venue" label={f.venue} value={values.venue ?? ''} error={errors.venue} />
        <TextInput name="item" label={f.item} value={values.item ?? ''} error={errors.item} />
        <TextInput name="window" label={f.window} value={values.window ?? ''} error={errors.window} width="short" />
        <TextInput name="staff_no" label={f.staffNo} value={values.staff_no ?? ''} error={errors.staff_no} width="short" />
        <TextInput name="rater_name" label={f.raterName} value={values.rater_name ?? ''} error={errors.rater_name} />
        <TextInput name="phone" type="tel" label={f.phone} hint={f.recipientHint} value={values.phone ?? ''} error={errors.phone} />
        <TextInput name="email" type="email" label={f.email} value={values.email ?? ''} error={errors.email} />
        <Button>{f.submit}</Button>
      </Form>
    </Layout>
  );
}
