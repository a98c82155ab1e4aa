// The spreadsheet and Word libraries (exceljs, docx) are loaded on a process's first import or
// export, not at start: together they cost ≈ 27 MB of resident memory and about a second of
// start-up, and most processes (a province's search and page servers) never write one. Callers of
// the *-docx.ts renderers import them the same way, with import(). Node keeps the
// loaded module, so later calls cost a resolved promise.
import type ExcelJS from 'exceljs';

export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
