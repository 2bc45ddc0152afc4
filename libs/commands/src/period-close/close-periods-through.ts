import {
  agreementErrors,
  DomainError,
  periodLastDay,
  periodsOf,
  type PeriodId,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { assertAuthorised } from '../authorisation/authorise';
import type { CommandOutcome, CommandRequest } from '../execution/command-request';
import { foldAgreement } from '../execution/ledger-streams';
import { todayIn, type Clock } from '../shared/clock';
import { StreamNotFoundError } from '../shared/command-errors';
import type { PeriodCloseRequest } from './decide-period-close';

/** Close every open period of the agreement's year, in order, up to and including `through`. */
export interface PeriodClosesRequest {
  agreementId: string;
  through: PeriodId;
}

/** One close of a multi-month request, as its receipt shows it. */
export interface PeriodCloseReceipt {
  period: PeriodId;
  streamId: string;
  revision: number;
  position: number;
  events: { eventId: string; type: string; revision: number; position: number }[];
  /** True when an earlier request with the same Idempotency-Key had already closed it. */
  replayed: boolean;
}

/**
 * A multi-month close refused part-way: `failedPeriod` was refused for `reason` (the error a
 * single close of it would have given), and the closes before it, in `closes`, stand: each is
 * its own PeriodClosed event, recorded before the refusal.
 */
export class PeriodClosesStoppedError extends Error {
  constructor(
    readonly failedPeriod: PeriodId,
    readonly reason: unknown,
    readonly closes: PeriodCloseReceipt[],
  ) {
    super(
      `${closedText(closes)}${failedPeriod} was refused: ${
        reason instanceof Error ? reason.message : String(reason)
      }`,
    );
    this.name = 'PeriodClosesStoppedError';
  }

  /** What a caller reads: what was closed, what was refused, and `why` (the refusal's detail). */
  describe(why: string): string {
    return `${closedText(this.closes)}${this.failedPeriod} was refused: ${why}`;
  }
}

function closedText(closes: PeriodCloseReceipt[]): string {
  if (closes.length === 0) return 'Nothing was closed; ';
  const first = closes[0].period;
  const last = closes[closes.length - 1].period;
  return first === last ? `Closed ${first}; ` : `Closed ${first} to ${last}; `;
}

export interface PeriodClosesDependencies {
  store: EventStore;
  clock: Clock;
  /** Closes one period as a single close does (the API sends it on its CommandBus). */
  closePeriod: (close: PeriodCloseRequest, request: CommandRequest) => Promise<CommandOutcome>;
}

/**
 * Closes several months in one request: each open period of the agreement's year up to and
 * including `through`, in order, each decided on its own by the ordinary close (its own figures,
 * its own PeriodClosed event, its own append). Not all-or-nothing: a refusal part-way throws
 * PeriodClosesStoppedError, naming the period and why, and the closes before it stand. Sending
 * the same request again carries on from the first period still open.
 *
 * Checked before anything is closed, so the usual mistakes close nothing: the agreement exists
 * and the caller may close it, `through` is one of the year's periods, it has ended (by the
 * server's date in England), and something up to it is still open.
 *
 * An Idempotency-Key K becomes one key per month, `K:<period>` (as an import's becomes one per
 * line): sending the request again replays the closes it made, in the same answer, and carries
 * on with any it did not make. An If-Match revision holds for the first close; each later one
 * expects the revision the close before it wrote, so nothing can slip in between.
 */
export async function closePeriodsThrough(
  deps: PeriodClosesDependencies,
  asked: PeriodClosesRequest,
  request: CommandRequest,
): Promise<PeriodCloseReceipt[]> {
  const { agreementId, through } = asked;
  const { history, terms } = await foldAgreement(deps.store, agreementId);
  if (terms === null || !history.state.exists) {
    throw new StreamNotFoundError('agreement', agreementId);
  }
  assertAuthorised(request.actor, 'ClosePeriod', terms);
  const year = periodsOf(terms.financialYear);
  if (!year.includes(through)) {
    throw agreementErrors.invalid([
      {
        field: 'through',
        message: `must be a period of ${terms.financialYear}: ${year[0]} to ${year[11]}`,
      },
    ]);
  }
  const today = todayIn(deps.clock);
  const lastDay = periodLastDay(through);
  if (today <= lastDay) throw agreementErrors.periodNotEnded(through, lastDay, today);

  const closed = new Set(history.state.closedPeriods);
  const upTo = year.filter((period) => period <= through);
  // With a key, the months already closed may have been closed by this very request before:
  // each is asked again, so its key replays it; one closed otherwise is passed over.
  const keyed = Boolean(request.idempotencyKey);
  const toAsk = keyed ? upTo : upTo.filter((period) => !closed.has(period));
  if (toAsk.length === 0) throw agreementErrors.periodAlreadyClosed(through);

  const receipts: PeriodCloseReceipt[] = [];
  let expectedRevision = request.expectedRevision ?? null;
  for (const period of toAsk) {
    const monthRequest: CommandRequest = {
      ...request,
      idempotencyKey: keyed ? `${request.idempotencyKey}:${period}` : null,
      // A month closed before is only asked for its replay: no revision to hold it to.
      expectedRevision: closed.has(period) ? null : expectedRevision,
    };
    let outcome: CommandOutcome;
    try {
      outcome = await deps.closePeriod({ agreementId, period }, monthRequest);
    } catch (error) {
      if (keyed && closed.has(period) && isAlreadyClosed(error)) continue;
      throw new PeriodClosesStoppedError(period, error, receipts);
    }
    receipts.push(receiptOf(period, outcome));
    if (expectedRevision !== null) expectedRevision = outcome.append.nextExpectedRevision;
  }
  if (receipts.length === 0) throw agreementErrors.periodAlreadyClosed(through);
  return receipts;
}

function isAlreadyClosed(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'PERIOD.ALREADY_CLOSED';
}

function receiptOf(period: PeriodId, { append, replayed }: CommandOutcome): PeriodCloseReceipt {
  return {
    period,
    streamId: append.streamId,
    revision: append.nextExpectedRevision,
    position: append.lastPosition,
    events: append.events.map(({ eventId, type, revision, position }) => ({
      eventId,
      type,
      revision,
      position,
    })),
    replayed,
  };
}
