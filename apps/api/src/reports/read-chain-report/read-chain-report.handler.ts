import { LedgerChainReports, type ReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { ChainReport } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The chain of agreements the agreement belongs to, year by year. */
export class ReadChainReportQuery extends Query<ChainReport> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: ReportQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadChainReportQuery)
export class ReadChainReportHandler implements IQueryHandler<ReadChainReportQuery> {
  constructor(private readonly reports: LedgerChainReports) {}

  execute({ actor, agreementId, query }: ReadChainReportQuery): Promise<ChainReport> {
    return this.reports.chainReport(actor, agreementId, query);
  }
}
