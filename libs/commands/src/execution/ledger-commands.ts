import {
  AGREEMENT_EVENT_VERSIONS,
  CASE_EVENT_VERSIONS,
  ORGANISATION_EVENT_VERSIONS,
  type AgreementCommand,
  type OrganisationCommand,
} from '@ledger/domain';
import {
  IdempotencyKeyConflictError,
  WrongExpectedRevisionError,
  type Actor,
  type EventMetadata,
  type EventStore,
  type AppendResult,
  type EventToAppend,
  type RecordedEvent,
  type StreamAppend,
} from '@ledger/event-store';
import { inSpan, LedgerAttributes, ledgerTracer } from '@ledger/event-store/tracing';
import { trace } from '@opentelemetry/api';
import {
  AGREEMENT_WRITE_ACTIONS,
  ORGANISATION_WRITE_ACTIONS,
} from '../authorisation/ledger-action';
import { LogScanCaseIndex, type AgreementCaseIndex } from '../period-close/agreement-case-index';
import { decideOnPeriodClose, type PeriodCloseRequest } from '../period-close/decide-period-close';
import { decideOnCarryForward, type CarryForwardRequest } from '../chain/decide-carry-forward';
import { todayIn, type Clock } from '../shared/clock';
import {
  ConcurrencyContentionError,
  IdempotencyKeyReusedError,
  RevisionMismatchError,
} from '../shared/command-errors';
import { requestHashOf } from '../shared/request-hash';
import type { CommandOutcome, CommandRequest, LedgerCommand } from './command-request';
import { newEventId } from './event-ids';
import { FoldedStreamCache, StreamReads } from './folded-stream-cache';
import { foldOn } from './stream-history';
import {
  decideOnAgreement,
  decideOnCase,
  decideOnOrganisation,
  type Decision,
  type DecisionInputs,
  type StreamDecision,
} from './decisions';

const tracer = ledgerTracer('@ledger/commands');

/** How often a write that lost a race is re-read and re-decided before giving up. */
const RACE_RETRIES = 3;

const SCHEMA_VERSIONS: Record<string, number> = {
  ...AGREEMENT_EVENT_VERSIONS,
  ...CASE_EVENT_VERSIONS,
  ...ORGANISATION_EVENT_VERSIONS,
};

interface IdempotencyBinding {
  /** Scoped by the actor's subject, so two callers can never collide on a key. */
  scopedKey: string;
  requestHash: string;
}

export interface LedgerCommandsDependencies {
  store: EventStore;
  clock: Clock;
  /** Finds an agreement's cases for a period close; a scan of the global log by default. */
  caseIndex?: AgreementCaseIndex;
  /**
   * The folded streams to decide on (see FoldedStreamCache): a new cache of
   * DEFAULT_CACHED_STREAMS by default. Share one only between command layers whose appends
   * all reach the same store, in order.
   */
  streams?: FoldedStreamCache;
}

/** What an idempotency key is bound to: the request as the caller made it. */
interface AskedFor {
  type: string;
  data: unknown;
}

type Decide = (inputs: DecisionInputs) => Promise<Decision>;

/**
 * Records one agreement or case command in the ledger: read the stream, check who may act,
 * decide, append with the expected revision and the audit metadata. Shared by the HTTP API and
 * bulk import, so both apply exactly the same rules.
 */
export class LedgerCommands {
  private readonly caseIndex: AgreementCaseIndex;
  /** Streams folded by earlier commands: each command then reads only what is newer. */
  private readonly streams: FoldedStreamCache;

  constructor(private readonly deps: LedgerCommandsDependencies) {
    this.caseIndex = deps.caseIndex ?? new LogScanCaseIndex(deps.store);
    this.streams = deps.streams ?? new FoldedStreamCache();
  }

  execute(command: LedgerCommand, request: CommandRequest): Promise<CommandOutcome> {
    return this.record(command, request, (inputs) =>
      isAgreementCommand(command)
        ? decideOnAgreement(command, inputs)
        : isOrganisationCommand(command)
          ? decideOnOrganisation(command, inputs)
          : decideOnCase(command, inputs),
    );
  }

