import { Kafka, logLevel, type Admin, type Producer, type Message } from 'kafkajs';
import type { OutboundMessage } from '../messages/outbound-message';
import { PUBLIC_TOPICS, RELAY_CHECKPOINT_TOPIC } from '../topics/ledger-topics';

export interface LedgerPublisherOptions {
  /** `host:port` of each bootstrap broker. */
  brokers: readonly string[];
  clientId?: string;
  /**
   * The producer's transactional id. One relay per id: a second one fences the first, so two
   * relays never publish the same batch.
   */
  transactionalId?: string;
  /** The consumer group whose committed offset on the checkpoint topic is the checkpoint. */
  checkpointGroup?: string;
  /** Prefixed to every topic name (tests give each run its own topics). Default: none. */
  topicPrefix?: string;
  /** Replication factor for topics the publisher creates (1 for a single broker). */
  replicationFactor?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** What the relay needs of the broker: a checkpoint, and batches published atomically with it. */
export interface LedgerPublisher {
  /** Creates missing topics and connects the transactional producer (fencing any older one). */
  prepare(): Promise<void>;
  /** The log position of the last batch committed (0 before any). */
  checkpoint(): Promise<number>;
  /**
   * In one Kafka transaction: every message, and the checkpoint moved to `position`. Either
   * all of it is visible to read_committed consumers, or none of it.
   */
  publish(messages: readonly OutboundMessage[], position: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The kafkajs publisher. The checkpoint is the committed offset of `checkpointGroup` on the
 * one-partition checkpoint topic, written with `sendOffsets` inside each publishing
 * transaction: the broker stores it with the messages' commit, and an aborted transaction
 * leaves it where it was. Reading it back is one OffsetFetch, no consumer.
 */
export class KafkaLedgerPublisher implements LedgerPublisher {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private producer: Producer | null = null;
  private adminConnected = false;
  private readonly transactionalId: string;
  private readonly checkpointGroup: string;
  private readonly prefix: string;

  constructor(private readonly options: LedgerPublisherOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'ledger-relay',
      brokers: [...options.brokers],
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      logLevel: logLevel.NOTHING,
      // The relay retries a whole batch itself, with its own backoff and health reporting.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    this.admin = this.kafka.admin();
    this.transactionalId = options.transactionalId ?? 'ledger-relay';
    this.checkpointGroup = options.checkpointGroup ?? 'ledger-relay';
    this.prefix = options.topicPrefix ?? '';
  }

  /** The broker-side name of a topic. */
  topicName(name: string): string {
    return `${this.prefix}${name}`;
  }

  async prepare(): Promise<void> {
    await this.connectAdmin();
    const existing = new Set(await this.admin.listTopics());
    const replicationFactor = this.options.replicationFactor ?? 1;
    const missing = [
      ...PUBLIC_TOPICS.map((topic) => ({
        topic: this.topicName(topic.name),
        numPartitions: topic.partitions,
        replicationFactor,
        configEntries: [
          { name: 'cleanup.policy', value: topic.cleanupPolicy },
          { name: 'retention.ms', value: String(topic.retentionMs) },
        ],
      })),
      {
        topic: this.topicName(RELAY_CHECKPOINT_TOPIC),
        numPartitions: 1,
        replicationFactor,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
    ].filter((topic) => !existing.has(topic.topic));
    if (missing.length > 0) {
      await this.admin.createTopics({ topics: missing, waitForLeaders: true });
    }
    await this.connectProducer();
  }

  async checkpoint(): Promise<number> {
    await this.connectAdmin();
    const [entry] = await this.admin.fetchOffsets({
      groupId: this.checkpointGroup,
      topics: [this.topicName(RELAY_CHECKPOINT_TOPIC)],
    });
    const offset = Number(entry?.partitions.find((p) => p.partition === 0)?.offset ?? '-1');
    return offset > 0 ? offset : 0;
  }

  async publish(messages: readonly OutboundMessage[], position: number): Promise<void> {
    const producer = await this.connectProducer();
    const transaction = await producer.transaction();
    try {
      await transaction.sendBatch({ topicMessages: this.byTopic(messages) });
      await transaction.sendOffsets({
        consumerGroupId: this.checkpointGroup,
        topics: [
          {
            topic: this.topicName(RELAY_CHECKPOINT_TOPIC),
            partitions: [{ partition: 0, offset: String(position) }],
          },
        ],
      });
      await transaction.commit();
    } catch (error) {
      // The transaction may be half sent: abort it if the broker still listens, and start the
      // next attempt on a new producer, whose initialisation fences and aborts this one.
      await transaction.abort().catch(() => undefined);
      await this.dropProducer();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.dropProducer();
    if (this.adminConnected) {
      this.adminConnected = false;
      await this.admin.disconnect().catch(() => undefined);
    }
  }

  private byTopic(messages: readonly OutboundMessage[]) {
    const byTopic = new Map<string, Message[]>();
    for (const message of messages) {
      const topic = this.topicName(message.topic);
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push({
        key: message.key,
        value: JSON.stringify(message.value),
        headers: message.headers,
      });
    }
    return [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
  }

  private async connectAdmin(): Promise<void> {
    if (this.adminConnected) return;
    await this.admin.connect();
    this.adminConnected = true;
  }

  private async connectProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }
}
