// Pure view: one record as government sites show it — the metadata table, body, attachments,
// catalogue items, linked records (政策解读 ⇄ policy) and version notes; and the tombstone.
import { Layout } from '../../../../platform/web/layout.tsx';
import { Breadcrumbs } from '../../../../platform/web/components.tsx';
import type { PageContext } from '../../../../platform/web/page-context.ts';
import { attachmentHref, type RecordDetail, type RecordExtras } from '../../disclosures.queries.ts';
import { genreLabel, pub, validityLabel } from '../../disclosures-public.strings.ts';
import { opennessLabel } from '../../openness.ts';
import { openCrumbs } from './parts.tsx';
import { localDateOf } from '../../../../platform/clock/local-date.ts';
import { GenreDetailBlock, type PublicDetail } from '../genre-detail.tsx';
import { scrollableTables } from '../../../../platform/html/sanitize.ts';

/** Pages of other modules that refer to a record (a consultation whose final policy it is). */
export interface Backlink { href: string; label: string; title: string }

const dayOf = (iso: string) => localDateOf(new Date(iso));

export function RecordPage({ ctx, r, x, detail, backlinks = [] }: { ctx: PageContext; r: RecordDetail; x: RecordExtras; detail?: PublicDetail; backlinks?: Backlink[] }) {
  const m = pub.record;
  const cell = (v: string | null | undefined) => v || m.none;
  return (
    <Layout ctx={ctx} title={r.title}>
      <Breadcrumbs items={openCrumbs([{ href: `/openness/disclosures/org/${r.orgCode}`, label: r.orgName }, { label: r.indexNo }])} />
      <div class="table-scroll" tabIndex={0} role="region" aria-label={m.meta}>
        <table class="record-meta">
          <caption>{m.meta}</caption>
          <tbody>
            <tr><th scope="row">{m.indexNo}</th><td>{r.indexNo}</td><th scope="row">{m.category}</th><td><a href={`/openness/disclosures/category/${r.categoryCode}`}>{r.categoryName}</a></td></tr>
            <tr><th scope="row">{m.publisher}</th><td>{r.publisher}</td><th scope="row">{m.writtenOn}</th><td>{cell(r.writtenOn)}</td></tr>
            <tr><th scope="row">{m.documentNo}</th><td>{cell(r.documentNo)}</td><th scope="row">{m.publishedOn}</th><td>{r.publishedOn}</td></tr>
            <tr><th scope="row">{m.genre}</th><td><a href={`/openness/disclosures/genre/${r.genre}`}>{genreLabel(r.genre)}</a></td><th scope="row">{m.validity}</th><td>{validityLabel(r.validity)}</td></tr>
            <tr><th scope="row">{m.openness}</th><td>{opennessLabel(r.openness)}</td><th scope="row">{m.formedOn}</th><td>{r.formedOn}</td></tr>
            {(r.effectiveOn || r.expiresOn || r.repealedOn) && (
              <tr><th scope="row">{m.effectiveOn}</th><td>{cell(r.effectiveOn)}</td><th scope="row">{r.repealedOn ? m.repealedOn : m.expiresOn}</th><td>{cell(r.repealedOn ?? r.expiresOn)}</td></tr>
            )}
          </tbody>
        </table>
      </div>
      <h1>{r.title}</h1>
      {r.documentNo && <p class="muted">{r.documentNo}</p>}
      <section aria-label={m.body} class="record-body" dangerouslySetInnerHTML={{ __html: scrollableTables(r.bodyHtml, m.bodyTable) }} />
      {detail && <GenreDetailBlock d={detail} />}
      {backlinks.length > 0 && (
        <section aria-labelledby="backlinks">
          <h2 id="backlinks">{m.backlinks}</h2>
          <ul>
            {backlinks.map((b) => <li key={b.href}><span class="tag">{b.label}</span> <a href={b.href}>{b.title}</a></li>)}
          </ul>
        </section>
      )}
      {x.attachments.length > 0 && (
        <section aria-labelledby="attachments">
          <h2 id="attachments">{m.attachments}</h2>
          <ul>
            {x.attachments.map((a) => <li key={a.id}><a href={attachmentHref(r.indexNo, a.id)} download>{a.filename}</a>{`（${m.bytes(a.sizeBytes)}）`}</li>)}
          </ul>
        </section>
      )}
      {x.links.length > 0 && (
        <section aria-labelledby="links">
          <h2 id="links">{m.links}</h2>
          <ul>
            {x.links.map((l) => <li key={l.indexNo}><span class="tag">{genreLabel(l.genre)}</span> <a href={l.href}>{l.title}</a></li>)}
          </ul>
        </section>
      )}
      {x.catalogItems.length > 0 && (
        <section aria-labelledby="items">
          <h2 id="items">{m.catalogItems}</h2>
          <ul>
            {x.catalogItems.map((i) => <li key={`${i.catalogId}/${i.itemKey}`}><a href={i.href}>{i.label}</a></li>)}
          </ul>
        </section>
      )}
      {x.versions.length > 0 && (
        <section aria-labelledby="versions">
          <h2 id="versions">{m.versions}</h2>
          <ul>
            {x.versions.map((v) => <li key={v.versionNo}>{`${m.version(v.versionNo)}（${dayOf(v.createdAt)}）：${v.changeNote}`}</li>)}
          </ul>
        </section>
      )}
    </Layout>
  );
}

export function TombstonePage({ ctx, indexNo, title, withdrawnAt, reason }: { ctx: PageContext; indexNo: string; title: string; withdrawnAt: string | null; reason: string }) {
  const t = pub.tombstone;
  return (
    <Layout ctx={ctx} title={t.title}>
      <Breadcrumbs items={openCrumbs([{ label: indexNo }])} />
      <h1>{t.title}</h1>
      <p>{t.intro(title)}</p>
      <dl>
        <dt>{pub.record.indexNo}</dt><dd>{indexNo}</dd>
        {withdrawnAt && <><dt>{t.at}</dt><dd>{dayOf(withdrawnAt)}</dd></>}
        <dt>{t.reason}</dt><dd>{reason || pub.record.none}</dd>
      </dl>
      <p><a href="/openness/disclosures">{t.back}</a></p>
    </Layout>
  );
}
