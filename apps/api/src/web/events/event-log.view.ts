import type { LogFilter, LogSearchPage } from '@ledger/commands';
import type { FieldError } from '@ledger/domain';
import { isISO8601 } from 'class-validator';
import { formatInstant } from '../formatting/display';
import { eventPath, WEB_PATHS } from '../web-paths';

/** Events a page of the log shows. */
export const EVENTS_PER_PAGE = 50;

/** The log's address: its filters, where in the log it stands, and the way back. */
export interface EventLogAddress {
  stream?: string;
  type?: string;
  subject?: string;
  from?: string;
  to?: string;
  after?: string;
  /** The positions of the pages before the one before (as the agreements list keeps them). */
  trail?: string;
}

export interface EventLogRequest {
  filters: { stream?: string; type?: string; subject?: string; from?: string; to?: string };
  after: number;
  trail: number[];
  errors: FieldError[];
}

const POSITION = /^\d{1,15}$/;
const INSTANT_EXAMPLE = 'for example 2025-10-15T09:00:00Z';

/** The address read: blank fields are absent; times are ISO 8601 instants, as `knownAt` is. */
export function readEventLogAddress(address: EventLogAddress): EventLogRequest {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const filters = {
    stream: text(address.stream),
    type: text(address.type),
    subject: text(address.subject),
    from: text(address.from),
    to: text(address.to),
  };
  const errors: FieldError[] = [];
  for (const [field, name] of [
    ['stream', 'stream'],
    ['type', 'event type'],
    ['subject', 'user'],
  ] as const) {
    const value = filters[field];
    if (value !== undefined && value.length > 200) {
      errors.push({ field, message: `Enter a ${name} of 200 characters or fewer` });
    }
  }
  for (const [field, name] of [
    ['from', 'Recorded from'],
    ['to', 'Recorded to'],
  ] as const) {
    const value = filters[field];
    if (value !== undefined && !(value.includes('T') && isISO8601(value, { strict: true }))) {
      errors.push({ field, message: `Enter “${name}” as an ISO 8601 time, ${INSTANT_EXAMPLE}` });
    }
  }
  if (
    errors.length === 0 &&
    filters.from !== undefined &&
    filters.to !== undefined &&
    Date.parse(filters.from) > Date.parse(filters.to)
  ) {
    errors.push({
      field: 'to',
      message: '“Recorded to” must be the same as or after “Recorded from”',
    });
  }
  const rawAfter = text(address.after);
  const after = rawAfter !== undefined && POSITION.test(rawAfter) ? Number(rawAfter) : 0;
  const trail =
    after === 0
      ? []
      : (text(address.trail)
          ?.split(',')
          .filter((part) => POSITION.test(part))
          .map(Number) ?? []);
  return { filters, after, trail, errors };
}

/** The filters as the use case takes them. */
export function logFilterOf(request: EventLogRequest): LogFilter {
  const { stream, type, subject, from, to } = request.filters;
  return { streamId: stream, type, subject, from, to };
}

function logHref(filters: EventLogRequest['filters'], after?: number, trail: number[] = []) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined) query.set(name, value);
  if (after !== undefined && after > 0) query.set('after', String(after));
  if (trail.length > 0) query.set('trail', trail.join(','));
  const text = query.toString();
  return `${WEB_PATHS.events}${text ? `?${text}` : ''}`;
}

/** The log's table, the filter form's values and the pagination. */
export function eventLogView(request: EventLogRequest, page: LogSearchPage | null) {
  const { filters, after, trail } = request;
  const number = after === 0 ? 1 : trail.length + 2;
  const previous =
    after === 0 ? null : logHref(filters, trail[trail.length - 1] ?? 0, trail.slice(0, -1));
  const next =
    page === null || page.end || page.nextAfter === after
      ? null
      : logHref(filters, page.nextAfter, after === 0 ? [] : [...trail, after]);
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return {
    page: number,
    filters: {
      stream: filters.stream ?? '',
      type: filters.type ?? '',
      subject: filters.subject ?? '',
      from: filters.from ?? '',
      to: filters.to ?? '',
    },
    eventsTable: page &&
      page.events.length > 0 && {
        firstCellIsHeader: true,
        responsive: true,
        caption: filtered ? 'Events matching the filters' : 'Events, oldest first',
        head: [
          { text: 'Position', format: 'numeric' },
          { text: 'Recorded' },
          { text: 'Type' },
          { text: 'Stream' },
          { text: 'Revision', format: 'numeric' },
          { text: 'Who' },
        ],
        rows: page.events.map((event) => [
          { text: `Event ${event.position}`, href: eventPath(event.position) },
          { text: formatInstant(event.recordedAt) },
          { text: event.type },
          { text: event.streamId },
          { text: String(event.revision), format: 'numeric' },
          {
            text:
              `${event.metadata.actor.subject}, ${event.metadata.actor.role}` +
              (event.metadata.actor.organisationCode
                ? ` (${event.metadata.actor.organisationCode})`
                : ''),
          },
        ]),
      },
    empty: page !== null && page.events.length === 0,
    /** Read to position N without a full page: say how far the search looked. */
    searchedTo: page && !page.end && page.events.length < EVENTS_PER_PAGE ? page.nextAfter : null,
    pagination:
      previous === null && next === null
        ? null
        : {
            previous: previous && { href: previous, labelText: `Page ${number - 1}` },
            next: next && { href: next, labelText: `Page ${number + 1}` },
          },
    clearFiltersHref: filtered ? WEB_PATHS.events : null,
  };
}
