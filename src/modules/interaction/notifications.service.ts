// Shell: SMS and email notifications through an outbox. Rows are written in the same transaction
// as the workflow events that cause them (受理, 回应, 办结); a worker delivers due rows through a
// pluggable provider, retrying with exponential backoff and giving up after `maxAttempts`. The
// worker is a background job (platform/jobs): one run per period across all processes.
import type { InteractionConfig } from '../../config.ts';
import fs from 'node:fs';
import nodemailer from 'nodemailer';
import type { Clock } from '../../platform/clock/clock.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { maskLinkSecrets, maskPhone } from '../../platform/log/mask.ts';
import type { Db } from '../../schema.ts';
import type { MessageRow } from './interaction.repository.ts';
import { interactionStrings as s } from './interaction.strings.ts';
import type { MessageEvent, MessageState } from './workflow.ts';

export interface Notification { id: number; channel: 'sms' | 'email'; recipient: string; subject: string; body: string }

/** A delivery provider. `send` throws on failure (the outbox retries). */
export interface NotificationProvider {
  name: string;
  channels: readonly ('sms' | 'email')[];
  send(n: Notification): Promise<void>;
}

/** Writes each notification to the log (recipient and single-use link secrets masked): the default. */
export function consoleProvider(log: (line: string) => void = (l) => console.log(l)): NotificationProvider {
  return { name: 'console', channels: ['sms', 'email'], send: async (n) => log(`[通知 ${n.channel}] ${maskRecipient(n)}：${maskLinkSecrets(n.body)}`) };
}

/** Appends each notification as one JSON line to `file` (for a gateway that picks files up). */
export function fileProvider(file: string): NotificationProvider {
  return { name: 'file', channels: ['sms', 'email'], send: async (n) => fs.promises.appendFile(file, `${JSON.stringify({ ...n, at: new Date().toISOString() })}\n`) };
}

/** Email over SMTP (nodemailer). */
export function smtpProvider(opts: { host: string; port: number; secure?: boolean; from: string; auth?: { user: string; pass: string }; ignoreTLS?: boolean }): NotificationProvider {
  const transport = nodemailer.createTransport({ host: opts.host, port: opts.port, secure: opts.secure ?? false, ignoreTLS: opts.ignoreTLS ?? false, ...(opts.auth ? { auth: opts.auth } : {}) });
  return {
    name: 'smtp', channels: ['email'],
    send: async (n) => { await transport.sendMail({ from: opts.from, to: n.recipient, subject: n.subject, text: n.body }); },
  };
}

function maskRecipient(n: Pick<Notification, 'channel' | 'recipient'>): string {
  return n.channel === 'sms' ? maskPhone(n.recipient) : n.recipient.replace(/^(.).*(@.*)$/, '$1***$2');
}

/** Seconds to wait after the `attempts`-th failure: 60 · 2^(attempts−1), at most one hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 60 * 2 ** Math.max(0, attempts - 1));
}

/** Queues the notifications caused by `events` (inside the caller's transaction). */
export async function enqueueFor(db: Db, m: MessageRow, next: MessageState, events: MessageEvent[], now: Date): Promise<void> {
  const rows: { reason: string; body: string }[] = [];
  for (const e of events) {
    if (e.type === 'accepted') rows.push({ reason: 'accepted', body: s.notify.accepted(m.reference, next.dueOn ?? '') });
    if (e.type === 'responded') rows.push({ reason: 'responded', body: s.notify.responded(m.reference) });
    if (e.type === 'closed') rows.push({ reason: 'closed', body: s.notify.closed(m.reference) });
  }
  const values = rows.flatMap((r) => [
    ...(m.contact_phone ? [{ channel: 'sms', recipient: m.contact_phone }] : []),
    ...(m.contact_email ? [{ channel: 'email', recipient: m.contact_email }] : []),
  ].map((to) => ({
    ...to, subject: s.notify.subject(m.reference), body: r.body, message_id: m.id, reason: r.reason, status: 'pending', attempts: 0,
    next_attempt_at: now.toISOString(), last_error: null, created_at: now.toISOString(), sent_at: null,
  })));
  if (values.length) await db.insertInto('notification_outbox').values(values).execute();
}

