import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventToAppend, RecordedEvent } from '../event-store.port';

/** Metadata as the API writes it: an actor, a correlation and a causation id. */
export function aMetadata(extra: Partial<EventMetadata> = {}): EventMetadata {
  return {
    schemaVersion: 1,
    actor: { subject: 'commissioner-1', role: 'commissioner', organisationCode: 'QWO' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    idempotencyKey: null,
    ...extra,
  };
}

export function anEvent(overrides: Partial<EventToAppend> = {}): EventToAppend {
  return {
    eventId: randomUUID(),
    type: 'BudgetAllocated',
    data: { amount: '5416666.74', financialYear: '2024/25' },
    metadata: aMetadata(),
    ...overrides,
  };
}

export function someEvents(
  count: number,
  build: (index: number) => Partial<EventToAppend> = () => ({}),
): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => anEvent(build(index)));
}

/** A fresh stream id, so tests never share a stream by accident. */
export function aStreamId(prefix = 'agreement'): string {
  return `${prefix}-${randomUUID()}`;
}

export function positionsOf(events: RecordedEvent[]): number[] {
  return events.map((event) => event.position);
}

/** 1, 2, …, count: what a gap-free log's positions must be. */
export function oneTo(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}
