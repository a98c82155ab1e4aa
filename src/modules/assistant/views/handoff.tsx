// Pure views: the staff side of 转人工 — the queue (oldest first, with the wait), the answer window
// (transcript, reply form, take / close / 转为咨询登记), and the settings per organisation. The
// queue and the transcript refresh themselves through a small same-origin polling script
// (HANDOFF_POLL_JS): the region marked data-poll is replaced by the same region of a fresh copy
// of the page; without JavaScript the pages work with a reload.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, Select, TextArea, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { CONVERSATION_STATES, HANDOFF_FALLBACKS, TURN_ROLES, type ConversationState, type TurnRole } from '../vocabulary.ts';
import { handoffStrings as hs } from '../handoff.strings.ts';
import type { QueueRow, SettingsOrg, StaffConversation } from '../handoff.service.ts';

const st = hs.staff;
export const QUEUE = '/staff/assistant/queue';
export const CONVERSATIONS = '/staff/assistant/conversations';
export const SETTINGS = '/staff/assistant/settings';
/** The polling script (served by handoff.routes.tsx). */
export const HANDOFF_POLL_JS = '/assistant/handoff/poll.js';
const crumbs = (extra: { href?: string; label: string }[]) => <Breadcrumbs items={[{ href: '/staff', label: '工作台' }, { href: QUEUE, label: st.queueTitle }, ...extra]} />;
const stateLabel = (s: string) => labelOf(CONVERSATION_STATES, s as ConversationState);
const convHref = (ref: string) => `${CONVERSATIONS}/${encodeURIComponent(ref)}`;

export function QueuePage({ ctx, rows, canSet }: { ctx: PageContext; rows: QueueRow[]; canSet: boolean }) {
  const c = st.cols;
  return (
    <Layout ctx={ctx} title={st.queueTitle}>
      {crumbs([])}
      <h1>{st.queueTitle}</h1>
      {canSet && <p><a href={SETTINGS}>{st.settingsLink}</a></p>}
      <p class="hint">{st.autoRefresh}</p>
      <div data-poll="10" aria-live="polite">
        {rows.length === 0 ? <p>{st.empty}</p> : (
          <div class="table-scroll" tabIndex={0} role="region" aria-label={st.queueTitle}>
            <table class="table">
              <thead><tr><th scope="col">{c.reference}</th><th scope="col">{c.org}</th><th scope="col">{c.state}</th><th scope="col">{c.waited}</th><th scope="col">{c.first}</th><th scope="col">{c.taker}</th><th scope="col">{c.action}</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.reference}>
                    <td><a href={convHref(r.reference)}>{r.reference}</a></td>
                    <td>{r.orgName}</td>
                    <td>{r.state === 'waiting' ? <span class="tag tag--warn">{stateLabel(r.state)}</span> : stateLabel(r.state)}</td>
                    <td>{st.minutes(r.waitedMinutes)}</td>
                    <td>{r.firstQuestion}</td>
                    <td>{r.takenByLabel ?? '—'}</td>
                    <td>
                      {r.state === 'waiting'
                        ? <Form action={`${convHref(r.reference)}/take`} csrfToken={ctx.csrfToken} class="inline-form"><Button>{st.take}</Button></Form>
                        : <a href={convHref(r.reference)}>{st.open}</a>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <script src={HANDOFF_POLL_JS} defer></script>
    </Layout>
  );
}

export function ConversationPage({ ctx, s, actorId, done, values, errors, status }: {
  ctx: PageContext; s: StaffConversation; actorId: number; done?: string | undefined; values?: Record<string, string>; errors?: FieldErrors; status?: number;
}) {
  const ref = s.conv.reference as string;
  const title = st.conversationTitle(ref);
  const errs = errors ?? {};
  const mine = s.conv.state === 'staff' && s.takenById === actorId;
  const open = s.conv.state === 'waiting' || s.conv.state === 'staff';
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errs).length > 0 || (status ?? 200) >= 400}>
      {crumbs([{ label: ref }])}
      <h1>{title}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errs} />
      <dl class="facts">
        <dt>{st.cols.org}</dt><dd>{s.orgName}</dd>
        <dt>{st.state}</dt><dd>{stateLabel(s.conv.state)}{s.conv.takenByLabel ? `（${s.conv.takenByLabel}）` : ''}</dd>
        {s.conv.state === 'waiting' && s.conv.handoffDeadlineAt && <><dt>{st.cols.deadline}</dt><dd>{st.deadline(beijingTime(s.conv.handoffDeadlineAt).slice(0, 16))}</dd></>}
        {s.conv.convertedKind && s.conv.convertedRef && <><dt>{st.convert}</dt><dd>{st.converted(labelOf(HANDOFF_FALLBACKS, s.conv.convertedKind as 'enquiry'), s.conv.convertedRef)}</dd></>}
      </dl>
      <h2>{st.transcript}</h2>
      <ol class="chat-transcript" data-poll="5" aria-live="polite">
        {s.turns.map((t) => (
          <li key={t.seq} class={`chat-turn chat-turn--${t.role}`}>
            <span class="chat-who">{t.role === 'staff' && t.staffLabel ? t.staffLabel : labelOf(TURN_ROLES, t.role as TurnRole)}</span>{' '}
            <time dateTime={t.at}>{beijingTime(t.at).slice(11, 16)}</time>
            <p>{t.text}</p>
          </li>
        ))}
      </ol>
      {s.conv.state === 'waiting' && (
        <Form action={`${convHref(ref)}/take`} csrfToken={ctx.csrfToken}><Button>{st.take}</Button></Form>
      )}
      {mine && (
        <Form action={`${convHref(ref)}/reply`} csrfToken={ctx.csrfToken}>
          <TextArea name="text" label={st.reply} hint={st.replyHint} value={values?.text ?? ''} error={errs.text} rows={3} />
          <Button>{st.send}</Button>
        </Form>
      )}
      {open && <Form action={`${convHref(ref)}/close`} csrfToken={ctx.csrfToken}><Button variant="secondary">{st.close}</Button></Form>}
      {(open || s.conv.state === 'closed') && !s.conv.convertedRef && (
        <Form action={`${convHref(ref)}/convert`} csrfToken={ctx.csrfToken}>
          <p class="hint">{st.convertHint}</p>
          <Button variant="secondary">{st.convert}</Button>
        </Form>
      )}
      <script src={HANDOFF_POLL_JS} defer></script>
    </Layout>
  );
}

