import { LedgerReports, type BalancesReportQuery } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { AgreementBalances } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** The agreement's account balances at a business date, as known at a knowledge point. */
export class ReadBalancesQuery extends Query<AgreementBalances> {
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
  constructor(private readonly reports: LedgerReports) {}

  execute({ actor, agreementId, query }: ReadBalancesQuery): Promise<AgreementBalances> {
    return this.reports.balances(actor, agreementId, query);
  }
}
