// Pure views: the parts of the assistant's chat shared by /assistant and /kiosk/{venue}/assistant —
// the conversation log (an ARIA live region), one turn with its sentences and numbered sources,
// the choice and feedback buttons (each a small POST form), the 转人工 panel and the question form.
// Every form works without JavaScript; assets/assistant.js finds its parts by data-as-* attributes.
import type { ComponentChildren } from 'preact';
import { labelOf } from '../../../platform/web/enums.ts';
import type { FieldErrors } from '../../../platform/web/forms.ts';
import type { HandoffStatus, Source, TurnView } from '../types.ts';
import { HANDOFF_REASONS, MAX_QUESTION_CHARS, type ConversationState } from '../vocabulary.ts';
import { pageStrings as s } from '../pages.strings.ts';

/** Where the chat is shown: the public site, or one venue's kiosk (no link may leave the kiosk). */
export type Surface = { kind: 'web' } | { kind: 'kiosk'; venue: string };

export const basePath = (surface: Surface): string =>
  surface.kind === 'kiosk' ? `/kiosk/${encodeURIComponent(surface.venue)}/assistant` : '/assistant';

export const conversationHref = (surface: Surface, id: string, turn?: number): string =>
  `${basePath(surface)}?c=${encodeURIComponent(id)}${turn ? `#t${turn}` : ''}`;

