import type { PeriodId } from '@ledger/domain';
import { readPosition, storeProjection, type Snapshot } from '../projection/append-only-store';
import { formatPence } from '../ledger/pence';
import type { PositionedList } from '../projection/positioned-list';
import { StatementsStore, type StatementLine } from './statements.store';

/** Account statements: each account's postings in log order with a running balance. */
export type StatementsState = Snapshot<StatementsStore>;

export const statementsProjection = storeProjection(() => new StatementsStore());

export const DEFAULT_STATEMENT_PAGE = 100;
export const MAX_STATEMENT_PAGE = 1000;

export interface StatementQuery {
  agreementId: string;
  account: string;
  /** The `nextCursor` of the previous page; absent for the first page. */
  after?: string;
  /** Lines per page: 1 to 1000, 100 by default. */
  limit?: number;
  /** Log position: the statement as it stood then. */
  knownAt?: number;
}

export interface StatementEntry {
  /** `<position>:<index>`: where the line sits in the log, and the cursor to page after it. */
  cursor: string;
  position: number;
  eventId: string;
  recordedAt: string;
  period: PeriodId;
  postedIn: PeriodId;
  source: string;
  reference: string;
  /** The other side of the posting. */
  counterAccount: string;
  direction: 'in' | 'out';
  /** Always ≥ 0; `direction` says which way it moved. */
  amount: string;
  /** The account's balance after this line. */
  balance: string;
}

export interface AccountStatement {
  agreementId: string;
  account: string;
  knownAt: number;
  /** Balance before the page's first line. */
  openingBalance: string;
  /** Balance after the page's last line. */
  closingBalance: string;
  entries: StatementEntry[];
  /** Cursor for the next page, or null when this page reaches the end. */
  nextCursor: string | null;
}

export interface StatementCursorParts {
  position: number;
  index: number;
}

/** Reads a `<position>:<index>` cursor; a malformed one is a RangeError. */
export function parseStatementCursor(raw: string): StatementCursorParts {
  const match = /^(\d+):(\d+)$/.exec(raw);
  if (!match)
    throw new RangeError(`A statement cursor looks like "<position>:<index>", got ${raw}`);
  return { position: Number(match[1]), index: Number(match[2]) };
}

/** Lines per page: the `limit` asked (1 or more, at most 1000), or 100. */
export function statementPageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_STATEMENT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a whole number from 1, got ${limit}`);
  }
  return Math.min(limit, MAX_STATEMENT_PAGE);
}

/** What a statement entry needs of a line: the posting's place and details, and the amounts. */
export interface StatementLineView {
  readonly posting: Pick<
    StatementLine['posting'],
    | 'position'
    | 'index'
    | 'eventId'
    | 'recordedAt'
    | 'period'
    | 'postedIn'
    | 'source'
    | 'reference'
    | 'debitAccount'
    | 'creditAccount'
  >;
  readonly changePence: bigint;
  readonly balancePence: bigint;
}

const cursorOfView = (line: StatementLineView): string =>
  `${line.posting.position}:${line.posting.index}`;

/** One line as the account's statement shows it. */
export function statementEntryOf(account: string, line: StatementLineView): StatementEntry {
  const { posting } = line;
  const incoming = line.changePence >= 0n;
  return {
    cursor: cursorOfView(line),
    position: posting.position,
    eventId: posting.eventId,
    recordedAt: posting.recordedAt,
    period: posting.period,
    postedIn: posting.postedIn,
    source: posting.source,
    reference: posting.reference,
    counterAccount: posting.debitAccount === account ? posting.creditAccount : posting.debitAccount,
    direction: incoming ? 'in' : 'out',
    amount: formatPence(incoming ? line.changePence : -line.changePence),
    balance: formatPence(line.balancePence),
  };
}

/** Index of the first line after the cursor: lines are in (position, index) order. */
function indexAfter(lines: PositionedList<StatementLine>, after: StatementCursorParts): number {
  let start = lines.countUpTo(after.position - 1);
  while (
    start < lines.size &&
    lines.positionAt(start) === after.position &&
    lines.itemAt(start).posting.index <= after.index
  ) {
    start += 1;
  }
  return start;
}

/** One page of an account's statement, oldest first, paged by log position. */
export function accountStatement(
  statements: StatementsState,
  query: StatementQuery,
): AccountStatement {
  const position = readPosition(statements, query.knownAt);
  const limit = statementPageSize(query.limit);
  const lines = statements.store.linesOf(query.agreementId, query.account);
  const visible = lines?.countUpTo(position) ?? 0;
  const start =
    lines && query.after !== undefined ? indexAfter(lines, parseStatementCursor(query.after)) : 0;
  const end = Math.min(visible, start + limit);
  const page: StatementLine[] = [];
  for (let i = start; i < end && lines; i += 1) page.push(lines.itemAt(i));
  const opening = start > 0 && lines ? lines.itemAt(Math.min(start, visible) - 1).balancePence : 0n;
  const closing = page.length > 0 ? page[page.length - 1].balancePence : opening;
  return {
    agreementId: query.agreementId,
    account: query.account,
    knownAt: position,
    openingBalance: formatPence(opening),
    closingBalance: formatPence(closing),
    entries: page.map((line) => statementEntryOf(query.account, line)),
    nextCursor: end < visible && page.length > 0 ? cursorOfView(page[page.length - 1]) : null,
  };
}

/** The accounts an agreement's statements cover: every account posted to by `knownAt`. */
export function statementAccounts(
  statements: StatementsState,
  agreementId: string,
  knownAt?: number,
): string[] {
  const position = readPosition(statements, knownAt);
  const { store } = statements;
  return store
    .accountsOf(agreementId)
    .filter((account) => (store.linesOf(agreementId, account)?.countUpTo(position) ?? 0) > 0)
    .sort();
}
