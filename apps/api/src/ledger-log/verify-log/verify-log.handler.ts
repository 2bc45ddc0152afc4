import { LedgerQueries, type LogVerification } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The hash-chain check of the whole log (`verifyChain`, as `ledger verify` runs it). */
export class VerifyLogQuery extends Query<LogVerification> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor }: VerifyLogQuery): Promise<LogVerification> {
    return this.queries.verifyLog(actor);
  }
}
