import type { Actor, EventStore } from '@ledger/event-store';
import {
  agreementListItem,
  agreementListKey,
  applyToListState,
  caseListItem,
  caseListKey,
  formatListCursor,
  initialListState,
  listPageSize,
  MAX_LIST_PAGE,
  parseListCursor,
  selectAgreements,
  selectCases,
  type AgreementListFilters,
  type AgreementListItem,
  type AgreementListQuery,
  type CaseListFilters,
  type CaseListItem,
  type CaseListQuery,
  type ListCursor,
  type ListRows,
  type ListScope,
  type ListState,
} from '@ledger/read-model';
import { readScopeOf } from '../authorisation/authorise';
import { chainAgreementIds, type AgreementsOfParties } from '../chain/chain-as-known';
import { awaitPosition, defaultSleep } from '../reporting/await-position';
import type { HeadReadModel } from '../reporting/ledger-reports';
import { ReportQueryError } from '../reporting/report-errors';

/** A page of a list: `after` is the previous page's `nextCursor`, `limit` 1 to MAX_LIST_PAGE. */
export interface ListRequest {
  after?: string;
  limit?: number;
  /** Read your writes: wait briefly for the read model to reach this log position, else 503. */
  minPosition?: number;
  /**
   * Only rows of the chain this agreement belongs to (its agreements, or the cases registered
   * under any of them). An agreement never created has no chain: the page is empty.
   */
  chain?: string;
}

export type AgreementListRequest = ListRequest & AgreementListFilters;
export type CaseListRequest = ListRequest & CaseListFilters;

interface ListPage {
  /** The log position the page answers for. */
  knownAt: number;
  /** The cursor of the next page, or null when this page is the last. */
  nextCursor: string | null;
}

export interface AgreementList extends ListPage {
  agreements: AgreementListItem[];
}

export interface CaseList extends ListPage {
  cases: CaseListItem[];
}

export interface LedgerListsDeps {
  store: EventStore;
  /** Without it, every list folds the log. */
  readModel?: HeadReadModel;
  /** Events per `readAll` page while folding (default 1000). */
  pageSize?: number;
  /** How long a `minPosition` read waits before answering 503 (default 2000 ms). */
  minPositionWaitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The agreements and cases a caller may see, a page at a time: scoped by authorisation's read
 * rules for summaries (`readScopeOf(actor, 'ReadSummary')`: each agreement the caller could
 * read one by one, and the cases under them), filtered, in (financial year, id) order. From the
 * SQL read model at its checkpoint (embedded: caught up first), or, where none is kept
 * (EventStoreDB without PostgreSQL), from a fold of the whole log with the same row functions.
 */
export class LedgerLists {
  private readonly store: EventStore;
  private readonly readModel: HeadReadModel | undefined;
  private readonly pageSize: number;
  private readonly wait: { waitMs: number; pollMs: number; sleep: (ms: number) => Promise<void> };

  constructor(deps: LedgerListsDeps) {
    this.store = deps.store;
    this.readModel = deps.readModel;
    this.pageSize = deps.pageSize ?? 1000;
    this.wait = {
      waitMs: deps.minPositionWaitMs ?? 2000,
      pollMs: deps.pollMs ?? 50,
      sleep: deps.sleep ?? defaultSleep,
    };
  }

  async agreements(actor: Actor, request: AgreementListRequest): Promise<AgreementList> {
    const asked = this.asked(actor, request);
    const filters: AgreementListFilters = {
      financialYear: request.financialYear,
      leadProviderCode: request.leadProviderCode,
      commissionerCode: request.commissionerCode,
    };
    const query: AgreementListQuery = {
      ...asked,
      filters: defined(filters),
      limit: asked.limit + 1,
    };
    const page = this.readModel
      ? await this.fromReadModel(this.readModel, request, async (reader) =>
          reader.agreementList(
            await this.inChain(query, request.chain, readModelCandidates(reader)),
          ),
        )
      : await this.fromLog(request, async (state) =>
          selectAgreements(state, await this.inChain(query, request.chain, stateCandidates(state))),
        );
    const { rows, knownAt, nextCursor } = pageOf(page, asked.limit, agreementListKey);
    return { knownAt, agreements: rows.map(agreementListItem), nextCursor };
  }

  async cases(actor: Actor, request: CaseListRequest): Promise<CaseList> {
    const asked = this.asked(actor, request);
    const filters: CaseListFilters = {
      agreementId: request.agreementId,
      serviceLine: request.serviceLine,
      status: request.status,
      setting: request.setting,
      providerCode: request.providerCode,
    };
    const query: CaseListQuery = { ...asked, filters: defined(filters), limit: asked.limit + 1 };
    const page = this.readModel
      ? await this.fromReadModel(this.readModel, request, async (reader) =>
          reader.caseList(await this.inChain(query, request.chain, readModelCandidates(reader))),
        )
      : await this.fromLog(request, async (state) =>
          selectCases(state, await this.inChain(query, request.chain, stateCandidates(state))),
        );
    const { rows, knownAt, nextCursor } = pageOf(page, asked.limit, caseListKey);
    return { knownAt, cases: rows.map(caseListItem), nextCursor };
  }

