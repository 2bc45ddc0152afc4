import { LedgerReports, type ReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { OapMetricsReport } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** Out-of-area metrics by period. */
export class ReadOapMetricsQuery extends Query<OapMetricsReport> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: ReportQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadOapMetricsQuery)
export class ReadOapMetricsHandler implements IQueryHandler<ReadOapMetricsQuery> {
  constructor(private readonly reports: LedgerReports) {}

  execute({ actor, agreementId, query }: ReadOapMetricsQuery): Promise<OapMetricsReport> {
    return this.reports.oapMetrics(actor, agreementId, query);
  }
}
