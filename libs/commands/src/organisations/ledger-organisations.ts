import {
  financialYearEnd,
  isOdsCode,
  nameInForceOn,
  organisationStreamId,
  type CalendarDate,
} from '@ledger/domain';
import type { Actor, EventStore } from '@ledger/event-store';
import {
  listPageSize,
  namesInForce,
  organisationNamingOf,
  organisationRegisterProjection,
  parseOrganisationCursor,
  registerItems,
  selectRegister,
  type ListRows,
  type OrganisationName,
  type OrganisationNamingRow,
  type OrganisationRegisterItem,
  type OrganisationRegisterState,
} from '@ledger/read-model';
import { assertAuthorised } from '../authorisation/authorise';
import { readAgreementTerms } from '../execution/ledger-streams';
import { awaitPosition, defaultSleep } from '../reporting/await-position';
import type { HeadReadModel, KnowledgeQuery } from '../reporting/ledger-reports';
import { ReportQueryError } from '../reporting/report-errors';
import { todayIn, type Clock } from '../shared/clock';
import { StreamNotFoundError } from '../shared/command-errors';
import type { StreamEvents } from '../reading/ledger-queries';
import { codesMentioned, withOrganisations, type Named } from './report-organisations';

/** A page of the register: `after` is the previous page's `nextCursor` (an ODS code). */
export interface OrganisationRegisterRequest {
  after?: string;
  limit?: number;
  minPosition?: number;
  /** The business date whose names are shown; today (in England) by default. */
  asOf?: CalendarDate;
}

export interface OrganisationRegister {
  /** The log position the page answers for. */
  knownAt: number;
  asOf: CalendarDate;
  organisations: OrganisationRegisterItem[];
  nextCursor: string | null;
}

/** One naming, with who recorded it and when. */
export interface RecordedName {
  name: string;
  effectiveFrom: CalendarDate;
  recordedAt: string;
  recordedBy: { subject: string; role: string; organisationCode: string | null };
  position: number;
  eventId: string;
}

/** `GET /v1/organisations/{odsCode}`: the name now and every naming, in the order recorded. */
export interface OrganisationHistory {
  odsCode: string;
  /** The name in force today (in England), or null when none is yet. */
  name: string | null;
  /** The organisation stream's revision: send it back as If-Match to name it again. */
  revision: number;
  names: RecordedName[];
}

/** A report the names are added to: its agreement and the point it answers for. */
export interface NameableReport {
  agreementId: string;
  knownAt: number;
  asOf?: CalendarDate | null;
}

export interface LedgerOrganisationsDeps {
  store: EventStore;
  clock: Clock;
  /** Without it, the register folds the log and reports' names come from the log. */
  readModel?: HeadReadModel;
  pageSize?: number;
  minPositionWaitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The organisation register (one stream per ODS code, `OrganisationNamed` events) and the names
 * it gives reports and lists. A head read answers from the SQL read model's
 * `organisation_names`; a knowledge-time one, or any where no read model is kept, from the log
 * itself: the streams of the codes asked for, each naming counted only if recorded by the
 * knowledge point. Either way a name is the one in force on the business date asked.
 */
export class LedgerOrganisations {
  private readonly store: EventStore;
  private readonly clock: Clock;
  private readonly readModel: HeadReadModel | undefined;
  private readonly pageSize: number;
  private readonly wait: { waitMs: number; pollMs: number; sleep: (ms: number) => Promise<void> };

  constructor(deps: LedgerOrganisationsDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.readModel = deps.readModel;
    this.pageSize = deps.pageSize ?? 1000;
    this.wait = {
      waitMs: deps.minPositionWaitMs ?? 2000,
      pollMs: deps.pollMs ?? 50,
      sleep: deps.sleep ?? defaultSleep,
    };
  }

  /** A page of the register, in code order, with the names in force on `asOf`. */
  async register(
    actor: Actor,
    request: OrganisationRegisterRequest,
  ): Promise<OrganisationRegister> {
    assertAuthorised(actor, 'ReadOrganisations', null);
    const limit = asQueryError('limit', () => listPageSize(request.limit));
    const after =
      request.after === undefined
        ? null
        : asQueryError('after', () => parseOrganisationCursor(request.after!));
    const asOf = request.asOf ?? todayIn(this.clock);
    const query = { after, limit: limit + 1 };
    const page = this.readModel
      ? await this.fromReadModel(this.readModel, request.minPosition, (reader) =>
          reader.organisationRegister(query),
        )
      : await this.fromLog(request.minPosition, (state) => selectRegister(state, query));
    const items = registerItems(page.rows, asOf);
    const more = items.length > limit;
    const shown = more ? items.slice(0, limit) : items;
    return {
      knownAt: page.checkpoint,
      asOf,
      organisations: shown,
      nextCursor: more ? shown[shown.length - 1].odsCode : null,
    };
  }

