/** The relay's settings: the store it follows (SQLite or EventStoreDB) and its own. */
import { ConfigError } from '@ledger/event-store/configured';
import { loadRelayConfig, RelayConfigError } from './relay-config';

const KAFKA = { KAFKA_BROKERS: 'kafka:29092' };
const ESDB = {
  LEDGER_EVENT_STORE: 'eventstoredb',
  EVENTSTORE_CONNECTION_STRING: 'esdb://eventstoredb:2113?tls=false',
};

describe('loadRelayConfig', () => {
  it('follows EventStoreDB with LEDGER_EVENT_STORE=eventstoredb, needing no data folder', () => {
    expect(loadRelayConfig({ ...ESDB, ...KAFKA })).toEqual({
      store: {
        eventStore: 'eventstoredb',
        dataDir: '',
        eventStoreConnectionString: 'esdb://eventstoredb:2113?tls=false',
      },
      brokers: ['kafka:29092'],
      transactionalId: 'ledger-relay',
      checkpointGroup: 'ledger-relay',
      topicPrefix: '',
      batchSize: 500,
      pollMs: 100,
      healthPort: 3100,
      healthHost: '127.0.0.1',
    });
  });

  it('requires EVENTSTORE_CONNECTION_STRING with eventstoredb, and checks it', () => {
    const load = (connection: string | undefined) => () =>
      loadRelayConfig({ ...ESDB, ...KAFKA, EVENTSTORE_CONNECTION_STRING: connection });
    expect(load(undefined)).toThrow(ConfigError);
    expect(load('')).toThrow(
      /^Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set when LEDGER_EVENT_STORE is "eventstoredb"/,
    );
    expect(load('esdb://:2113')).toThrow(/^Invalid configuration: EVENTSTORE_CONNECTION_STRING /);
    expect(load('esdb://es:2113?throwOnAppendFailure=false')).toThrow(
      /EVENTSTORE_CONNECTION_STRING must not set throwOnAppendFailure=false/,
    );
  });

  it('refuses the in-memory store and unknown kinds', () => {
    expect(() => loadRelayConfig({ ...KAFKA, LEDGER_EVENT_STORE: 'memory' })).toThrow(
      'LEDGER_EVENT_STORE must be one of "sqlite", "eventstoredb", got "memory"',
    );
    expect(() => loadRelayConfig({ ...KAFKA, LEDGER_EVENT_STORE: 'postgres' })).toThrow(
      /LEDGER_EVENT_STORE/,
    );
  });

  it('still needs LEDGER_DATA_DIR with SQLite (the default)', () => {
    expect(() => loadRelayConfig(KAFKA)).toThrow(RelayConfigError);
    expect(() => loadRelayConfig(KAFKA)).toThrow('LEDGER_DATA_DIR is required');
    expect(() => loadRelayConfig({ ...KAFKA, LEDGER_DATA_DIR: '/no/such/ledger/folder' })).toThrow(
      'LEDGER_DATA_DIR: /no/such/ledger/folder holds no ledger.sqlite',
    );
  });

  it('checks its own settings on EventStoreDB too', () => {
    expect(() => loadRelayConfig(ESDB)).toThrow('KAFKA_BROKERS is required');
    expect(() => loadRelayConfig({ ...ESDB, KAFKA_BROKERS: 'kafka' })).toThrow(
      'KAFKA_BROKERS: "kafka" is not host:port',
    );
  });
});
