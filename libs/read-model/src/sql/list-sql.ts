import {
  AGREEMENT_LIST_FILTERS,
  CASE_LIST_FILTERS,
  givenFilters,
  type AgreementListQuery,
  type CaseListQuery,
  type ListFilter,
  type ListScope,
} from '../lists/list-query';
import { AGREEMENT_LIST_COLUMNS, CASE_LIST_COLUMNS } from './read-model-rows';

/**
 * The list reads as SQL, one text for both dialects but for the placeholders (`?` in SQLite,
 * `$n` in PostgreSQL): the scope, every filter of the list's filter table, the keyset cursor and
 * the (financial year, id) order. Text compares in code-point order in both: SQLite's BINARY,
 * and PostgreSQL's columns are COLLATE "C".
 */
export interface ListSql {
  text: string;
  values: (string | number)[];
}

type Dialect = 'sqlite' | 'postgres';

class Parameters {
  readonly values: (string | number)[] = [];
  constructor(private readonly dialect: Dialect) {}

  add(value: string | number): string {
    this.values.push(value);
    return this.dialect === 'sqlite' ? '?' : `$${this.values.length}`;
  }
}

/** The condition that the agreement named by `agreementColumn` is in the scope. */
function scopeCondition(scope: ListScope, agreementColumn: string, p: Parameters): string | null {
  if (scope === null) return null;
  if (scope.organisationCode === null || scope.parties.length === 0) return '1 = 0';
  const organisation = p.add(scope.organisationCode);
  const parties = scope.parties.map((party) => p.add(party)).join(', ');
  return (
    'EXISTS (SELECT 1 FROM agreement_parties s ' +
    `WHERE s.organisation_code = ${organisation} AND s.agreement_id = ${agreementColumn} ` +
    `AND s.party IN (${parties}))`
  );
}

/** The condition that the row's agreement is one of `agreementIds` (the chain filter). */
function agreementsCondition(
  agreementIds: readonly string[] | undefined,
  agreementColumn: string,
  p: Parameters,
): string | null {
  if (agreementIds === undefined) return null;
  if (agreementIds.length === 0) return '1 = 0';
  return `${agreementColumn} IN (${agreementIds.map((id) => p.add(id)).join(', ')})`;
}

function filterConditions<Row>(
  table: Record<string, ListFilter<Row>>,
  filters: Partial<Record<string, string>>,
  alias: string,
  p: Parameters,
): string[] {
  return givenFilters(table, filters).map(({ filter, value }) =>
    filter.none !== undefined && value === filter.none
      ? `${alias}.${filter.column} IS NULL`
      : `${alias}.${filter.column} = ${p.add(value)}`,
  );
}

function listSql(
  dialect: Dialect,
  table: string,
  columns: readonly string[],
  idColumn: string,
  conditions: (p: Parameters) => (string | null)[],
  query: AgreementListQuery | CaseListQuery,
): ListSql {
  const p = new Parameters(dialect);
  const where = conditions(p).filter((c): c is string => c !== null);
  if (query.after !== null) {
    const year = p.add(query.after.financialYear);
    const id = p.add(query.after.id);
    where.push(`(t.financial_year, t.${idColumn}) > (${year}, ${id})`);
  }
  const limit = p.add(Math.max(0, Math.floor(query.limit)));
  const text =
    `SELECT ${columns.map((c) => `t.${c}`).join(', ')} FROM ${table} t` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY t.financial_year, t.${idColumn} LIMIT ${limit}`;
  return { text, values: p.values };
}

export function agreementListSql(dialect: Dialect, query: AgreementListQuery): ListSql {
  return listSql(
    dialect,
    'agreements_list',
    AGREEMENT_LIST_COLUMNS,
    'agreement_id',
    (p) => [
      scopeCondition(query.scope, 't.agreement_id', p),
      agreementsCondition(query.agreementIds, 't.agreement_id', p),
      ...filterConditions(AGREEMENT_LIST_FILTERS, query.filters, 't', p),
    ],
    query,
  );
}

export function caseListSql(dialect: Dialect, query: CaseListQuery): ListSql {
  return listSql(
    dialect,
    'cases_list',
    CASE_LIST_COLUMNS,
    'case_id',
    (p) => [
      scopeCondition(query.scope, 't.agreement_id', p),
      agreementsCondition(query.agreementIds, 't.agreement_id', p),
      ...filterConditions(CASE_LIST_FILTERS, query.filters, 't', p),
    ],
    query,
  );
}
