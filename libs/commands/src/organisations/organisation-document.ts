import type { OrganisationName } from '@ledger/read-model';
import type { CsvTable } from '../reporting/report-csv';
import {
  ORGANISATIONS_SECTION,
  type CellValue,
  type ReportColumn,
  type ReportDocument,
  type ReportSection,
} from '../reporting/report-document';

/**
 * Names beside ODS codes in the downloads, from a report's `organisations` (report-organisations.ts),
 * whatever the report: in every section, a text column whose key ends in `_code` gets a `_name`
 * column right after it (`provider_code`, `provider_name`), empty where no name is known; and the
 * document gains a last section, `organisations` (`ods_code`, `name`), listing every
 * organisation the report mentions, which is how the reports that show codes only inside
 * account names (balances, statements) or not at all (savings, OAP metrics) name them.
 */
export function withOrganisationNames(
  document: ReportDocument,
  organisations: readonly OrganisationName[],
): ReportDocument {
  const names = new Map(organisations.map((o) => [o.odsCode, o.name]));
  return {
    ...document,
    sections: [
      ...document.sections.map((section) => namedSection(section, names)),
      organisationsSection(organisations),
    ],
  };
}

/** The `organisations` section: one row per organisation the report mentions. */
export function organisationsSection(organisations: readonly OrganisationName[]): ReportSection {
  return {
    key: ORGANISATIONS_SECTION,
    title: 'Organisations',
    labelColumn: 'ods_code',
    columns: [
      { key: 'ods_code', label: 'Organisation (ODS)', kind: 'text' },
      { key: 'name', label: 'Name', kind: 'text' },
    ],
    rows: organisations.map((o) => [o.odsCode, o.name]),
    leading: [],
    trailing: [],
  };
}

const isCodeColumn = (column: ReportColumn) =>
  column.kind === 'text' && column.key.endsWith('_code');

function nameColumnOf(column: ReportColumn): ReportColumn {
  const label = column.label.replace(/\s*\(ODS\)$/, '');
  return {
    key: `${column.key.slice(0, -'_code'.length)}_name`,
    label: `${label} name`,
    kind: 'text',
  };
}

function namedSection(section: ReportSection, names: Map<string, string | null>): ReportSection {
  const codeAt = section.columns.flatMap((column, i) => (isCodeColumn(column) ? [i] : []));
  if (codeAt.length === 0) return section;
  const columns = section.columns.flatMap((column) =>
    isCodeColumn(column) ? [column, nameColumnOf(column)] : [column],
  );
  const nameOf = (code: CellValue): CellValue =>
    typeof code === 'string' ? (names.get(code) ?? null) : null;
  const rows = section.rows.map((row) =>
    row.flatMap((value, i) => (codeAt.includes(i) ? [value, nameOf(value)] : [value])),
  );
  return { ...section, columns, rows };
}

/**
 * A list's CSV table with a name column beside each code column (`provider_code` →
 * `provider_name`; `partner_provider_codes` → `partner_provider_names`, joined with `;` as the
 * codes are), empty where no name is known.
 */
export function withListNames(
  table: CsvTable,
  organisations: readonly OrganisationName[],
): CsvTable {
  const names = new Map(organisations.map((o) => [o.odsCode, o.name]));
  const header: string[] = [];
  const plans: ((row: CellValue[]) => CellValue[])[] = [];
  table.header.forEach((key, i) => {
    header.push(key);
    if (key.endsWith('_code')) {
      header.push(`${key.slice(0, -'_code'.length)}_name`);
      plans.push((row) => [
        row[i],
        typeof row[i] === 'string' ? (names.get(row[i]) ?? null) : null,
      ]);
    } else if (key.endsWith('_codes')) {
      header.push(`${key.slice(0, -'_codes'.length)}_names`);
      plans.push((row) => {
        const codes = typeof row[i] === 'string' && row[i] !== '' ? row[i].split(';') : [];
        return [row[i], codes.map((code) => names.get(code) ?? '').join(';')];
      });
    } else {
      plans.push((row) => [row[i]]);
    }
  });
  return { header, rows: table.rows.map((row) => plans.flatMap((plan) => plan(row))) };
}

/** A page of `GET /v1/organisations`: one row per organisation, its name on the page's date. */
export function organisationRegisterCsv(register: {
  asOf: string;
  organisations: readonly { odsCode: string; name: string | null; nameFrom: string | null }[];
}): CsvTable {
  return {
    header: ['ods_code', 'name', 'name_from', 'as_of'],
    rows: register.organisations.map((o) => [o.odsCode, o.name, o.nameFrom, register.asOf]),
  };
}
