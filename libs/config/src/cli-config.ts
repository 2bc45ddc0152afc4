import {
  readLogLevel,
  readReadModelSettings,
  readStoreSettings,
  type EventStoreSettings,
  type ReadModelSettings,
} from './core-config';
import { processEnvironment, type Environment } from './environment';
import { dataDirectory, type LogLevelName } from './settings';
import { SettingsReader } from './settings-reader';

/** The `ledger` CLI's configuration: the store and read model its commands work on. */
export interface CliConfig {
  /**
   * `LEDGER_EVENT_STORE`, `LEDGER_DATA_DIR` (default `./data`, made absolute; a command's
   * `--data-dir` wins, see `withDataDir`) and `EVENTSTORE_CONNECTION_STRING`.
   */
  store: EventStoreSettings;
  /** `LEDGER_READ_MODEL_URL` (optional) and `LEDGER_READ_MODEL_SCHEMA` (default `ledger_read`). */
  readModel: ReadModelSettings;
  /** `LEDGER_LOG_LEVEL`: the level of the CLI's diagnostics, if it logs any (default `info`). */
  logLevel: LogLevelName;
}

/** The CLI's settings, validated once when it starts; every bad one is named. */
export function loadCliConfig(env: Environment = processEnvironment()): CliConfig {
  const reader = new SettingsReader(env);
  const store = readStoreSettings(reader);
  const readModel = readReadModelSettings(reader);
  const logLevel = readLogLevel(reader);
  return reader.done({ store, readModel, logLevel });
}

/** The store settings with a command's `--data-dir`, when given, in place of the configured. */
export function withDataDir(
  store: EventStoreSettings,
  dataDir: string | undefined,
): EventStoreSettings {
  if (dataDir === undefined) return store;
  return { ...store, dataDir: dataDirectory('--data-dir', dataDir) };
}
