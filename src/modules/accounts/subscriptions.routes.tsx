// Subscriptions to disclosure categories or organisations (issue 21 §2): e-mail through the outbox
// (hourly digest job, only to a confirmed address) or a personal feed URL. Routes: /me/subscriptions
// (list, e-mail address, feed URL), POST /me/subscriptions, POST /me/subscriptions/{id}/delete,
// POST /me/email, GET /me/email/confirm/t/{token}, POST /me/feed (new URL), GET /me/feed/t/{token}.
// Secrets travel in a `/t/<token>` segment, which the log masks. The block on /me has order 40.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, notFound } from '../../platform/web/http-error.ts';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { pageContext, sendPage, type App } from '../../platform/web/server.tsx';
import { ErrorPage, Layout } from '../../platform/web/layout.tsx';
import { atom, excerpt, recordHref, rss, type Feed } from '../disclosures/index.ts';
import type { AccountsDeps } from './deps.ts';
import { addMeSection } from './me-sections.ts';
import { savedStrings as s } from './saved.strings.ts';
import { requireResident, safeReturnTo } from './sessions.ts';
import {
  confirmEmail, emailProblem, feedRecords, findSubscription, listSubscriptions, parseSubscription, regenerateFeed, requestEmail,
  sendDigests, subscribe, targetHref, unsubscribe, type SubscriptionRow,
} from './subscriptions.service.ts';
import { SubscribeButton, SubscriptionsPage, SubscriptionsSection, type SubscriptionView } from './views/subscriptions.tsx';

const view = (r: SubscriptionRow): SubscriptionView => ({ ...r, href: targetHref(r.targetKind, r.targetRef) });
const accountOf = (request: FastifyRequest): number => request.resident!.accountId;
const baseOf = (request: FastifyRequest) => publicBaseUrl(request, s.badHost);

