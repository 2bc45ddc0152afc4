import type { RecordedEvent } from '@ledger/event-store';
import { LEDGER_EVENTS_TOPIC } from '../topics/ledger-topics';
import type { OutboundMessage } from './outbound-message';

/**
 * A recorded event as the public `ledger.events.v1` message. The actor is named by role and
 * organisation only: the subject (a person) and the request's idempotency key stay inside the
 * ledger. Keyed by stream, so one stream's events stay in order on one partition.
 */
export function integrationEventMessage(event: RecordedEvent): OutboundMessage {
  const { metadata } = event;
  return {
    topic: LEDGER_EVENTS_TOPIC.name,
    key: event.streamId,
    value: {
      eventId: event.eventId,
      eventType: event.type,
      schemaVersion: metadata.schemaVersion,
      streamId: event.streamId,
      streamRevision: event.revision,
      position: event.position,
      recordedAt: event.recordedAt,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      actor: { role: metadata.actor.role, organisationCode: metadata.actor.organisationCode },
      hash: metadata.hashChain?.hash ?? null,
      data: event.data,
    },
    headers: {
      'event-id': event.eventId,
      'event-type': event.type,
      'schema-version': String(metadata.schemaVersion),
      'correlation-id': metadata.correlationId,
      position: String(event.position),
    },
  };
}