  /** Every naming of one organisation, from its stream; 404 when it has never been named. */
  async history(actor: Actor, odsCode: string): Promise<OrganisationHistory> {
    assertAuthorised(actor, 'ReadOrganisations', null);
    const events = await this.store.readStream(organisationStreamId(odsCode));
    if (events.length === 0) throw new StreamNotFoundError('organisation', odsCode);
    const names = events.flatMap((event) => {
      const naming = organisationNamingOf(event);
      if (naming === null) return [];
      const { subject, role, organisationCode } = event.metadata.actor;
      return [
        {
          name: naming.name,
          effectiveFrom: naming.effectiveFrom,
          recordedAt: event.recordedAt,
          recordedBy: { subject, role, organisationCode: organisationCode ?? null },
          position: event.position,
          eventId: event.eventId,
        },
      ];
    });
    return {
      odsCode,
      name: nameInForceOn(names, todayIn(this.clock)),
      revision: events[events.length - 1].revision,
      names,
    };
  }

  /**
   * The organisation's raw events with their audit metadata, as for an agreement or a case:
   * `ReadEventStream`'s roles (an analyst reads projections only), with no agreement scope (a
   * name concerns no single agreement). 404 when it has never been named.
   */
  async events(actor: Actor, odsCode: string): Promise<StreamEvents> {
    assertAuthorised(actor, 'ReadEventStream', null);
    const streamId = organisationStreamId(odsCode);
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw new StreamNotFoundError('organisation', odsCode);
    return { streamId, revision: events[events.length - 1].revision, events };
  }

  /**
   * The names of these organisations in force on `asOf`, as known at log position `knownAt`.
   * `fromLog`: read the organisations' own streams (a knowledge-time report); otherwise the SQL
   * read model where one is kept.
   */
  async namesAt(
    odsCodes: readonly string[],
    asOf: CalendarDate,
    knownAt: number,
    fromLog: boolean,
  ): Promise<OrganisationName[]> {
    const codes = [...new Set(odsCodes)].filter((code) => isOdsCode(code));
    if (codes.length === 0) return [];
    const rows =
      this.readModel && !fromLog
        ? (await this.readModel.reader.organisationNamings(codes)).rows
        : await this.namingsFromStreams(codes);
    return namesInForce(rows, codes, asOf, knownAt);
  }

  /**
   * A report with `organisations` added: its agreement's parties and every other code it
   * mentions, each with the name in force on the report's `asOf` (for a report without one, a
   * statement: today, or its year's last day once the year is over) as known at the report's
   * own `knownAt`. From the log when the query named a knowledge time.
   */
  async named<Report extends NameableReport>(
    report: Report,
    query: KnowledgeQuery = {},
  ): Promise<Named<Report>> {
    const terms = await readAgreementTerms(this.store, report.agreementId);
    const asOf = report.asOf ?? this.defaultAsOf(terms?.financialYear);
    const fromLog = query.knownAt !== undefined || query.knownAtPosition !== undefined;
    const codes = codesMentioned(report, terms ?? undefined);
    const names = await this.namesAt(codes, asOf, report.knownAt, fromLog);
    return withOrganisations(report, names);
  }

  /** A page of a list with `organisations` added: the codes it shows, named as of today. */
  async namedList<Page extends { knownAt: number }>(page: Page): Promise<Named<Page>> {
    const names = await this.namesAt(
      codesMentioned(page),
      todayIn(this.clock),
      page.knownAt,
      false,
    );
    return withOrganisations(page, names);
  }

  private defaultAsOf(financialYear: string | undefined): CalendarDate {
    const today = todayIn(this.clock);
    if (financialYear === undefined) return today;
    const yearEnd = financialYearEnd(financialYear);
    return today > yearEnd ? yearEnd : today;
  }

  /** The namings on the organisations' own streams, in the order recorded. */
  private async namingsFromStreams(codes: readonly string[]): Promise<OrganisationNamingRow[]> {
    const streams = await Promise.all(
      codes.map((code) => this.store.readStream(organisationStreamId(code))),
    );
    return streams
      .flat()
      .flatMap((event) => {
        const naming = organisationNamingOf(event);
        return naming === null ? [] : [naming];
      })
      .sort((a, b) => a.position - b.position);
  }

  private async fromReadModel(
    readModel: HeadReadModel,
    minPosition: number | undefined,
    read: (reader: HeadReadModel['reader']) => Promise<ListRows<OrganisationNamingRow>>,
  ): Promise<ListRows<OrganisationNamingRow>> {
    const position = readModel.catchUp ?? (() => readModel.reader.checkpoint());
    await awaitPosition(minPosition, position, this.wait);
    return read(readModel.reader);
  }

  /** Folds the log up to its head. O(log length): only where no read model is kept. */
  private async fromLog(
    minPosition: number | undefined,
    select: (state: OrganisationRegisterState) => OrganisationNamingRow[],
  ): Promise<ListRows<OrganisationNamingRow>> {
    const head = await awaitPosition(minPosition, () => this.store.headPosition(), this.wait);
    let state = organisationRegisterProjection.initial();
    let after = 0;
    while (after < head) {
      const page = await this.store.readAll({ afterPosition: after, maxCount: this.pageSize });
      if (page.length === 0) break;
      for (const event of page) {
        if (event.position <= head) state = organisationRegisterProjection.apply(state, event);
      }
      after = page[page.length - 1].position;
    }
    return { checkpoint: state.position, rows: select(state) };
  }
}

function asQueryError<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) throw new ReportQueryError(field, error.message);
    throw error;
  }
}
