import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { inSpan, LedgerAttributes, ledgerTracer } from '@ledger/event-store/tracing';
import type { LedgerPublisher } from '../kafka/ledger-publisher';
import { LedgerMessages } from '../messages/ledger-messages';
import type { OutboundMessage } from '../messages/outbound-message';

export interface RelayOptions {
  /** Events per Kafka transaction (default 500). */
  batchSize?: number;
  /** How often to look for new events when caught up, in ms (default 100). */
  pollMs?: number;
  /** First wait after a failure, doubling up to `maxBackoffMs` (defaults 200 and 5000). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Told about every committed batch: its checkpoint, its events and messages, and how long it
   * took from reading it to the broker's commit, retries included, in seconds.
   */
  onCommit?: (progress: {
    checkpoint: number;
    events: number;
    messages: number;
    seconds: number;
  }) => void;
  /** Told about every failed attempt to reach or publish to Kafka (each is then retried). */
  onError?: (error: unknown) => void;
}

export type RelayState = 'starting' | 'publishing' | 'caught-up' | 'retrying' | 'stopped';

/** What `/health` reports. */
export interface RelayStatus {
  state: RelayState;
  /** The position of the last event whose batch the broker committed. */
  checkpoint: number;
  /** The log's head when last looked at. */
  head: number;
  /** Failed attempts in a row (0 when healthy). */
  failures: number;
  lastError: string | null;
  /** When the current run of failures began (ISO), null when healthy. */
  failingSince: string | null;
  published: { batches: number; events: number; messages: number };
}

const tracer = ledgerTracer('@ledger/messaging');

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Follows the event store from the relay's checkpoint and publishes every event, with the
 * balances, savings and OAP figures it changes, to Kafka. The log is the outbox: the API
 * appends and never waits for Kafka, and the relay catches up whenever the broker is there.
 *
 * - Each batch is one Kafka transaction holding its messages and the new checkpoint, so a
 *   read_committed consumer sees a batch whole or not at all, and the checkpoint never passes
 *   an event the broker has not acknowledged.
 * - A failed batch is retried, the same messages, with backoff (reported in `status()`), on a
 *   new producer that fences the old one. Before resending, the relay reads the checkpoint
 *   back: if the failure was a lost acknowledgement of a commit that did happen, it moves on
 *   instead of publishing the batch twice.
 * - Per-key order is log order: one producer, one transaction at a time, messages keyed by
 *   stream or by agreement, sent in log order.
 */
export class LedgerRelay {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly messages = new LedgerMessages();
  private stopping = false;
  private current: RelayStatus = {
    state: 'starting',
    checkpoint: 0,
    head: 0,
    failures: 0,
    lastError: null,
    failingSince: null,
    published: { batches: 0, events: 0, messages: 0 },
  };

