// Pure view: the hall display (/display/{venue}, 1920×1080, no input): one page whose six section
// panels are all drawn once; assets/display.js rotates the venue's sections, keeps the clock and
// the progress bar, and replaces the panels' text from /display/{venue}/data without reloading.
import { DISPLAY_SECTIONS, type DisplaySection } from '../vocabulary.ts';
import type { DisplaySnapshot, SectionContent } from '../display.service.ts';
import { displayStrings as s } from '../display.strings.ts';

function Panel({ code, label, content, shown }: { code: DisplaySection; label: string; content: SectionContent; shown: boolean }) {
  return (
    <section class="display-panel" id={`panel-${code}`} data-section={code} aria-labelledby={`panel-${code}-title`} hidden={!shown}>
      <h2 class="display-panel-title" id={`panel-${code}-title`}>{label}</h2>
      <dl class="display-figures">
        {content.figures.map((f) => (
          <div class="display-figure">
            <dt>{f.label}</dt>
            <dd><span class="display-num">{f.value}</span><span class="display-unit">{f.unit}</span></dd>
          </div>
        ))}
      </dl>
      <h3 class="display-list-title">{content.listTitle}</h3>
      <ol class="display-list">
        {content.list.map((l) => <li><span class="display-line-title">{l.title}</span><span class="display-line-meta">{l.meta}</span></li>)}
      </ol>
      <p class="display-note">{content.note}</p>
    </section>
  );
}

export interface DisplayPageProps {
  snapshot: DisplaySnapshot;
  etag: string;
  dataUrl: string;
  /** Rotation speed-up (test and soak runs only: ?speed=), 1 normally. */
  speed: number;
  /** Seconds between polls of dataUrl. */
  pollSeconds: number;
}

export function DisplayPage({ snapshot, etag, dataUrl, speed, pollSeconds }: DisplayPageProps) {
  const first = snapshot.slots[0]?.section;
  return (
    <html lang="zh-CN" class="display">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=1920, initial-scale=1" />
        <title>{s.title(snapshot.venue.name)}</title>
        <link rel="stylesheet" href="/assets/channels/display.css" />
        <script src="/assets/channels/display.js" defer></script>
      </head>
      <body class="display-body" data-url={dataUrl} data-etag={etag} data-speed={String(speed)} data-poll={String(pollSeconds)}
        data-slots={JSON.stringify(snapshot.slots.map((x) => [x.section, x.seconds]))}>
        <header class="display-header">
          <h1 class="display-venue">{snapshot.venue.name}</h1>
          <p class="display-section-name" id="display-section-name" aria-live="off">{snapshot.slots[0]?.label ?? ''}</p>
          <p class="display-clock"><time id="display-time">--:--</time><span id="display-date" class="display-date"></span></p>
        </header>
        <main class="display-main" id="main">
          {DISPLAY_SECTIONS.values.map((v) => <Panel code={v.code} label={v.label} content={snapshot.sections[v.code]} shown={v.code === first} />)}
        </main>
        <footer class="display-footer">
          <ol class="display-steps" aria-label={s.sectionsNav}>
            {DISPLAY_SECTIONS.values.map((v) => <li data-step={v.code} hidden={!snapshot.slots.some((x) => x.section === v.code)} class={v.code === first ? 'current' : ''}>{v.label}</li>)}
          </ol>
          <div class="display-progress" role="progressbar" aria-label={s.progress(snapshot.slots[0]?.label ?? '')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={0}>
            <span class="display-progress-fill" id="display-progress-fill"></span>
          </div>
          <p class="display-stale" id="display-stale" hidden>{s.stale}</p>
        </footer>
      </body>
    </html>
  );
}

/** An unknown venue: a clear full-screen page (404) the staff can read from across the hall. */
export function DisplayNotFoundPage() {
  return (
    <html lang="zh-CN" class="display">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=1920, initial-scale=1" />
        <title>{s.notFound.title}</title>
        <link rel="stylesheet" href="/assets/channels/display.css" />
      </head>
      <body class="display-body display-missing">
        <main id="main" class="display-missing-main">
          <h1>{s.notFound.title}</h1>
          <p>{s.notFound.body}</p>
        </main>
      </body>
    </html>
  );
}
