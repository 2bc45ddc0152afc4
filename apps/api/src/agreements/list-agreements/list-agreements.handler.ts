import {
  LedgerLists,
  LedgerOrganisations,
  type Named,
  type AgreementList,
  type AgreementListRequest,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** A page of the agreements the actor may see, filtered. */
export class ListAgreementsQuery extends Query<Named<AgreementList>> {
  constructor(
    readonly actor: Actor,
    readonly request: AgreementListRequest,
  ) {
    super();
  }
}

@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery> {
  constructor(
    private readonly lists: LedgerLists,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({ actor, request }: ListAgreementsQuery): Promise<Named<AgreementList>> {
    // The names beside the codes: a separate step, the same for every list.
    return this.organisations.namedList(await this.lists.agreements(actor, request));
  }
}
