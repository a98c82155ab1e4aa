// Pure view: the annual report's six sections with tables 二, 三 and 四 laid out as in published
// reports (merged header cells), used by the public page, the staff preview and the disclosure record.
import type { ComponentChildren } from 'preact';
import {
  SECTIONS, TABLE2_ITEM_1, TABLE2_ITEM_5, TABLE2_ITEM_6, TABLE2_ITEM_8, TABLE3_BAND, TABLE3_COLUMNS, TABLE3_GROUPS, TABLE3_HEADER_NOTE,
  TABLE3_LEGAL_PERSON, TABLE3_RESULT_HEADING, TABLE3_ROWS, TABLE4_GROUPS, TABLE4_LITIGATION, TABLE4_RESULTS, TABLE4_REVIEW,
} from '../annual-format.ts';
import type { AnnualReport } from '../annual-report.ts';
import { reportStrings as s } from '../reports.strings.ts';

function Paragraphs({ text }: { text: string }) {
  const parts = text.split('\n').map((p) => p.trim()).filter(Boolean);
  return <>{parts.map((p, i) => <p key={i}>{p}</p>)}</>;
}

function Heading({ level, children }: { level: 2 | 3; children: ComponentChildren }) {
  return level === 2 ? <h2>{children}</h2> : <h3>{children}</h3>;
}

export function Table2View({ report }: { report: AnnualReport }) {
  const t = report.table2;
  if (!t) return <p>{s.sources.import}</p>;
  const block = (heading: string) => <tr><th colSpan={4} scope="colgroup">{heading}</th></tr>;
  return (
    <table class="annual-table" id="table2">
      <caption>{SECTIONS[1].title}</caption>
      <tbody>
        {block(TABLE2_ITEM_1.heading)}
        <tr>{TABLE2_ITEM_1.columns.map((c) => <th scope="col" key={c}>{c}</th>)}</tr>
        <tr><th scope="row">{TABLE2_ITEM_1.rows[0]}</th><td>{t.rules.issued}</td><td>{t.rules.repealed}</td><td>{t.rules.effective}</td></tr>
        <tr><th scope="row">{TABLE2_ITEM_1.rows[1]}</th><td>{t.normative.issued}</td><td>{t.normative.repealed}</td><td>{t.normative.effective}</td></tr>
        {block(TABLE2_ITEM_5.heading)}
        <tr><th scope="col">{TABLE2_ITEM_5.columns[0]}</th><th scope="col" colSpan={3}>{TABLE2_ITEM_5.columns[1]}</th></tr>
        <tr><th scope="row">{TABLE2_ITEM_5.rows[0]}</th><td colSpan={3}>{t.licensing}</td></tr>
        {block(TABLE2_ITEM_6.heading)}
        <tr><th scope="col">{TABLE2_ITEM_6.columns[0]}</th><th scope="col" colSpan={3}>{TABLE2_ITEM_6.columns[1]}</th></tr>
        <tr><th scope="row">{TABLE2_ITEM_6.rows[0]}</th><td colSpan={3}>{t.penalty}</td></tr>
        <tr><th scope="row">{TABLE2_ITEM_6.rows[1]}</th><td colSpan={3}>{t.coercion}</td></tr>
        {block(TABLE2_ITEM_8.heading)}
        <tr><th scope="col">{TABLE2_ITEM_8.columns[0]}</th><th scope="col" colSpan={3}>{TABLE2_ITEM_8.columns[1]}</th></tr>
        <tr><th scope="row">{TABLE2_ITEM_8.rows[0]}</th><td colSpan={3}>{t.feesWan}</td></tr>
      </tbody>
    </table>
  );
}

/** How many rows each group heading spans. */
const resultRows = TABLE3_ROWS.filter((r) => r.group === TABLE3_RESULT_HEADING || (TABLE3_GROUPS as readonly string[]).includes(r.group ?? '')).length;
const groupSize = (g: string) => TABLE3_ROWS.filter((r) => r.group === g).length;

