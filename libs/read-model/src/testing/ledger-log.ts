import {
  currentSchemaVersion,
  agreementStreamId,
  caseStreamId,
  type AgreementEvent,
  type CaseEvent,
} from '@ledger/domain';
import type { JsonObject, RecordedEvent } from '@ledger/event-store';

/**
 * A global log built by hand, as the event store would record it: positions from 1, revisions
 * per stream from 0, and the server time each event was recorded at.
 */
export class LedgerLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();

  get head(): number {
    return this.events.length;
  }

  agreement(event: AgreementEvent, recordedAt: string): RecordedEvent {
    return this.append(agreementStreamId(event.data.agreementId), event, recordedAt);
  }

  case(event: CaseEvent, recordedAt: string): RecordedEvent {
    return this.append(caseStreamId(event.data.caseId), event, recordedAt);
  }

  private append(
    streamId: string,
    event: { type: string; data: object },
    recordedAt: string,
  ): RecordedEvent {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    const position = this.events.length + 1;
    const recorded: RecordedEvent = {
      eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      streamId,
      revision,
      position,
      type: event.type,
      data: structuredClone(event.data) as JsonObject,
      metadata: {
        schemaVersion: currentSchemaVersion(event.type),
        actor: { subject: 'finance-lead', role: 'lead-provider-finance', organisationCode: 'RV5' },
        correlationId: `correlation-${position}`,
        causationId: `request-${position}`,
        idempotencyKey: null,
      },
      recordedAt: new Date(recordedAt).toISOString(),
    };
    this.events.push(recorded);
    return recorded;
  }
}
