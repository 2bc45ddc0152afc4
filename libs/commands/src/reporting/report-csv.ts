import type { CellValue, ReportColumn, ReportDocument, ReportSection } from './report-document';
import { sectionOf } from './report-document';

/**
 * The reports as CSV (RFC 4180): one section of a report per file (one kind of row), a header
 * row, CRLF line ends, UTF-8 with a byte order mark so that Excel reads it as UTF-8. Values are
 * the JSON's own: money as decimal strings with 2 places (`_gbp` columns), periods `2025-04`,
 * dates `2025-09-30`, ids and codes as they are. The one change is OWASP's for formula
 * injection: a text value starting with = + - @, a tab or a CR gets a leading apostrophe.
 * docs/exports.md says why nothing else is rewritten, and how to open the files.
 */
export interface CsvTable {
  header: string[];
  rows: CellValue[][];
}

/** The UTF-8 byte order mark every CSV download starts with. */
export const CSV_BOM = '\uFEFF';

/** A field is quoted when it holds a comma, a quote, CR or LF; quotes inside are doubled. */
export function csvField(value: CellValue): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text of a table, without the byte order mark. */
export function toCsv(table: CsvTable): string {
  return [table.header, ...table.rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/**
 * OWASP's CSV-injection rule for a text cell: one that a spreadsheet would read as a formula
 * (it starts with =, +, -, @, a tab or a CR) is prefixed with an apostrophe, so it is shown as
 * the text it is and never run. Money and number columns are never touched: "-1500.00" is a
 * number, not a formula.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One cell as CSV text, by its column's kind. */
function csvValue(column: ReportColumn, value: CellValue): CellValue {
  if (value === null) return null;
  if (column.kind === 'text') return neutraliseFormula(String(value));
  return value;
}

/** A section as a table: leading summary rows, the rows, then totals and closing rows. */
export function sectionTable(section: ReportSection): CsvTable {
  const { columns } = section;
  const summary = ({ label, values }: { label: string; values: Record<string, CellValue> }) =>
    columns.map((column) =>
      column.key === section.labelColumn ? label : (values[column.key] ?? null),
    );
  return {
    header: columns.map((column) => column.key),
    rows: [...section.leading.map(summary), ...section.rows, ...section.trailing.map(summary)].map(
      (row) => row.map((value, i) => csvValue(columns[i], value)),
    ),
  };
}

/** The CSV download of one section of a report (its default section when none is named). */
export function reportCsv(document: ReportDocument, section?: string): string {
  return CSV_BOM + toCsv(sectionTable(sectionOf(document, section)));
}
