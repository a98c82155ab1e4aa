// Views of the live queue and remote 取号 (issue 22 §2): the venue page's block, the 取号 page with
// errors, the person's ticket page, the /me section and the staff page of groups and tokens.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, TextInput } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { qs } from '../queue.strings.ts';
import { TICKET_STATUSES } from '../tickets.ts';
import type { TicketView, VenueQueue } from '../queue.service.ts';
import type { QueueGroup, TicketRow } from '../queue.repository.ts';
import type { VenueTokenRow } from '../tokens.service.ts';

export const QUEUE_JS = '/assets/queue/queue.js';
export const QUEUE_CSS = '/assets/queue/queue.css';

function LiveTable({ q, caption }: { q: VenueQueue; caption: string }) {
  return (
    <table class="qu-live">
      <caption>{caption}{q.updatedAt ? `（${qs.block.updated(beijingTime(q.updatedAt).slice(11, 16))}）` : ''}</caption>
      <thead><tr><th scope="col">{qs.block.group}</th><th scope="col">{qs.block.waiting}</th><th scope="col">{qs.block.calling}</th><th scope="col">{qs.block.estimate}</th></tr></thead>
      <tbody>
        {q.groups.map((g) => (
          <tr key={g.code}>
            <th scope="row">{g.code} {g.name}{g.remote ? '' : qs.block.remoteNo}</th>
            <td>{g.waiting}</td>
            <td>{g.calling ?? qs.block.none}</td>
            <td>{g.waiting > 0 ? qs.block.minutes(g.estimateMinutes) : qs.block.none}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface TakeFormProps {
  venuePublicId: string; q: VenueQueue; csrfToken: string; signedIn: boolean; returnTo: string; radiusM: number;
  mine: TicketRow | null; values?: { group: string }; errors?: FieldErrors;
  /** Why a number cannot be taken now (closed, or about to close), shown instead of the form; null: open. */
  closed?: string | null;
}

function TakeForm(p: TakeFormProps) {
  const remote = p.q.groups.filter((g) => g.remote);
  if (!remote.length) return null;
  if (p.closed && !p.mine) {
    return (
      <div class="qu-take">
        <h3>{qs.block.take}</h3>
        <p>{p.closed}</p>
      </div>
    );
  }
  if (!p.signedIn) {
    return (
      <div class="qu-take">
        <h3>{qs.block.take}</h3>
        <p>{qs.block.signInHint}</p>
        <p><a class="button" href={`/me/sign-in?return_to=${encodeURIComponent(p.returnTo)}`}>{qs.block.signIn}</a></p>
      </div>
    );
  }
  if (p.mine) {
    return (
      <div class="qu-take">
        <h3>{qs.block.take}</h3>
        <p>{qs.block.yours(p.mine.number)} <a href={`/queue/${p.mine.publicId}`}>{qs.block.yoursLink}</a></p>
      </div>
    );
  }
  const km = `${(p.radiusM / 1000).toFixed(1).replace(/\.0$/, '')} 公里`;
  const err = p.errors ?? {};
  return (
    <div class="qu-take">
      <h3>{qs.block.take}</h3>
      <p class="hint">{qs.block.takeHint(km)}</p>
      <Form action={`/services/venues/${p.venuePublicId}/queue`} csrfToken={p.csrfToken} class="qu-take-form">
        <fieldset class={err.group ? 'field field--error' : 'field'} id="group">
          <legend>{qs.take.group}</legend>
          {err.group && <p class="field-error">{err.group}</p>}
          {remote.map((g, i) => (
            <div key={g.code} class="qu-radio">
              <input type="radio" name="group" id={`group-${g.code}`} value={g.code} checked={p.values ? p.values.group === g.code : i === 0} />
              <label for={`group-${g.code}`}>{g.code} {g.name}</label>
            </div>
          ))}
        </fieldset>
        <input type="hidden" name="lat" value="" data-qu-lat />
        <input type="hidden" name="lng" value="" data-qu-lng />
        <p class="hint" id="position">{qs.block.position}</p>
        <noscript><p class="field-error">{qs.block.noScript}</p></noscript>
        <p class="qu-status" role="status" aria-live="polite" data-qu-status data-locating={qs.block.locating} data-failed={qs.block.locateFailed}></p>
        <Button>{qs.block.takeButton}</Button>
      </Form>
    </div>
  );
}

/** The venue page's block (order 10): the live queue per group and the 取号 form. */
export function QueueBlock(p: TakeFormProps) {
  return (
    <section class="qu-block" aria-labelledby="qu-block-title">
      <link rel="stylesheet" href={QUEUE_CSS} />
      <h2 id="qu-block-title">{qs.block.title}</h2>
      <LiveTable q={p.q} caption={qs.block.live} />
      <TakeForm {...p} />
      <script src={QUEUE_JS} defer></script>
    </section>
  );
}

export function TakePage(p: TakeFormProps & { ctx: PageContext; venueName: string }) {
  const errors = p.errors ?? {};
  return (
    <Layout ctx={p.ctx} title={qs.take.title(p.venueName)} hasErrors={Object.keys(errors).length > 0}>
      <link rel="stylesheet" href={QUEUE_CSS} />
      <Breadcrumbs items={[{ href: '/services', label: '政务服务' }, { href: `/services/venues/${p.venuePublicId}`, label: p.venueName }, { label: qs.block.take }]} />
      <h1>{qs.take.title(p.venueName)}</h1>
      <ErrorSummary errors={errors} />
      <LiveTable q={p.q} caption={qs.block.live} />
      <TakeForm {...p} />
      <script src={QUEUE_JS} defer></script>
    </Layout>
  );
}

export function TicketPage({ ctx, v, owner, cancelled }: { ctx: PageContext; v: TicketView; owner: boolean; cancelled: boolean }) {
  const t = v.ticket;
  return (
    <Layout ctx={ctx} title={qs.ticket.title(t.number)}>
      <link rel="stylesheet" href={QUEUE_CSS} />
      <Breadcrumbs items={[{ href: '/services', label: '政务服务' }, { href: `/services/venues/${v.venuePublicId}`, label: v.venueName }, { label: qs.ticket.title(t.number) }]} />
      <h1>{qs.ticket.title(t.number)}</h1>
      {cancelled && <Notice>{qs.ticket.cancelled}</Notice>}
      <div id="qu-ticket-live" data-qu-refresh="20" aria-live="polite">
        {t.status === 'called' && <Notice>{qs.ticket.calledNote}</Notice>}
        <dl class="qu-ticket">
          <div><dt>{qs.ticket.number}</dt><dd class="qu-number">{t.number}</dd></div>
          <div><dt>{qs.ticket.venue}</dt><dd>{v.venueName}</dd></div>
          <div><dt>{qs.ticket.group}</dt><dd>{t.groupCode} {v.groupName}</dd></div>
          <div><dt>{qs.ticket.status}</dt><dd>{labelOf(TICKET_STATUSES, t.status)}</dd></div>
          {v.position !== null && <div><dt>{qs.ticket.position}</dt><dd>{qs.ticket.positionOf(v.position)}</dd></div>}
          {v.ahead !== null && <div><dt>{qs.ticket.ahead}</dt><dd>{qs.ticket.aheadOf(v.ahead)}</dd></div>}
          {v.estimateMinutes !== null && <div><dt>{qs.ticket.estimate}</dt><dd>{qs.block.minutes(v.estimateMinutes)}<span class="hint">（{qs.ticket.estimateBasis[v.estimateBasis ?? 'default']}）</span></dd></div>}
          <div><dt>{qs.ticket.issuedAt}</dt><dd>{v.issuedAtText}</dd></div>
          {v.calledAtText && <div><dt>{qs.ticket.calledAt}</dt><dd>{v.calledAtText}</dd></div>}
        </dl>
      </div>
      {t.status === 'waiting' && <p class="hint">{qs.ticket.refresh}</p>}
      {owner && t.status === 'waiting' && (
        <Form action={`/queue/${t.publicId}/cancel`} csrfToken={ctx.csrfToken}>
          <Button variant="warning">{qs.ticket.cancel}</Button>
        </Form>
      )}
      <p><a href={`/services/venues/${v.venuePublicId}`}>{qs.ticket.venueLink}</a></p>
      <script src={QUEUE_JS} defer></script>
    </Layout>
  );
}

export function MeQueueSection({ tickets }: { tickets: (TicketRow & { venueName: string })[] }) {
  return (
    <section class="me-section" aria-labelledby="me-queue">
      <h2 id="me-queue">{qs.me.title}</h2>
      {tickets.length === 0 ? <p>{qs.me.empty}</p> : (
        <ul>
          {tickets.map((t) => <li key={t.publicId}><a href={`/queue/${t.publicId}`}>{t.number}</a> · {t.venueName} · {labelOf(TICKET_STATUSES, t.status)}</li>)}
        </ul>
      )}
    </section>
  );
}

export interface StaffQueueProps {
  ctx: PageContext; venue: { publicId: string; name: string }; groups: QueueGroup[]; items: { publicId: string; name: string }[];
  tokens: VenueTokenRow[]; newToken?: string; errors?: FieldErrors; values?: Record<string, string>;
  /** The notice after a 303: a group saved, a token revoked. */
  done?: 'group' | 'revoked';
}

export function StaffQueuePage(p: StaffQueueProps) {
  const errors = p.errors ?? {};
  const base = `/staff/venues/${p.venue.publicId}/queue`;
  const v = p.values ?? {};
  return (
    <Layout ctx={p.ctx} title={qs.staff.title(p.venue.name)} hasErrors={Object.keys(errors).length > 0}>
      <h1>{qs.staff.title(p.venue.name)}</h1>
      <ErrorSummary errors={errors} />
      {p.done && <Notice><p>{qs.staff.done[p.done]}</p></Notice>}
      {p.newToken && <Notice><p>{qs.staff.tokenOnce}</p><p><code>{p.newToken}</code></p></Notice>}
      <h2>{qs.staff.groups}</h2>
      <p class="hint">{qs.staff.groupsHint}</p>
      {p.groups.length === 0 ? <p>{qs.staff.noGroups}</p> : (
        <table>
          <caption class="visually-hidden">{qs.staff.groups}</caption>
          <thead><tr><th scope="col">{qs.staff.code}</th><th scope="col">{qs.staff.name}</th><th scope="col">{qs.staff.items}</th><th scope="col">{qs.staff.remote}</th></tr></thead>
          <tbody>
            {p.groups.map((g) => (
              <tr key={g.code}>
                <td>{g.code}</td><td>{g.name}</td>
                <td>{g.itemIds.map((id) => p.items.find((i) => i.publicId === id)?.name ?? id).join('、') || qs.block.none}</td>
                <td>{g.remote ? qs.staff.yes : qs.staff.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form action={`${base}/groups`} csrfToken={p.ctx.csrfToken}>
        <TextInput name="code" label={qs.staff.code} hint={qs.staff.codeHint} value={v.code ?? ''} error={errors.code} width="short" />
        <TextInput name="name" label={qs.staff.name} value={v.name ?? ''} error={errors.name} />
        {p.items.length > 0 && (
          <fieldset class="field" id="items">
            <legend>{qs.staff.items}</legend>
            {errors.items && <p class="field-error">{errors.items}</p>}
            {p.items.map((i) => (
              <div key={i.publicId}>
                <input type="checkbox" name="items" id={`item-${i.publicId}`} value={i.publicId} />
                <label for={`item-${i.publicId}`}>{i.name}</label>
              </div>
            ))}
          </fieldset>
        )}
        <div class="field">
          <input type="checkbox" name="remote" id="remote" value="1" checked={v.remote !== '0'} />
          <label for="remote">{qs.staff.remote}</label>
        </div>
        <Button>{qs.staff.saveGroup}</Button>
      </Form>
      <h2>{qs.staff.tokens}</h2>
      <p class="hint">{qs.staff.tokensHint}</p>
      {p.tokens.length === 0 ? <p>{qs.staff.noTokens}</p> : (
        <table>
          <caption class="visually-hidden">{qs.staff.tokens}</caption>
          <thead><tr><th scope="col">{qs.staff.label}</th><th scope="col">{qs.staff.created}</th><th scope="col">{qs.staff.lastUsed}</th><th scope="col">{qs.block.none}</th></tr></thead>
          <tbody>
            {p.tokens.map((t) => (
              <tr key={t.publicId}>
                <td>{t.label}</td><td>{beijingTime(t.createdAt)}</td><td>{t.lastUsedAt ? beijingTime(t.lastUsedAt) : qs.block.none}</td>
                <td>{t.revokedAt ? `${qs.staff.revoked} ${beijingTime(t.revokedAt)}` : (
                  <Form action={`${base}/revoke`} csrfToken={p.ctx.csrfToken}>
                    <input type="hidden" name="token" value={t.publicId} />
                    <Button variant="warning">{qs.staff.revoke} {t.label}</Button>
                  </Form>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form action={`${base}/tokens`} csrfToken={p.ctx.csrfToken}>
        <TextInput name="label" label={qs.staff.label} value={v.label ?? ''} error={errors.label} />
        <Button>{qs.staff.issue}</Button>
      </Form>
    </Layout>
  );
}
