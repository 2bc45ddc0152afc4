import type { RecordedEvent } from '@ledger/event-store';
import { agreementEventOf, caseEventOf } from '../ledger/ledger-events';
import {
  agreementListRowOf,
  foldCaseListRow,
  type AgreementListRow,
  type AgreementPartyKind,
  type CaseListRow,
} from './list-rows';

/**
 * What a list is asked: whose scope, which filters, which page. The SQL readers
 * (`sql/list-sql.ts`) and the in-memory selection below answer it the same way: the rows in
 * scope that match every filter given, in (financial year, id) order, after the cursor, at most
 * `limit` of them.
 */

/**
 * The agreements a caller may list, as authorisation's read rules give them: null for every
 * agreement (reviewer, admin); else those to which `organisationCode` is one of `parties`
 * (an organisation-bound role with no organisation, or no party kinds, sees none).
 */
export type ListScope = {
  organisationCode: string | null;
  parties: readonly AgreementPartyKind[];
} | null;

/** Rows per page when the caller does not say. */
export const DEFAULT_LIST_PAGE = 100;
/** Rows per page at most. */
export const MAX_LIST_PAGE = 1000;

/** Where the previous page ended: its last row's sort key. */
export interface ListCursor {
  financialYear: string;
  id: string;
}

const CURSOR = /^(\d{4}\/\d{2}):([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;

/** `2025/26:slp-adult-secure-2025-26`: the financial year and the id of the last row shown. */
export function formatListCursor(cursor: ListCursor): string {
  return `${cursor.financialYear}:${cursor.id}`;
}

/** The cursor `formatListCursor` wrote; RangeError for anything else. */
export function parseListCursor(text: string): ListCursor {
  const match = CURSOR.exec(text);
  if (!match) {
    throw new RangeError(
      'must be the nextCursor of the previous page: <financial year>:<id>, e.g. 2025/26:case-0001',
    );
  }
  return { financialYear: match[1], id: match[2] };
}

/** The page size asked, or the default; RangeError outside 1..MAX_LIST_PAGE. */
export function listPageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_PAGE) {
    throw new RangeError(`must be a whole number from 1 to ${MAX_LIST_PAGE}`);
  }
  return limit;
}

/**
 * One filter of a list: the column it compares in SQL and the value it compares in a row.
 * `none`, when set, is the value that asks for rows where the column is null. A new filter (an
 * agreement's `predecessorAgreementId`, its chain) is one more entry here, a column, and a
 * field of the query DTO: both readers take it from this table.
 */
export interface ListFilter<Row> {
  column: string;
  valueOf: (row: Row) => string | null;
  none?: string;
}

export const AGREEMENT_LIST_FILTERS = {
  financialYear: { column: 'financial_year', valueOf: (row) => row.financialYear },
  leadProviderCode: { column: 'lead_provider_code', valueOf: (row) => row.leadProviderCode },
  commissionerCode: { column: 'commissioner_code', valueOf: (row) => row.commissionerCode },
} satisfies Record<string, ListFilter<AgreementListRow>>;

export const CASE_LIST_FILTERS = {
  agreementId: { column: 'agreement_id', valueOf: (row) => row.agreementId },
  serviceLine: { column: 'service_line', valueOf: (row) => row.serviceLine },
  status: { column: 'status', valueOf: (row) => row.status },
  setting: {
    column: 'placement_setting',
    valueOf: (row) => row.placement?.setting ?? null,
    none: 'none',
  },
  providerCode: {
    column: 'placement_provider_code',
    valueOf: (row) => row.placement?.providerCode ?? null,
  },
} satisfies Record<string, ListFilter<CaseListRow>>;

export type AgreementListFilters = Partial<Record<keyof typeof AGREEMENT_LIST_FILTERS, string>>;
export type CaseListFilters = Partial<Record<keyof typeof CASE_LIST_FILTERS, string>>;

interface ListQuery<Filters> {
  scope: ListScope;
  filters: Filters;
  /**
   * Only rows of these agreements (an agreement's own id, or a case's agreement): the chain
   * filter, once the chain's agreement ids are known. Absent: any agreement; empty: none.
   */
  agreementIds?: readonly string[];
  after: ListCursor | null;
  /** Rows to return at most (a reader asks for one more than it shows, to know if more follow). */
  limit: number;
}

export type AgreementListQuery = ListQuery<AgreementListFilters>;
export type CaseListQuery = ListQuery<CaseListFilters>;

/** A list read from one snapshot, with the log position that snapshot had reached. */
export interface ListRows<Row> {
  checkpoint: number;
  rows: Row[];
}

