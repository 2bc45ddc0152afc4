import type { CaseList } from '@ledger/commands';
import { isLedgerId } from '@ledger/contracts';
import type { FieldError } from '@ledger/domain';
import { formatCalendarDate, formatPounds } from '../formatting/display';
import { tagHtml } from '../pages/html';
import { agreementPath, casePath, WEB_PATHS } from '../web-paths';

/** Cases a page shows. */
export const CASES_PER_PAGE = 20;

const STATUSES = ['open', 'discharged'] as const;
const SETTINGS = ['in-area', 'out-of-area', 'none'] as const;

/** The list's address: its filters (as GET /v1/cases names them) and where in the list it stands. */
export interface CaseListAddress {
  agreementId?: string;
  serviceLine?: string;
  status?: string;
  setting?: string;
  after?: string;
  /** The cursors of the pages before the one before (see the agreements list). */
  trail?: string;
}

export interface CaseListRequest {
  filters: { agreementId?: string; serviceLine?: string; status?: string; setting?: string };
  after: string | undefined;
  trail: string[];
  errors: FieldError[];
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The address read: blank fields are absent; each filter is checked as the API checks it. */
export function readCaseListAddress(address: CaseListAddress): CaseListRequest {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const filters = {
    agreementId: text(address.agreementId),
    serviceLine: text(address.serviceLine),
    status: text(address.status),
    setting: text(address.setting),
  };
  const errors: FieldError[] = [];
  if (filters.agreementId !== undefined && !isLedgerId(filters.agreementId)) {
    errors.push({
      field: 'agreementId',
      message: 'Enter an agreement id such as slp-adult-secure-2025-26',
    });
  }
  if (
    filters.serviceLine !== undefined &&
    (!KEBAB.test(filters.serviceLine) || filters.serviceLine.length > 64)
  ) {
    errors.push({
      field: 'serviceLine',
      message: 'Enter a service line such as adult-medium-secure',
    });
  }
  if (filters.status !== undefined && !(STATUSES as readonly string[]).includes(filters.status)) {
    errors.push({ field: 'status', message: 'Select open or discharged' });
  }
  if (filters.setting !== undefined && !(SETTINGS as readonly string[]).includes(filters.setting)) {
    errors.push({ field: 'setting', message: 'Select in area, out of area or no placement' });
  }
  const after = text(address.after);
  const trail = after === undefined ? [] : (text(address.trail)?.split(',') ?? []);
  return { filters, after, trail, errors };
}

function listHref(filters: CaseListRequest['filters'], after?: string, trail: string[] = []) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined) query.set(name, value);
  if (after !== undefined) query.set('after', after);
  if (trail.length > 0) query.set('trail', trail.join(','));
  const text = query.toString();
  return `${WEB_PATHS.cases}${text ? `?${text}` : ''}`;
}

const SETTING_NAMES: Record<string, string> = {
  'in-area': 'In area',
  'out-of-area': 'Out of area',
};

function selectItems(chosen: string | undefined, options: [string, string][]) {
  return [
    { value: '', text: 'Any', selected: chosen === undefined },
    ...options.map(([value, text]) => ({ value, text, selected: chosen === value })),
  ];
}

/** The cases table, the filter form's values and the pagination, as the agreements list does. */
export function caseListView(request: CaseListRequest, list: CaseList | null) {
  const { filters, after, trail } = request;
  const page = after === undefined ? 1 : trail.length + 2;
  const previous =
    after === undefined ? null : listHref(filters, trail[trail.length - 1], trail.slice(0, -1));
  const next =
    list === null || list.nextCursor === null
      ? null
      : listHref(filters, list.nextCursor, after === undefined ? [] : [...trail, after]);
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return {
    page,
    filters: {
      agreementId: filters.agreementId ?? '',
      serviceLine: filters.serviceLine ?? '',
      status: selectItems(filters.status, [
        ['open', 'Open'],
        ['discharged', 'Discharged'],
      ]),
      setting: selectItems(filters.setting, [
        ['in-area', 'In area'],
        ['out-of-area', 'Out of area'],
        ['none', 'No placement open'],
      ]),
    },
    casesTable: list && {
      firstCellIsHeader: true,
      responsive: true,
      caption: filtered ? 'Cases matching the filters' : 'Cases',
      head: [
        { text: 'Case' },
        { text: 'Patient reference' },
        { text: 'Agreement' },
        { text: 'Service line' },
        { text: 'Referred' },
        { text: 'Status' },
        { text: 'Placement now' },
      ],
      rows: list.cases.map((item) => [
        { text: item.caseId, href: casePath(item.caseId) },
        { text: item.patientRef },
        { text: item.agreementId, href: agreementPath(item.agreementId) },
        { text: item.serviceLine },
        { text: formatCalendarDate(item.referralDate) },
        {
          html:
            item.status === 'discharged'
              ? tagHtml(`Discharged ${formatCalendarDate(item.dischargeDate!)}`, 'grey')
              : tagHtml('Open', 'blue'),
        },
        {
          text: item.currentPlacement
            ? `${SETTING_NAMES[item.currentPlacement.setting] ?? item.currentPlacement.setting} at ` +
              `${item.currentPlacement.providerCode}, ${formatPounds(item.currentPlacement.dailyRate)} a night`
            : 'None',
        },
      ]),
    },
    empty: list !== null && list.cases.length === 0,
    pagination:
      previous === null && next === null
        ? null
        : {
            previous: previous && { href: previous, labelText: `Page ${page - 1}` },
            next: next && { href: next, labelText: `Page ${page + 1}` },
          },
    clearFiltersHref: filtered ? WEB_PATHS.cases : null,
  };
}
