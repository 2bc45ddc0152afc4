import type { CellValue, ReportColumn, ReportDocument, ReportSection } from './report-document';
import { sectionOf } from './report-document';
import type { AgreementListItem, CaseListItem } from '@ledger/read-model';

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

/**
 * A page of `GET /v1/agreements`: one row per agreement; the partner codes and service lines,
 * lists in JSON, are joined with `;` (no ODS code or service line holds one).
 */
export function agreementListCsv(list: { agreements: AgreementListItem[] }): CsvTable {
  return {
    header: [
      'agreement_id',
      'financial_year',
      'commissioner_code',
      'lead_provider_code',
      'partner_provider_codes',
      'service_lines',
      'savings_horizon_days',
    ],
    rows: list.agreements.map((a) => [
      a.agreementId,
      a.financialYear,
      a.commissionerCode,
      a.leadProviderCode,
      a.partnerProviderCodes.join(';'),
      a.serviceLines.join(';'),
      a.savingsHorizonDays,
    ]),
  };
}

/** A page of `GET /v1/cases`: one row per case; the placement columns are empty when none is open. */
export function caseListCsv(list: { cases: CaseListItem[] }): CsvTable {
  return {
    header: [
      'case_id',
      'agreement_id',
      'financial_year',
      'service_line',
      'patient_ref',
      'referral_date',
      'status',
      'placement_id',
      'setting',
      'provider_code',
      'daily_rate_gbp',
      'daily_rate_from',
      'placement_start_date',
      'discharge_date',
    ],
    rows: list.cases.map((c) => {
      const p = c.currentPlacement;
      return [
        c.caseId,
        c.agreementId,
        c.financialYear,
        c.serviceLine,
        c.patientRef,
        c.referralDate,
        c.status,
        p?.placementId ?? null,
        p?.setting ?? null,
        p?.providerCode ?? null,
        p?.dailyRate ?? null,
        p?.dailyRateFrom ?? null,
        p?.startDate ?? null,
        c.dischargeDate,
      ];
    }),
  };
}
