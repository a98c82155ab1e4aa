// Pure: CSV as governments exchange it — RFC 4180 quoting, UTF-8 with a BOM (so Excel and WPS open
// it) or GB18030 (what Excel saves on Chinese Windows), CRLF — and safe to open in a spreadsheet:
// a cell starting with = + - @ tab or CR is written with a leading apostrophe (OWASP CSV injection)
// and read back without it.

const FORMULA = /^[=+\-@\t\r]/;

/** Text of a file: UTF-8 (BOM removed) when it is valid UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Rows of cells; quoted cells may hold commas, quotes and line breaks. Blank lines are kept. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') { row.push(unguard(cell)); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(unguard(cell)); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(unguard(cell)); rows.push(row); }
  return rows;
}

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** One cell, guarded against formulas and quoted when it needs to be. */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = FORMULA.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A whole file: UTF-8 BOM, CRLF line ends. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
