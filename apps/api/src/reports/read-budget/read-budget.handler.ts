import { LedgerReports, LedgerOrganisations, type Named, type ReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { BudgetReport } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** Budget against actual by service line and period, with the forecast outturn. */
export class ReadBudgetQuery extends Query<Named<BudgetReport>> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: ReportQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadBudgetQuery)
export class ReadBudgetHandler implements IQueryHandler<ReadBudgetQuery> {
  constructor(
    private readonly reports: LedgerReports,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({ actor, agreementId, query }: ReadBudgetQuery): Promise<Named<BudgetReport>> {
    // The names beside the codes: a separate step, the same for every report.
    const report = await this.reports.budget(actor, agreementId, query);
    return this.organisations.named(report, query);
  }
}
