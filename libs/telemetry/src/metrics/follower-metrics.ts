import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { BATCH_SECONDS_BUCKETS, createMetricsRegistry } from './registry';

/**
 * The log a follower (the projector, the relay) reads, as its lag is measured against it. The
 * event store fits: only its head, one event after the checkpoint, and whether its positions are
 * gap-free are asked for.
 */
export interface FollowedLog {
  readonly gapFreePositions: boolean;
  headPosition(): Promise<number>;
  readAll(options: {
    afterPosition?: number;
    maxCount?: number;
  }): Promise<ReadonlyArray<{ recordedAt: string }>>;
}

/** Which follower: its series are named `ledger_<follower>_…`. */
export type FollowerName = 'projector' | 'relay';

/**
 * What both followers export: their checkpoint (set as batches commit), their lag behind the
 * log (read from the log when scraped) and how long their batches take.
 *
 * - Lag in events is `head − checkpoint` on a store with gap-free positions (SQLite). On
 *   EventStoreDB positions are sparse commit positions, and a difference of two counts bytes,
 *   not events: there the gauge is 0 when caught up and NaN ("unknown") when behind, and the lag
 *   in seconds is the one to watch.
 * - Lag in seconds is how long the oldest event not yet handled has waited: now − its
 *   `recordedAt`, or 0 when caught up. (Measured from the last event handled instead, a
 *   follower a few milliseconds behind a write made after a quiet week would show a week.)
 */
export class FollowerMetrics {
  readonly registry: Registry;
  protected readonly batchSeconds: Histogram;
  private checkpoint = 0;
  private checkpointSource: (() => number) | null = null;

  constructor(
    follower: FollowerName,
    log: FollowedLog,
    registry: Registry = createMetricsRegistry(),
    now: () => number = Date.now,
  ) {
    this.registry = registry;
    const registers = [registry];
    const checkpoint = () => this.checkpointSource?.() ?? this.checkpoint;
    new Gauge({
      name: `ledger_${follower}_checkpoint_position`,
      help: `Position of the last event the ${follower} has committed (its checkpoint).`,
      registers,
      collect() {
        this.set(checkpoint());
      },
    });
    new Gauge({
      name: `ledger_${follower}_lag_events`,
      help:
        `Events in the log after the ${follower}'s checkpoint (head − checkpoint), read when ` +
        'scraped; on a store with sparse positions (EventStoreDB) 0 when caught up, else NaN.',
      registers,
      async collect() {
        const head = await log.headPosition().catch(() => Number.NaN);
        const behind = head - checkpoint();
        if (Number.isNaN(behind)) this.set(Number.NaN);
        else if (behind <= 0) this.set(0);
        else this.set(log.gapFreePositions ? behind : Number.NaN);
      },
    });
    new Gauge({
      name: `ledger_${follower}_lag_seconds`,
      help:
        `How long the oldest event the ${follower} has not yet committed has waited ` +
        '(now − its recordedAt), read when scraped; 0 when caught up.',
      registers,
      async collect() {
        try {
          const [next] = await log.readAll({ afterPosition: checkpoint(), maxCount: 1 });
          this.set(next ? Math.max(0, (now() - Date.parse(next.recordedAt)) / 1000) : 0);
        } catch {
          this.set(Number.NaN);
        }
      },
    });
    this.batchSeconds = new Histogram({
      name: `ledger_${follower}_batch_duration_seconds`,
      help: `Time the ${follower} took to commit one batch of events.`,
      buckets: BATCH_SECONDS_BUCKETS,
      registers,
    });
  }

  /** Where the follower starts (its stored checkpoint), and then after each batch. */
  setCheckpoint(position: number): void {
    this.checkpoint = position;
  }

  /** Or: where to read the checkpoint from when scraped (the relay's own status). */
  readCheckpointFrom(source: () => number): void {
    this.checkpointSource = source;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** One batch the projector committed to the read model. */
export interface ProjectedBatch {
  checkpoint: number;
  /** Events applied (on EventStoreDB, events at or below the checkpoint are skipped). */
  applied: number;
  seconds: number;
}

/** apps/projector's series: the follower's, and the events applied to the read model. */
export class ProjectorMetrics extends FollowerMetrics {
  private readonly applied: Counter;

  constructor(log: FollowedLog, registry?: Registry, now?: () => number) {
    super('projector', log, registry, now);
    this.applied = new Counter({
      name: 'ledger_projector_events_applied_total',
      help: 'Events the projector has applied to the read model since it started.',
      registers: [this.registry],
    });
  }

  recordBatch(batch: ProjectedBatch): void {
    this.setCheckpoint(batch.checkpoint);
    this.applied.inc(batch.applied);
    this.batchSeconds.observe(batch.seconds);
  }
}

/** One Kafka transaction the relay committed. */
export interface PublishedBatch {
  checkpoint: number;
  events: number;
  messages: number;
  /** From reading the batch to the broker's commit, retries included. */
  seconds: number;
}

/** apps/relay's series: the follower's, what it has published, and the broker's failures. */
export class RelayMetrics extends FollowerMetrics {
  private readonly events: Counter;
  private readonly messages: Counter;
  private readonly kafkaErrors: Counter;

  constructor(log: FollowedLog, registry?: Registry, now?: () => number) {
    super('relay', log, registry, now);
    const registers = [this.registry];
    this.events = new Counter({
      name: 'ledger_relay_events_published_total',
      help: 'Events the relay has published to Kafka (in committed transactions) since it started.',
      registers,
    });
    this.messages = new Counter({
      name: 'ledger_relay_messages_published_total',
      help: 'Kafka messages the relay has published in committed transactions (every topic) since it started.',
      registers,
    });
    this.kafkaErrors = new Counter({
      name: 'ledger_relay_kafka_errors_total',
      help: 'Failed attempts to reach, publish to or commit on Kafka (each is retried with backoff).',
      registers,
    });
  }

  recordBatch(batch: PublishedBatch): void {
    this.setCheckpoint(batch.checkpoint);
    this.events.inc(batch.events);
    this.messages.inc(batch.messages);
    this.batchSeconds.observe(batch.seconds);
  }

  countKafkaError(): void {
    this.kafkaErrors.inc();
  }
}
