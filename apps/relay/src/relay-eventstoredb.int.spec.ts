/**
 * The relay process on LEDGER_EVENT_STORE=eventstoredb must stop at once, before it touches
 * Kafka, when the server refuses or never answers (see describeFailFastOnEventStoreDb).
 */
import { describeFailFastOnEventStoreDb } from '@ledger/event-store/testing/fail-fast-on-eventstoredb';

jest.setTimeout(60_000);

describeFailFastOnEventStoreDb({
  name: 'apps/relay',
  entry: 'apps/relay/src/main.ts',
  // Never reached: the store is connected first.
  env: { KAFKA_BROKERS: '127.0.0.1:9', LEDGER_RELAY_HEALTH_PORT: '0' },
  startedWord: 'publishing',
});
