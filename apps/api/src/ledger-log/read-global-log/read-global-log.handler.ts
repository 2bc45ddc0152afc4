import { LedgerQueries, type LogPage } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** A page of every event of the ledger, in log order, after a global position. */
export class ReadGlobalLogQuery extends Query<LogPage> {
  constructor(
    readonly actor: Actor,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ReadGlobalLogQuery)
export class ReadGlobalLogHandler implements IQueryHandler<ReadGlobalLogQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor, after, limit }: ReadGlobalLogQuery): Promise<LogPage> {
    return this.queries.globalLog(actor, after, limit);
  }
}
