/**
 * The relay against a real Kafka broker (Apache Kafka 3.9.1 in KRaft mode, started by the int
 * tier's global setup; nothing mocked). A ledger history with closes, prior-period adjustments,
 * repatriations, virements and reinvestments is written through LedgerCommands on a SQLite
 * store and relayed in batches of 50 events. A consumer then reads every topic with
 * read_committed and checks that every message satisfies its topic's JSON Schema, that
 * `ledger.events.v1` is the event log exactly (each event once, in log order per stream, with
 * its headers), that the latest balance per key equals the SQL read model's, and that the
 * latest savings and OAP figures per key equal the reports computed from a replay of the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import {
  BALANCES_TOPIC,
  LEDGER_EVENTS_TOPIC,
  londonDateOf,
  MessageValidator,
  OAP_METRICS_TOPIC,
  PUBLIC_TOPICS,
  SAVINGS_TOPIC,
} from '@ledger/messaging';
import {
  budgetProjection,
  foldEvents,
  formatPence,
  oapMetrics,
  savingsReport,
} from '@ledger/read-model';
import { catchUp, SqliteReadModelWriter, SqlProjector } from '@ledger/read-model/sql';
import { writeCommandHistory } from '@ledger/commands/testing/command-history';
import { LedgerRelay } from '@ledger/messaging';
import {
  isolatedRelayNames,
  latestByKey,
  publisherFor,
  readPublicTopics,
  testBrokers,
  waitFor,
  type ReadMessage,
} from './relay-testing';

jest.setTimeout(120_000);

describe('relay: the log to Kafka, checked by a consumer', () => {
  let dir: string;
  let store: SqliteEventStore;
  let events: RecordedEvent[];
  let topics: Map<string, ReadMessage[]>;
  let commits = 0;

  beforeAll(async () => {
    const brokers = testBrokers();
    dir = mkdtempSync(join(tmpdir(), 'relay-'));
    store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    const head = await writeCommandHistory(store, {
      agreements: 2,
      months: 8,
      adjustmentsPerMonth: 2,
    });
    events = await store.readAll();
    const names = isolatedRelayNames('delivery');
    const relay = new LedgerRelay(store, publisherFor(brokers, names), {
      batchSize: 50,
      pollMs: 20,
      onCommit: () => (commits += 1),
    });
    const running = relay.run();
    await waitFor(() => relay.status().checkpoint === head, `the relay to reach ${head}`);
    relay.stop();
    await running;
    topics = await readPublicTopics(brokers, names.topicPrefix);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('published the history in several transactions', () => {
    expect(events.length).toBeGreaterThan(150);
    expect(commits).toBe(Math.ceil(events.length / 50));
  });

  it('gives every message a key and a value that satisfy the topic’s contract', () => {
    const validator = new MessageValidator();
    for (const { name } of PUBLIC_TOPICS) {
      const messages = topics.get(name)!;
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        expect({
          name,
          key: message.key,
          ...validator.check(name, message.key, message.value),
        }).toMatchObject({ valid: true, errors: [] });
      }
    }
  });

  it('puts the event log on ledger.events.v1: every event once, in log order per stream', () => {
    const published = topics.get(LEDGER_EVENTS_TOPIC.name)!;
    expect(published.map((m) => m.value.eventId).sort()).toEqual(
      events.map((e) => e.eventId).sort(),
    );
    const byId = new Map(events.map((event) => [event.eventId, event]));
    const lastPositionOfKey = new Map<string, number>();
    for (const message of published) {
      const event = byId.get(message.value.eventId as string)!;
      expect(message.key).toBe(event.streamId);
      expect(message.value).toMatchObject({
        eventType: event.type,
        streamRevision: event.revision,
        position: event.position,
        recordedAt: event.recordedAt,
        data: event.data,
      });
      expect(message.headers).toEqual({
        'event-id': event.eventId,
        'event-type': event.type,
        'schema-version': String(event.metadata.schemaVersion),
        'correlation-id': event.metadata.correlationId,
        position: String(event.position),
      });
      expect(event.position).toBeGreaterThan(lastPositionOfKey.get(event.streamId) ?? 0);
      lastPositionOfKey.set(event.streamId, event.position);
    }
  });

  it('leaves the latest balance per account equal to the SQL read model', async () => {
    const readModel = new SqliteReadModelWriter(':memory:');
    await readModel.migrate();
    await catchUp(store, new SqlProjector(readModel));
    const expected = new Map(
      (await readModel.balances()).map((row) => [
        `${row.agreementId}|${row.account}`,
        formatPence(row.balancePence),
      ]),
    );
    await readModel.close();
    const latest = latestByKey(topics.get(BALANCES_TOPIC.name)!);
    expect(new Map([...latest].map(([key, m]) => [key, m.value.balance]))).toEqual(expected);
  });

  it('leaves the latest savings and OAP figures per period equal to the reports', () => {
    const state = foldEvents(budgetProjection, events);
    const savings = latestByKey(topics.get(SAVINGS_TOPIC.name)!);
    const metrics = latestByKey(topics.get(OAP_METRICS_TOPIC.name)!);
    const agreementIds = [...new Set([...savings.keys()].map((key) => key.split('|')[0]))];
    expect(agreementIds).toHaveLength(2);
    for (const agreementId of agreementIds) {
      // The figures as the relay last stated them: at the agreement's last event.
      const last = events
        .filter((e) => e.data.agreementId === agreementId || isCaseOf(e, agreementId))
        .at(-1)!;
      const query = { agreementId, asOf: londonDateOf(last.recordedAt), knownAt: last.position };
      for (const { period, ...figures } of savingsReport(state, query)!.byPeriod) {
        expect(savings.get(`${agreementId}|${period}`)?.value).toMatchObject(figures);
      }
      for (const { period, ...figures } of oapMetrics(state, query)!.periods) {
        expect(metrics.get(`${agreementId}|${period}`)?.value).toMatchObject(figures);
      }
    }

    function isCaseOf(event: RecordedEvent, agreementId: string): boolean {
      if (!event.streamId.startsWith('case-')) return false;
      const referral = events.find(
        (e) => e.type === 'ReferralRegistered' && e.streamId === event.streamId,
      );
      return referral?.data.agreementId === agreementId;
    }
  });
});
