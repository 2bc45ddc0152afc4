import { csvRows } from '@ledger/commands/testing/csv-rows';
import { Workbook, type Worksheet } from 'exceljs';

/** The money format every report's workbook writes (docs/exports.md). */
export const MONEY_FORMAT = '"£"#,##0.00;[Red]-"£"#,##0.00';

/** RFC 4180 as the ledger writes it, after the byte order mark every CSV download starts with. */
export function parseCsv(body: string): string[][] {
  if (!body.startsWith('\uFEFF')) throw new Error('A CSV download starts with a byte order mark');
  return csvRows(body.slice(1));
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
