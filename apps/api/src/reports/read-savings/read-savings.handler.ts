import { LedgerReports, LedgerOrganisations, type Named, type ReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { SavingsReport } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** Savings by period and by case, reinvestment committed and retained savings available. */
export class ReadSavingsQuery extends Query<Named<SavingsReport>> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: ReportQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadSavingsQuery)
export class ReadSavingsHandler implements IQueryHandler<ReadSavingsQuery> {
  constructor(
    private readonly reports: LedgerReports,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({ actor, agreementId, query }: ReadSavingsQuery): Promise<Named<SavingsReport>> {
    // The names beside the codes: a separate step, the same for every report.
    const report = await this.reports.savings(actor, agreementId, query);
    return this.organisations.named(report, query);
  }
}