/** How long a claimed row stays invisible to other workers while it is being sent. */
const CLAIM_SECONDS = 300;

/**
 * Delivers due notifications once; returns counts. Each row is claimed before it is sent (a
 * conditional update: still pending, same attempt count and due time), so workers in several
 * processes never send the same row twice; a worker that dies after its claim leaves the row to
 * be retried when the claim runs out (`CLAIM_SECONDS`).
 */
export async function deliverDue(db: Db, clock: Clock, providers: NotificationProvider[], opts: { maxAttempts?: number; batch?: number } = {}): Promise<{ sent: number; retried: number; failed: number }> {
  const now = clock.now();
  const max = opts.maxAttempts ?? 6;
  const due = await db.selectFrom('notification_outbox').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now.toISOString()).orderBy('id').limit(opts.batch ?? 50).execute();
  const out = { sent: 0, retried: 0, failed: 0 };
  for (const r of due) {
    const attempts = Number(r.attempts) + 1;
    const claim = await db.updateTable('notification_outbox')
      .set({ attempts, next_attempt_at: new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString() })
      .where('id', '=', r.id).where('status', '=', 'pending').where('attempts', '=', r.attempts).where('next_attempt_at', '=', r.next_attempt_at)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue; // another worker has it
    const n: Notification = { id: Number(r.id), channel: r.channel as 'sms' | 'email', recipient: r.recipient, subject: r.subject, body: r.body };
    const provider = providers.find((p) => p.channels.includes(n.channel));
    try {
      if (!provider) throw new Error(`没有可用于 ${n.channel} 的通知通道`);
      await provider.send(n);
      await db.updateTable('notification_outbox').set({ status: 'sent', sent_at: now.toISOString(), last_error: null }).where('id', '=', r.id).execute();
      out.sent++;
    } catch (err) {
      const failed = attempts >= max;
      await db.updateTable('notification_outbox').set({
        status: failed ? 'failed' : 'pending', last_error: String((err as Error).message ?? err).slice(0, 500),
        next_attempt_at: new Date(now.getTime() + backoffSeconds(attempts) * 1000).toISOString(),
      }).where('id', '=', r.id).execute();
      if (failed) out.failed++; else out.retried++;
    }
  }
  return out;
}

/** The outbox delivery as a background job (one run per period across all processes). */
export function notificationJobs(db: Db, clock: Clock, c: InteractionConfig['notify']): JobDefinition[] {
  const providers = providersFrom(c);
  if (!providers.length || !c.worker) return [];
  return [{
    name: 'interaction.deliver-notifications', everyMs: c.intervalSeconds * 1000,
    run: async () => {
      const r = await deliverDue(db, clock, providers);
      return r.sent + r.retried + r.failed ? r : undefined;
    },
  }];
}

/** Providers from the settings (NOTIFY_PROVIDER = console (default) | file | smtp | off). */
export function providersFrom(c: InteractionConfig['notify']): NotificationProvider[] {
  if (c.provider === 'off') return [];
  if (c.provider === 'file') return [fileProvider(c.file)];
  if (c.provider === 'smtp') {
    return [
      smtpProvider({ host: c.smtp.host, port: c.smtp.port, from: c.smtp.from, ...(c.smtp.user ? { auth: { user: c.smtp.user, pass: c.smtp.pass } } : {}) }),
      consoleProvider(),
    ];
  }
  return [consoleProvider()];
}

/**
 * Queues notifications that belong to no message (e.g. the ratings module's single-use rating
 * links), inside the caller's transaction; the same worker delivers them.
 */
export async function enqueueNotifications(db: Db, rows: readonly { channel: 'sms' | 'email'; recipient: string; subject: string; body: string; reason: string }[], now: Date): Promise<void> {
  if (!rows.length) return;
  await db.insertInto('notification_outbox').values(rows.map((r) => ({
    channel: r.channel, recipient: r.recipient, subject: r.subject, body: r.body, message_id: null, reason: r.reason, status: 'pending', attempts: 0,
    next_attempt_at: now.toISOString(), last_error: null, created_at: now.toISOString(), sent_at: null,
  }))).execute();
}
