// Pure views: the staff pages of a venue's hall display and kiosk settings — the venues in the
// caller's scope (/staff/channels) and one venue's form (sections, order, seconds; kiosk idle time).
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { DISPLAY_SECTIONS } from '../vocabulary.ts';
import { displayStrings } from '../display.strings.ts';

const st = displayStrings.staff;
export const SETTINGS_BASE = '/staff/channels';
const venueHref = (id: string) => `${SETTINGS_BASE}/venues/${encodeURIComponent(id)}`;
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: SETTINGS_BASE, label: st.listTitle }, ...extra]} />;

export interface VenueLine { publicId: string; name: string; typeLabel: string }

export function ChannelVenuesPage({ ctx, venues }: { ctx: PageContext; venues: VenueLine[] }) {
  return (
    <Layout ctx={ctx} title={st.listTitle}>
      {crumbs([])}
      <h1>{st.listTitle}</h1>
      <p>{st.listIntro}</p>
      {venues.length === 0 ? <p>{st.noneInScope}</p> : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${st.listTitle}（表格）`}>
          <table class="stats-table">
            <caption class="visually-hidden">{st.listTitle}</caption>
            <thead><tr><th scope="col">{st.venue}</th><th scope="col">{st.type}</th><th scope="col">{st.actions}</th></tr></thead>
            <tbody>
              {venues.map((v) => (
                <tr key={v.publicId}>
                  <td><a href={venueHref(v.publicId)}>{v.name}</a></td>
                  <td>{v.typeLabel}</td>
                  <td class="actions">
                    <a href={venueHref(v.publicId)}>{`${st.settings}：${v.name}`}</a>{' '}
                    <a href={`/display/${encodeURIComponent(v.publicId)}`}>{`${st.display}：${v.name}`}</a>{' '}
                    <a href={`/kiosk/${encodeURIComponent(v.publicId)}`}>{`${st.kiosk}：${v.name}`}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function ChannelSettingsPage({ ctx, venue, values, errors, saved, defaults }: {
  ctx: PageContext; venue: { publicId: string; name: string }; values: Record<string, string>; errors: FieldErrors; saved: boolean; defaults: boolean;
}) {
  const title = st.formTitle(venue.name);
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      {crumbs([{ label: venue.name }])}
      <h1>{title}</h1>
      {saved && <Notice>{st.saved}</Notice>}
      {defaults && !saved && <p>{st.defaults}</p>}
      <ErrorSummary errors={errors} />
      <p>
        <a href={`/display/${encodeURIComponent(venue.publicId)}`}>{st.openDisplay}</a>{' · '}
        <a href={`/kiosk/${encodeURIComponent(venue.publicId)}`}>{st.openKiosk}</a>
      </p>
      <Form action={venueHref(venue.publicId)} csrfToken={ctx.csrfToken}>
        {/* a heading, not a fieldset: a fieldset keeps its table's width and would widen the page on a phone */}
        <div>
          <h2 id="sections-title">{st.sectionsLegend}</h2>
          <p class="hint">{st.secondsHint}</p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={st.sectionsLegend}>
            <table class="stats-table">
              <caption class="visually-hidden">{st.sectionsLegend}</caption>
              <thead><tr><th scope="col">{st.show}</th><th scope="col">{st.order}</th><th scope="col">{st.seconds}</th></tr></thead>
              <tbody>
                {DISPLAY_SECTIONS.values.map((v) => {
                  const show = `show_${v.code}`; const order = `order_${v.code}`; const seconds = `seconds_${v.code}`;
                  return (
                    <tr key={v.code} class={errors[order] || errors[seconds] || errors[show] ? 'field--error' : ''}>
                      <td>
                        <input type="checkbox" id={show} name={show} value="1" checked={!!values[show]} />{' '}
                        <label for={show}>{v.label}</label>
                        {errors[show] && <p class="field-error" id={`${show}-error`}>{errors[show]}</p>}
                      </td>
                      <td>
                        <input class="input input--short" type="text" inputMode="numeric" id={order} name={order} value={values[order] ?? ''} aria-label={`${v.label}${st.order}`} aria-invalid={errors[order] ? 'true' : undefined} aria-describedby={errors[order] ? `${order}-error` : undefined} />
                        {errors[order] && <p class="field-error" id={`${order}-error`}>{errors[order]}</p>}
                      </td>
                      <td>
                        <input class="input input--short" type="text" inputMode="numeric" id={seconds} name={seconds} value={values[seconds] ?? ''} aria-label={`${v.label}${st.seconds}`} aria-invalid={errors[seconds] ? 'true' : undefined} aria-describedby={errors[seconds] ? `${seconds}-error` : undefined} />
                        {errors[seconds] && <p class="field-error" id={`${seconds}-error`}>{errors[seconds]}</p>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
        <TextInput name="idle" label={st.idle} hint={st.idleHint} value={values.idle ?? ''} error={errors.idle} width="short" />
        <Button>{st.save}</Button>
      </Form>
      <p><a href={SETTINGS_BASE}>{st.back}</a></p>
    </Layout>
  );
}