  /** The role may read summaries (else 403), its scope, the cursor and the page size. */
  private asked(
    actor: Actor,
    request: ListRequest,
  ): { scope: ListScope; after: ListCursor | null; limit: number } {
    const scope = readScopeOf(actor, 'ReadSummary');
    const limit = asQueryError('limit', () => listPageSize(request.limit));
    const after =
      request.after === undefined
        ? null
        : asQueryError('after', () => parseListCursor(request.after!));
    return { scope, after, limit };
  }

  /**
   * The query narrowed to the chain's agreements when `chain` is given: their ids are resolved
   * first (from the agreements' first events and the list's own rows), then the page is read by
   * the agreement id column the lists already have.
   */
  private async inChain<Query extends AgreementListQuery | CaseListQuery>(
    query: Query,
    chain: string | undefined,
    candidates: AgreementsOfParties,
  ): Promise<Query> {
    if (chain === undefined) return query;
    return { ...query, agreementIds: await chainAgreementIds(this.store, chain, candidates) };
  }

  private async fromReadModel<Row>(
    readModel: HeadReadModel,
    request: ListRequest,
    read: (reader: HeadReadModel['reader']) => Promise<ListRows<Row>>,
  ): Promise<ListRows<Row>> {
    // Embedded: each look projects what the log holds, so the list sees every write
    // acknowledged before it began. Otherwise: the projector's checkpoint, as it moves.
    const position = readModel.catchUp ?? (() => readModel.reader.checkpoint());
    await awaitPosition(request.minPosition, position, this.wait);
    return read(readModel.reader);
  }

  /** Folds the log up to its head. O(log length): only where no read model is kept. */
  private async fromLog<Row>(
    request: ListRequest,
    select: (state: ListState) => Promise<Row[]>,
  ): Promise<ListRows<Row>> {
    const head = await awaitPosition(
      request.minPosition,
      () => this.store.headPosition(),
      this.wait,
    );
    let state = initialListState();
    let after = 0;
    while (after < head) {
      const page = await this.store.readAll({ afterPosition: after, maxCount: this.pageSize });
      if (page.length === 0) break;
      for (const event of page) if (event.position <= head) state = applyToListState(state, event);
      after = page[page.length - 1].position;
    }
    return { checkpoint: state.position, rows: await select(state) };
  }
}

/** Later agreements of the same parties, in every scope, from the read model's list. */
function readModelCandidates(reader: HeadReadModel['reader']): AgreementsOfParties {
  return async ({ commissionerCode, leadProviderCode, fromFinancialYear }) => {
    const ids: string[] = [];
    let after: ListCursor | null = null;
    for (;;) {
      const page = await reader.agreementList({
        scope: null,
        filters: { commissionerCode, leadProviderCode },
        after,
        limit: MAX_LIST_PAGE,
      });
      for (const row of page.rows) {
        if (row.financialYear >= fromFinancialYear) ids.push(row.agreementId);
      }
      const last = page.rows.at(-1);
      if (page.rows.length < MAX_LIST_PAGE || last === undefined) return ids;
      after = agreementListKey(last);
    }
  };
}

/** The same, from the rows folded from the log. */
function stateCandidates(state: ListState): AgreementsOfParties {
  return ({ commissionerCode, leadProviderCode, fromFinancialYear }) =>
    Promise.resolve(
      [...state.agreements.values()]
        .filter(
          (row) =>
            row.commissionerCode === commissionerCode &&
            row.leadProviderCode === leadProviderCode &&
            row.financialYear >= fromFinancialYear,
        )
        .map((row) => row.agreementId),
    );
}

/** The page shown (one row fewer than read, when one more was there) and the cursor after it. */
function pageOf<Row>(
  page: ListRows<Row>,
  limit: number,
  keyOf: (row: Row) => ListCursor,
): { rows: Row[]; knownAt: number; nextCursor: string | null } {
  const more = page.rows.length > limit;
  const rows = more ? page.rows.slice(0, limit) : page.rows;
  const nextCursor = more ? formatListCursor(keyOf(rows[rows.length - 1])) : null;
  return { rows, knownAt: page.checkpoint, nextCursor };
}

/** The filters given, without the ones left out. */
function defined<T extends object>(filters: T): T {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as T;
}

function asQueryError<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) throw new ReportQueryError(field, error.message);
    throw error;
  }
}
