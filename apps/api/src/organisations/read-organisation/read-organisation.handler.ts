import { LedgerOrganisations, type OrganisationHistory, type StreamEvents } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

/** One organisation's names: the one in force today and every naming, who recorded it and when. */
export class ReadOrganisationQuery extends Query<OrganisationHistory> {
  constructor(
    readonly actor: Actor,
    readonly odsCode: string,
  ) {
    super();
  }
}

@QueryHandler(ReadOrganisationQuery)
export class ReadOrganisationHandler implements IQueryHandler<ReadOrganisationQuery> {
  constructor(private readonly organisations: LedgerOrganisations) {}

  execute({ actor, odsCode }: ReadOrganisationQuery): Promise<OrganisationHistory> {
    return this.organisations.history(actor, odsCode);
  }
}

/** One organisation's raw events, with their audit metadata. */
export class ReadOrganisationEventsQuery extends Query<StreamEvents> {
  constructor(
    readonly actor: Actor,
    readonly odsCode: string,
  ) {
    super();
  }
}

@QueryHandler(ReadOrganisationEventsQuery)
export class ReadOrganisationEventsHandler implements IQueryHandler<ReadOrganisationEventsQuery> {
  constructor(private readonly organisations: LedgerOrganisations) {}

  execute({ actor, odsCode }: ReadOrganisationEventsQuery): Promise<StreamEvents> {
    return this.organisations.events(actor, odsCode);
  }
}
