import { LedgerQueries, type CaseSummary, type StreamEvents } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The case now: placements, rates, repatriations, discharge, as the actor may see it. */
export class ReadCaseSummaryQuery extends Query<CaseSummary> {
  constructor(
    readonly actor: Actor,
    readonly caseId: string,
  ) {
    super();
  }
}

/** The case's events with their audit metadata. */
export class ReadCaseEventsQuery extends Query<StreamEvents> {
  constructor(
    readonly actor: Actor,
    readonly caseId: string,
  ) {
    super();
  }
}

@QueryHandler(ReadCaseSummaryQuery)
export class ReadCaseSummaryHandler implements IQueryHandler<ReadCaseSummaryQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor, caseId }: ReadCaseSummaryQuery): Promise<CaseSummary> {
    return this.queries.caseSummary(actor, caseId);
  }
}

@QueryHandler(ReadCaseEventsQuery)
export class ReadCaseEventsHandler implements IQueryHandler<ReadCaseEventsQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor, caseId }: ReadCaseEventsQuery): Promise<StreamEvents> {
    return this.queries.caseEvents(actor, caseId);
  }
}
