import type { FieldError } from '@ledger/domain';
import type { AccountStatement, AgreementBalances } from '@ledger/read-model';
import { formatPence, penceOf } from '@ledger/read-model';
import { formatCalendarDate, formatInstant, formatPeriod } from '../../formatting/display';
import { escapeHtml } from '../../pages/html';
import { agreementEventPath, statementPath } from '../../web-paths';
import { moneyCell, numericHead } from '../agreement-reports/report-tables';

/** Lines a statement page shows unless the address asks for another number (as the API). */
export const STATEMENT_LINES = 100;

/** A statement's address: the API's cursor, the lines a page shows, and the way back. */
export interface StatementAddress {
  after?: string;
  limit?: string;
  /** The cursors of the pages before the one before (as the agreements list keeps them). */
  trail?: string;
}

export interface StatementRequest {
  after: string | undefined;
  limit: number;
  trail: string[];
  errors: FieldError[];
}

const CURSOR = /^\d+:\d+$/;

/** The address read with the API's rules for `after` (`<position>:<index>`) and `limit` (1–1000). */
export function readStatementAddress(address: StatementAddress): StatementRequest {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const errors: FieldError[] = [];
  const after = text(address.after);
  if (after !== undefined && !CURSOR.test(after)) {
    errors.push({ field: 'after', message: 'The page asked for does not exist: start again' });
  }
  const rawLimit = text(address.limit);
  const limit = rawLimit === undefined ? STATEMENT_LINES : Number(rawLimit);
  if (!/^\d+$/.test(rawLimit ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    errors.push({ field: 'limit', message: 'Enter the lines a page shows, from 1 to 1000' });
  }
  const trail =
    after === undefined
      ? []
      : (text(address.trail)
          ?.split(',')
          .filter((c) => CURSOR.test(c)) ?? []);
  return { after, limit, trail, errors };
}

function statementHref(
  agreementId: string,
  account: string,
  limit: number,
  after?: string,
  trail: string[] = [],
): string {
  const query = new URLSearchParams();
  if (after !== undefined) query.set('after', after);
  if (limit !== STATEMENT_LINES) query.set('limit', String(limit));
  if (trail.length > 0) query.set('trail', trail.join(','));
  const text = query.toString();
  return `${statementPath(agreementId, account)}${text ? `?${text}` : ''}`;
}

/** The agreement's accounts with their balances, each a link to its statement. */
export function accountsTable(agreementId: string, balances: AgreementBalances) {
  return {
    firstCellIsHeader: true,
    responsive: true,
    caption: `Accounts of ${agreementId}, every posting of its year to ${formatCalendarDate(balances.asOf!)}`,
    head: [{ text: 'Account' }, numericHead('Balance')],
    rows: [
      ...balances.balances.map((line) => [
        { text: line.account, href: statementPath(agreementId, line.account) },
        moneyCell(line.balance),
      ]),
      [
        { text: 'Total (every posting takes from one account what it gives another)' },
        moneyCell(balances.total),
      ],
    ],
  };
}

/**
 * One page of an account's statement: its opening balance, its lines (each linked to the event
 * that caused it when the role may read the agreement's events), what came in and went out on
 * the page, and its closing balance, with the pagination the API's cursor allows.
 */
export function statementView(
  agreementId: string,
  request: StatementRequest,
  statement: AccountStatement,
  linkEvents: boolean,
) {
  const { after, limit, trail } = request;
  const page = after === undefined ? 1 : trail.length + 2;
  const previous =
    after === undefined
      ? null
      : statementHref(
          agreementId,
          statement.account,
          limit,
          trail[trail.length - 1],
          trail.slice(0, -1),
        );
  const next =
    statement.nextCursor === null
      ? null
      : statementHref(
          agreementId,
          statement.account,
          limit,
          statement.nextCursor,
          after === undefined ? [] : [...trail, after],
        );
  const sum = (direction: 'in' | 'out') =>
    formatPence(
      statement.entries
        .filter((entry) => entry.direction === direction)
        .reduce((total, entry) => total + penceOf(entry.amount), 0n),
    );
  return {
    page,
    summary: {
      rows: [
        ['Opening balance', statement.openingBalance],
        ['Money in on this page', sum('in')],
        ['Money out on this page', sum('out')],
        ['Closing balance', statement.closingBalance],
      ].map(([key, amount]) => ({ key: { text: key }, value: { text: moneyCell(amount).text } })),
    },
    linesTable:
      statement.entries.length === 0
        ? null
        : {
            firstCellIsHeader: false,
            responsive: true,
            caption: page > 1 ? `Postings, page ${page}` : 'Postings',
            head: [
              { text: 'Recorded' },
              { text: 'Period' },
              { text: 'Posted in' },
              { text: 'Source' },
              { text: 'Reference' },
              { text: 'Counter account' },
              numericHead('Money in'),
              numericHead('Money out'),
              numericHead('Balance'),
              { text: 'Event' },
            ],
            rows: statement.entries.map((entry) => [
              { text: formatInstant(entry.recordedAt) },
              { text: formatPeriod(entry.period) },
              { text: formatPeriod(entry.postedIn) },
              { text: entry.source },
              { text: entry.reference },
              { text: entry.counterAccount },
              entry.direction === 'in' ? moneyCell(entry.amount) : { text: '', format: 'numeric' },
              entry.direction === 'out' ? moneyCell(entry.amount) : { text: '', format: 'numeric' },
              moneyCell(entry.balance),
              linkEvents
                ? {
                    html:
                      `<a href="${escapeHtml(agreementEventPath(agreementId, entry.position))}">` +
                      `Event ${entry.position}</a>`,
                  }
                : { text: `Event ${entry.position}` },
            ]),
          },
    pagination:
      previous === null && next === null
        ? null
        : {
            previous: previous && { href: previous, labelText: `Page ${page - 1}` },
            next: next && { href: next, labelText: `Page ${page + 1}` },
          },
    /** The downloads ask the API's statement for the same page: same cursor, same lines. */
    downloadQuery: (() => {
      const query = new URLSearchParams();
      if (after !== undefined) query.set('after', after);
      if (limit !== STATEMENT_LINES) query.set('limit', String(limit));
      const text = query.toString();
      return text ? `?${text}` : '';
    })(),
  };
}
