import {
  LedgerChainReports,
  LedgerOrganisations,
  type Named,
  type ReportQuery,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { ChainReport } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The chain of agreements the agreement belongs to, year by year. */
export class ReadChainReportQuery extends Query<Named<ChainReport>> {
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
  constructor(
    private readonly reports: LedgerChainReports,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({ actor, agreementId, query }: ReadChainReportQuery): Promise<Named<ChainReport>> {
    // The names beside the codes, as for every report.
    const report = await this.reports.chainReport(actor, agreementId, query);
    return this.organisations.named(report, query);
  }
}
