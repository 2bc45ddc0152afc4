import type { AgreementList } from '@ledger/commands';
import { isFinancialYear, type FieldError } from '@ledger/domain';
import { agreementPath, WEB_PATHS } from '../../web-paths';

/** Agreements a page shows; the API's list takes up to 1000, a page for reading fewer. */
export const AGREEMENTS_PER_PAGE = 20;

/** The list page's address: its filter and where in the list it stands. */
export interface AgreementListAddress {
  financialYear?: string;
  /** The API's cursor: the last agreement of the page before. */
  after?: string;
  /**
   * The cursors of the pages before the one before, in order, comma-separated: the API's list
   * only goes forward, so the way back travels in the address (no state on the server).
   */
  trail?: string;
}

export interface AgreementListRequest {
  financialYear: string | undefined;
  after: string | undefined;
  trail: string[];
  errors: FieldError[];
}

/** The address read: blank fields are absent, a financial year is checked as the API checks it. */
export function readAgreementListAddress(address: AgreementListAddress): AgreementListRequest {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const financialYear = text(address.financialYear);
  const errors: FieldError[] = [];
  if (financialYear !== undefined && !isFinancialYear(financialYear)) {
    errors.push({
      field: 'financialYear',
      message: 'Enter a financial year written like 2025/26',
    });
  }
  const after = text(address.after);
  const trail = after === undefined ? [] : (text(address.trail)?.split(',') ?? []);
  return { financialYear, after, trail, errors };
}

function listHref(financialYear: string | undefined, after?: string, trail: string[] = []): string {
  const query = new URLSearchParams();
  if (financialYear !== undefined) query.set('financialYear', financialYear);
  if (after !== undefined) query.set('after', after);
  if (trail.length > 0) query.set('trail', trail.join(','));
  const text = query.toString();
  return `${WEB_PATHS.agreements}${text ? `?${text}` : ''}`;
}

/**
 * The agreements table (nhsuk-frontend's table macro: head and rows) and the pagination:
 * previous goes to the last cursor of the trail, next to the API's `nextCursor`.
 */
export function agreementListView(request: AgreementListRequest, list: AgreementList | null) {
  const { financialYear, after, trail } = request;
  const page = after === undefined ? 1 : trail.length + 2;
  const previous =
    after === undefined
      ? null
      : listHref(financialYear, trail[trail.length - 1], trail.slice(0, -1));
  const next =
    list === null || list.nextCursor === null
      ? null
      : listHref(financialYear, list.nextCursor, after === undefined ? [] : [...trail, after]);
  return {
    financialYear: financialYear ?? '',
    page,
    agreementsTable: list && {
      firstCellIsHeader: true,
      caption: financialYear ? `Agreements for ${financialYear}` : 'Agreements',
      head: [
        { text: 'Agreement' },
        { text: 'Financial year' },
        { text: 'Commissioner' },
        { text: 'Lead provider' },
        { text: 'Partners' },
        { text: 'Service lines' },
      ],
      rows: list.agreements.map((agreement) => [
        { text: agreement.agreementId, href: agreementPath(agreement.agreementId) },
        { text: agreement.financialYear },
        { text: agreement.commissionerCode },
        { text: agreement.leadProviderCode },
        { text: agreement.partnerProviderCodes.join(', ') || 'None' },
        { text: agreement.serviceLines.join(', ') },
      ]),
    },
    empty: list !== null && list.agreements.length === 0,
    pagination:
      previous === null && next === null
        ? null
        : {
            previous: previous && { href: previous, labelText: `Page ${page - 1}` },
            next: next && { href: next, labelText: `Page ${page + 1}` },
          },
    clearFilterHref: financialYear === undefined ? null : WEB_PATHS.agreements,
  };
}
