// Pure view: the whole 办事指南 of one service item (regulations.md §7.4) as one sheet — basic
// facts, 办理条件, 申请材料 as a table, 办理流程 as a flowchart (an ordered list drawn as numbered
// boxes joined by arrows, so screen readers read the steps in order), 办理时限, 跑动次数, 收费,
// 办理地点和时间, 咨询/投诉电话. It holds no links: it is printed on paper and shown on the kiosk,
// where addresses are text (and the page's QR code) rather than links.
//
// Used by the kiosk guide page, the print view (/services/items/{id}/print,
// /kiosk/{venue}/items/{id}/print) and the window desk. Styles: /assets/channels/guide-sheet.css;
// the standalone A4 document adds /assets/channels/guide-print.css (GuidePrintPage below).
import type { ComponentChildren } from 'preact';
import { labelOf } from '../../../platform/web/enums.ts';
import { localDateOf } from '../../../platform/clock/local-date.ts';
import { ITEM_TYPES, LEVELS, SERVICE_CHANNELS, TIME_UNITS, type Item } from '../../service-map/index.ts';
import { guideStrings as s } from '../kiosk-guide.strings.ts';

type Unit = NonNullable<Item['legalUnit']>;

/** 「20 个工作日」, 「即办」 or 「未提供」. */
export function limitText(n: number | null, unit: Unit | null): string {
  if (n === null) return s.unknown;
  if (n === 0 || unit === 'immediate') return s.immediate;
  return s.limit(n, unit ? labelOf(TIME_UNITS, unit) : s.defaultUnit);
}

export function visitsText(n: number | null): string {
  if (n === null) return s.unknown;
  return n === 0 ? s.visitsZero : s.visitsN(n);
}

function Heading({ level, id, children }: { level: 2 | 3; id?: string; children: ComponentChildren }) {
  return level === 2 ? <h2 id={id}>{children}</h2> : <h3 id={id}>{children}</h3>;
}

