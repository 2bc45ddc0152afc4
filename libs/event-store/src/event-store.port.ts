/**
 * The event-store port. The side that uses it owns it; adapters live beside it, one folder each
 * (`in-memory/`, `sqlite/`, `eventstoredb/`), and all of them pass one contract suite, which
 * names where they differ (`testing/event-store-harness.ts`, EventStoreContractOptions).
 *
 * Positions:
 * - a stream revision counts a stream's events from 0 (the first event has revision 0);
 * - a global position orders the whole log: a safe integer of at least 1, unique, strictly
 *   increasing in log order and stable (an event keeps the position its append reported). A
 *   checkpoint is the position of the last event a reader has handled (0 before anything), and
 *   is only ever 0 or a position the store handed out: nothing may be computed from a position.
 * - On the embedded stores (SQLite, in-memory) positions are also gap-free: the n-th event ever
 *   acknowledged has position n. EventStoreDB's are sparse (its commit positions, byte offsets
 *   in its transaction file): the contract option `gapFreePositions`.
 */
export type JsonObject = { [key: string]: unknown };

/** Who did it, in which role and organisation. */
export interface Actor {
  subject: string;
  role: string;
  organisationCode: string | null;
}

/**
 * One link of a stream's tamper-evident hash chain (docs/integrity.md). A store that chains
 * (SQLite, in-memory; contract option `hashChainAtAppend`) sets it at append, inside the write
 * transaction; EventStoreDB sets none; `hash` is the SHA-256 of the event's canonical form
 * (`integrity/canonical-event.ts`), which includes `previousHash`, the hash of the stream's
 * previous event (null for revision 0).
 */
export interface HashChainLink {
  algorithm: 'sha256';
  previousHash: string | null;
  /** Lowercase hex, 64 characters. */
  hash: string;
}

export interface EventMetadata {
  /** Schema version of the event's data shape, for upcasting. */
  schemaVersion: number;
  actor: Actor;
  correlationId: string;
  causationId: string;
  /** The Idempotency-Key header of the request that caused the event, if any. */
  idempotencyKey: string | null;
  /**
   * Set by a chaining store on every recorded event; an appender never supplies it (an append
   * that does is refused with a RangeError, by every store). Absent on events that are not
   * recorded yet, and on every event of a store that does not chain (EventStoreDB).
   */
  hashChain?: HashChainLink;
  [extra: string]: unknown;
}

export interface EventToAppend {
  /** Client-chosen UUID; an adapter may use it to deduplicate a retried append. */
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  eventId: string;
  streamId: string;
  /** 0-based revision within the stream. */
  revision: number;
  /** Position in the global log: at least 1, increasing, stable; gap-free on embedded stores. */
  position: number;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  /** Server clock at append, ISO 8601 UTC. */
  recordedAt: string;
}

/**
 * - a number: the stream's current revision must be exactly this;
 * - 'no-stream': the stream must not exist yet;
 * - 'stream-exists': the stream must exist;
 * - 'any': no check.
 */
export type ExpectedRevision = number | 'no-stream' | 'stream-exists' | 'any';

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  /**
   * Scoped idempotency key (the caller scopes it, e.g. by subject). Stored with the append
   * in the same transaction, so `findAppendByIdempotencyKey` can give back the original
   * result after a crash or a retry. Appending again with a stored key writes nothing: with
   * the same `requestHash` it resolves to the original result (a replay, whatever the expected
   * revision), with another hash it throws IdempotencyKeyConflictError.
   */
  idempotencyKey?: string;
  /** Hash of the request that carried the key, to tell a replay from a different request. */
  requestHash?: string;
}

export interface AppendResult {
  streamId: string;
  /** Revision of the last event written: the stream's new current revision. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  lastPosition: number;
  /** The events as recorded, in order. */
  events: RecordedEvent[];
}

export interface StreamAppend {
  streamId: string;
  events: EventToAppend[];
  options: AppendOptions;
}

export interface StoredIdempotentAppend {
  idempotencyKey: string;
  requestHash: string;
  result: AppendResult;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /**
   * Read events with position strictly greater than this checkpoint (default 0): 0 or a
   * position the store handed out.
   */
  afterPosition?: number;
  maxCount?: number;
  /**
   * Stop the page once the stored text (data and metadata) of its events reaches this many
   * bytes; a page still holds at least one event. A page of period closes, each megabytes at
   * national scale, then stays small. A store that cannot tell sizes cheaply may ignore it:
   * the SQLite store honours it; the in-memory and EventStoreDB stores page by count only.
   */
  maxBytes?: number;
}

export interface SubscribeOptions {
  /** Deliver events with position strictly greater than this checkpoint. */
  afterPosition: number;
}

export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

export interface Subscription {
  /**
   * Stops delivery; resolves once no handler call is in flight. A handler must not await it:
   * that would wait on itself.
   */
  stop(): Promise<void>;
  /**
   * Settles when delivery has ended: resolves after stop() or the store's close(); rejects
   * with the error when a handler throws or the log cannot be read. Delivery stops at the
   * failing event, so the last handled event is the checkpoint to resume from.
   */
  readonly done: Promise<void>;
}

export interface EventStore {
  /**
   * Appends all events atomically, or none. Throws WrongExpectedRevisionError when the
   * expected revision does not hold, DuplicateEventIdError when an event id is already
   * stored (on EventStoreDB: when its server catches it; an identical retry is answered with
   * the original result instead; contract option `uniqueEventIds`), RangeError when `events`
   * is empty, EventStoreUnavailableError when the store cannot be reached or written.
   * Resolves only once the events are durable.
   */
  appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /** The stream's events in revision order; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of the stream, or null when it does not exist. */
  streamRevision(streamId: string): Promise<number | null>;
  /** The global log in position order, after a checkpoint. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  /** Catch up from the checkpoint, then follow live appends, in position order, one at a time. */
  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription;
  /**
   * Appends to several streams in one atomic transaction: every batch is written, or none
   * is (any failed expected revision fails the whole call). Used by all-or-nothing bulk
   * import. Adapters whose server cannot commit across streams set
   * `supportsMultiStreamAppend` to false and throw if called.
   */
  appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]>;
  readonly supportsMultiStreamAppend: boolean;
  /**
   * Whether global positions are gap-free: the n-th event ever acknowledged has position n
   * (true on the embedded stores, SQLite and in-memory). False on EventStoreDB, whose positions
   * are sparse: still unique, strictly increasing and stable, but a reader may neither expect
   * `p + 1` after `p` nor count events by subtracting positions. A reader that checks the log
   * for holes (the SQL projector) does so only when this is true. The contract option of the
   * same name says which promise a store's tests hold it to.
   */
  readonly gapFreePositions: boolean;
  findAppendByIdempotencyKey(idempotencyKey: string): Promise<StoredIdempotentAppend | null>;
  /** Cheap liveness check for health endpoints; throws EventStoreUnavailableError. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