/** The filters given, as (filter, value) pairs, in the table's order. */
export function givenFilters<Row>(
  table: Record<string, ListFilter<Row>>,
  filters: Partial<Record<string, string>>,
): { filter: ListFilter<Row>; value: string }[] {
  return Object.entries(table).flatMap(([name, filter]) => {
    const value = filters[name];
    return value === undefined ? [] : [{ filter, value }];
  });
}

/** Whether an agreement with these parties is in the scope. */
export function inListScope(scope: ListScope, agreement: AgreementListRow): boolean {
  if (scope === null) return true;
  const { organisationCode, parties } = scope;
  if (organisationCode === null) return false;
  return (
    (parties.includes('commissioner') && agreement.commissionerCode === organisationCode) ||
    (parties.includes('lead') && agreement.leadProviderCode === organisationCode) ||
    (parties.includes('partner') && agreement.partnerProviderCodes.includes(organisationCode))
  );
}

/** Code-point order, as `COLLATE "C"` in PostgreSQL and BINARY in SQLite; keys are ASCII. */
function compareKeys(a: ListCursor, b: ListCursor): number {
  if (a.financialYear !== b.financialYear) return a.financialYear < b.financialYear ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function select<Row>(
  rows: Iterable<Row>,
  keyOf: (row: Row) => ListCursor,
  keep: (row: Row) => boolean,
  query: ListQuery<Partial<Record<string, string>>>,
  table: Record<string, ListFilter<Row>>,
  agreementOf: (row: Row) => string,
): Row[] {
  const filters = givenFilters(table, query.filters);
  const { after } = query;
  const among = query.agreementIds === undefined ? null : new Set(query.agreementIds);
  return [...rows]
    .filter(
      (row) =>
        keep(row) &&
        (among === null || among.has(agreementOf(row))) &&
        (after === null || compareKeys(keyOf(row), after) > 0) &&
        filters.every(({ filter, value }) =>
          filter.none !== undefined && value === filter.none
            ? filter.valueOf(row) === null
            : filter.valueOf(row) === value,
        ),
    )
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b)))
    .slice(0, Math.max(0, query.limit));
}

export const agreementListKey = (row: AgreementListRow): ListCursor => ({
  financialYear: row.financialYear,
  id: row.agreementId,
});

export const caseListKey = (row: CaseListRow): ListCursor => ({
  financialYear: row.financialYear,
  id: row.caseId,
});

/** Every agreement and case row, folded from the log (where no SQL read model is kept). */
export interface ListState {
  position: number;
  agreements: Map<string, AgreementListRow>;
  cases: Map<string, CaseListRow>;
}

export function initialListState(): ListState {
  return { position: 0, agreements: new Map(), cases: new Map() };
}

/** Folds one recorded event into the list rows (mutates `state`; the fold owns it). */
export function applyToListState(state: ListState, event: RecordedEvent): ListState {
  if (event.position <= state.position) return state;
  state.position = event.position;
  const agreementEvent = agreementEventOf(event);
  if (agreementEvent?.type === 'AgreementCreated') {
    const row = agreementListRowOf(agreementEvent.data, event.position);
    if (!state.agreements.has(row.agreementId)) state.agreements.set(row.agreementId, row);
    return state;
  }
  const caseEvent = caseEventOf(event);
  if (caseEvent === null) return state;
  const { caseId } = caseEvent.data;
  const row = foldCaseListRow(
    state.cases.get(caseId) ?? null,
    { position: event.position, event: caseEvent },
    (agreementId) => state.agreements.get(agreementId)?.financialYear,
  );
  if (row !== null) state.cases.set(caseId, row);
  return state;
}

/** The page of agreements the query asks for, from folded rows. */
export function selectAgreements(state: ListState, query: AgreementListQuery): AgreementListRow[] {
  return select(
    state.agreements.values(),
    agreementListKey,
    (row) => inListScope(query.scope, row),
    query,
    AGREEMENT_LIST_FILTERS,
    (row) => row.agreementId,
  );
}

/** The page of cases the query asks for, from folded rows: a case is in scope with its agreement. */
export function selectCases(state: ListState, query: CaseListQuery): CaseListRow[] {
  return select(
    state.cases.values(),
    caseListKey,
    (row) => {
      const agreement = state.agreements.get(row.agreementId);
      return agreement !== undefined && inListScope(query.scope, agreement);
    },
    query,
    CASE_LIST_FILTERS,
    (row) => row.agreementId,
  );
}
