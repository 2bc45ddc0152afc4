import { LedgerQueries, type AgreementSummary, type StreamEvents } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The agreement now: terms, budgets, retained savings, as the actor may see it. */
export class ReadAgreementSummaryQuery extends Query<AgreementSummary> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
  ) {
    super();
  }
}

/** The agreement's events with their audit metadata. */
export class ReadAgreementEventsQuery extends Query<StreamEvents> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
  ) {
    super();
  }
}

@QueryHandler(ReadAgreementSummaryQuery)
export class ReadAgreementSummaryHandler implements IQueryHandler<ReadAgreementSummaryQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor, agreementId }: ReadAgreementSummaryQuery): Promise<AgreementSummary> {
    return this.queries.agreementSummary(actor, agreementId);
  }
}

@QueryHandler(ReadAgreementEventsQuery)
export class ReadAgreementEventsHandler implements IQueryHandler<ReadAgreementEventsQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor, agreementId }: ReadAgreementEventsQuery): Promise<StreamEvents> {
    return this.queries.agreementEvents(actor, agreementId);
  }
}
