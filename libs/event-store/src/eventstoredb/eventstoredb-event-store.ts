import { setTimeout as sleep } from 'node:timers/promises';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  START,
  StreamNotFoundError,
  streamNameFilter,
  type AllStreamRecordedEvent,
  type AppendResult as EsdbAppendResult,
  type Direction,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as EsdbRecordedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { appendResultOf } from '../append/append-result';
import { assertSameRequest, requestHashOf } from '../append/idempotency';
import { prepareAppend } from '../append/prepared-append';
import { toError } from '../append/to-error';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredIdempotentAppend,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import {
  type AppendContext,
  failedAppendError,
  isTransientFault,
  MultiStreamAppendNotSupportedError,
  toPortError,
} from './esdb-errors';
import { assertLedgerEventType, LedgerStreamNames, toEsdbEvent, toPortEvent } from './esdb-events';
import {
  decodeKeyRecord,
  findReservedEvents,
  idempotencyStreamName,
  keyRecordEvent,
  type KeyRecord,
  type KeyRecorded,
  type KeyReserved,
  type KeyState,
  recordedOf,
} from './esdb-idempotency';
import {
  comparePositions,
  readPositionAfter,
  toEsdbPosition,
  toPortPosition,
} from './esdb-positions';
import { toEsdbExpectedRevision, toPortRevision } from './esdb-revisions';
import {
  DEFAULT_RESUBSCRIBE,
  type EventFeed,
  type ResubscribeSettings,
  ResubscribingSubscription,
} from './resubscribing-subscription';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false` (or `esdb+discover://…` for a cluster). The store owns the client. */
  connectionString?: string;
  /** An existing client instead; the store never disposes it (tests share one across stores). */
  client?: EventStoreDBClient;
  /**
   * Prefix of every ledger stream in EventStoreDB (default ''). Each store only sees the streams
   * under its namespace, so one server can hold several independent ledgers (the contract tests
   * give each test a fresh one). Must not start with `$`.
   */
  namespace?: string;
  /** How long ping() waits for the server (default 5000 ms). */
  pingDeadlineMs?: number;
  /**
   * Deadline for each read (default 10 000 ms). The client gives streaming reads no deadline of
   * their own, so without this a read from a server that stopped answering would wait forever.
   */
  readDeadlineMs?: number;
  /** Events per `$all` page in readAll and headPosition (default 500). */
  readPageSize?: number;
  /** How often a keyed append re-reads a key reserved by another request (default 25 ms). */
  idempotencyPollMs?: number;
  /** How long a reservation may stand with its events absent before a retry takes it over (default 30 000 ms). */
  idempotencyStaleAfterMs?: number;
  /** Backoff of subscriptions that lost their connection (defaults: 100 ms doubling to 5 s, forever). */
  resubscribe?: Partial<Omit<ResubscribeSettings, 'isTransient'>>;
}

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The event store on EventStoreDB (or KurrentDB) through `@eventstore/db-client`. Where it
 * differs from the port's SQLite reference, it says so (docs/operations.md has the list):
 *
 * - positions are EventStoreDB commit positions: ordered and stable, not 1-based, not gap-free
 *   (esdb-positions.ts);
 * - appendToStreams is refused: EventStoreDB cannot commit to several streams atomically;
 * - idempotency keys live in per-key system streams beside the append (esdb-idempotency.ts);
 * - event ids are the server's: an identical retried append is deduplicated by the server and
 *   answered with the original result, but the server does not enforce store-wide unique ids,
 *   so a repeated id in a different append is refused only when the server's idempotency
 *   check catches it (DuplicateEventIdError), and otherwise stored again;
 * - metadata.hashChain is not set at append: the port's hash covers the global position and
 *   the server's time, which EventStoreDB only assigns after the write, and events cannot be
 *   changed afterwards.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly supportsMultiStreamAppend = false;
  /** Commit positions: sparse byte offsets, ordered and stable (esdb-positions.ts). */
  readonly gapFreePositions = false;
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly names: LedgerStreamNames;
  private readonly pingDeadlineMs: number;
  private readonly readDeadlineMs: number;
  private readonly readPageSize: number;
  private readonly idempotencyPollMs: number;
  private readonly idempotencyStaleAfterMs: number;
  private readonly resubscribe: ResubscribeSettings;
  private readonly subscriptions = new Set<ResubscribingSubscription>();
  private closed = false;

  constructor(options: EventStoreDbEventStoreOptions) {
    if ((options.client === undefined) === (options.connectionString === undefined)) {
      throw new TypeError('Give the EventStoreDB store either a connectionString or a client');
    }
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ?? EventStoreDBClient.connectionString(options.connectionString ?? '');
    this.names = new LedgerStreamNames(options.namespace ?? '');
    this.pingDeadlineMs = options.pingDeadlineMs ?? 5000;
    this.readDeadlineMs = options.readDeadlineMs ?? 10_000;
    this.readPageSize = Math.max(2, options.readPageSize ?? 500);
    this.idempotencyPollMs = options.idempotencyPollMs ?? 25;
    this.idempotencyStaleAfterMs = options.idempotencyStaleAfterMs ?? 30_000;
    this.resubscribe = {
      ...DEFAULT_RESUBSCRIBE,
      ...options.resubscribe,
      isTransient: isTransientFault,
    };
  }

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    // Validates as every adapter does: at least one event, JSON values, no hashChain supplied.
    prepareAppend({ streamId, events, options });
    this.names.toEsdb(streamId);
    for (const event of events) assertLedgerEventType(event.type);
    const { idempotencyKey } = options;
    return idempotencyKey === undefined
      ? this.appendOnce(streamId, events, options.expectedRevision)
      : this.appendKeyed(streamId, events, options, idempotencyKey);
  }

  /** Always refused (after close: unavailable); all-or-nothing imports must refuse this store. */
  appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
    void batches;
    return Promise.reject(
      this.closed ? this.closedError() : new MultiStreamAppendNotSupportedError(),
    );
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const events = await this.readEsdbStream(this.names.toEsdb(streamId), {
      fromRevision: BigInt(options.fromRevision ?? 0),
      maxCount: options.maxCount ?? NO_LIMIT,
    });
    return events.filter((event) => !event.type.startsWith('$')).map(this.toPort);
  }

  async streamRevision(streamId: string): Promise<number | null> {
    this.assertOpen();
    return this.esdbStreamRevision(this.names.toEsdb(streamId));
  }

  /**
   * Pages forward through `$all`, keeping the namespace's non-system events. A read from a
   * position includes the event at it, so each page drops what it has already seen.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const wanted = options.maxCount ?? Number.POSITIVE_INFINITY;
    const afterPosition = options.afterPosition ?? 0;
    const found: RecordedEvent[] = [];
    if (wanted <= 0) return found;
    let cursor: Position | null = afterPosition === 0 ? null : toEsdbPosition(afterPosition);
    for (;;) {
      const pageSize = Math.min(this.readPageSize, wanted - found.length + 1);
      const page = await this.readAllPage(cursor ?? START, FORWARDS, pageSize);
      for (const event of page) {
        if (cursor !== null && comparePositions(event.position, cursor) <= 0) continue;
        cursor = event.position;
        if (!this.names.isLedgerEvent(event)) continue;
        found.push(this.toPort(event));
        if (found.length >= wanted) return found;
      }
      if (page.length < pageSize) return found;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    let cursor: Position | null = null;
    for (;;) {
      const page = await this.readAllPage(cursor ?? END, BACKWARDS, this.readPageSize);
      for (const event of page) {
        if (cursor !== null && comparePositions(event.position, cursor) >= 0) continue;
        cursor = event.position;
        if (this.names.isLedgerEvent(event)) return toPortPosition(event.position);
      }
      if (page.length < this.readPageSize) return 0;
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    this.assertOpen();
    const subscription = new ResubscribingSubscription(
      (afterPosition) => this.openFeed(afterPosition),
      handler,
      options.afterPosition,
      this.resubscribe,
    );
    this.subscriptions.add(subscription);
    const forget = (): void => void this.subscriptions.delete(subscription);
    void subscription.done.then(forget, forget);
    return subscription;
  }

  async findAppendByIdempotencyKey(idempotencyKey: string): Promise<StoredIdempotentAppend | null> {
    this.assertOpen();
    const state = await this.readKeyState(idempotencyKey);
    if (state === null || state.record.kind === 'released') return null;
    const result =
      state.record.kind === 'recorded'
        ? await this.replay(state.record)
        : await this.locateReserved(state.record);
    return result === null
      ? null
      : { idempotencyKey, requestHash: state.record.requestHash, result };
  }

  /** Reads the last event of `$all`: answers only if the server is up and lets this user read. */
  async ping(): Promise<void> {
    this.assertOpen();
    await this.collect(
      this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }),
      this.pingDeadlineMs,
    );
  }

  /** Stops the subscriptions, then lets go of the client (if the store made it). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  // ---- appends ------------------------------------------------------------------------------

  /**
   * One append with the server's optimistic concurrency check, then a read of the events it
   * wrote, so the result carries their positions and server times exactly as later reads do.
   */
  private async appendOnce(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const esdbStreamName = this.names.toEsdb(streamId);
    const context: AppendContext = {
      streamId,
      expectedRevision,
      eventIds: events.map((event) => event.eventId),
    };
    const written = await this.call(
      () =>
        this.client.appendToStream(esdbStreamName, events.map(toEsdbEvent), {
          expectedRevision: toEsdbExpectedRevision(expectedRevision),
        }),
      context,
    ).then((result) => this.assertAppended(result, esdbStreamName, context));
    const last = toPortRevision(written.nextExpectedRevision);
    const recorded = await this.readStream(streamId, {
      fromRevision: last - events.length + 1,
      maxCount: events.length,
    });
    // The server answers an append whose ids it has just stored with that earlier write's
    // revision (its idempotent-retry check). When those are not these events, the ids were
    // stored by a different append: the port's DuplicateEventIdError.
    const mismatch = events.findIndex((event, index) => recorded[index]?.eventId !== event.eventId);
    if (mismatch >= 0) throw new DuplicateEventIdError(events[mismatch].eventId);
    return appendResultOf(streamId, recorded);
  }

  /** The keyed append of esdb-idempotency.ts: reserve, append, record, or replay. */
  private async appendKeyed(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
    idempotencyKey: string,
  ): Promise<AppendResult> {
    const keyStream = idempotencyStreamName(this.names.namespace, idempotencyKey);
    // A reservation is stale once the same one has stood this long with its events absent.
    let watchedRevision: number | null = null;
    let watchedSince = 0;
    for (;;) {
      this.assertOpen();
      const state = await this.readKeyState(idempotencyKey);
      if (state !== null && state.record.kind !== 'released') {
        assertSameRequest(idempotencyKey, state.record.requestHash, options);
      }
      if (state?.record.kind === 'recorded') return this.replay(state.record);
      if (state?.record.kind === 'reserved') {
        const landed = await this.locateReserved(state.record);
        if (landed !== null) {
          await this.writeKeyRecord(
            keyStream,
            recordedOf(state.record, landed),
            state.revision,
          ).catch(() => undefined);
          return landed;
        }
        const now = Date.now();
        if (watchedRevision !== state.revision) {
          watchedRevision = state.revision;
          watchedSince = now;
        }
        if (now - watchedSince < this.idempotencyStaleAfterMs) {
          await sleep(this.idempotencyPollMs);
          continue;
        }
      }
      const reservation: KeyReserved = {
        kind: 'reserved',
        idempotencyKey,
        requestHash: requestHashOf(options),
        streamId,
        eventIds: events.map((event) => event.eventId),
        streamRevisionBefore: await this.streamRevision(streamId),
      };
      let reservedAt: number;
      try {
        reservedAt = await this.writeKeyRecord(
          keyStream,
          reservation,
          state?.revision ?? 'no-stream',
        );
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) continue; // another request moved first
        throw error;
      }
      let result: AppendResult;
      try {
        result = await this.appendOnce(streamId, events, options.expectedRevision);
      } catch (error) {
        if (isDefiniteRefusal(error)) {
          const released: KeyRecord = {
            kind: 'released',
            idempotencyKey,
            requestHash: reservation.requestHash,
            reason: toError(error).name,
          };
          await this.writeKeyRecord(keyStream, released, reservedAt).catch(() => undefined);
        }
        throw error;
      }
      // If this fails, the reservation and the landed events still tell the outcome (step 2).
      await this.writeKeyRecord(keyStream, recordedOf(reservation, result), reservedAt).catch(
        () => undefined,
      );
      return result;
    }
  }

  /**
   * The client's answer when it did not throw. A client made with `throwOnAppendFailure: false`
   * answers a failed check with `success: false`; the port's answer is the same error as when
   * it throws, with the stream's revision read back from the server (failedAppendError says
   * why the client's own number cannot be used).
   */
  private async assertAppended(
    result: EsdbAppendResult,
    esdbStreamName: string,
    context: AppendContext,
  ): Promise<EsdbAppendResult> {
    if (result.success) return result;
    const current = await this.esdbStreamRevision(esdbStreamName);
    throw failedAppendError(context, esdbStreamName, current);
  }

  /** Appends one record to a key stream at an exact revision; returns the record's revision. */
  private async writeKeyRecord(
    keyStream: string,
    record: KeyRecord,
    expectedRevision: number | 'no-stream',
  ): Promise<number> {
    const context = { streamId: keyStream, expectedRevision };
    const written = await this.call(
      () =>
        this.client.appendToStream(keyStream, [keyRecordEvent(record)], {
          expectedRevision: toEsdbExpectedRevision(expectedRevision),
        }),
      context,
    ).then((result) => this.assertAppended(result, keyStream, context));
    return toPortRevision(written.nextExpectedRevision);
  }

  private async readKeyState(idempotencyKey: string): Promise<KeyState | null> {
    const keyStream = idempotencyStreamName(this.names.namespace, idempotencyKey);
    const [last] = await this.readEsdbStream(keyStream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    return last === undefined
      ? null
      : { record: decodeKeyRecord(last), revision: toPortRevision(last.revision) };
  }

  private async replay(recorded: KeyRecorded): Promise<AppendResult> {
    const events = await this.readStream(recorded.streamId, {
      fromRevision: recorded.fromRevision,
      maxCount: recorded.toRevision - recorded.fromRevision + 1,
    });
    return appendResultOf(recorded.streamId, events);
  }

  /** The reserved events, if they are in the stream after the revision noted at reservation. */
  private async locateReserved(reservation: KeyReserved): Promise<AppendResult | null> {
    const after = await this.readStream(reservation.streamId, {
      fromRevision: (reservation.streamRevisionBefore ?? -1) + 1,
    });
    const start = findReservedEvents(
      reservation,
      after.map((event) => event.eventId),
    );
    if (start === null) return null;
    const events = after.slice(start, start + reservation.eventIds.length);
    return appendResultOf(reservation.streamId, events);
  }

  // ---- reads --------------------------------------------------------------------------------

  private readonly toPort = (event: EsdbRecordedEvent): RecordedEvent =>
    toPortEvent(event, this.names);

  private async esdbStreamRevision(esdbStreamName: string): Promise<number | null> {
    const [last] = await this.readEsdbStream(esdbStreamName, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    return last === undefined ? null : toPortRevision(last.revision);
  }

  /** A stream's events as the client reads them; none when the stream does not exist. */
  private async readEsdbStream(
    esdbStreamName: string,
    options: { fromRevision: ReadRevision; maxCount: number; direction?: Direction },
  ): Promise<EsdbRecordedEvent[]> {
    try {
      const resolved = await this.collect(
        this.client.readStream(esdbStreamName, { ...options, resolveLinkTos: false }),
        this.readDeadlineMs,
      );
      return resolved.flatMap((entry) => (entry.event === undefined ? [] : [entry.event]));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  private async readAllPage(
    fromPosition: ReadPosition,
    direction: Direction,
    maxCount: number,
  ): Promise<AllStreamRecordedEvent[]> {
    const resolved = await this.collect(
      this.client.readAll({ fromPosition, direction, maxCount, resolveLinkTos: false }),
      this.readDeadlineMs,
    );
    return resolved.flatMap((entry) => (entry.event === undefined ? [] : [entry.event]));
  }

  /**
   * Drains a streaming read within a deadline. On timeout the read is cancelled and the store
   * reports itself unavailable; client errors are mapped to the port's.
   */
  private async collect<T>(read: StreamingRead<T>, deadlineMs: number): Promise<T[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void read.cancel().catch(() => undefined);
        reject(
          new EventStoreUnavailableError(`EventStoreDB did not answer within ${deadlineMs} ms`),
        );
      }, deadlineMs);
    });
    const drain = (async () => {
      const items: T[] = [];
      for await (const item of read) items.push(item);
      return items;
    })();
    try {
      return await Promise.race([drain, timeout]);
    } catch (error) {
      drain.catch(() => undefined);
      throw toPortError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A client call with its errors mapped to the port's. */
  private async call<T>(action: () => Promise<T>, append?: AppendContext): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw toPortError(error, append);
    }
  }

  // ---- subscriptions ------------------------------------------------------------------------

  /**
   * A server-side catch-up subscription to `$all` after the checkpoint, filtered on the server
   * (the namespace's stream prefix, or no system events when there is no namespace) and again
   * here (no `$` types or streams, so no idempotency records and no tombstones).
   */
  private openFeed(afterPosition: number): EventFeed {
    const subscription = this.client.subscribeToAll({
      fromPosition: readPositionAfter(afterPosition),
      resolveLinkTos: false,
      filter: this.serverFilter(),
    });
    const names = this.names;
    return {
      close: () => subscription.unsubscribe(),
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription) {
          const event = resolved.event;
          if (event === undefined || !names.isLedgerEvent(event)) continue;
          yield toPortEvent(event, names);
        }
      },
    };
  }

  private serverFilter(): Filter {
    return this.names.namespace === ''
      ? excludeSystemEvents()
      : streamNameFilter({ prefixes: [this.names.namespace] });
  }

  private assertOpen(): void {
    if (this.closed) throw this.closedError();
  }

  private closedError(): EventStoreUnavailableError {
    return new EventStoreUnavailableError('The EventStoreDB event store is closed');
  }
}

/** Errors after which the append certainly wrote nothing, so a reserved key can be released. */
function isDefiniteRefusal(error: unknown): boolean {
  return (
    error instanceof WrongExpectedRevisionError ||
    error instanceof DuplicateEventIdError ||
    error instanceof RangeError
  );
}
