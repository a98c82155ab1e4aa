// Pure view: the 办事一本通 as one print-ready document (no site header or navigation). Every printed
// page is one `.hb-page` box of the height handbook-model GEOMETRY gives, so the page numbers in the
// table of contents (computed by `layout`) are the pages the printer prints; the @page footer
// prints counter(page). On screen the pages are paper sheets under a bar with 打印 and the DOCX link.
import { GEOMETRY, itemHeight, type Block, type BookItem, type Layout, type Page, type Size, anchorOf } from '../handbook-model.ts';
import type { Booklet } from '../handbook.service.ts';
import { hs } from '../handbook.strings.ts';

export interface BookletPageProps {
  booklet: Booklet;
  layout: Layout;
  /** SVG markup of each item's QR code, by public id. */
  qr: Map<string, string>;
  siteName: string;
  docxHref: string;
  pickerHref: string;
}

function ItemBlock({ item, qr, size }: { item: BookItem; qr: string; size: Size }) {
  return (
    <article class="hb-item" data-est-mm={itemHeight(item, size).toFixed(1)} id={anchorOf(`item-${item.publicId}`)} aria-labelledby={`${anchorOf(`item-${item.publicId}`)}-t`}>
      <h3 class="hb-item-name" id={`${anchorOf(`item-${item.publicId}`)}-t`}>{item.name}</h3>
      <p class="hb-dept">{hs.department}：{item.department || '—'}</p>
      <div class="hb-facts-row">
        <dl class="hb-facts">
          <div><dt>{hs.legalLimit}</dt><dd>{item.legalLimit}</dd><dt>{hs.promisedLimit}</dt><dd>{item.promisedLimit}</dd></div>
          {item.fees.length ? item.fees.map((f, i) => <div key={i}><dt>{i === 0 ? hs.fee : ''}</dt><dd>{f.name}：{f.standard}</dd></div>) : <div><dt>{hs.fee}</dt><dd>{hs.free}</dd></div>}
          {item.consultation && <div><dt>{hs.consultation}</dt><dd>{item.consultation}</dd></div>}
          {item.onlineUrl && <div><dt>{hs.online}</dt><dd class="hb-url">{item.onlineUrl}</dd></div>}
        </dl>
        <figure class="hb-qr">
          <div class="hb-qr-code" dangerouslySetInnerHTML={{ __html: qr }} />
          <figcaption>{hs.qrCaption}</figcaption>
        </figure>
      </div>
      <h4 class="hb-sub">{hs.materials}</h4>
      {item.materials.length ? (
        <table class="hb-materials">
          <thead><tr><th scope="col">{hs.materialName}</th><th scope="col">{hs.materialType}</th><th scope="col">{hs.copies}</th></tr></thead>
          <tbody>{item.materials.map((m, i) => <tr key={i}><td>{m.name}</td><td>{m.type || '—'}</td><td class="hb-num">{m.copies ?? hs.copiesUnknown}</td></tr>)}</tbody>
        </table>
      ) : <p class="hb-line">{hs.noMaterials}</p>}
      {item.moreMaterials > 0 && <p class="hb-line hb-more">{hs.moreMaterials(item.moreMaterials)}</p>}
      <h4 class="hb-sub">{hs.where}</h4>
      {item.venues.length ? (
        <ul class="hb-venues">
          {item.venues.map((v, i) => (
            <li key={i}>
              <span class="hb-venue-name">{v.name}</span>{v.phone && <span class="hb-venue-phone">{hs.gap}{hs.phone} {v.phone}</span>}
              <span class="hb-venue-line">{v.address}</span>
              <span class="hb-venue-line">{hs.hours}：{v.hours}</span>
            </li>
          ))}
        </ul>
      ) : <p class="hb-line">{hs.noVenues}</p>}
      {item.moreVenues > 0 && <p class="hb-line hb-more">{hs.moreVenues(item.moreVenues)}</p>}
    </article>
  );
}

function BlockView({ block, qr, size }: { block: Block; qr: Map<string, string>; size: Size }) {
  if (block.kind === 'group') {
    return <h2 class="hb-group" id={block.continued ? undefined : anchorOf(block.group.key)}>{block.group.title}{block.continued ? hs.continued : ''}</h2>;
  }
  return <ItemBlock item={block.item} qr={qr.get(block.item.publicId) ?? ''} size={size} />;
}

