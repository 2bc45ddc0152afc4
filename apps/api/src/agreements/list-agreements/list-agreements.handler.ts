import { LedgerLists, type AgreementList, type AgreementListRequest } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** A page of the agreements the actor may see, filtered. */
export class ListAgreementsQuery extends Query<AgreementList> {
  constructor(
    readonly actor: Actor,
    readonly request: AgreementListRequest,
  ) {
    super();
  }
}

@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery> {
  constructor(private readonly lists: LedgerLists) {}

  execute({ actor, request }: ListAgreementsQuery): Promise<AgreementList> {
    return this.lists.agreements(actor, request);
  }
}