export function SettingsPage({ ctx, orgs, values, errors, done, status }: {
  ctx: PageContext; orgs: SettingsOrg[]; values: Record<string, string>; errors: FieldErrors; done?: string | undefined; status?: number;
}) {
  const ss = st.settings;
  const v = (k: string) => values[k] ?? '';
  const chosen = orgs.find((o) => o.code === v('org')) ?? orgs[0];
  const venues = chosen?.venues ?? [];
  return (
    <Layout ctx={ctx} title={st.settingsTitle} hasErrors={Object.keys(errors).length > 0 || (status ?? 200) >= 400}>
      {crumbs([{ label: st.settingsTitle }])}
      <h1>{st.settingsTitle}</h1>
      {done && <Notice>{done}</Notice>}
      <ErrorSummary errors={errors} />
      <h2>{ss.current}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={ss.current}>
        <table class="table">
          <thead><tr><th scope="col">{ss.org}</th><th scope="col">{ss.enabled}</th><th scope="col">{ss.venue}</th><th scope="col">{ss.wait}</th><th scope="col">{ss.fallback}</th></tr></thead>
          <tbody>
            {orgs.map((o) => (
              <tr key={o.code}>
                <td><a href={`${SETTINGS}?org=${encodeURIComponent(o.code)}`}>{o.name}</a></td>
                {o.setting ? <>
                  <td>{o.setting.enabled ? '是' : '否'}</td>
                  <td>{o.setting.venuePublicId ? (o.venues.find((x) => x.publicId === o.setting!.venuePublicId)?.name ?? o.setting.venuePublicId) : ss.venueNone}</td>
                  <td>{o.setting.waitMinutes}</td>
                  <td>{labelOf(HANDOFF_FALLBACKS, o.setting.fallback)}</td>
                </> : <td colSpan={4}>{ss.none}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen && (
        <Form action={SETTINGS} csrfToken={ctx.csrfToken}>
          <Select name="org" label={ss.org} value={chosen.code} options={orgs.map((o) => ({ value: o.code, label: o.name }))} error={errors.org} />
          <div class="field">
            <label class="checkbox"><input type="checkbox" name="enabled" value="1" checked={v('enabled') === '1'} /> {ss.enabled}</label>
          </div>
          <Select name="venue" label={ss.venue} value={v('venue')} options={venues.map((x) => ({ value: x.publicId, label: `${x.name}（${x.publicId}）` }))} placeholder={ss.venueNone} error={errors.venue} />
          <TextInput name="wait_minutes" label={ss.wait} hint={ss.waitHint} value={v('wait_minutes')} error={errors.wait_minutes} width="short" />
          <Select name="fallback" label={ss.fallback} value={v('fallback')} options={HANDOFF_FALLBACKS.values.map((x) => ({ value: x.code, label: x.label }))} error={errors.fallback} />
          <Button>{ss.save}</Button>
        </Form>
      )}
    </Layout>
  );
}

/** The polling script: every data-poll="seconds" region is replaced by the same region of a fresh copy of the page. */
export const POLL_SCRIPT = `(function () {
  var regions = document.querySelectorAll('[data-poll]');
  if (!regions.length || !window.fetch || !window.DOMParser) return;
  var every = Math.max(3, Number(regions[0].getAttribute('data-poll')) || 10) * 1000;
  function tick() {
    if (document.hidden) { setTimeout(tick, every); return; }
    fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('[data-poll]');
        for (var i = 0; i < regions.length && i < fresh.length; i++) {
          // a region holding the keyboard focus (a 接入 button, the reply box) waits: replacing it would drop the focus
          if (regions[i].contains(document.activeElement)) continue;
          if (fresh[i].innerHTML !== regions[i].innerHTML) regions[i].innerHTML = fresh[i].innerHTML;
        }
      })
      .catch(function () {})
      .then(function () { setTimeout(tick, every); });
  }
  setTimeout(tick, every);
})();
`;