  /**
   * Closes a period, with the figures the ledger computes from the agreement's cases. The
   * idempotency key is bound to what the caller asked (agreement and period), not to the
   * figures, which are computed afresh on every attempt: a retry after a lost race decides on
   * the agreement as it now stands and on the cases as they now stand.
   */
  closePeriod(close: PeriodCloseRequest, request: CommandRequest): Promise<CommandOutcome> {
    const { agreementId, period } = close;
    const asked: AskedFor = { type: 'ClosePeriod', data: { agreementId, period } };
    return this.record(asked, request, (inputs) =>
      decideOnPeriodClose({ agreementId, period }, inputs, this.caseIndex),
    );
  }

  /**
   * Records the year-end carry-forward of an agreement whose M12 is closed to its successor
   * (domain.md, "Years: chains of agreements"): an event on each of the two agreements, in one
   * atomic append. The idempotency key is bound to the agreement asked for; the amount is the
   * ledger's to compute, afresh on every attempt.
   */
  carryForward(carry: CarryForwardRequest, request: CommandRequest): Promise<CommandOutcome> {
    const asked: AskedFor = { type: 'CarryForward', data: { agreementId: carry.agreementId } };
    return this.record(asked, request, (inputs) => decideOnCarryForward(carry, inputs));
  }

