// Pure views: the assistant's pages — /assistant on the site (and its mobile view), the kiosk's
// /kiosk/{venue}/assistant, the answer of a 转人工/留言 request (reference and tracking code, shown
// once) and /assistant/track.
import type { ComponentChildren } from 'preact';
import { Layout } from '../../../platform/web/layout.tsx';
import { Breadcrumbs, ErrorSummary, Notice } from '../../../platform/web/components.tsx';
import type { PageContext } from '../../../platform/web/page-context.ts';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import { beijingTime } from '../../../platform/clock/local-date.ts';
import { KioskPage, type KioskFrameProps } from '../../channels/index.ts';
import type { HandoffTrack } from '../handoff.service.ts';
import { pageStrings as s } from '../pages.strings.ts';
import { AskForm, Chat, ChatLog, HandoffPanel, basePath, conversationHref, type ChatState, type Surface } from './chat.tsx';

export interface ChatPageProps {
  chat: ChatState;
  /** Counties to choose from (a new web conversation); null otherwise. */
  regions: { code: string; name: string }[] | null;
  /** The conversation's region, shown once chosen. */
  regionName: string | null;
  values: Record<string, string>;
  errors: FieldErrors;
  /** A notice above the chat (feedback thanks, a missing conversation). */
  notice: string | null;
  /** The channel the request came through (web or mobile; the kiosk posts its forms). */
  channel?: string;
}

function ChatBody({ surface, csrf, p }: { surface: Surface; csrf: string; p: ChatPageProps }) {
  const c = p.chat.conversationId;
  return (
    <>
      {Object.keys(p.errors).length ? <ErrorSummary errors={p.errors} /> : null}
      {p.notice ? <Notice>{p.notice}</Notice> : null}
      {c ? (
        <p class="as-meta">
          {p.regionName ? <span>{s.regionOf(p.regionName)}</span> : null}
          <a href={basePath(surface)} class={surface.kind === 'kiosk' ? 'kiosk-button' : undefined}>{s.newConversation}</a>
        </p>
      ) : null}
      <Chat>
        <ChatLog surface={surface} chat={p.chat} csrf={csrf} />
        <AskForm surface={surface} csrf={csrf} conversationId={c} regions={c ? null : p.regions} region={p.values.region ?? ''}
          text={p.values.text ?? ''} error={p.errors.text ?? null} {...(p.channel ? { channel: p.channel } : {})} />
        <HandoffPanel surface={surface} chat={p.chat} csrf={csrf} values={p.values} errors={p.errors} />
      </Chat>
    </>
  );
}

const scriptOf = (surface: Surface, chat: ChatState) => (
  <script src="/assets/assistant/assistant.js" defer data-as-script="" data-mode={surface.kind}
    data-poll={chat.conversationId ? `/api/v1/assistant/conversations/${encodeURIComponent(chat.conversationId)}` : undefined}
    data-after={String(chat.turns.reduce((m, t) => Math.max(m, t.seq), 0))} data-state={chat.state ?? ''}></script>
);

export function AssistantPage({ ctx, ...p }: ChatPageProps & { ctx: PageContext }) {
  const surface: Surface = { kind: 'web' };
  const hasErrors = Object.keys(p.errors).length > 0;
  return (
    <Layout ctx={ctx} title={s.title} hasErrors={hasErrors}>
      <link rel="stylesheet" href="/assets/assistant/assistant.css" />
      <Breadcrumbs items={[{ href: '/', label: s.crumbsHome }, { label: s.title }]} />
      <h1>{s.title}</h1>
      {p.chat.conversationId ? null : (
        <>
          <p>{s.intro}</p>
          <p class="hint">{s.privacy}</p>
        </>
      )}
      <ChatBody surface={surface} csrf={ctx.csrfToken} p={p} />
      <p class="as-track-link"><a href="/assistant/track">{s.trackTitle}</a></p>
      {scriptOf(surface, p.chat)}
    </Layout>
  );
}

export function KioskAssistantPage({ frame, ...p }: ChatPageProps & { frame: KioskFrameProps }) {
  const surface: Surface = { kind: 'kiosk', venue: frame.venue.publicId };
  const hasErrors = Object.keys(p.errors).length > 0;
  return (
    <KioskPage {...frame} title={s.title} hasErrors={hasErrors}>
      <link rel="stylesheet" href="/assets/assistant/assistant.css" />
      <h1>{s.title}</h1>
      {p.chat.conversationId ? null : <p class="kiosk-lead">{s.intro}</p>}
      {p.chat.turns.some((t) => t.sources.length) ? <p class="kiosk-note">{s.kioskSourcesNote}</p> : null}
      <ChatBody surface={surface} csrf={frame.ctx.csrfToken} p={p} />
      {scriptOf(surface, p.chat)}
    </KioskPage>
  );
}

export interface HandoffDone {
  state: 'waiting' | 'converted';
  reference: string;
  trackingCode: string;
  convertedKind: 'enquiry' | 'message' | null;
  convertedRef: string | null;
}

