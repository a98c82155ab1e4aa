// Pure views: 我的订阅 (/me/subscriptions: subscriptions, e-mail address, personal feed URL), its
// block on /me, and the 订阅 button of a disclosure category's or organisation's list page.
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, Button, ErrorSummary, Form, Notice, TextInput } from '../../../platform/web/components.tsx';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { PageContext } from '../../../platform/web/page-context.ts';
import { labelOf } from '../../../platform/web/enums.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { savedStrings as s } from '../saved.strings.ts';
import { SUBSCRIPTION_DELIVERIES, SUBSCRIPTION_TARGETS, type SubscriptionDelivery, type SubscriptionTarget } from '../vocabulary.ts';

export interface SubscriptionView { publicId: string; targetKind: SubscriptionTarget; targetLabel: string; delivery: SubscriptionDelivery; createdAt: string; href: string }

/** On a category's or organisation's list: 订阅 (by e-mail or feed) for a signed-in resident, else the link to sign in. */
export function SubscribeButton({ csrfToken, kind, targetRef, current, returnTo, signedIn }: { csrfToken: string; kind: SubscriptionTarget; targetRef: string; current: SubscriptionDelivery | null; returnTo: string; signedIn: boolean }) {
  if (!signedIn) return <p class="no-print"><a href={`/me/sign-in?return_to=${encodeURIComponent(returnTo)}`}>{s.signInToSubscribe}</a></p>;
  if (current) return <p class="no-print">{s.subscribed(labelOf(SUBSCRIPTION_DELIVERIES, current))} <a href="/me/subscriptions">{s.manageSubs}</a></p>;
  return (
    <Form action="/me/subscriptions" csrfToken={csrfToken} class="no-print subscribe-form">
      <input type="hidden" name="target_kind" value={kind} />
      <input type="hidden" name="target_ref" value={targetRef} />
      <input type="hidden" name="return_to" value={returnTo} />
      <label for="subscribe-delivery">{s.deliveryLabel}</label>{' '}
      <select id="subscribe-delivery" name="delivery" class="input input--short">
        {SUBSCRIPTION_DELIVERIES.values.map((d) => <option key={d.code} value={d.code}>{d.label}</option>)}
      </select>{' '}
      <Button variant="secondary">{s.subscribe}</Button>
    </Form>
  );
}

export interface SubscriptionsPageProps {
  ctx: PageContext;
  rows: SubscriptionView[];
  email: string | null;
  emailPending: string | null;
  hasFeed: boolean;
  /** A feed URL just generated (shown once: only its hash is kept). */
  newFeedUrl: string | null;
  notice: string | null;
  errors: FieldErrors;
  values: { email: string };
}

export function SubscriptionsPage(p: SubscriptionsPageProps) {
  const { ctx, rows } = p;
  const needsEmail = rows.some((r) => r.delivery === 'email') && !p.email;
  return (
    <Layout ctx={ctx} title={s.subsTitle} hasErrors={Object.keys(p.errors).length > 0}>
      <Breadcrumbs items={[{ href: '/', label: s.home }, { href: '/me', label: s.mySpace }, { label: s.subsTitle }]} />
      <h1>{s.subsTitle}</h1>
      <ErrorSummary errors={p.errors} />
      {p.notice && <Notice>{p.notice}</Notice>}
      <p>{s.subsIntro}</p>
      {rows.length ? (
        <table class="table">
          <caption class="visually-hidden">{s.subsTitle}</caption>
          <thead><tr><th scope="col">{s.target}</th><th scope="col">{s.delivery}</th><th scope="col">{s.since}</th><th scope="col">{s.action}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.publicId}>
                <td><a href={r.href}>{r.targetLabel}</a> <span class="muted">{labelOf(SUBSCRIPTION_TARGETS, r.targetKind)}</span></td>
                <td>{labelOf(SUBSCRIPTION_DELIVERIES, r.delivery)}</td>
                <td>{beijingTime(r.createdAt).slice(0, 16)}</td>
                <td>
                  <Form action={`/me/subscriptions/${encodeURIComponent(r.publicId)}/delete`} csrfToken={ctx.csrfToken} class="inline-form">
                    <button type="submit" class="button button--secondary" aria-label={`${s.unsubscribe}：${r.targetLabel}`}>{s.unsubscribe}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="muted">{s.subsEmpty}</p>}

      <h2 id="email">{s.emailTitle}</h2>
      {needsEmail && <Notice>{s.emailNeeded}</Notice>}
      <p>{p.email ? s.emailConfirmed(p.email) : s.emailNone}</p>
      {p.emailPending && <p class="muted">{s.emailPending(p.emailPending)}</p>}
      <Form action="/me/email" csrfToken={ctx.csrfToken}>
        <TextInput name="email" label={s.emailField} type="email" autocomplete="email" value={p.values.email} error={p.errors.email} />
        <Button>{s.emailSubmit}</Button>
      </Form>

      <h2 id="feed">{s.feedTitle}</h2>
      <p>{s.feedIntro}</p>
      {p.newFeedUrl
        ? <><p>{s.feedShownOnce}</p><p><label for="feed-url">{s.feedUrl}</label><input id="feed-url" class="input" readOnly value={p.newFeedUrl} /></p></>
        : !p.hasFeed && <p class="muted">{s.feedNone}</p>}
      <Form action="/me/feed" csrfToken={ctx.csrfToken}>
        <Button variant={p.hasFeed ? 'secondary' : undefined}>{p.hasFeed ? s.feedRegenerate : s.feedNew}</Button>
      </Form>
    </Layout>
  );
}

/** The block of /me. */
export function SubscriptionsSection({ rows }: { rows: SubscriptionView[] }) {
  return (
    <section aria-labelledby="me-subscriptions">
      <h2 id="me-subscriptions">{s.subsTitle}</h2>
      {rows.length
        ? <ul>{rows.slice(0, 5).map((r) => <li key={r.publicId}><a href={r.href}>{r.targetLabel}</a> <span class="muted">{labelOf(SUBSCRIPTION_DELIVERIES, r.delivery)}</span></li>)}</ul>
        : <p class="muted">{s.subsEmpty}</p>}
      <p><a href="/me/subscriptions">{s.subsMore(rows.length)}</a></p>
    </section>
  );
}
