/**
 * The relay's batches traced, against the real Kafka broker of the int tier (nothing mocked),
 * with a test tracer provider exporting every span to memory. A ledger history is relayed in two
 * batches; each is one `relay.publish_batch` producer span with its event count and position
 * range, and a consumer reading the topics with read_committed finds on every message a W3C
 * `traceparent` header naming its batch's span: the trace an analyst's consumer can join.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { writeCommandHistory } from '@ledger/commands/testing/command-history';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerRelay, PUBLIC_TOPICS } from '@ledger/messaging';
import {
  parentOf,
  startInMemoryTracing,
  type InMemoryTracing,
} from '@ledger/telemetry/tracing/testing/in-memory-tracing';
import {
  isolatedRelayNames,
  publisherFor,
  readPublicTopics,
  testBrokers,
  waitFor,
  type ReadMessage,
} from './relay-testing';

jest.setTimeout(120_000);

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('relay tracing: a span per batch, its trace context on every message', () => {
  let tracing: InMemoryTracing;
  let dir: string;
  let store: SqliteEventStore;
  let head: number;
  let batches: ReadableSpan[];
  let messages: ReadMessage[];

  beforeAll(async () => {
    tracing = startInMemoryTracing();
    const brokers = testBrokers();
    dir = mkdtempSync(join(tmpdir(), 'relay-tracing-'));
    store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    head = await writeCommandHistory(store, { agreements: 1, months: 3, adjustmentsPerMonth: 1 });
    tracing.reset();
    const names = isolatedRelayNames('tracing');
    const relay = new LedgerRelay(store, publisherFor(brokers, names), {
      batchSize: Math.ceil(head / 2),
      pollMs: 20,
    });
    const running = relay.run();
    await waitFor(() => relay.status().checkpoint === head, `the relay to reach ${head}`);
    relay.stop();
    await running;
    batches = tracing.spans().filter((span) => span.name === 'relay.publish_batch');
    const topics = await readPublicTopics(brokers, names.topicPrefix);
    messages = PUBLIC_TOPICS.flatMap(({ name }) => topics.get(name)!);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await tracing.stop();
  });

  it('makes one producer span per batch, a root, with its events and position range', () => {
    expect(batches).toHaveLength(2);
    const [first, second] = [...batches].sort(
      (a, b) =>
        (a.attributes['ledger.position.first'] as number) -
        (b.attributes['ledger.position.first'] as number),
    );
    const size = Math.ceil(head / 2);
    expect(first.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'ledger.events.count': size,
      'ledger.position.first': 1,
      'ledger.position.last': size,
      'ledger.relay.committed': true,
      'ledger.relay.failed_attempts': 0,
    });
    expect(second.attributes).toMatchObject({
      'ledger.events.count': head - size,
      'ledger.position.first': size + 1,
      'ledger.position.last': head,
    });
    for (const batch of batches) {
      expect(batch.kind).toBe(SpanKind.PRODUCER);
      expect(parentOf(batch)).toBeUndefined();
      expect(batch.attributes['messaging.batch.message_count']).toBeGreaterThan(0);
    }
    expect(
      batches.reduce(
        (sum, batch) => sum + (batch.attributes['messaging.batch.message_count'] as number),
        0,
      ),
    ).toBe(messages.length);
  });

  it('puts the traceparent of its batch span on every message of every topic', () => {
    const spanIds = new Map(batches.map((batch) => [batch.spanContext().spanId, batch]));
    expect(messages.length).toBeGreaterThan(head);
    for (const message of messages) {
      const match = TRACEPARENT.exec(message.headers.traceparent ?? '');
      expect(match).not.toBeNull();
      const [, traceId, spanId] = match!;
      const batch = spanIds.get(spanId);
      expect(batch).toBeDefined();
      expect(traceId).toBe(batch!.spanContext().traceId);
      // The message's event lies in the batch's position range.
      const position = Number(message.headers.position);
      expect(position).toBeGreaterThanOrEqual(batch!.attributes['ledger.position.first'] as number);
      expect(position).toBeLessThanOrEqual(batch!.attributes['ledger.position.last'] as number);
      expect(message.headers.tracestate).toBeUndefined();
    }
  });
});
