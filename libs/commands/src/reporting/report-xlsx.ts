import type { Borders, Cell, Fill, Worksheet } from 'exceljs';
import { penceOf } from '@ledger/read-model';
import type {
  AboutLine,
  CellValue,
  ColumnKind,
  ReportColumn,
  ReportDocument,
  ReportSection,
  SummaryRow,
} from './report-document';

/**
 * The reports as Excel workbooks (XLSX, written with exceljs): one sheet per section of the
 * report, then an About sheet. Each sheet has a bold header row, frozen, with a filter on it,
 * and columns wide enough for what they hold.
 *
 * - Money is a NUMBER with the £ format below, converted exactly from the report's decimal
 *   strings: integer pence → number, exact below 2^53 pence (amounts are capped far below).
 *   Totals are added up in integer pence from the rows shown and written as numbers (not
 *   formulas), so a totals row equals the sum of its rows to the penny.
 * - Ids, codes, periods (`2025-04`), cursors and every other text are TEXT cells with the text
 *   format (`@`), so Excel never turns them into dates or numbers.
 * - Calendar dates (as of, counted on, repatriated on) are real dates shown `yyyy-mm-dd`; a
 *   statement's `recorded_at`, an instant, stays ISO 8601 text in UTC, exactly as recorded.
 *
 * See docs/exports.md.
 */

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Pounds with a thousands separator and 2 decimal places; negatives in red with a minus. */
export const MONEY_FORMAT = '"£"#,##0.00;[Red]-"£"#,##0.00';
export const TEXT_FORMAT = '@';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const COUNT_FORMAT = '#,##0';
export const DISTANCE_FORMAT = '0.0';

export const WORKBOOK_CREATOR = 'OAP ledger';
export const ABOUT_SHEET = 'About';

const MAX_SAFE_PENCE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

export interface XlsxOptions {
  /** When the workbook was made: its created and modified properties, and the About sheet. */
  generatedAt: Date;
}

/** A money decimal string as the number Excel stores, through integer pence. */
export function moneyNumber(amount: string): number {
  const pence = penceOf(amount);
  if (pence > MAX_SAFE_PENCE || pence < -MAX_SAFE_PENCE) {
    throw new RangeError(`${amount} is too large to be an exact spreadsheet number`);
  }
  // Both integers are exact doubles, and the division is correctly rounded, so this is the
  // double nearest the decimal amount: the same number Excel would read from "1234.56".
  return Number(pence) / 100;
}

/** A calendar date as midnight UTC, the whole-day serial Excel stores. */
function dateOf(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

const FORMATS: Record<ColumnKind, string | null> = {
  text: TEXT_FORMAT,
  money: MONEY_FORMAT,
  count: COUNT_FORMAT,
  distance: DISTANCE_FORMAT,
  flag: null,
  date: DATE_FORMAT,
};

/** The value a cell stores for a report value of this kind. */
function cellValue(kind: ColumnKind, value: CellValue): string | number | boolean | Date | null {
  if (value === null) return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'money':
      return moneyNumber(String(value));
    case 'count':
      return Number(value);
    case 'distance':
      return Number(value);
    case 'flag':
      return Boolean(value);
    case 'date':
      return dateOf(String(value));
  }
}

/** How wide the value looks once formatted, in characters. */
function shownLength(kind: ColumnKind, value: CellValue): number {
  if (value === null) return 0;
  if (kind === 'money') {
    const [pounds, pence] = String(value).replace('-', '').split('.');
    const grouped = pounds.replace(/\B(?=(\d{3})+$)/g, ',');
    return grouped.length + (pence ?? '').length + 3;
  }
  if (kind === 'count') return Number(value).toLocaleString('en-GB').length;
  if (kind === 'flag') return 5;
  return String(value).length;
}

const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const HEADER_BORDER: Partial<Borders> = { bottom: { style: 'thin' } };
const TOTAL_BORDER: Partial<Borders> = { top: { style: 'thin' } };

/**
 * The workbook of a report, as the bytes of an .xlsx file. exceljs is loaded on first use, so
 * processes that never write a workbook never load it.
 */
