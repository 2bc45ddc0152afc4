import { randomBytes } from 'node:crypto';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import {
  KafkaLedgerPublisher,
  LedgerMessages,
  LedgerRelay,
  type OutboundMessage,
} from '@ledger/messaging';
import { startPrivateBroker, type PrivateBroker } from '@ledger/messaging/testing/kafka-broker';
import { Kafka, logLevel } from 'kafkajs';

import { ratio, whole } from '../report/format';
import { tempSqlite } from '../support/temp-store';
import { median, perSecond } from '../support/timing';
import { importInto, syntheticImportFile } from './import.measurement';
import type { BenchContext, Measurement } from './measurement';

const BATCH = 500;

/** A broker for the run: KAFKA_BROKERS if set, else a private one started from the jars. */
async function benchBroker(
  context: BenchContext,
): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  const configured = context.options.kafkaBrokers;
  if (configured) return { brokers: configured, stop: () => Promise.resolve() };
  context.log('relay: starting a private Kafka broker (docker/kafka/kafka-local.sh)');
  const broker: PrivateBroker = await startPrivateBroker();
  return { brokers: [broker.brokers], stop: () => broker.destroy() };
}

const names = (tag: string) => {
  const id = `${tag}-${randomBytes(4).toString('hex')}`;
  return {
    topicPrefix: `bench.${id}.`,
    transactionalId: `bench-${id}`,
    checkpointGroup: `bench-${id}`,
  };
};

/** The relay from checkpoint 0 to the head: events per second, topic creation left out. */
async function relayRate(
  store: SqliteEventStore,
  brokers: string[],
  head: number,
): Promise<number> {
  const publisher = new KafkaLedgerPublisher({ brokers, ...names('relay') });
  await publisher.prepare();
  const relay = new LedgerRelay(store, publisher, { batchSize: BATCH, pollMs: 5 });
  const started = performance.now();
  const running = relay.run();
  while (relay.status().checkpoint < head) {
    if (relay.status().state === 'stopped') throw new Error('the relay stopped early');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - started;
  relay.stop();
  await running;
  return perSecond(head, ms);
}

/**
 * The baseline: kafkajs's own producer (acks from all in-sync replicas, its default) sending the
 * very messages the relay sends, batch by batch, with no transaction and no checkpoint.
 */
async function rawProducerRate(batches: OutboundMessage[][], brokers: string[], events: number) {
  const { topicPrefix } = names('raw');
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const publisher = new KafkaLedgerPublisher({ brokers, ...names('raw-topics'), topicPrefix });
  await publisher.prepare(); // creates the same topics under this prefix
  await publisher.close();
  const producer = kafka.producer();
  await producer.connect();
  try {
    const started = performance.now();
    for (const batch of batches) {
      const byTopic = new Map<
        string,
        { key: string; value: string; headers: Record<string, string> }[]
      >();
      for (const message of batch) {
        const topic = `${topicPrefix}${message.topic}`;
        if (!byTopic.has(topic)) byTopic.set(topic, []);
        byTopic.get(topic)!.push({
          key: message.key,
          value: JSON.stringify(message.value),
          headers: message.headers,
        });
      }
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
    return perSecond(events, performance.now() - started);
  } finally {
    await producer.disconnect();
  }
}

function batchesOf(events: RecordedEvent[]): OutboundMessage[][] {
  const messages = new LedgerMessages();
  const batches: OutboundMessage[][] = [];
  for (let start = 0; start < events.length; start += BATCH) {
    batches.push(messages.messagesFor(events.slice(start, start + BATCH)));
  }
  return batches;
}

export const relayMeasurement: Measurement = {
  name: 'relay',
  title: 'Kafka relay',
  profileKeys: [],

  async run(context) {
    const lines = context.options.quick ? 3_000 : 20_000;
    const file = tempSqlite('relay');
    const broker = await benchBroker(context);
    try {
      await importInto(
        file.path,
        syntheticImportFile(context.options.seed, lines, 'rel'),
        'all-or-nothing',
      );
      const store = new SqliteEventStore(file.path, { readOnly: true });
      try {
        const events = await store.readAll();
        const head = events.length;
        const batches = batchesOf(events);
        const messageCount = batches.reduce((sum, batch) => sum + batch.length, 0);
        const relay: number[] = [];
        const raw: number[] = [];
        for (let rep = 0; rep < context.sizes.repetitions; rep += 1) {
          raw.push(await rawProducerRate(batches, broker.brokers, head));
          relay.push(await relayRate(store, broker.brokers, head));
          context.log(
            `relay rep ${rep + 1}: relay ${whole(relay.at(-1)!)} events/s, raw ${whole(raw.at(-1)!)} events/s`,
          );
        }
        const relayMedian = median(relay);
        const rawMedian = median(raw);
        return {
          name: 'relay',
          title: 'Kafka relay',
          method: [
            `apps/relay's LedgerRelay from checkpoint 0 to the head of a SQLite log of ${whole(head)} ` +
              `events (a synthetic import of ${whole(lines)} commands), on a real single-node Kafka ` +
              `3.9.1 broker on this machine, in transactions of ${BATCH} events: it reads the log, ` +
              `derives the ${whole(messageCount)} messages of the four topics (events, balances, ` +
              `savings, OAP metrics) with the reports' rules, and commits each batch with its ` +
              `checkpoint. Topic creation is left out.`,
            `Baseline, same run: kafkajs's plain producer (no transaction, no checkpoint, acks ` +
              `from all in-sync replicas) sending the same messages in the same batches, already ` +
              `derived. The ratio is what the relay's derivation and its exactly-once transaction ` +
              `cost against the broker's own speed.`,
          ],
          tables: [
            {
              header: [
                'events',
                'messages',
                'relay (events/s)',
                'baseline: raw producer (events/s)',
                'ratio',
              ],
              rows: [
                [
                  whole(head),
                  whole(messageCount),
                  whole(relayMedian),
                  whole(rawMedian),
                  ratio(relayMedian, rawMedian),
                ],
              ],
            },
          ],
          targets: [],
          notes: [`Medians of ${context.sizes.repetitions} repetitions.`],
        };
      } finally {
        await store.close();
      }
    } finally {
      await broker.stop();
      file.remove();
    }
  },

  profile() {
    return Promise.resolve();
  },
};
