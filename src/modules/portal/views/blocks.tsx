// Pure views: the blocks the home page and the section pages share — record lists, figures, the
// 政策解读 pairs, the hot lists, the latest replies.
import type { ComponentChildren } from 'preact';
import type { HomeRecord, InterpretedPolicy } from '../../disclosures/index.ts';
import type { PublicReply } from '../../interaction/index.ts';
import { portalStrings } from '../portal.strings.ts';

const s = portalStrings.home;

export function Block({ id, title, more, children }: { id: string; title: string; more?: { href: string; label: string }; children: ComponentChildren }) {
  return (
    <section class="portal-block" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
      {more && <p class="portal-more"><a href={more.href}>{more.label}</a></p>}
    </section>
  );
}

export function RecordList({ records, showPublisher = true }: { records: HomeRecord[]; showPublisher?: boolean }) {
  if (!records.length) return <p class="muted">{s.empty}</p>;
  return (
    <ul class="record-list">
      {records.map((r) => (
        <li key={r.indexNo}>
          <a href={r.href}>{r.title}</a>
          <span class="record-meta">{showPublisher ? `${r.publisher} · ` : ''}<time dateTime={r.publishedOn}>{r.publishedOn}</time></span>
        </li>
      ))}
    </ul>
  );
}

export function InterpretationList({ items }: { items: InterpretedPolicy[] }) {
  if (!items.length) return <p class="muted">{s.empty}</p>;
  return (
    <ul class="record-list">
      {items.map((p) => (
        <li key={p.interpretation.indexNo}>
          {p.policy
            ? <><a href={p.policy.href}>{p.policy.title}</a><span class="record-meta">{s.interpretationOf}<a href={p.interpretation.href}>{p.interpretation.title}</a>{' · '}<time dateTime={p.interpretation.publishedOn}>{p.interpretation.publishedOn}</time></span></>
            : <><a href={p.interpretation.href}>{p.interpretation.title}</a><span class="record-meta"><time dateTime={p.interpretation.publishedOn}>{p.interpretation.publishedOn}</time></span></>}
        </li>
      ))}
    </ul>
  );
}

export function Figures({ items, label }: { items: { label: string; value: string; id: string }[]; label: string }) {
  return (
    <dl class="portal-figures" aria-label={label}>
      {items.map((f) => (
        <div key={f.id} class="portal-figure" data-figure={f.id}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ReplyList({ replies }: { replies: PublicReply[] }) {
  if (!replies.length) return <p class="muted">{s.empty}</p>;
  return (
    <ul class="record-list">
      {replies.map((r) => (
        <li key={r.reference}>
          <a href={r.href}>{r.title}</a>
          <span class="record-meta"><time dateTime={r.repliedOn}>{r.repliedOn}</time></span>
        </li>
      ))}
    </ul>
  );
}

/** Hot service items: each opens the item search (the service item page is reached from there). */
export function HotServices({ items }: { items: { rank: number; title: string; count: number }[] }) {
  if (!items.length) return <p class="muted">{s.empty}</p>;
  return (
    <ol class="hot-list">
      {items.map((i) => (
        <li key={i.title}><a href={`/search?${new URLSearchParams({ q: i.title, type: 'item' }).toString()}`}>{i.title}</a></li>
      ))}
    </ol>
  );
}

export function HotSearches({ queries }: { queries: { query: string }[] }) {
  if (!queries.length) return null;
  return (
    <p class="hot-searches">
      <span>{s.hotSearches}：</span>
      {queries.map((q, i) => (
        <span key={q.query}>{i ? ' ' : ''}<a href={`/search?${new URLSearchParams({ q: q.query }).toString()}`}>{q.query}</a></span>
      ))}
    </p>
  );
}
