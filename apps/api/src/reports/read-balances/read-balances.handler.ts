import {
  LedgerReports,
  LedgerOrganisations,
  type Named,
  type BalancesReportQuery,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AgreementBalances } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The agreement's account balances at a business date, as known at a knowledge point. */
export class ReadBalancesQuery extends Query<Named<AgreementBalances>> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: BalancesReportQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadBalancesQuery)
export class ReadBalancesHandler implements IQueryHandler<ReadBalancesQuery> {
  constructor(
    private readonly reports: LedgerReports,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({
    actor,
    agreementId,
    query,
  }: ReadBalancesQuery): Promise<Named<AgreementBalances>> {
    // The names beside the codes: a separate step, the same for every report.
    const report = await this.reports.balances(actor, agreementId, query);
    return this.organisations.named(report, query);
  }
}