export function Table3View({ report }: { report: AnnualReport }) {
  const firstOfGroup = new Set<string>();
  return (
    <table class="annual-table catalog-table" id="table3">
      <caption>{SECTIONS[2].title}</caption>
      <thead>
        <tr><th colSpan={3} rowSpan={3} scope="col">{TABLE3_HEADER_NOTE}</th><th colSpan={7} scope="colgroup">{TABLE3_BAND}</th></tr>
        <tr><th rowSpan={2} scope="col">{TABLE3_COLUMNS[0]}</th><th colSpan={5} scope="colgroup">{TABLE3_LEGAL_PERSON}</th><th rowSpan={2} scope="col">{TABLE3_COLUMNS[6]}</th></tr>
        <tr>{TABLE3_COLUMNS.slice(1, 6).map((c) => <th scope="col" key={c}>{c}</th>)}</tr>
      </thead>
      <tbody>
        {TABLE3_ROWS.map((r, i) => {
          const cells = (report.table3[i] as number[]).map((v, c) => <td key={c}>{v}</td>);
          const lead: ComponentChildren[] = [];
          if (r.key === 'disclose') lead.push(<th rowSpan={resultRows} scope="rowgroup">{TABLE3_RESULT_HEADING}</th>);
          if (r.group === null) lead.push(<th colSpan={3} scope="row">{r.label}</th>);
          else if (r.group === TABLE3_RESULT_HEADING) lead.push(<th colSpan={2} scope="row">{r.label}</th>);
          else {
            if (!firstOfGroup.has(r.group)) { firstOfGroup.add(r.group); lead.push(<th rowSpan={groupSize(r.group)} scope="rowgroup">{r.group}</th>); }
            lead.push(<th scope="row">{r.label}</th>);
          }
          return <tr key={r.key}>{lead}{cells}</tr>;
        })}
      </tbody>
    </table>
  );
}

export function Table4View({ report }: { report: AnnualReport }) {
  const t = report.table4;
  if (!t) return <p>{s.sources.import}</p>;
  return (
    <table class="annual-table catalog-table" id="table4">
      <caption>{SECTIONS[3].title}</caption>
      <thead>
        <tr><th colSpan={5} scope="colgroup">{TABLE4_REVIEW}</th><th colSpan={10} scope="colgroup">{TABLE4_LITIGATION}</th></tr>
        <tr>
          {TABLE4_RESULTS.map((r) => <th rowSpan={2} scope="col" key={r.key}>{r.label}</th>)}
          <th colSpan={5} scope="colgroup">{TABLE4_GROUPS[1].short}</th><th colSpan={5} scope="colgroup">{TABLE4_GROUPS[2].short}</th>
        </tr>
        <tr>{[1, 2].flatMap((g) => TABLE4_RESULTS.map((r) => <th scope="col" key={`${g}${r.key}`}>{r.label}</th>))}</tr>
      </thead>
      <tbody><tr>{t.map((v, i) => <td key={i}>{v}</td>)}</tr></tbody>
    </table>
  );
}

/** The report body: the statistics period and sections 一–六. */
export function ReportBody({ report, headingLevel }: { report: AnnualReport; headingLevel: 2 | 3 }) {
  const h = (i: number) => <Heading level={headingLevel}>{`${SECTIONS[i]?.no}、${SECTIONS[i]?.title}`}</Heading>;
  return (
    <div class="annual-report">
      <p>{s.period(report.year)}</p>
      {h(0)}<Paragraphs text={report.texts.section1} />
      {h(1)}<div class="table-scroll" tabIndex={0} role="region" aria-label={SECTIONS[1].title}><Table2View report={report} /></div>
      {h(2)}<div class="table-scroll" tabIndex={0} role="region" aria-label={SECTIONS[2].title}><Table3View report={report} /></div>
      {h(3)}<div class="table-scroll" tabIndex={0} role="region" aria-label={SECTIONS[3].title}><Table4View report={report} /></div>
      {h(4)}<Paragraphs text={report.texts.section5} />
      {h(5)}<Paragraphs text={report.texts.section6} />
    </div>
  );
}

/** Plain text of the report (the disclosure record's body_text: search and feeds). */
export function reportPlainText(r: AnnualReport): string {
  const lines = [s.period(r.year), `${SECTIONS[0].no}、${SECTIONS[0].title}`, r.texts.section1, `${SECTIONS[1].no}、${SECTIONS[1].title}`];
  if (r.table2) {
    const t = r.table2;
    lines.push(s.plain.issued(TABLE2_ITEM_1.rows[0], t.rules), s.plain.issued(TABLE2_ITEM_1.rows[1], t.normative), s.plain.figures(t));
  }
  lines.push(`${SECTIONS[2].no}、${SECTIONS[2].title}`, TABLE3_COLUMNS.join('\t'));
  TABLE3_ROWS.forEach((row, i) => lines.push(`${row.label}\t${(r.table3[i] as number[]).join('\t')}`));
  lines.push(`${SECTIONS[3].no}、${SECTIONS[3].title}`);
  if (r.table4) lines.push(r.table4.join('\t'));
  lines.push(`${SECTIONS[4].no}、${SECTIONS[4].title}`, r.texts.section5, `${SECTIONS[5].no}、${SECTIONS[5].title}`, r.texts.section6);
  return lines.join('\n');
}
