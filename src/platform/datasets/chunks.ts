// Streams for dataset files: rows in keyset batches → text chunks of about 64 KB (CSV with BOM and
// formula guard, JSON Lines, a JSON document with one streamed array). Memory stays constant: the
// consumer pulls the next chunk only when it has sent the last one.
import { csvCell } from '../csv/csv.ts';

const CHUNK = 64 * 1024;

/**
 * Rows of a table read in keyset order: `page(after)` returns up to `size` rows after the key
 * `after` (null = from the start), ordered by the key; stops at the first short page.
 */
export async function* keysetRows<R, K>(page: (after: K | null, size: number) => Promise<readonly R[]>, keyOf: (row: R) => K, size = 2000): AsyncGenerator<R> {
  let after: K | null = null;
  for (;;) {
    const rows = await page(after, size);
    for (const r of rows) yield r;
    if (rows.length < size) return;
    after = keyOf(rows[rows.length - 1] as R);
  }
}

/** A CSV file: UTF-8 BOM (for Excel), the header, then one CRLF line per row; cells formula-safe. */
export async function* csvChunks(header: readonly string[], rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): AsyncGenerator<string> {
  let buf = `\uFEFF${header.map(csvCell).join(',')}\r\n`;
  for await (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvCell(row[i]);
    buf += `${line}\r\n`;
    if (buf.length >= CHUNK) { yield buf; buf = ''; }
  }
  if (buf) yield buf;
}

/** JSON Lines: one JSON object per line (LF), UTF-8 without BOM. */
export async function* jsonlChunks(rows: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<string> {
  let buf = '';
  for await (const row of rows) {
    buf += `${JSON.stringify(row)}\n`;
    if (buf.length >= CHUNK) { yield buf; buf = ''; }
  }
  if (buf) yield buf;
}

/**
 * A JSON document whose one array is streamed: `head` is the text before the array's first element
 * (e.g. '{"services":['), `tail` the text after its last (']}'). Each element is JSON.stringify'd.
 */
export async function* jsonArrayChunks(head: string, items: AsyncIterable<unknown> | Iterable<unknown>, tail: string): AsyncGenerator<string> {
  let buf = head;
  let first = true;
  for await (const item of items) {
    buf += (first ? '' : ',') + JSON.stringify(item);
    first = false;
    if (buf.length >= CHUNK) { yield buf; buf = ''; }
  }
  yield buf + tail;
}
