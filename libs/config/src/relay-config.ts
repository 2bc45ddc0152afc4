import { ConfigError } from '@ledger/event-store/configured';
import {
  readKafkaSettings,
  readLogLevel,
  readStoreSettings,
  type EventStoreSettings,
  type KafkaSettings,
} from './core-config';
import { processEnvironment, type Environment } from './environment';
import { wholeNumber, type LogLevelName } from './settings';
import { SettingsReader } from './settings-reader';

/** apps/relay's configuration: the log it follows, the brokers it publishes to, and its own. */
export interface RelayConfig {
  /**
   * The event store to follow: the SQLite file in `LEDGER_DATA_DIR` (required, opened
   * read-only), or EventStoreDB (`LEDGER_EVENT_STORE=eventstoredb`,
   * `EVENTSTORE_CONNECTION_STRING`).
   */
  store: EventStoreSettings;
  /** `KAFKA_BROKERS` (required). */
  kafka: KafkaSettings;
  /** `LEDGER_RELAY_TRANSACTIONAL_ID` (default `ledger-relay`). */
  transactionalId: string;
  /** `LEDGER_RELAY_CHECKPOINT_GROUP` (default `ledger-relay`). */
  checkpointGroup: string;
  /** `LEDGER_RELAY_TOPIC_PREFIX` (default none): letters, digits, `.`, `_`, `-`. */
  topicPrefix: string;
  /** `LEDGER_RELAY_BATCH_SIZE`: events per Kafka transaction (default 500). */
  batchSize: number;
  /** `LEDGER_RELAY_POLL_MS`: how often to look for new events when caught up (default 100). */
  pollMs: number;
  /** `LEDGER_RELAY_HEALTH_PORT`: port of GET /health (default 3100; 0: none). */
  healthPort: number;
  /** `LEDGER_RELAY_HEALTH_HOST` (default 127.0.0.1). */
  healthHost: string;
  /** `LEDGER_LOG_LEVEL`: the least severe level logged (default `info`; `silent`: none). */
  logLevel: LogLevelName;
}

/** The relay's settings, validated once at start; every bad one is named. */
export function loadRelayConfig(env: Environment = processEnvironment()): RelayConfig {
  const reader = new SettingsReader(env);
  const store = readStoreSettings(reader, { kinds: ['sqlite', 'eventstoredb'], dataDir: 'follow' });
  const kafka = readKafkaSettings(reader, true);
  const topicPrefix = reader.read(() => {
    const prefix = env.LEDGER_RELAY_TOPIC_PREFIX ?? '';
    if (!/^[a-zA-Z0-9._-]*$/.test(prefix)) {
      throw new ConfigError('LEDGER_RELAY_TOPIC_PREFIX', 'may hold only letters, digits, . _ -');
    }
    return prefix;
  }, '');
  const number = (setting: string, fallback: number, min: number, max: number) =>
    reader.read(() => wholeNumber(setting, env[setting], fallback, min, max), fallback);
  return reader.done({
    store,
    kafka,
    transactionalId: env.LEDGER_RELAY_TRANSACTIONAL_ID || 'ledger-relay',
    checkpointGroup: env.LEDGER_RELAY_CHECKPOINT_GROUP || 'ledger-relay',
    topicPrefix,
    batchSize: number('LEDGER_RELAY_BATCH_SIZE', 500, 1, 10_000),
    pollMs: number('LEDGER_RELAY_POLL_MS', 100, 1, 60_000),
    healthPort: number('LEDGER_RELAY_HEALTH_PORT', 3100, 0, 65_535),
    healthHost: env.LEDGER_RELAY_HEALTH_HOST || '127.0.0.1',
    logLevel: readLogLevel(reader),
  });
}
