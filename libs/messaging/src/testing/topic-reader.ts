/**
 * Reads a whole topic, as a consumer with a given isolation level sees it, for assertions.
 */
import { randomUUID } from 'node:crypto';
import { type Admin, type IHeaders, Kafka, type KafkaMessage } from 'kafkajs';
import { quietKafkaLogging } from './kafka-logging';

export type IsolationLevel = 'read_committed' | 'read_uncommitted';

export interface TopicRecord {
  readonly partition: number;
  /** Kafka offsets are int64: kept as the decimal string kafkajs uses. */
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  /** UTF-8 decoded; for a header key sent more than once, the last value (Java's lastHeader). */
  readonly headers: Record<string, string>;
}

export interface ReadTopicOptions {
  /** `host:port[,host:port...]` or a list. */
  readonly brokers: string | readonly string[];
  readonly topic: string;
  /** Default read_committed. */
  readonly isolation?: IsolationLevel;
  /** Default 30 s; the read fails (with each partition's position and end) past it. */
  readonly timeoutMs?: number;
}

/** How long the partitions' ends must hold still before a read trusts them. */
const SETTLE_MS = 200;
const SETTLE_ATTEMPTS = 10;

/**
 * The partitions' offsets once two reads SETTLE_MS apart agree. A committed transaction's
 * markers reach its partitions after the producer's commit returns, and until a partition
 * has its marker, its last stable offset still stops before the transaction: read at once,
 * a partition of a just-committed transaction can look empty. An open transaction keeps the
 * same end in both reads, so it is still not waited for.
 */
async function settledOffsets(admin: Admin, topic: string) {
  let offsets = await admin.fetchTopicOffsets(topic);
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const again = await admin.fetchTopicOffsets(topic);
    const same = (a: typeof offsets, b: typeof offsets) =>
      a.length === b.length &&
      a.every((o) =>
        b.some((p) => p.partition === o.partition && p.high === o.high && p.low === o.low),
      );
    if (same(offsets, again)) return again;
    offsets = again;
  }
  return offsets;
}

/**
 * Every record currently in `topic` (all partitions), in partition then offset order.
 *
 * The end of each partition is taken up front, with admin.fetchTopicOffsets, once it holds
 * still (see settledOffsets). kafkajs sends that ListOffsets request read_committed, so the end is the partition's last stable
 * offset: the high watermark, unless a transaction is still open, in which case it is the
 * first offset of that transaction. That is exactly how far a read_committed consumer can
 * get, so a read never hangs on an open transaction. With read_uncommitted the end is raised
 * to the high watermark that the fetch responses report, so records of open transactions are
 * included too (except in a partition that holds nothing but them: its end reads as its
 * start, so it reads as empty).
 *
 * A consumer with a fresh group id reads from the beginning and stops when its *position*
 * in every partition reaches the end. Positions come from kafkajs's batch events, which
 * also cover batches holding only transaction markers or aborted records: markers occupy
 * offsets, so counting records would never get there.
 *
 * Records written after the ends were taken are not returned.
 */
export async function readTopicToEnd(options: ReadTopicOptions): Promise<TopicRecord[]> {
  const { topic } = options;
  const isolation = options.isolation ?? 'read_committed';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const brokers = (
    typeof options.brokers === 'string' ? options.brokers.split(',') : [...options.brokers]
  )
    .map((broker) => broker.trim())
    .filter(Boolean);
  const startedAt = Date.now();
  const kafka = new Kafka({
    clientId: 'topic-reader',
    brokers,
    ...quietKafkaLogging,
    connectionTimeout: 5_000,
    retry: { retries: 5, initialRetryTime: 200 },
  });

  const end = new Map<number, bigint>();
  const position = new Map<number, bigint>();
  const admin = kafka.admin();
  try {
    await admin.connect();
    for (const { partition, high, low } of await settledOffsets(admin, topic)) {
      end.set(partition, BigInt(high));
      position.set(partition, BigInt(low));
    }
  } catch (error) {
    throw new Error(
      `readTopicToEnd: cannot get the offsets of topic '${topic}' from ${brokers.join(',')}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    await admin.disconnect();
  }

  const behind = () => [...end].filter(([partition, last]) => position.get(partition)! < last);
  if (behind().length === 0) return [];

  const records = new Map<string, TopicRecord>();
  const consumer = kafka.consumer({
    groupId: `topic-reader-${topic}-${randomUUID()}`,
    readUncommitted: isolation === 'read_uncommitted',
    allowAutoTopicCreation: false,
    // Short fetch long-polls: disconnect() waits for the fetch in flight.
    maxWaitTimeInMs: 100,
    retry: { retries: 5, initialRetryTime: 200 },
  });

  let reachedEnd!: () => void;
  let failed!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    reachedEnd = resolve;
    failed = reject;
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic !== topic) return;
    const { partition } = payload;
    const next = BigInt(payload.lastOffset) + 1n;
    if (next > (position.get(partition) ?? 0n)) position.set(partition, next);
    if (isolation === 'read_uncommitted') {
      const highWatermark = BigInt(payload.highWatermark);
      if (highWatermark > (end.get(partition) ?? 0n)) end.set(partition, highWatermark);
    }
    if (behind().length === 0) reachedEnd();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) failed(payload.error);
  });

  const timer = setTimeout(
    () => {
      const progress = [...end]
        .map(([partition, last]) => `${partition}: ${position.get(partition)}/${last}`)
        .join(', ');
      failed(
        new Error(
          `readTopicToEnd: '${topic}' (${isolation}) not read to the end within ${timeoutMs} ms; partition: position/end = ${progress}`,
        ),
      );
    },
    Math.max(timeoutMs - (Date.now() - startedAt), 0),
  );
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          records.set(`${batch.partition}:${message.offset}`, toRecord(batch.partition, message));
        }
        return Promise.resolve();
      },
    });
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }

  return [...records.values()]
    .filter((record) => BigInt(record.offset) < (end.get(record.partition) ?? 0n))
    .sort((a, b) =>
      a.partition !== b.partition
        ? a.partition - b.partition
        : Number(BigInt(a.offset) - BigInt(b.offset)),
    );
}

function toRecord(partition: number, message: KafkaMessage): TopicRecord {
  return {
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value === null ? null : message.value.toString('utf8'),
    headers: decodeHeaders(message.headers),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) decoded[name] = value.toString();
  }
  return decoded;
}