export async function subscriptionRoutes(app: App, deps: AccountsDeps): Promise<void> {
  const { db, clock } = deps;

  app.residentActions = {
    saveButton: async () => null,
    ...app.residentActions,
    async subscribeButton(request, kind, ref) {
      const returnTo = safeReturnTo(request.url, '/');
      const r = request.resident;
      const current = r && r.consented ? await findSubscription(db, r.accountId, kind, ref) : null;
      return <SubscribeButton csrfToken={r ? request.csrfToken : ''} kind={kind} targetRef={ref} current={current?.delivery ?? null} returnTo={returnTo} signedIn={!!r} />;
    },
  };

  addMeSection(app, {
    id: 'subscriptions', order: 40,
    async render(request) {
      return <SubscriptionsSection rows={(await listSubscriptions(db, accountOf(request))).map(view)} />;
    },
  });

  async function showPage(request: FastifyRequest, reply: FastifyReply, opts: { errors?: FieldErrors; email?: string; notice?: string | null; newFeedUrl?: string | null } = {}, status = 200) {
    const id = accountOf(request);
    const [rows, account] = await Promise.all([
      listSubscriptions(db, id),
      db.selectFrom('pa_account').select(['email', 'email_pending', 'email_token_expires_at', 'feed_token_hash']).where('id', '=', id).executeTakeFirstOrThrow(),
    ]);
    const pendingLive = account.email_pending && account.email_token_expires_at && account.email_token_expires_at > clock.now().toISOString() ? account.email_pending : null;
    return sendPage(reply, <SubscriptionsPage ctx={pageContext(request)} rows={rows.map(view)} email={account.email} emailPending={pendingLive}
      hasFeed={!!account.feed_token_hash} newFeedUrl={opts.newFeedUrl ?? null} notice={opts.notice ?? null} errors={opts.errors ?? {}} values={{ email: opts.email ?? '' }} />, status);
  }

  app.get('/me/subscriptions', { preHandler: requireResident() }, async (request, reply) =>
    showPage(request, reply, { notice: ({ sent: s.emailSentNotice, needed: s.subscribedNeedsEmail } as Record<string, string>)[String((request.query as Record<string, unknown>).email)] ?? null }));

  app.post('/me/subscriptions', { preHandler: requireResident() }, async (request, reply) => {
    const parsed = parseSubscription({ target_kind: field(request.body, 'target_kind'), target_ref: field(request.body, 'target_ref'), delivery: field(request.body, 'delivery') });
    if (!parsed.value) return showPage(request, reply, { errors: parsed.errors }, 400);
    await subscribe(db, accountOf(request), parsed.value, clock.now());
    // by e-mail without a confirmed address nothing would ever arrive: say so where the address is set
    if (parsed.value.delivery === 'email') {
      const account = await db.selectFrom('pa_account').select('email').where('id', '=', accountOf(request)).executeTakeFirstOrThrow();
      if (!account.email) return reply.redirect('/me/subscriptions?email=needed#email', 303);
    }
    return reply.redirect(safeReturnTo(field(request.body, 'return_to'), '/me/subscriptions'), 303);
  });

  app.post<{ Params: { id: string } }>('/me/subscriptions/:id/delete', { preHandler: requireResident() }, async (request, reply) => {
    const id = request.params.id;
    if (!/^S[A-Z0-9]{12}$/.test(id) || !(await unsubscribe(db, accountOf(request), id))) throw notFound(s.errors.subNotFound);
    return reply.redirect('/me/subscriptions', 303);
  });

  // each POST may send a confirmation e-mail to any address: 5 an hour per address (IPv6 /64)
  app.post('/me/email', { preHandler: requireResident(), config: { rateLimit: { max: 5, timeWindow: '1 hour', allowList: () => false } } }, async (request, reply) => {
    const email = field(request.body, 'email').trim();
    const problem = emailProblem(email);
    if (problem) return showPage(request, reply, { errors: { email: problem }, email }, 400);
    await requestEmail(db, accountOf(request), email, baseOf(request), clock.now());
    await deps.deliverNow();
    return reply.redirect('/me/subscriptions?email=sent', 303);
  });

  // The link of the confirmation e-mail: no sign-in needed (it may be opened on another device).
  app.get<{ Params: { token: string } }>('/me/email/confirm/t/:token', async (request, reply) => {
    const done = await confirmEmail(db, request.params.token, clock.now());
    if (!done) return sendPage(reply, <ErrorPage ctx={pageContext(request)} status={404} title={s.confirmFailedTitle} message={s.confirmFailed} />, 404);
    return sendPage(reply, (
      <Layout ctx={pageContext(request)} title={s.emailConfirmTitle}>
        <h1>{s.emailConfirmTitle}</h1>
        <p>{s.emailConfirmText(done.email)}</p>
        <p><a href="/me/subscriptions">{s.subsTitle}</a></p>
      </Layout>
    ));
  });

  // A new feed URL, shown once on this response (only its hash is kept); the old one stops working.
  app.post('/me/feed', { preHandler: requireResident() }, async (request, reply) => {
    const token = await regenerateFeed(db, accountOf(request));
    return showPage(request, reply, { newFeedUrl: `${baseOf(request)}/me/feed/t/${token}` });
  });

  // The address bar after an answered POST shows /me/email or /me/feed: reopening it (a restored tab,
  // 「回车」 in the address bar) leads back to the page instead of 「页面不存在」.
  for (const path of ['/me/email', '/me/feed'] as const) {
    app.get(path, async (_request, reply) => reply.redirect(`/me/subscriptions#${path.slice(4)}`, 303));
  }

  // The personal feed (Atom; ?format=rss for RSS 2.0): public records only, nothing about the person.
  app.get<{ Params: { token: string } }>('/me/feed/t/:token', async (request, reply) => {
    const records = await feedRecords(db, request.params.token, clock.now());
    if (!records) throw new HttpError(404, 'feed_not_found', s.errors.feedNotFound);
    const base = baseOf(request);
    const self = `${base}/me/feed/t/${request.params.token}`;
    const doc: Feed = {
      title: s.feedDocTitle, link: `${base}/openness/disclosures`, self, description: s.feedDocDescription,
      updatedAt: records[0]?.publishedAt ?? clock.now().toISOString(),
      items: records.map((r) => ({ title: r.title, link: `${base}${recordHref(r.indexNo)}`, summary: excerpt(r.summary, ''), publishedAt: r.publishedAt, updatedAt: r.updatedAt, author: r.publisher })),
    };
    reply.header('cache-control', 'private, no-store');
    return (request.query as Record<string, unknown>).format === 'rss'
      ? reply.type('application/rss+xml; charset=utf-8').send(rss(doc))
      : reply.type('application/atom+xml; charset=utf-8').send(atom(doc));
  });
}

export function subscriptionJobs(deps: AccountsDeps): JobDefinition[] {
  return [{
    name: 'accounts.send-subscriptions', everyMs: 60 * 60_000,
    run: async () => {
      const r = await sendDigests(deps.db, deps.clock.now());
      if (r.sent) await deps.deliverNow();
      return r.sent || r.skipped ? r : undefined;
    },
  }];
}