export async function reportXlsx(document: ReportDocument, options: XlsxOptions): Promise<Buffer> {
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  workbook.creator = WORKBOOK_CREATOR;
  workbook.lastModifiedBy = WORKBOOK_CREATOR;
  workbook.created = options.generatedAt;
  workbook.modified = options.generatedAt;
  workbook.title = `${document.title}: ${document.agreementId}`;
  workbook.subject = document.agreementId;
  workbook.keywords = `OAP ledger; ${document.report}`;
  workbook.description = `${document.title} of ${document.agreementId}, from the OAP ledger`;
  for (const section of document.sections) {
    writeSection(workbook.addWorksheet(section.title, sheetOptions()), section);
  }
  writeAbout(workbook.addWorksheet(ABOUT_SHEET, sheetOptions()), document, options);
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written);
}

function sheetOptions() {
  return { views: [{ state: 'frozen' as const, xSplit: 0, ySplit: 1 }] };
}

function writeSection(sheet: Worksheet, section: ReportSection): void {
  // Context columns (the agreement, the as-of date on every row) are on the About sheet.
  const shown = section.columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => !column.context);
  const widths = shown.map(({ column }) => column.label.length);
  const note = (i: number, kind: ColumnKind, value: CellValue) => {
    widths[i] = Math.max(widths[i], shownLength(kind, value));
  };

  const header = sheet.addRow(shown.map(({ column }) => column.label));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
  });

  const summary = (row: SummaryRow, border?: Partial<Borders>) => {
    const values = shown.map(({ column }) =>
      column.key === section.labelColumn ? row.label : (row.values[column.key] ?? null),
    );
    const added = sheet.addRow([]);
    shown.forEach(({ column }, i) => {
      write(added.getCell(i + 1), column, values[i]);
      if (border) added.getCell(i + 1).border = border;
      note(i, column.kind, values[i]);
    });
    added.font = { bold: true };
  };

  for (const row of section.leading) summary(row);
  const firstData = sheet.rowCount + 1;
  for (const data of section.rows) {
    const added = sheet.addRow([]);
    shown.forEach(({ column, index }, i) => {
      write(added.getCell(i + 1), column, data[index]);
      note(i, column.kind, data[index]);
    });
  }
  const lastData = sheet.rowCount;
  section.trailing.forEach((row, i) => summary(row, i === 0 ? TOTAL_BORDER : undefined));

  shown.forEach(({ column }, i) => {
    const sheetColumn = sheet.getColumn(i + 1);
    sheetColumn.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[i] + 2));
    // Empty cells below the data keep the column's format too.
    const format = FORMATS[column.kind];
    if (format) sheetColumn.numFmt = format;
  });
  // The filter covers the header and the data rows, never the summary rows around them.
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, lastData, firstData - 1), column: shown.length },
  };
}

function write(cell: Cell, column: ReportColumn, value: CellValue): void {
  cell.value = cellValue(column.kind, value);
  const format = FORMATS[column.kind];
  if (format) cell.numFmt = format;
}

function writeAbout(sheet: Worksheet, document: ReportDocument, options: XlsxOptions): void {
  const lines: AboutLine[] = [
    { label: 'Report', value: document.title, kind: 'text' },
    ...document.about,
    { label: 'Generated at (UTC)', value: options.generatedAt.toISOString(), kind: 'text' },
    { label: 'Generated by', value: WORKBOOK_CREATOR, kind: 'text' },
    {
      label: 'Sheets',
      value: document.sections.map((section) => section.title).join(', '),
      kind: 'text',
    },
    {
      label: 'Money',
      value:
        'Pounds sterling, to the penny. Totals rows are added up by the ledger in whole pence ' +
        'from the rows above them; they are values, not formulas.',
      kind: 'text',
    },
  ];
  const header = sheet.addRow(['Item', 'Value']);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = HEADER_BORDER;
  });
  let valueWidth = 'Value'.length;
  for (const line of lines) {
    const row = sheet.addRow([line.label]);
    write(row.getCell(2), { key: 'value', label: 'Value', kind: line.kind }, line.value);
    valueWidth = Math.max(valueWidth, shownLength(line.kind, line.value));
  }
  sheet.getColumn(1).width = Math.max(...lines.map((line) => line.label.length), 4) + 2;
  sheet.getColumn(2).width = Math.min(MAX_WIDTH, valueWidth + 2);
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}