const KIND_LABELS: Record<string, string> = { enquiry: s.leaveEnquiry, message: s.leaveMessage };

function DoneBody({ surface, conversationId, done }: { surface: Surface; conversationId: string; done: HandoffDone }) {
  const kiosk = surface.kind === 'kiosk';
  return (
    <>
      <h1>{s.handoffDoneTitle}</h1>
      <p class={kiosk ? 'kiosk-lead' : undefined} role="status">
        {done.state === 'waiting' ? s.handoffDoneWaiting : s.handoffDoneConverted(KIND_LABELS[done.convertedKind ?? ''] ?? s.leaveEnquiry)}
      </p>
      <section class="as-codes" aria-labelledby="as-codes-h">
        <h2 id="as-codes-h">{s.writeDown}</h2>
        <dl>
          <dt>{s.reference}</dt><dd class="as-code" data-as-reference="">{done.reference}</dd>
          <dt>{s.trackingCode}</dt><dd class="as-code" data-as-tracking="">{done.trackingCode}</dd>
        </dl>
        {done.convertedRef ? <p>{s.convertedRef(done.convertedRef)}</p> : null}
        <p class="hint">{s.writeDownNote}</p>
      </section>
      <p class="as-actions">
        <a href={conversationHref(surface, conversationId)} class={kiosk ? 'kiosk-button kiosk-button--primary' : 'button'}>{s.backToConversation}</a>
        {kiosk ? null : <a href="/assistant/track">{s.trackLink}</a>}
      </p>
    </>
  );
}

export function HandoffDonePage({ ctx, conversationId, done }: { ctx: PageContext; conversationId: string; done: HandoffDone }) {
  return (
    <Layout ctx={ctx} title={`${s.handoffDoneTitle} - ${s.title}`}>
      <link rel="stylesheet" href="/assets/assistant/assistant.css" />
      <Breadcrumbs items={[{ href: '/', label: s.crumbsHome }, { href: '/assistant', label: s.title }, { label: s.handoffDoneTitle }]} />
      <DoneBody surface={{ kind: 'web' }} conversationId={conversationId} done={done} />
    </Layout>
  );
}

export function KioskHandoffDonePage({ frame, conversationId, done }: { frame: KioskFrameProps; conversationId: string; done: HandoffDone }) {
  return (
    <KioskPage {...frame} title={`${s.handoffDoneTitle} - ${s.title}`}>
      <link rel="stylesheet" href="/assets/assistant/assistant.css" />
      <DoneBody surface={{ kind: 'kiosk', venue: frame.venue.publicId }} conversationId={conversationId} done={done} />
    </KioskPage>
  );
}

export interface TrackPageProps {
  ctx: PageContext;
  values: Record<string, string>;
  errors: FieldErrors;
  result: HandoffTrack | null;
}

function Field({ name, label, value, error, children }: { name: string; label: string; value: string; error?: string | undefined; children?: ComponentChildren }) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={name}>{label}</label>
      {error ? <p class="field-error" id={`${name}-error`}>{error}</p> : null}
      <input id={name} name={name} type="text" class="input input--short" value={value} maxLength={40} autocomplete="off" spellcheck={false}
        aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${name}-error` : undefined} />
      {children}
    </div>
  );
}

export function TrackPage({ ctx, values, errors, result }: TrackPageProps) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={s.trackTitle} hasErrors={hasErrors}>
      <link rel="stylesheet" href="/assets/assistant/assistant.css" />
      <Breadcrumbs items={[{ href: '/', label: s.crumbsHome }, { href: '/assistant', label: s.title }, { label: s.trackTitle }]} />
      <h1>{s.trackTitle}</h1>
      {hasErrors ? <ErrorSummary errors={errors} /> : null}
      {result ? (
        <section class="as-track-result" aria-labelledby="as-track-h">
          <h2 id="as-track-h">{result.reference}</h2>
          <dl>
            <dt>{s.trackState}</dt><dd>{result.stateLabel}</dd>
            {result.convertedRef ? <><dt>{s.reference}</dt><dd>{result.convertedRef}</dd></> : null}
          </dl>
          <h3>{s.trackAnswers}</h3>
          {result.answers.length ? (
            <ul class="as-track-answers">
              {result.answers.map((a, i) => <li key={i}><p class="muted">{beijingTime(a.at).slice(0, 16).replace('T', ' ')}</p><p class="as-text">{a.text}</p></li>)}
            </ul>
          ) : <p>{s.trackNoAnswer}</p>}
        </section>
      ) : null}
      <p>{s.trackIntro}</p>
      <form method="post" action="/assistant/track" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <Field name="reference" label={s.reference} value={values.reference ?? ''} error={errors.reference} />
        <Field name="code" label={s.trackingCode} value="" error={errors.code} />
        <button type="submit" class="button">{s.trackSubmit}</button>
      </form>
    </Layout>
  );
}