  constructor(
    private readonly store: EventStore,
    private readonly publisher: LedgerPublisher,
    private readonly options: RelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 100;
    this.initialBackoffMs = options.initialBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  status(): RelayStatus {
    return { ...this.current, published: { ...this.current.published } };
  }

  /** Publishes until `stop()`. Resolves once stopped; a store failure rejects. */
  async run(): Promise<void> {
    const checkpoint = await this.retrying(async () => {
      await this.publisher.prepare();
      return this.publisher.checkpoint();
    });
    if (checkpoint === null) return this.stopped();
    await this.resumeAt(checkpoint);
    while (!this.stopping) {
      const events = await this.store.readAll({
        afterPosition: this.current.checkpoint,
        maxCount: this.batchSize,
      });
      if (events.length === 0) {
        this.current.head = await this.store.headPosition();
        if (this.current.state !== 'retrying') this.current.state = 'caught-up';
        await this.sleep(this.pollMs);
        continue;
      }
      this.current.state = 'publishing';
      const committed = await this.tracedBatch(events);
      if (!committed) break;
    }
    return this.stopped();
  }

  /** Asks the loop to stop after the batch in flight; `run()` then resolves. */
  stop(): void {
    this.stopping = true;
  }

  /** Folds the events already published, without publishing them again. */
  private async resumeAt(checkpoint: number): Promise<void> {
    let after = 0;
    while (after < checkpoint) {
      const page = await this.store.readAll({ afterPosition: after, maxCount: 1000 });
      const published = page.filter((event) => event.position <= checkpoint);
      this.messages.skip(published);
      if (published.length < page.length || page.length === 0) break;
      after = page[page.length - 1].position;
    }
    this.current.checkpoint = checkpoint;
    this.current.head = await this.store.headPosition();
  }

  /**
   * publishBatch in a `relay.publish_batch` span (a producer span), retries included, whose W3C
   * trace context every message of the batch carries (withTraceContext).
   */
  private tracedBatch(events: readonly RecordedEvent[]): Promise<boolean> {
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      [LedgerAttributes.EVENTS_COUNT]: events.length,
      [LedgerAttributes.FIRST_POSITION]: events[0].position,
      [LedgerAttributes.LAST_POSITION]: events[events.length - 1].position,
    };
    const options = { kind: SpanKind.PRODUCER, attributes };
    return inSpan(tracer, 'relay.publish_batch', options, async (span) => {
      const failuresBefore = this.current.failures;
      const committed = await this.publishBatch(events);
      span.setAttributes({
        'ledger.relay.committed': committed,
        'ledger.relay.failed_attempts': Math.max(0, this.current.failures - failuresBefore),
      });
      return committed;
    });
  }

  private async publishBatch(events: readonly RecordedEvent[]): Promise<boolean> {
    const started = process.hrtime.bigint();
    const messages: OutboundMessage[] = withTraceContext(this.messages.messagesFor(events));
    const position = events[events.length - 1].position;
    const done = await this.retrying(async () => {
      if (this.current.failures > 0 && (await this.alreadyCommitted(position))) return true;
      await this.publisher.publish(messages, position);
      return true;
    });
    if (done === null) return false;
    this.current.checkpoint = position;
    this.current.head = Math.max(this.current.head, position);
    this.current.published.batches += 1;
    this.current.published.events += events.length;
    this.current.published.messages += messages.length;
    this.options.onCommit?.({
      checkpoint: position,
      events: events.length,
      messages: messages.length,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
    return true;
  }

  /**
   * After a failure: did the broker commit the batch anyway (only its acknowledgement lost)?
   * The commit's offsets become readable a moment after it, so a "no" is asked twice.
   */
  private async alreadyCommitted(position: number): Promise<boolean> {
    await this.publisher.prepare();
    for (let look = 0; look < 2; look += 1) {
      if ((await this.publisher.checkpoint()) >= position) return true;
      if (look === 0) await this.sleep(200);
    }
    return false;
  }

  /** Runs `attempt` until it succeeds, backing off and reporting failures; null once stopping. */
  private async retrying<T>(attempt: () => Promise<T>): Promise<T | null> {
    let backoff = this.initialBackoffMs;
    while (!this.stopping) {
      try {
        const result = await attempt();
        this.current.failures = 0;
        this.current.lastError = null;
        this.current.failingSince = null;
        return result;
      } catch (error) {
        this.options.onError?.(error);
        this.current.state = 'retrying';
        this.current.failures += 1;
        this.current.lastError = error instanceof Error ? error.message : String(error);
        this.current.failingSince ??= new Date().toISOString();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
    return null;
  }

  private async stopped(): Promise<void> {
    this.current.state = 'stopped';
    await this.publisher.close();
  }
}

/**
 * The messages, each with the active span's W3C trace context in its headers: `traceparent`,
 * and `tracestate` when the trace has one (the propagators of OTEL_PROPAGATORS decide; by
 * default W3C trace context and baggage). With tracing off nothing is injected and the
 * messages are returned as they were.
 */
function withTraceContext(messages: OutboundMessage[]): OutboundMessage[] {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  trace.getActiveSpan()?.setAttribute('messaging.batch.message_count', messages.length);
  if (Object.keys(headers).length === 0) return messages;
  return messages.map((message) => ({ ...message, headers: { ...message.headers, ...headers } }));
}