  /**
   * Replays a known key, or decides and appends, re-deciding after a lost race. Traced as a
   * `ledger.decide` and a `ledger.append` span per attempt, children of the caller's span (the
   * request's); a replay of a known key starts none and marks the caller's span
   * `ledger.command.replayed`.
   */
  private async record(
    asked: AskedFor,
    request: CommandRequest,
    decide: Decide,
  ): Promise<CommandOutcome> {
    const binding = bindIdempotency(asked, request);
    const replay = binding ? await this.replayOf(binding, request) : null;
    if (replay) {
      trace.getActiveSpan()?.setAttribute('ledger.command.replayed', true);
      return replay;
    }
    let trustCache = true;
    for (let attempt = 1, tries = 1; ; tries += 1) {
      const reads = new StreamReads(this.streams, trustCache);
      const decided: { streamId?: string } = {};
      try {
        return await this.decideAndAppend(asked, decide, request, binding, reads, decided, tries);
      } catch (error) {
        if (reads.usedUnreadCache) {
          // Decided on a cached state without reading it: decide again on what the store holds.
          reads.forgetUnread();
          trustCache = false;
          continue;
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw translate(error, request);
        // If-Match names the command's own stream; another stream it writes (a predecessor's
        // link) that moved meanwhile is a lost race like any other, decided again.
        if (request.expectedRevision != null && error.streamId === decided.streamId) {
          throw mismatchFrom(error, request.expectedRevision);
        }
        if (attempt > RACE_RETRIES) throw new ConcurrencyContentionError(error.streamId, attempt);
        attempt += 1;
      }
    }
  }

  /** A key seen before: the same request gets the original result, another request a refusal. */
  private async replayOf(
    binding: IdempotencyBinding,
    request: CommandRequest,
  ): Promise<CommandOutcome | null> {
    const stored = await this.deps.store.findAppendByIdempotencyKey(binding.scopedKey);
    if (stored === null) return null;
    // The key is scoped to the subject alone (keys stored before stay valid), but the answer
    // belongs to the subject acting in one role for one organisation. The same subject with
    // another role or organisation is checked like a new request, so authorisation runs and
    // an out-of-scope caller never receives another organisation's receipt.
    if (!sameActing(stored.result.events[0]?.metadata.actor, request.actor)) return null;
    if (stored.requestHash !== binding.requestHash) {
      throw new IdempotencyKeyReusedError(request.idempotencyKey ?? '');
    }
    return {
      append: stored.result,
      position: await this.lastPositionOfWrite(stored.result),
      replayed: true,
    };
  }

  /**
   * A replayed write's last position: the key is stored with the command's own stream's
   * append, so the events written after it in the same atomic append (a successor's half of a
   * carry-forward) are the ones that follow it in the log with the same causation and Idempotency-Key.
   */
  private async lastPositionOfWrite(own: AppendResult): Promise<number> {
    const first = own.events[0]?.metadata;
    let last = own.lastPosition;
    if (first === undefined) return last;
    const following = await this.deps.store.readAll({ afterPosition: last, maxCount: 8 });
    for (const { metadata, position } of following) {
      const sameWrite =
        metadata.causationId === first.causationId &&
        metadata.idempotencyKey === first.idempotencyKey;
      if (!sameWrite) break;
      last = position;
    }
    return last;
  }

  private async decideAndAppend(
    asked: AskedFor,
    decide: Decide,
    request: CommandRequest,
    binding: IdempotencyBinding | null,
    reads: StreamReads,
    decided: { streamId?: string },
    attempt: number,
  ): Promise<CommandOutcome> {
    const decideAttributes = {
      [LedgerAttributes.COMMAND_TYPE]: asked.type,
      'ledger.command.attempt': attempt,
    };
    const decision = await inSpan(
      tracer,
      'ledger.decide',
      { attributes: decideAttributes },
      async (span) => {
        const decided = await decide({
          store: this.deps.store,
          today: todayIn(this.deps.clock),
          request,
          streams: reads,
        });
        if (span.isRecording()) {
          span.setAttributes({
            [LedgerAttributes.STREAM_ID]: decided.streamId,
            'ledger.stream.revision_read': decided.revisionRead ?? -1,
            [LedgerAttributes.EVENTS_COUNT]: decided.events.length,
            'ledger.event.types': [...new Set(decided.events.map((event) => event.type))].join(','),
          });
        }
        return decided;
      },
    );
    decided.streamId = decision.streamId;
    if (decision.events.length === 0) {
      throw new Error(`${asked.type} decided on no events: every command must record a fact`);
    }
    const events = decision.events.map((event) => toAppend(event, request));
    const expectedRevision = request.expectedRevision ?? decision.revisionRead ?? 'no-stream';
    const own: StreamAppend = {
      streamId: decision.streamId,
      events,
      options: {
        expectedRevision,
        ...(binding ? { idempotencyKey: binding.scopedKey, requestHash: binding.requestHash } : {}),
      },
    };
    const linked = (others: StreamDecision[] | undefined) =>
      (others ?? []).map((other) => ({
        decision: other,
        append: {
          streamId: other.streamId,
          events: other.events.map((event) => toAppend(event, request)),
          options: { expectedRevision: other.revisionRead ?? 'no-stream' },
        } satisfies StreamAppend,
      }));
    const before = linked(decision.before);
    const after = linked(decision.after);
    const appendAttributes = {
      [LedgerAttributes.STREAM_ID]: decision.streamId,
      [LedgerAttributes.EVENTS_COUNT]: events.length,
      'ledger.append.expected_revision': String(expectedRevision),
      'ledger.append.linked_streams': before.length + after.length,
    };
    return inSpan(tracer, 'ledger.append', { attributes: appendAttributes }, async (span) => {
      const batches = [...before.map((b) => b.append), own, ...after.map((a) => a.append)];
      const results = await this.appendAll(batches);
      const append = results[before.length];
      // The store answers a key it already holds with the original result, without writing:
      // that happens when an identical request won the race between our lookup and our append.
      const replayed = append.events[0]?.eventId !== events[0].eventId;
      this.rememberAppended(decision, replayed ? null : append.events);
      [...before, ...after].forEach((other) => {
        const result = results[batches.indexOf(other.append)];
        this.rememberAppended(other.decision, replayed ? null : (result?.events ?? null));
      });
      if (span.isRecording()) {
        span.setAttributes({
          [LedgerAttributes.FIRST_POSITION]: append.events[0]?.position ?? -1,
          [LedgerAttributes.LAST_POSITION]: append.lastPosition,
          'ledger.stream.revision': append.nextExpectedRevision,
          'ledger.append.replayed': replayed,
        });
      }
      const position = Math.max(...results.map((result) => result.lastPosition));
      return { append, position, replayed };
    });
  }

  /**
   * One stream's append as ever; several in one atomic `appendToStreams`. A store that cannot
   * commit across streams (EventStoreDB) gets them one after the other, in order, each with
   * its expected revision: the first (the guard, e.g. a predecessor's link) decides the race,
   * and the deciders complete a half-written pair when the command is sent again (a link
   * already naming this successor is not written twice; see docs/operations.md).
   */
  private async appendAll(batches: StreamAppend[]): Promise<AppendResult[]> {
    const { store } = this.deps;
    if (batches.length === 1) {
      const [only] = batches;
      return [await store.appendToStream(only.streamId, only.events, only.options)];
    }
    if (store.supportsMultiStreamAppend) return store.appendToStreams(batches);
    const results: AppendResult[] = [];
    for (const batch of batches) {
      results.push(await store.appendToStream(batch.streamId, batch.events, batch.options));
    }
    return results;
  }

  /**
   * Folds what this command appended onto the state it decided on, so the next command on the
   * stream starts from there. The events are the store's own answer to the append, which equal
   * what a read returns. A replayed key wrote nothing new: the stream is forgotten instead.
   */
  private rememberAppended(
    decision: StreamDecision,
    appended: readonly RecordedEvent[] | null,
  ): void {
    const first = appended?.[0];
    const follows = first !== undefined && first.revision === (decision.revisionRead ?? -1) + 1;
    if (!decision.basis || !appended || !follows) {
      this.streams.forgetStream(decision.streamId);
      return;
    }
    this.streams.rememberStream(decision.streamId, {
      state: foldOn(decision.basis.fold, decision.basis.state, appended),
      revision: appended[appended.length - 1].revision,
    });
  }
}

function isAgreementCommand(command: LedgerCommand): command is AgreementCommand {
  return (AGREEMENT_WRITE_ACTIONS as readonly string[]).includes(command.type);
}

function isOrganisationCommand(command: LedgerCommand): command is OrganisationCommand {
  return (ORGANISATION_WRITE_ACTIONS as readonly string[]).includes(command.type);
}

function sameActing(recorded: Actor | undefined, asking: Actor): boolean {
  return (
    recorded !== undefined &&
    recorded.subject === asking.subject &&
    recorded.role === asking.role &&
    (recorded.organisationCode ?? null) === (asking.organisationCode ?? null)
  );
}

function bindIdempotency(asked: AskedFor, request: CommandRequest): IdempotencyBinding | null {
  if (!request.idempotencyKey) return null;
  return {
    scopedKey: `${request.actor.subject}:${request.idempotencyKey}`,
    requestHash: requestHashOf(asked),
  };
}

function toAppend(event: Decision['events'][number], request: CommandRequest): EventToAppend {
  const schemaVersion = SCHEMA_VERSIONS[event.type];
  if (schemaVersion === undefined) throw new Error(`No schema version for event ${event.type}`);
  const metadata: EventMetadata = {
    schemaVersion,
    actor: { ...request.actor },
    correlationId: request.correlationId,
    causationId: request.causationId,
    idempotencyKey: request.idempotencyKey ?? null,
  };
  return { eventId: newEventId(), type: event.type, data: event.data, metadata };
}

function mismatchFrom(error: WrongExpectedRevisionError, expected: number): RevisionMismatchError {
  return new RevisionMismatchError(error.streamId, expected, error.actualRevision);
}

function translate(error: unknown, request: CommandRequest): unknown {
  if (error instanceof IdempotencyKeyConflictError) {
    return new IdempotencyKeyReusedError(request.idempotencyKey ?? '');
  }
  return error;
}
