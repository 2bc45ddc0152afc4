/** The relay's settings: the store it follows (SQLite or EventStoreDB) and its own. */
import { ConfigError, InvalidConfigError, loadRelayConfig } from './index';

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
      kafka: { brokers: ['kafka:29092'] },
      transactionalId: 'ledger-relay',
      checkpointGroup: 'ledger-relay',
      topicPrefix: '',
      batchSize: 500,
      pollMs: 100,
      healthPort: 3100,
      healthHost: '127.0.0.1',
      logLevel: 'info',
    });
  });

  it('reads its own settings', () => {
    const config = loadRelayConfig({
      ...ESDB,
      KAFKA_BROKERS: ' k1:9092, k2:9093 ',
      LEDGER_RELAY_TRANSACTIONAL_ID: 'relay-a',
      LEDGER_RELAY_CHECKPOINT_GROUP: 'relay-a-checkpoint',
      LEDGER_RELAY_TOPIC_PREFIX: 'test.run-1.',
      LEDGER_RELAY_BATCH_SIZE: '50',
      LEDGER_RELAY_POLL_MS: '20',
      LEDGER_RELAY_HEALTH_PORT: '0',
      LEDGER_RELAY_HEALTH_HOST: '0.0.0.0',
    });
    expect(config).toMatchObject({
      kafka: { brokers: ['k1:9092', 'k2:9093'] },
      transactionalId: 'relay-a',
      checkpointGroup: 'relay-a-checkpoint',
      topicPrefix: 'test.run-1.',
      batchSize: 50,
      pollMs: 20,
      healthPort: 0,
      healthHost: '0.0.0.0',
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
    expect(() => loadRelayConfig(KAFKA)).toThrow(ConfigError);
    expect(() => loadRelayConfig(KAFKA)).toThrow('LEDGER_DATA_DIR is required');
    expect(() => loadRelayConfig({ ...KAFKA, LEDGER_DATA_DIR: '/no/such/ledger/folder' })).toThrow(
      'LEDGER_DATA_DIR (/no/such/ledger/folder) is not a folder',
    );
    expect(() => loadRelayConfig({ ...KAFKA, LEDGER_DATA_DIR: __dirname })).toThrow(
      `LEDGER_DATA_DIR (${__dirname}) holds no ledger.sqlite`,
    );
  });

  it('checks its own settings on EventStoreDB too', () => {
    expect(() => loadRelayConfig(ESDB)).toThrow('KAFKA_BROKERS is required');
    expect(() => loadRelayConfig({ ...ESDB, KAFKA_BROKERS: 'kafka' })).toThrow(
      'KAFKA_BROKERS holds "kafka", which is not host:port',
    );
    expect(() => loadRelayConfig({ ...ESDB, ...KAFKA, LEDGER_RELAY_TOPIC_PREFIX: 'a b' })).toThrow(
      'LEDGER_RELAY_TOPIC_PREFIX may hold only letters, digits, . _ -',
    );
    expect(() => loadRelayConfig({ ...ESDB, ...KAFKA, LEDGER_RELAY_HEALTH_PORT: '65536' })).toThrow(
      'LEDGER_RELAY_HEALTH_PORT must be a whole number from 0 to 65535, got "65536"',
    );
  });

  it('names every bad setting at once', () => {
    const load = () =>
      loadRelayConfig({ LEDGER_EVENT_STORE: 'postgres', LEDGER_RELAY_BATCH_SIZE: '0' });
    expect(load).toThrow(InvalidConfigError);
    expect(load).toThrow(
      /^Invalid configuration: 3 settings cannot be used:\n {2}- LEDGER_EVENT_STORE /,
    );
    expect(load).toThrow(/\n {2}- KAFKA_BROKERS is required/);
    expect(load).toThrow(/\n {2}- LEDGER_RELAY_BATCH_SIZE must be a whole number/);
  });
});
