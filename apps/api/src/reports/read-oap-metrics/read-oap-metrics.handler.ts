import { LedgerReports, LedgerOrganisations, type Named, type ReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { OapMetricsReport } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** Out-of-area metrics by period. */
export class ReadOapMetricsQuery extends Query<Named<OapMetricsReport>> {
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
  constructor(
    private readonly reports: LedgerReports,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({
    actor,
    agreementId,
    query,
  }: ReadOapMetricsQuery): Promise<Named<OapMetricsReport>> {
    // The names beside the codes: a separate step, the same for every report.
    const report = await this.reports.oapMetrics(actor, agreementId, query);
    return this.organisations.named(report, query);
  }
}
