import {
  LedgerLists,
  LedgerOrganisations,
  type Named,
  type CaseList,
  type CaseListRequest,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** A page of the cases the actor may see (those of the agreements in its scope), filtered. */
export class ListCasesQuery extends Query<Named<CaseList>> {
  constructor(
    readonly actor: Actor,
    readonly request: CaseListRequest,
  ) {
    super();
  }
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(
    private readonly lists: LedgerLists,
    private readonly organisations: LedgerOrganisations,
  ) {}

  async execute({ actor, request }: ListCasesQuery): Promise<Named<CaseList>> {
    // The names beside the codes: a separate step, the same for every list.
    return this.organisations.namedList(await this.lists.cases(actor, request));
  }
}
