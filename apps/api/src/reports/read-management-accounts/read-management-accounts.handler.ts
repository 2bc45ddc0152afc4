import { periodLastDay } from '@ledger/domain';
import {
  LedgerOrganisations,
  LedgerReports,
  type ManagementAccountsQuery,
  type Named,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import type { ManagementAccounts } from '@ledger/read-model';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** One closed month's management accounts, by the period the money was posted in. */
export class ReadManagementAccountsQuery extends Query<Named<ManagementAccounts>> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly query: ManagementAccountsQuery,
  ) {
    super();
  }
}

@QueryHandler(ReadManagementAccountsQuery)
export class ReadManagementAccountsHandler implements IQueryHandler<ReadManagementAccountsQuery> {
  constructor(
    private readonly reports: LedgerReports,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({
    actor,
    agreementId,
    query,
  }: ReadManagementAccountsQuery): Promise<Named<ManagementAccounts>> {
    // The names beside the codes, as for every report: in force on the month's last day.
    const accounts = await this.reports.managementAccounts(actor, agreementId, query);
    return this.organisations.named({ ...accounts, asOf: periodLastDay(accounts.period) }, query);
  }
}