function PageView({ page, p, total }: { page: Page; p: BookletPageProps; total: number }) {
  const b = p.booklet;
  const title = hs.bookTitle(b.region.name);
  const edition = hs.editionLabel[b.edition]!;
  const head = page.kind === 'cover' ? null : <p class="hb-runhead" aria-hidden="true"><span>{title}（{edition}）</span></p>;
  let body;
  if (page.kind === 'cover') {
    body = (
      <div class="hb-cover">
        <p class="hb-cover-region">{b.fullName}</p>
        <p class="hb-cover-title">{title}</p>
        <p class="hb-cover-edition">{edition}{b.department ? ` · ${b.department}` : ''}</p>
        <p class="hb-cover-count">{hs.itemCount(b.itemCount)} · {hs.groupedBy[b.grouping]}</p>
        {b.dropped > 0 && <p class="hb-cover-note">{hs.capped(b.itemCount, b.dropped)}</p>}
        <p class="hb-cover-date">{hs.issuedOn(b.issuedOn)}</p>
        <p class="hb-cover-source">{hs.sourceLine(p.siteName)}</p>
      </div>
    );
  } else if (page.kind === 'preface') {
    body = (
      <section class="hb-preface" aria-labelledby="hb-preface-t">
        <h2 id="hb-preface-t" class="hb-group">{hs.prefaceTitle}</h2>
        {hs.preface.map((t, i) => <p key={i}>{t}</p>)}
        <p>{hs.editionRule[b.edition]}</p>
        <p>{hs.issuedNote}</p>
        {b.dropped > 0 && <p><strong>{hs.capped(b.itemCount, b.dropped)}</strong></p>}
      </section>
    );
  } else if (page.kind === 'toc') {
    body = (
      <nav class="hb-toc" aria-label={page.first ? hs.tocTitle : `${hs.tocTitle}${hs.continued}`}>
        {page.first ? <h2 class="hb-group">{hs.tocTitle}</h2> : <p class="hb-group" aria-hidden="true">{hs.tocTitle}{hs.continued}</p>}
        <ol class="hb-toc-list">
          {page.entries.map((e, i) => (
            <li key={i} class={`hb-toc-l${e.level}`}><a href={`#${e.anchor}`}><span class="hb-toc-title">{e.title}</span><span class="hb-toc-page" data-toc-page={e.page}>{e.page}</span></a></li>
          ))}
        </ol>
      </nav>
    );
  } else {
    body = <>{page.blocks.map((bl, i) => <BlockView key={i} block={bl} qr={p.qr} size={p.layout.size} />)}</>;
  }
  return (
    <section class={`hb-page hb-${page.kind}`} data-page={page.number} aria-label={hs.page(page.number)}>
      {head}
      <div class="hb-body">{body}</div>
      <p class="hb-folio screen-only" aria-hidden="true">{page.kind === 'cover' ? '' : `— ${page.number} / ${total} —`}</p>
    </section>
  );
}

export function BookletPage(p: BookletPageProps) {
  const b = p.booklet;
  const g = GEOMETRY[p.layout.size];
  const sizeLabel = p.layout.size.toUpperCase();
  const title = `${hs.bookTitle(b.region.name)}（${hs.editionLabel[b.edition]}）`;
  return (
    <html lang="zh-CN" class={`hb-doc hb-size-${p.layout.size}`}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - ${p.siteName}`}</title>
        <link rel="stylesheet" href="/assets/handbook/handbook.css" />
        <link rel="stylesheet" href={`/assets/handbook/page-${p.layout.size}.css`} />
        <script src="/assets/handbook/handbook.js" defer></script>
      </head>
      <body data-pages={p.layout.totalPages} data-page-mm={`${g.width}x${g.height}`}>
        <header class="hb-tools screen-only">
          <h1 class="hb-tools-title">{title}</h1>
          <p>{hs.screenHint(p.layout.totalPages, sizeLabel)}</p>
          <div class="hb-tools-row" role="group" aria-label={hs.tools}>
            <button type="button" class="hb-button" data-print="">{hs.print}</button>
            <a class="hb-button" href={p.docxHref}>{hs.downloadDocx}</a>
            <a class="hb-link" href={p.pickerHref}>{hs.back}</a>
          </div>
        </header>
        <main class="hb-pages">
          {p.layout.pages.map((page) => <PageView key={page.number} page={page} p={p} total={p.layout.totalPages} />)}
        </main>
      </body>
    </html>
  );
}
