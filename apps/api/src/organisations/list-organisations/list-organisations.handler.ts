import {
  LedgerOrganisations,
  type OrganisationRegister,
  type OrganisationRegisterRequest,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** A page of the organisation register, with the names in force on a date. */
export class ListOrganisationsQuery extends Query<OrganisationRegister> {
  constructor(
    readonly actor: Actor,
    readonly request: OrganisationRegisterRequest,
  ) {
    super();
  }
}

@QueryHandler(ListOrganisationsQuery)
export class ListOrganisationsHandler implements IQueryHandler<ListOrganisationsQuery> {
  constructor(private readonly organisations: LedgerOrganisations) {}

  execute({ actor, request }: ListOrganisationsQuery): Promise<OrganisationRegister> {
    return this.organisations.register(actor, request);
  }
}
