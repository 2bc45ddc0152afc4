import { randomBytes } from 'node:crypto';
import { KafkaLedgerPublisher, PUBLIC_TOPICS } from '@ledger/messaging';
import { readTopicToEnd } from '@ledger/messaging/testing/topic-reader';

/** The broker the int tier's global setup started (test/kafka), or the one named. */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: the int tier starts a real broker in its global setup ' +
        '(test/kafka); run these tests through jest --selectProjects int.',
    );
  }
  return brokers.split(',');
}

/** A run of the relay with topics, transactional id and checkpoint group of its own. */
export function isolatedRelayNames(tag: string) {
  const id = `${tag}-${randomBytes(4).toString('hex')}`;
  return {
    topicPrefix: `t.${id}.`,
    transactionalId: `relay-${id}`,
    checkpointGroup: `relay-${id}`,
  };
}

export function publisherFor(
  brokers: string[],
  names: ReturnType<typeof isolatedRelayNames>,
): KafkaLedgerPublisher {
  return new KafkaLedgerPublisher({ brokers, ...names });
}

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Every committed message of the four public topics, each topic's in partition then offset order. */
export async function readPublicTopics(
  brokers: string[],
  topicPrefix: string,
): Promise<Map<string, ReadMessage[]>> {
  const byTopic = new Map<string, ReadMessage[]>();
  for (const { name } of PUBLIC_TOPICS) {
    const messages = await readTopicToEnd({
      brokers,
      topic: `${topicPrefix}${name}`,
      isolation: 'read_committed',
      timeoutMs: 30_000,
    });
    byTopic.set(
      name,
      messages.map((message) => ({
        topic: name,
        partition: message.partition,
        offset: String(message.offset),
        key: message.key,
        value: JSON.parse(message.value ?? 'null') as Record<string, unknown>,
        headers: message.headers,
      })),
    );
  }
  return byTopic;
}

/** The last message per key (one key lives on one partition, so offset order is its order). */
export function latestByKey(messages: readonly ReadMessage[]): Map<string, ReadMessage> {
  const latest = new Map<string, ReadMessage>();
  for (const message of messages) latest.set(message.key ?? '', message);
  return latest;
}

/** Waits for `condition`, polling; throws with `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