/** A link target that is safe to put in href: a path on this site or an http(s) address; anything else is not linked. */
export function safeHref(url: string): string | null {
  if (/^\/(?![/\\])/.test(url)) return url;
  if (/^https?:\/\/[^\s"'<>]+$/i.test(url)) return url;
  return null;
}

/** Where a source links on this surface: on a kiosk only an item's kiosk guide (else not linked). */
export function sourceHref(surface: Surface, src: Source): string | null {
  if (surface.kind === 'kiosk') return src.type === 'item' ? `${basePath(surface).replace(/\/assistant$/, '')}/items/${encodeURIComponent(src.id)}` : null;
  return safeHref(src.url);
}

export interface ChatState {
  /** null before the first question. */
  conversationId: string | null;
  turns: TurnView[];
  handoff: HandoffStatus | null;
  state: ConversationState | null;
  takenByLabel: string | null;
  /** The turn whose 有帮助/没有帮助 was just sent (a thank-you shows there). */
  feedbackTurn: number | null;
}

const btn = (surface: Surface, primary = false) =>
  surface.kind === 'kiosk' ? `kiosk-button${primary ? ' kiosk-button--primary' : ''}` : `button${primary ? '' : ' button--secondary'}`;

function Hidden({ csrf, c }: { csrf: string; c: string | null }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="c" value={c ?? ''} data-as-c="" />
    </>
  );
}

/** What assets/assistant.js needs to build a turn as Turn does (templates with {n}, {title}, {reason}). */
const SCRIPT_STRINGS = JSON.stringify({
  you: s.you, bot: s.bot, staff: s.staff, system: s.system, sources: s.sourcesHeading, sourceRef: s.sourceRef(0, '').replace('0', '{n}') + '{title}',
  types: s.sourceTypes, choices: s.choicesLabel, helpfulQuestion: s.helpfulQuestion, helpful: s.helpful, notHelpful: s.notHelpful,
  unavailable: s.handoffUnavailable('{reason}'),
});

/** The conversation: every turn, in a live region so screen readers hear new answers. */
export function ChatLog({ surface, chat, csrf }: { surface: Surface; chat: ChatState; csrf: string }) {
  const lastAssistant = [...chat.turns].reverse().find((t) => t.role === 'assistant')?.seq ?? null;
  return (
    <div id="as-log" class="as-log" role="log" aria-live="polite" aria-relevant="additions" aria-label={s.logLabel} data-as-log="" data-strings={SCRIPT_STRINGS}>
      {chat.turns.map((t) => (
        <Turn key={t.seq} surface={surface} turn={t} csrf={csrf} conversationId={chat.conversationId ?? ''}
          latest={t.seq === lastAssistant} thanked={chat.feedbackTurn === t.seq} />
      ))}
    </div>
  );
}

const WHO: Record<string, string> = { user: s.you, assistant: s.bot, staff: s.staff, system: s.system };
/** Outcomes an answer can be rated for. */
const RATED = new Set(['faq', 'answer', 'life_event', 'no_match']);

export function Turn({ surface, turn, csrf, conversationId, latest, thanked }: { surface: Surface; turn: TurnView; csrf: string; conversationId: string; latest: boolean; thanked: boolean }) {
  const id = `t${turn.seq}`;
  if (turn.role !== 'assistant') {
    return (
      <div class={`as-turn as-turn--${turn.role}`} id={id}>
        <p class="as-who">{WHO[turn.role] ?? turn.role}</p>
        <p class="as-text">{turn.text}</p>
      </div>
    );
  }
  const sentences = turn.sentences.length ? turn.sentences : [{ text: turn.text, source: null }];
  return (
    <div class="as-turn as-turn--assistant" id={id}>
      <p class="as-who">{s.bot}</p>
      <p class="as-text">
        {sentences.map((x, i) => {
          const src = x.source !== null ? turn.sources[x.source] : undefined;
          const n = x.source !== null ? x.source + 1 : 0;
          const href = src ? sourceHref(surface, src) : null;
          return (
            <span key={i}>
              {x.text}
              {src ? <sup class="as-ref">{href && surface.kind === 'web' ? <a href={href} aria-label={s.sourceRef(n, src.title)}>[{n}]</a> : `[${n}]`}</sup> : null}
            </span>
          );
        })}
      </p>
      {turn.sources.length ? <Sources surface={surface} sources={turn.sources} turnId={id} /> : null}
      {latest && turn.choices.length ? (
        <div class="as-choices" role="group" aria-label={s.choicesLabel}>
          {turn.choices.map((c) => (
            <form key={c} method="post" action={basePath(surface)} class="as-choice" data-as-choice="">
              <Hidden csrf={csrf} c={conversationId} />
              <input type="hidden" name="text" value={c} />
              <button type="submit" class={btn(surface)}>{c}</button>
            </form>
          ))}
        </div>
      ) : null}
      {RATED.has(turn.outcome ?? '') ? <Feedback surface={surface} turn={turn} csrf={csrf} conversationId={conversationId} thanked={thanked} /> : null}
    </div>
  );
}

function Sources({ surface, sources, turnId }: { surface: Surface; sources: Source[]; turnId: string }) {
  return (
    <div class="as-sources">
      <p class="as-sources-h" id={`${turnId}-src`}>{s.sourcesHeading}</p>
      <ol aria-labelledby={`${turnId}-src`} class={surface.kind === 'kiosk' ? 'kiosk-list as-source-list' : 'as-source-list'}>
        {sources.map((src, i) => {
          const href = sourceHref(surface, src);
          const label = s.sourceTypes[src.type] ?? src.type;
          return (
            <li key={i} value={i + 1}>
              {surface.kind === 'kiosk'
                ? (href
                  ? <a href={href}><span class="kiosk-card-title">{`${i + 1}. `}{src.title}</span><span class="kiosk-card-meta">{label}</span></a>
                  : <div class="kiosk-card"><span class="kiosk-card-title">{`${i + 1}. `}{src.title}</span><span class="kiosk-card-meta">{label}</span></div>)
                : <>{href ? <a href={href}>{src.title}</a> : <span>{src.title}</span>}{' '}<span class="tag">{label}</span></>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function Feedback({ surface, turn, csrf, conversationId, thanked }: { surface: Surface; turn: TurnView; csrf: string; conversationId: string; thanked: boolean }) {
  if (turn.helpful !== null) return <p class="as-feedback-done" role={thanked ? 'status' : undefined}>{turn.helpful ? s.saidHelpful : s.saidNotHelpful}</p>;
  if (thanked) return <p class="as-feedback-done" role="status">{s.feedbackThanks}</p>;
  const q = `t${turn.seq}-fb`;
  return (
    <form method="post" action={`${basePath(surface)}/feedback`} class="as-feedback">
      <Hidden csrf={csrf} c={conversationId} />
      <input type="hidden" name="turn" value={String(turn.seq)} />
      <div role="group" aria-labelledby={q} class="as-feedback-row">
        <span id={q} class="as-feedback-q">{s.helpfulQuestion}</span>
        <button type="submit" name="helpful" value="1" class={btn(surface)}>{s.helpful}</button>
        <button type="submit" name="helpful" value="0" class={btn(surface)}>{s.notHelpful}</button>
      </div>
    </form>
  );
}

export interface HandoffPanelProps {
  surface: Surface;
  chat: ChatState;
  csrf: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

/**
 * 转人工: what the conversation's hand-off status allows. Every variant is in the page and the ones
 * that do not apply are `hidden`, so assets/assistant.js can switch them when a reply changes it.
 */
export function HandoffPanel({ surface, chat, csrf, values, errors }: HandoffPanelProps) {
  const h = chat.handoff;
  const state = chat.state;
  const show = chat.conversationId !== null;
  const inProgress = state === 'waiting' || state === 'staff';
  const live = !!h?.available && !inProgress && state !== 'converted';
  const leave = !!h && !h.available && !inProgress && state !== 'converted' && h.reason !== 'no_organisation' && h.reason !== 'converted' && h.reason !== 'in_progress';
  const noRegion = !!h && h.reason === 'no_organisation';
  const action = `${basePath(surface)}/handoff`;
  const input = surface.kind === 'kiosk' ? 'kiosk-input' : 'input input--short';
  const fieldErr = (name: string) => errors[name] ? <p class="field-error" id={`${name}-error`}>{errors[name]}</p> : null;
  return (
    <section id="handoff" class="as-handoff" tabIndex={-1} aria-labelledby="as-handoff-h" data-as-handoff="" hidden={!show}
      data-reasons={JSON.stringify(Object.fromEntries(HANDOFF_REASONS.values.map((v) => [v.code, v.label])))}>
      <h2 id="as-handoff-h">{s.handoffHeading}</h2>
      <div data-as-h="live" hidden={!live}>
        <p>{s.handoffOpen}</p>
        <form method="post" action={action} class="as-inline">
          <Hidden csrf={csrf} c={chat.conversationId} />
          <input type="hidden" name="mode" value="live" />
          <button type="submit" class={btn(surface, true)}>{s.handoffLive}</button>
        </form>
      </div>
      <div data-as-h="waiting" hidden={state !== 'waiting'}>
        <p role="status">{s.handoffWaiting}</p>
        {chat.conversationId ? <p><a href={conversationHref(surface, chat.conversationId)} class={surface.kind === 'kiosk' ? 'kiosk-button' : undefined}>{s.refreshStaff}</a></p> : null}
      </div>
      <div data-as-h="staff" hidden={state !== 'staff'}>
        <p>{s.handoffWithStaff(chat.takenByLabel)}</p>
      </div>
      <div data-as-h="converted" hidden={state !== 'converted'}>
        <p>{s.handoffConverted}</p>
        {surface.kind === 'web' ? <p><a href="/assistant/track">{s.trackLink}</a></p> : null}
      </div>
      <div data-as-h="noregion" hidden={!noRegion || inProgress}>
        <p>{s.handoffNoRegion}</p>
      </div>
      <div data-as-h="leave" hidden={!leave}>
        <p data-as-h-reason="">{h && !h.available ? s.handoffUnavailable(labelOf(HANDOFF_REASONS, h.reason)) : ''}</p>
        <div class="as-leave">
          <form method="post" action={action} class="as-leave-form">
            <Hidden csrf={csrf} c={chat.conversationId} />
            <input type="hidden" name="mode" value="leave" />
            <input type="hidden" name="kind" value="enquiry" />
            <h3>{s.leaveEnquiry}</h3>
            <p class="hint">{s.leaveEnquiryHint}</p>
            <button type="submit" class={btn(surface)}>{s.submitEnquiry}</button>
          </form>
          <form method="post" action={action} class="as-leave-form" novalidate>
            <Hidden csrf={csrf} c={chat.conversationId} />
            <input type="hidden" name="mode" value="leave" />
            <input type="hidden" name="kind" value="message" />
            <h3>{s.leaveMessage}</h3>
            <p class="hint">{s.leaveMessageHint}</p>
            <div class={errors.name ? 'field field--error' : 'field'}>
              <label for="name">{s.nameLabel}</label>
              {fieldErr('name')}
              <input id="name" name="name" type="text" class={input} maxLength={30} autocomplete="name" value={values.name ?? ''}
                aria-invalid={errors.name ? 'true' : undefined} aria-describedby={errors.name ? 'name-error' : undefined} />
            </div>
            <div class={errors.phone ? 'field field--error' : 'field'}>
              <label for="phone">{s.phoneLabel}</label>
              {fieldErr('phone')}
              <input id="phone" name="phone" type="tel" class={input} maxLength={20} autocomplete="tel" value={values.phone ?? ''} data-kiosk-keyboard="en"
                aria-invalid={errors.phone ? 'true' : undefined} aria-describedby={errors.phone ? 'phone-error' : undefined} />
            </div>
            <button type="submit" class={btn(surface)}>{s.submitMessage}</button>
          </form>
        </div>
      </div>
    </section>
  );
}

export interface AskFormProps {
  surface: Surface;
  csrf: string;
  conversationId: string | null;
  /** Counties to choose from (a new conversation on the web); null: no choice (a kiosk, or a conversation already going). */
  regions: { code: string; name: string }[] | null;
  region: string;
  text: string;
  error: string | null;
  /** web or mobile (the request's user agent), sent by the script with each question. */
  channel?: string;
}

/** The question form: region (a new web conversation), the question, 提问, and the example questions. */
export function AskForm({ surface, csrf, conversationId, regions, region, text, error, channel }: AskFormProps) {
  const kiosk = surface.kind === 'kiosk';
  const describedBy = [error ? 'text-error' : '', 'text-hint'].filter(Boolean).join(' ');
  return (
    <form method="post" action={basePath(surface)} id="as-ask" class={`as-ask${conversationId ? ' as-ask--sticky' : ''}`} novalidate data-as-ask=""
      data-api="/api/v1/assistant/messages" data-asking={s.asking} data-error-network={s.errorNetwork} data-error-empty={s.errorEmpty} data-error-long={s.errorTooLong} data-channel={channel}>
      <Hidden csrf={csrf} c={conversationId} />
      {regions ? (
        <div class="field as-region" data-as-region="">
          <label for="region">{s.regionLabel}</label>
          <p class="hint" id="region-hint">{s.regionHint}</p>
          <select id="region" name="region" class={kiosk ? 'kiosk-input' : 'input input--short'} aria-describedby="region-hint">
            <option value="">{s.regionAny}</option>
            {regions.map((r) => <option key={r.code} value={r.code} selected={r.code === region}>{r.name}</option>)}
          </select>
        </div>
      ) : <input type="hidden" name="region" value={region} />}
      <div class={error ? 'field field--error as-q' : 'field as-q'}>
        <label for="text">{s.questionLabel}</label>
        <p class="hint" id="text-hint">{s.questionHint}</p>
        <p class="field-error" id="text-error" data-as-error="" hidden={!error} aria-live="assertive">{error ?? ''}</p>
        <div class="as-ask-row">
          <input id="text" name="text" type="text" class={kiosk ? 'kiosk-input' : 'input'} maxLength={MAX_QUESTION_CHARS} autocomplete="off" value={text}
            aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined} />
          <button type="submit" class={kiosk ? 'kiosk-button kiosk-button--primary' : 'button'}>{s.ask}</button>
        </div>
        <p class="as-pending" data-as-pending="" hidden>{s.asking}</p>
      </div>
      {kiosk ? null : (
        // 使用我的位置: shown by assets/assistant.js only where the browser can locate; the position is
        // asked for only when the person presses the button, and sent with each question (never stored
        // on the page's address). Without the script there is no location and the region's centre is used.
        <div class="as-locate" data-as-locate="" hidden data-locating={s.locating} data-located={s.located} data-locate-failed={s.locateFailed}>
          <input type="hidden" name="lat" value="" data-as-lat="" />
          <input type="hidden" name="lng" value="" data-as-lng="" />
          <button type="button" class="button button--secondary" data-as-locate-button="" aria-describedby="as-locate-hint">{s.locate}</button>
          <p class="hint" id="as-locate-hint">{s.locateHint}</p>
          <p class="as-locate-status" data-as-locate-status="" role="status"></p>
        </div>
      )}
      {conversationId ? null : (
        <div class="as-examples" role="group" aria-labelledby="as-examples-h">
          <p id="as-examples-h" class="as-examples-h">{s.examplesHeading}</p>
          <ul>
            {s.examples.map((q) => <li key={q}><button type="submit" name="example" value={q} class={kiosk ? 'kiosk-button' : 'button button--secondary'}>{q}</button></li>)}
          </ul>
        </div>
      )}
    </form>
  );
}

/** The chat: log, 转人工 panel and question form in one box (the form sticks to the bottom on a phone). */
export function Chat({ children }: { children: ComponentChildren }) {
  return <div class="as-chat" data-as-chat="">{children}</div>;
}
