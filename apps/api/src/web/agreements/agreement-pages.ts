import { StreamNotFoundError } from '@ledger/commands';
import type { FieldError } from '@ledger/domain';
import { formatInstant } from '../formatting/display';
import { agreementPagePath, type AgreementPage } from '../web-paths';
import { timeTravelQuery, type TimeTravel } from './agreement-overview/time-travel';

/** The agreement's pages in the order the secondary navigation lists them. */
const PAGE_NAMES: [AgreementPage, string][] = [
  ['overview', 'Overview'],
  ['savings', 'Savings'],
  ['outOfArea', 'Out-of-area'],
  ['managementAccounts', 'Management accounts'],
  ['chain', 'Chain'],
  ['statements', 'Statements'],
];

/** Pages that take no business date (a month or a cursor places them); and those with no clocks. */
const KNOWN_AT_ONLY: AgreementPage[] = ['managementAccounts'];
const NO_CLOCKS: AgreementPage[] = ['statements'];

/**
 * The secondary navigation between an agreement's pages: nhsuk-frontend's contents list (a
 * `nav` landmark named "Agreement pages", the page shown marked `aria-current="page"`). Each
 * link asks the same clocks again, so a reviewer looking at a past moment stays there; the
 * month-end accounts take the knowledge time only (a month fixes their business dates), and the
 * statements neither (they show every posting at the head of the log, paged by cursor).
 */
export function agreementNavigation(
  agreementId: string,
  current: AgreementPage,
  travel: Pick<TimeTravel, 'asOf' | 'knownAt'>,
) {
  return {
    ariaLabel: 'Agreement pages',
    visuallyHiddenText: 'Pages of this agreement',
    classes: 'nhsuk-u-margin-bottom-5',
    items: PAGE_NAMES.map(([page, text]) => ({
      text,
      href: `${agreementPagePath(agreementId, page)}${timeTravelQuery(
        NO_CLOCKS.includes(page)
          ? { asOf: undefined, knownAt: undefined }
          : KNOWN_AT_ONLY.includes(page)
            ? { asOf: undefined, knownAt: travel.knownAt }
            : travel,
      )}`,
      current: page === current,
    })),
  };
}

/** What the time-travel form and banner read. */
export function timeTravelView(travel: TimeTravel, answered: boolean) {
  return {
    asOf: travel.asOf ?? '',
    knownAt: travel.knownAt ?? '',
    /** "As the ledger stood at …": only when a knowledge time was asked and answered. */
    banner: travel.knownAt !== undefined && answered ? formatInstant(travel.knownAt) : null,
  };
}

/**
 * Reads a report at a knowledge time; before the agreement was recorded there is none, which
 * the form says beside the knowledge time rather than as a missing page (as the overview does).
 */
export async function readAtKnowledgeTime<T>(
  knownAt: string | undefined,
  read: () => Promise<T>,
): Promise<{ report: T | null; errors: FieldError[] }> {
  try {
    return { report: await read(), errors: [] };
  } catch (error) {
    if (!(error instanceof StreamNotFoundError) || knownAt === undefined) throw error;
    const message =
      'The ledger held no record of this agreement at that moment: enter a later time';
    return { report: null, errors: [{ field: 'knownAt', message }] };
  }
}
