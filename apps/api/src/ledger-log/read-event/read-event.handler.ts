import { LedgerQueries } from '@ledger/commands';
import type { Actor, RecordedEvent } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The event at one position of the global log (null when there is none). */
export class ReadEventQuery extends Query<RecordedEvent | null> {
  constructor(
    readonly actor: Actor,
    readonly position: number,
  ) {
    super();
  }
}

@QueryHandler(ReadEventQuery)
export class ReadEventHandler implements IQueryHandler<ReadEventQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor, position }: ReadEventQuery): Promise<RecordedEvent | null> {
    return this.queries.eventAt(actor, position);
  }
}
