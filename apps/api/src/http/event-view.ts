import type { RecordedEvent } from '@ledger/event-store';

/** A recorded event as auditors read it: the fact, where it sits, and who caused it when. */
export interface EventView {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: Record<string, unknown>;
  metadata: {
    actor: RecordedEvent['metadata']['actor'];
    recordedAt: string;
    correlationId: string;
    causationId: string;
    idempotencyKey: string | null;
    schemaVersion: number;
    /** The stream's tamper-evident link (docs/integrity.md): reviewers can recompute it. */
    hashChain: RecordedEvent['metadata']['hashChain'] | null;
  };
}

export function eventView(event: RecordedEvent): EventView {
  const { actor, correlationId, causationId, idempotencyKey, schemaVersion, hashChain } =
    event.metadata;
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: event.data,
    metadata: {
      actor,
      recordedAt: event.recordedAt,
      correlationId,
      causationId,
      idempotencyKey,
      schemaVersion,
      hashChain: hashChain ?? null,
    },
  };
}