function Section({ level, id, title, children }: { level: 2 | 3; id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="gs-section" aria-labelledby={id}>
      <Heading level={level} id={id}>{title}</Heading>
      {children}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return <div class="gs-fact"><dt>{term}</dt><dd>{children}</dd></div>;
}

export interface GuideSheetProps {
  /** The item as the service map returns it (findItem). */
  item: Item;
  /** The level of the item's name: 1 on a page of its own (print view, kiosk), 2 inside another page (window desk). */
  level?: 1 | 2;
  /** Prefix of the element ids, when a page shows more than one sheet. */
  idPrefix?: string;
}

export function GuideSheet({ item, level = 1, idPrefix = 'gs' }: GuideSheetProps) {
  const g = item.guide;
  const h = (level + 1) as 2 | 3;
  const id = (x: string) => `${idPrefix}-${x}`;
  const Title = level === 1 ? 'h1' : 'h2';
  const body = item.implementingBody || item.department;
  return (
    <article class="guide-sheet" aria-labelledby={id('title')}>
      <div class="gs-head">
        <p class="gs-kind">{s.sheetKind}</p>
        <Title id={id('title')} class="gs-title">{item.name}</Title>
        {body && <p class="gs-body">{body}</p>}
      </div>

      <Section level={h} id={id('basics')} title={s.basics}>
        <dl class="gs-facts">
          <Fact term={s.itemType}>{labelOf(ITEM_TYPES, item.type)}</Fact>
          {item.implementingCode && <Fact term={s.implementingCode}><span class="gs-code">{item.implementingCode}</span></Fact>}
          {item.basicCode && <Fact term={s.basicCode}><span class="gs-code">{item.basicCode}</span></Fact>}
          <Fact term={s.level}>{labelOf(LEVELS, item.level)}</Fact>
          <Fact term={s.body}>{item.implementingBody || s.unknown}</Fact>
          {item.department && item.department !== item.implementingBody && <Fact term={s.department}>{item.department}</Fact>}
          <Fact term={s.objects}>{g.service_objects.join(s.list) || s.unknown}</Fact>
          {g.handling_type && <Fact term={s.handlingType}>{g.handling_type}</Fact>}
          {g.legal_basis && <Fact term={s.legalBasis}>{g.legal_basis}</Fact>}
          <Fact term={s.channels}>{item.channels.map((c) => labelOf(SERVICE_CHANNELS, c)).join(s.list) || s.unknown}</Fact>
          {item.onlineUrl && <Fact term={s.online}><span class="gs-url">{item.onlineUrl}</span>{g.online_depth ? `（${g.online_depth}）` : ''}</Fact>}
          {item.mobileUrl && <Fact term={s.mobile}><span class="gs-url">{item.mobileUrl}</span></Fact>}
          {g.scope && <Fact term={s.scope}>{g.scope}</Fact>}
          {g.result && <Fact term={s.result}>{g.result.type ? `${g.result.type}：` : ''}{g.result.name}</Fact>}
          {(g.express_delivery || g.appointment) && <Fact term={s.delivery}>{[g.express_delivery ? s.expressDelivery : '', g.appointment ? s.appointmentYes : ''].filter(Boolean).join('；')}</Fact>}
        </dl>
      </Section>

      <Section level={h} id={id('conditions')} title={s.conditions}>
        {g.conditions.length ? <ol class="gs-conditions">{g.conditions.map((c, i) => <li key={i}>{c}</li>)}</ol> : <p>{s.unknown}</p>}
      </Section>

      <Section level={h} id={id('materials')} title={s.materials}>
        {g.materials.length ? (
          <>
            <table class="gs-materials">
              <caption class="visually-hidden">{s.materialsCaption(g.materials.length)}</caption>
              <thead>
                <tr>
                  <th scope="col" class="gs-num">{s.material.no}</th>
                  <th scope="col">{s.material.name}</th>
                  <th scope="col">{s.material.type}</th>
                  <th scope="col">{s.material.form}</th>
                  <th scope="col" class="gs-num">{s.material.copies}</th>
                  <th scope="col">{s.material.required}</th>
                  <th scope="col">{s.material.source}</th>
                </tr>
              </thead>
              <tbody>
                {g.materials.map((m, i) => (
                  <tr key={i} class="gs-material">
                    <td class="gs-num" data-label={s.material.no}>{i + 1}</td>
                    <th scope="row" data-label={s.material.name}>
                      {m.name}
                      {m.spec && <span class="gs-note">{m.spec}</span>}
                      {m.notes && <span class="gs-note">{m.notes}</span>}
                      {(m.blank_form_url || m.sample_url) && <span class="gs-note">{[m.blank_form_url ? s.blankForm : '', m.sample_url ? s.sampleForm : ''].filter(Boolean).join('、')}</span>}
                    </th>
                    <td data-label={s.material.type}>{m.type || s.unknown}</td>
                    <td data-label={s.material.form}>{m.form || s.unknown}</td>
                    <td class="gs-num" data-label={s.material.copies}>{m.copies ?? s.copiesUnknown}</td>
                    <td data-label={s.material.required}>{m.required ? s.requiredYes : s.requiredNo}</td>
                    <td data-label={s.material.source}>{m.source || s.unknown}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {g.materials.some((m) => m.blank_form_url || m.sample_url) && <p class="gs-hint">{s.formsWhere}</p>}
          </>
        ) : <p>{s.unknown}</p>}
      </Section>

      <Section level={h} id={id('process')} title={s.process}>
        {g.steps.length ? (
          <ol class="gs-flow" aria-label={s.processLabel(g.steps.length)}>
            {g.steps.map((st, i) => (
              <li key={i} class="gs-step">
                <span class="gs-step-no"><span class="visually-hidden">{s.stepNo(i + 1)}</span><span aria-hidden="true">{i + 1}</span></span>
                <span class="gs-step-text">
                  <strong class="gs-step-name">{st.name}</strong>
                  {(st.actor || st.duration) && <span class="gs-step-meta">{[st.actor, st.duration].filter(Boolean).join(' · ')}</span>}
                  {st.description && <span class="gs-step-desc">{st.description}</span>}
                </span>
              </li>
            ))}
          </ol>
        ) : <p>{s.unknown}</p>}
      </Section>

      <Section level={h} id={id('limits')} title={`${s.limits}和${s.visits}`}>
        <dl class="gs-facts">
          <Fact term={s.legalLimit}>{limitText(item.legalLimit, item.legalUnit)}{g.legal_limit_note ? `（${g.legal_limit_note}）` : ''}</Fact>
          <Fact term={s.promisedLimit}>{limitText(item.promisedLimit, item.promisedUnit)}{g.promised_limit_note ? `（${g.promised_limit_note}）` : ''}</Fact>
          <Fact term={s.visits}>{visitsText(item.visits)}{g.visits_reason ? `（${g.visits_reason}）` : ''}</Fact>
        </dl>
      </Section>

      <Section level={h} id={id('fees')} title={s.fees}>
        {g.fees.length ? (
          <table class="gs-fees">
            <caption class="visually-hidden">{s.fees}</caption>
            <thead><tr><th scope="col">{s.fee.name}</th><th scope="col">{s.fee.standard}</th><th scope="col">{s.fee.basis}</th><th scope="col">{s.fee.waivable}</th></tr></thead>
            <tbody>
              {g.fees.map((f, i) => (
                <tr key={i}>
                  <th scope="row" data-label={s.fee.name}>{f.name}</th>
                  <td data-label={s.fee.standard}>{f.standard}</td>
                  <td data-label={s.fee.basis}>{f.basis}</td>
                  <td data-label={s.fee.waivable}>{f.waivable ? `${s.yes}${f.waiver_basis ? `（${f.waiver_basis}）` : ''}` : s.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p>{s.free}</p>}
      </Section>

      <Section level={h} id={id('where')} title={s.placeTime}>
        <dl class="gs-facts">
          <Fact term={s.where}>{g.where || s.unknown}</Fact>
          <Fact term={s.when}>{g.when || s.unknown}</Fact>
        </dl>
      </Section>

      <Section level={h} id={id('contact')} title={s.contact}>
        <dl class="gs-facts">
          <Fact term={s.consultation}>{g.consultation || s.unknown}</Fact>
          <Fact term={s.complaint}>{g.complaint || s.unknown}</Fact>
        </dl>
      </Section>

      {g.faq.length > 0 && (
        <Section level={h} id={id('faq')} title={s.faq}>
          <dl class="gs-faq">{g.faq.map((f, i) => <div key={i} class="gs-qa"><dt>{s.faqQ(f.q)}</dt><dd>{s.faqA(f.a)}</dd></div>)}</dl>
        </Section>
      )}
    </article>
  );
}

export interface GuidePrintPageProps {
  item: Item;
  /** Today (YYYY-MM-DD), printed on the sheet. */
  printedOn: string;
  /** The full address of the public item page and its QR code (SVG markup from platform/web/qr.ts). */
  publicUrl: string;
  qrSvg: string;
  /** Where 「返回」 on screen goes (the item page, or the kiosk guide page). */
  back: string;
  /** The kiosk: print at once (its printer prints silently), then go back. */
  autoPrint?: boolean;
}

/**
 * The print view: a standalone A4 document (no site or kiosk header, navigation or forms) holding
 * the guide sheet, the date printed, the source, and one QR code to the public item page. On screen
 * a bar above the sheet offers 打印 and 返回; it is not printed.
 */
export function GuidePrintPage({ item, printedOn, publicUrl, qrSvg, back, autoPrint }: GuidePrintPageProps) {
  const body = item.implementingBody || item.department || s.unknown;
  return (
    <html lang="zh-CN" class="guide-print">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{s.printTitle(item.name)}</title>
        <link rel="stylesheet" href="/assets/channels/guide-sheet.css" />
        <link rel="stylesheet" href="/assets/channels/guide-print.css" />
        <script src="/assets/channels/guide-print.js" defer></script>
      </head>
      <body data-autoprint={autoPrint ? '1' : undefined} data-back={back}>
        <main class="gs-page">
          <div class="gs-tools screen-only" role="group" aria-label={s.printTools}>
            <button type="button" class="gs-tool" data-print="">{s.printButton}</button>
            <a class="gs-tool" href={back}>{s.backButton}</a>
            {autoPrint && <p class="gs-printing" role="status">{s.printing}</p>}
          </div>
          <GuideSheet item={item} />
          <footer class="gs-foot">
            <div class="gs-foot-text">
              <p>{s.printedOn(printedOn)}</p>
              <p>{s.source(body)}</p>
              <p>{s.updatedOn(localDateOf(new Date(item.updatedAt)))}</p>
              <p>{s.pageAddress}<span class="gs-url">{publicUrl}</span></p>
              <p>{s.disclaimer}</p>
            </div>
            <figure class="gs-qr">
              <div class="gs-qr-code" dangerouslySetInnerHTML={{ __html: qrSvg }} />
              <figcaption>{s.scanForLatest}</figcaption>
            </figure>
          </footer>
        </main>
      </body>
    </html>
  );
}
