/**
 * Proves the Kafka test infrastructure: the int tier's shared broker (global setup), the
 * topic reader's isolation handling, and a private broker that survives stop/start and kill.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, type Message, type Producer } from 'kafkajs';
import {
  type PrivateBroker,
  quietKafkaLogging,
  readTopicToEnd,
  startPrivateBroker,
  testKafkaBrokers,
} from '@ledger/messaging/testing';

jest.setTimeout(120_000);

function kafkaFor(brokers: string): Kafka {
  return new Kafka({ clientId: 'broker-int-spec', brokers: [brokers], ...quietKafkaLogging });
}

async function createTopic(kafka: Kafka, numPartitions = 1): Promise<string> {
  const topic = `infra-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

function transactionalProducer(kafka: Kafka): Producer {
  return kafka.producer({
    transactionalId: `broker-int-spec-${randomUUID()}`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
}

async function inTransaction(
  producer: Producer,
  topic: string,
  messages: Message[],
  outcome: 'commit' | 'abort',
): Promise<void> {
  const transaction = await producer.transaction();
  await transaction.send({ topic, messages });
  await (outcome === 'commit' ? transaction.commit() : transaction.abort());
}

const committed: Message[] = [
  { key: 'account-1', value: 'opened', headers: { 'event-type': 'AccountOpened' } },
  { key: 'account-1', value: 'credited', headers: { 'event-type': 'Credited' } },
  { key: 'account-2', value: 'opened', headers: { 'event-type': 'AccountOpened' } },
];

describe('the int tier shared broker (KAFKA_BROKERS from the global setup)', () => {
  const brokers = testKafkaBrokers();
  const kafka = kafkaFor(brokers);
  let producer: Producer;

  beforeAll(async () => {
    producer = transactionalProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  it('is a real broker, exported to the test workers', async () => {
    expect(brokers).toMatch(/^[^:,]+:\d+/);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
  });

  it('read_committed returns exactly the committed transaction, not the aborted one', async () => {
    const topic = await createTopic(kafka);
    await inTransaction(producer, topic, committed, 'commit');
    await inTransaction(producer, topic, [{ key: 'account-3', value: 'never' }], 'abort');

    const records = await readTopicToEnd({ brokers, topic, isolation: 'read_committed' });

    expect(records).toEqual([
      {
        partition: 0,
        offset: '0',
        key: 'account-1',
        value: 'opened',
        headers: { 'event-type': 'AccountOpened' },
      },
      {
        partition: 0,
        offset: '1',
        key: 'account-1',
        value: 'credited',
        headers: { 'event-type': 'Credited' },
      },
      {
        partition: 0,
        offset: '2',
        key: 'account-2',
        value: 'opened',
        headers: { 'event-type': 'AccountOpened' },
      },
    ]);
    // Offset 3 is the commit marker, 4 the aborted record, 5 the abort marker.
    const uncommitted = await readTopicToEnd({ brokers, topic, isolation: 'read_uncommitted' });
    expect(uncommitted.map((r) => [r.offset, r.value])).toEqual([
      ['0', 'opened'],
      ['1', 'credited'],
      ['2', 'opened'],
      ['4', 'never'],
    ]);
  });

  it('reads every partition, in partition then offset order', async () => {
    const topic = await createTopic(kafka, 3);
    const messages = Array.from({ length: 30 }, (_, i) => ({
      key: `k${i}`,
      value: `v${i}`,
      partition: i % 3,
    }));
    await inTransaction(producer, topic, messages, 'commit');

    const records = await readTopicToEnd({ brokers, topic, isolation: 'read_committed' });

    expect(records).toHaveLength(30);
    expect(records.map((r) => r.partition)).toEqual([
      ...Array<number>(10).fill(0),
      ...Array<number>(10).fill(1),
      ...Array<number>(10).fill(2),
    ]);
    for (const partition of [0, 1, 2]) {
      const offsets = records.filter((r) => r.partition === partition).map((r) => r.offset);
      expect(offsets).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    }
    expect(new Set(records.map((r) => r.value))).toEqual(new Set(messages.map((m) => m.value)));
  });

  it('stops at the last stable offset while a transaction is open (no hang)', async () => {
    const topic = await createTopic(kafka);
    await inTransaction(producer, topic, committed, 'commit');
    const open = await producer.transaction();
    await open.send({ topic, messages: [{ key: 'account-9', value: 'in flight' }] });
    try {
      const readCommitted = await readTopicToEnd({ brokers, topic, isolation: 'read_committed' });
      expect(readCommitted.map((r) => r.value)).toEqual(['opened', 'credited', 'opened']);

      const readUncommitted = await readTopicToEnd({
        brokers,
        topic,
        isolation: 'read_uncommitted',
      });
      expect(readUncommitted.map((r) => r.value)).toEqual([
        'opened',
        'credited',
        'opened',
        'in flight',
      ]);
    } finally {
      await open.abort();
    }
  });

  it('returns [] for an empty topic without starting a consumer', async () => {
    const topic = await createTopic(kafka, 2);
    await expect(readTopicToEnd({ brokers, topic, timeoutMs: 5_000 })).resolves.toEqual([]);
  });
});

describe('a private broker (startPrivateBroker)', () => {
  let broker: PrivateBroker | undefined;

  afterAll(async () => {
    await broker?.destroy();
  });

  it('keeps its data across stop/start and across a SIGKILL', async () => {
    // A short broker session: after a SIGKILL the restarted broker can only register once
    // its previous session expired (default 9 s, which makes the restart take ~17 s).
    broker = await startPrivateBroker({
      env: {
        KAFKA_EXTRA_PROPERTIES: 'broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=500',
      },
    });
    expect(broker.brokers).not.toBe(testKafkaBrokers());
    await expect(broker.isRunning()).resolves.toBe(true);

    const kafka = kafkaFor(broker.brokers);
    const topic = await createTopic(kafka);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'survives' }] });
    await producer.disconnect();

    await broker.stop();
    await expect(broker.isRunning()).resolves.toBe(false);
    await broker.start();
    let records = await readTopicToEnd({ brokers: broker.brokers, topic });
    expect(records.map((r) => [r.key, r.value])).toEqual([['k', 'survives']]);

    await broker.kill();
    await expect(broker.isRunning()).resolves.toBe(false);
    await broker.start();
    records = await readTopicToEnd({ brokers: broker.brokers, topic });
    expect(records.map((r) => [r.key, r.value])).toEqual([['k', 'survives']]);

    await broker.stop();
    await expect(broker.isRunning()).resolves.toBe(false);
  });
});
