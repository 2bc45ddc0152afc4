import type { RecordedEvent } from '@ledger/event-store';
import { formatInstant } from '../formatting/display';

type Row = { key: { text: string }; value: { text: string } };

const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } });

/**
 * A value of an event's data as text: strings as they are, numbers and booleans written out,
 * lists and objects as compact JSON. The template escapes it (the summary list's `text`), so
 * nothing an event holds is ever read as markup.
 */
export function dataText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * One event as an auditor reads it: where it sits in the ledger, who recorded it, in which role
 * and organisation, when, the correlation, causation and idempotency keys, its hash-chain link,
 * and its data, field by field (the same values GET /v1/events answers).
 */
export function eventView(event: RecordedEvent) {
  const { actor, correlationId, causationId, idempotencyKey, schemaVersion, hashChain } =
    event.metadata;
  return {
    type: event.type,
    position: event.position,
    place: {
      rows: [
        row('Type', event.type),
        row('Stream', event.streamId),
        row('Revision', String(event.revision)),
        row('Position in the log', String(event.position)),
        row('Recorded at', `${formatInstant(event.recordedAt)} (${event.recordedAt})`),
        row('Event id', event.eventId),
        row('Schema version', String(schemaVersion)),
      ],
    },
    audit: {
      rows: [
        row('Subject', actor.subject),
        row('Role', actor.role),
        row('Organisation', actor.organisationCode ?? 'None'),
        row('Correlation id', correlationId),
        row('Causation id', causationId),
        row('Idempotency key', idempotencyKey ?? 'None'),
      ],
    },
    chain: hashChain
      ? {
          rows: [
            row('Algorithm', hashChain.algorithm),
            row('Previous hash', hashChain.previousHash ?? 'None (the stream’s first event)'),
            row('Hash', hashChain.hash),
          ],
        }
      : null,
    data: {
      rows: Object.entries(event.data).map(([key, value]) => row(key, dataText(value))),
    },
  };
}
