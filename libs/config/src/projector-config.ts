import { DEFAULT_BATCH_SIZE } from '@ledger/read-model/sql';
import {
  readLogLevel,
  readReadModelSettings,
  readStoreSettings,
  type EventStoreSettings,
  type ReadModelSettings,
} from './core-config';
import { processEnvironment, type Environment } from './environment';
import { wholeNumber, type LogLevelName } from './settings';
import { SettingsReader } from './settings-reader';

/** apps/projector's configuration: the log it follows, the read model it keeps, and its own. */
export interface ProjectorConfig {
  /**
   * The event store to follow: the SQLite file in `LEDGER_DATA_DIR` (required, opened
   * read-only), or EventStoreDB (`LEDGER_EVENT_STORE=eventstoredb`,
   * `EVENTSTORE_CONNECTION_STRING`). Not the in-memory store: another process cannot follow it.
   */
  store: EventStoreSettings;
  /** `LEDGER_READ_MODEL_URL` (required) and `LEDGER_READ_MODEL_SCHEMA` (default `ledger_read`). */
  readModel: ReadModelSettings & { url: string };
  /** `LEDGER_PROJECTOR_BATCH_SIZE`: events per read-model transaction (default 500). */
  batchSize: number;
  /** `LEDGER_PROJECTOR_POLL_MS`: how often to look for appends by other processes (250 ms). */
  pollIntervalMs: number;
  /** `LEDGER_LOG_LEVEL`: the least severe level logged (default `info`; `silent`: none). */
  logLevel: LogLevelName;
  /** `LEDGER_PROJECTOR_METRICS_PORT`: port of GET /metrics (default 3200; 0: none). */
  metricsPort: number;
  /** `LEDGER_PROJECTOR_METRICS_HOST` (default 127.0.0.1; 0.0.0.0 in a container). */
  metricsHost: string;
}

/** Where the projector serves GET /metrics unless told otherwise (the API 3000, the relay 3100). */
export const DEFAULT_PROJECTOR_METRICS_PORT = 3200;

/** The projector's settings, validated once at start; every bad one is named. */
export function loadProjectorConfig(env: Environment = processEnvironment()): ProjectorConfig {
  const reader = new SettingsReader(env);
  const store = readStoreSettings(reader, { kinds: ['sqlite', 'eventstoredb'], dataDir: 'follow' });
  const readModel = readReadModelSettings(reader, true);
  const batchSize = reader.read(
    () =>
      wholeNumber(
        'LEDGER_PROJECTOR_BATCH_SIZE',
        env.LEDGER_PROJECTOR_BATCH_SIZE,
        DEFAULT_BATCH_SIZE,
        1,
        10_000,
      ),
    0,
  );
  const pollIntervalMs = reader.read(
    () => wholeNumber('LEDGER_PROJECTOR_POLL_MS', env.LEDGER_PROJECTOR_POLL_MS, 250, 1, 60_000),
    0,
  );
  const logLevel = readLogLevel(reader);
  const metricsPort = reader.read(
    () =>
      wholeNumber(
        'LEDGER_PROJECTOR_METRICS_PORT',
        env.LEDGER_PROJECTOR_METRICS_PORT,
        DEFAULT_PROJECTOR_METRICS_PORT,
        0,
        65_535,
      ),
    0,
  );
  const metricsHost = env.LEDGER_PROJECTOR_METRICS_HOST || '127.0.0.1';
  return reader.done({
    store,
    readModel,
    batchSize,
    pollIntervalMs,
    logLevel,
    metricsPort,
    metricsHost,
  });
}
