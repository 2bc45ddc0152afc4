import { Workbook, type Worksheet } from 'exceljs';

/** The money format every report's workbook writes (docs/exports.md). */
export const MONEY_FORMAT = '"£"#,##0.00;[Red]-"£"#,##0.00';

/** RFC 4180 as the ledger writes it: the byte order mark, quoted fields, doubled quotes, CRLF. */
export function parseCsv(body: string): string[][] {
  if (!body.startsWith('\uFEFF')) throw new Error('A CSV download starts with a byte order mark');
  const text = body.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

/** A workbook download read back with exceljs. */
export async function workbookOf(body: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

/** A sheet's cells below its header, as [value, numFmt] per cell, summary rows included. */
export function cellsOf(sheet: Worksheet): { value: unknown; numFmt: string | undefined }[][] {
  const rows: { value: unknown; numFmt: string | undefined }[][] = [];
  const width = sheet.getRow(1).cellCount;
  for (let n = 2; n <= sheet.rowCount; n += 1) {
    const row = sheet.getRow(n);
    rows.push(
      Array.from({ length: width }, (_, i) => {
        const cell = row.getCell(i + 1);
        return { value: cell.value, numFmt: cell.numFmt };
      }),
    );
  }
  return rows;
}
