import { LedgerQueries, type LogFilter, type LogSearchPage } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The global log's events matching a filter (stream, type, actor, time), after a position. */
export class SearchLogQuery extends Query<LogSearchPage> {
  constructor(
    readonly actor: Actor,
    readonly filter: LogFilter,
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(SearchLogQuery)
export class SearchLogHandler implements IQueryHandler<SearchLogQuery> {
  constructor(private readonly queries: LedgerQueries) {}

  execute({ actor, filter, after, limit }: SearchLogQuery): Promise<LogSearchPage> {
    return this.queries.searchLog(actor, filter, after, limit);
  }
}
