// Pure view: a post's table with its totals — as the public sees it (names masked) or the staff.
import { publicCell, staffCell, templateOf, totalsOf, formatAmount, type BoardColumn, type Row } from '../board-templates.ts';
import { boardStrings as s } from '../boards.strings.ts';

export function PostTable({ column, rows, audience, caption }: { column: BoardColumn; rows: readonly Row[]; audience: 'public' | 'staff'; caption: string }) {
  const template = templateOf(column);
  if (!template || rows.length === 0) return null;
  const totals = totalsOf(template, rows);
  const numeric = (t: string) => t === 'amount' || t === 'area';
  const show = audience === 'public' ? publicCell : staffCell;
  const firstTotal = template.fields.findIndex((f) => f.total);
  return (
    <div class="table-scroll board-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="board-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">{s.serialNo}</th>
            {template.fields.map((f) => <th key={f.key} scope="col" class={numeric(f.type) ? 'num' : undefined}>{f.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td class="num">{i + 1}</td>
              {template.fields.map((f) => <td key={f.key} class={numeric(f.type) ? 'num' : undefined}>{show(f, r[f.key] ?? '')}</td>)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={firstTotal + 1}>{s.total}（{s.rowCount(totals.count)}）</th>
            {template.fields.slice(firstTotal).map((f) => <td key={f.key} class="num">{f.total ? formatAmount(totals.sums[f.key] ?? '') : ''}</td>)}
          </tr>
          {template.balance && totals.balance !== null && (
            <tr>
              <th scope="row" colSpan={firstTotal + 1}>{template.balance.label}</th>
              <td class="num" colSpan={template.fields.length - firstTotal}>{totals.balance.startsWith('-') ? `-${formatAmount(totals.balance.slice(1))}` : formatAmount(totals.balance)}</td>
            </tr>
          )}
        </tfoot>
      </table>
    </div>
  );
}

/** Plain text with paragraphs (the body is stored as text, never HTML). */
export function BodyText({ text }: { text: string }) {
  if (!text.trim()) return null;
  return <div class="board-body">{text.split(/\n{2,}/).map((para, i) => <p key={i}>{para.split('\n').flatMap((line, j) => (j ? [<br key={j} />, line] : [line]))}</p>)}</div>;
}
