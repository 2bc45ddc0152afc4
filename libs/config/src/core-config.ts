import {
  CONNECTION_SETTING,
  DATA_DIR_SETTING,
  EVENT_STORE_KINDS,
  EVENT_STORE_SETTING,
  parseConnectionString,
  parseEventStoreKind,
  type EventStoreKind,
  type EventStoreSettings,
} from '@ledger/event-store/configured';
import type { SettingsReader } from './settings-reader';
import {
  brokerList,
  dataDirectory,
  existingLedgerDirectory,
  logLevel,
  optionalPostgresUrl,
  readModelSchema,
  requiredPostgresUrl,
  type LogLevelName,
} from './settings';
import { ConfigError } from './settings-reader';

/**
 * The settings every process shares: where the log is, where the read model is, where Kafka is.
 * Each process's loader takes the parts it uses, with the same names, defaults and checks.
 */

export type { EventStoreKind, EventStoreSettings } from '@ledger/event-store/configured';

export const READ_MODEL_URL_SETTING = 'LEDGER_READ_MODEL_URL';
export const READ_MODEL_SCHEMA_SETTING = 'LEDGER_READ_MODEL_SCHEMA';
export const KAFKA_BROKERS_SETTING = 'KAFKA_BROKERS';
export const LOG_LEVEL_SETTING = 'LEDGER_LOG_LEVEL';

/** The read model the reports come from. */
export interface ReadModelSettings {
  /**
   * A `postgres://` URL (`LEDGER_READ_MODEL_URL`): the PostgreSQL read model that
   * `apps/projector` keeps. Null: the embedded SQLite read model beside the log.
   */
  url: string | null;
  /** `LEDGER_READ_MODEL_SCHEMA`, default `ledger_read`. */
  schema: string;
}

export interface KafkaSettings {
  /** `KAFKA_BROKERS`: `host:port[,host:port…]`. */
  brokers: string[];
}

export interface StoreOptions {
  /** The kinds this process can use (default all). */
  kinds?: readonly EventStoreKind[];
  /**
   * How the SQLite data folder is found:
   * - 'create' (default): `LEDGER_DATA_DIR`, else `./data`, made absolute; created when the
   *   store opens. `dataDirFlag` (`--data-dir`) wins over the environment.
   * - 'follow': `LEDGER_DATA_DIR` is required with SQLite and must hold `ledger.sqlite` already
   *   (the processes that follow a log another writes); '' with EventStoreDB.
   */
  dataDir?: 'create' | 'follow';
  dataDirFlag?: { setting: string; value: string };
}

/**
 * `LEDGER_EVENT_STORE` (`sqlite` by default, `memory`, `eventstoredb`), `LEDGER_DATA_DIR` and
 * `EVENTSTORE_CONNECTION_STRING` (required with, and only read for, `eventstoredb`).
 */
export function readStoreSettings(
  reader: SettingsReader,
  options: StoreOptions = {},
): EventStoreSettings {
  const { env } = reader;
  const eventStore = reader.read<EventStoreKind | null>(
    () => parseEventStoreKind(env[EVENT_STORE_SETTING], options.kinds ?? EVENT_STORE_KINDS),
    null,
  );
  const dataDir =
    options.dataDir === 'follow'
      ? eventStore === 'sqlite'
        ? reader.read(() => existingLedgerDirectory(DATA_DIR_SETTING, env[DATA_DIR_SETTING]), '')
        : ''
      : reader.read(
          () =>
            options.dataDirFlag
              ? dataDirectory(options.dataDirFlag.setting, options.dataDirFlag.value)
              : dataDirectory(DATA_DIR_SETTING, env[DATA_DIR_SETTING] ?? './data'),
          '',
        );
  const eventStoreConnectionString =
    eventStore === null
      ? null
      : reader.read(() => parseConnectionString(eventStore, env[CONNECTION_SETTING]), null);
  return { eventStore: eventStore ?? 'sqlite', dataDir, eventStoreConnectionString };
}

/** `LEDGER_READ_MODEL_URL` (optional unless `required`) and `LEDGER_READ_MODEL_SCHEMA`. */
export function readReadModelSettings(reader: SettingsReader): ReadModelSettings;
export function readReadModelSettings(
  reader: SettingsReader,
  required: true,
): ReadModelSettings & { url: string };
export function readReadModelSettings(reader: SettingsReader, required = false): ReadModelSettings {
  const raw = reader.env[READ_MODEL_URL_SETTING];
  const url = required
    ? reader.read(() => requiredPostgresUrl(READ_MODEL_URL_SETTING, raw), '')
    : reader.read(() => optionalPostgresUrl(READ_MODEL_URL_SETTING, raw), null);
  const schema = reader.read(
    () => readModelSchema(READ_MODEL_SCHEMA_SETTING, reader.env[READ_MODEL_SCHEMA_SETTING]),
    '',
  );
  return { url, schema };
}

/** `KAFKA_BROKERS`: required (the relay), or null when unset (the bench starts its own). */
export function readKafkaSettings(reader: SettingsReader, required: true): KafkaSettings;
export function readKafkaSettings(reader: SettingsReader, required: false): KafkaSettings | null;
export function readKafkaSettings(reader: SettingsReader, required: boolean): KafkaSettings | null {
  const brokers = reader.read(
    () => brokerList(KAFKA_BROKERS_SETTING, reader.env[KAFKA_BROKERS_SETTING]),
    null,
  );
  if (brokers === null) return required ? { brokers: [] } : null;
  if (brokers.length === 0) {
    if (!required) return null;
    reader.read(() => {
      throw new ConfigError(KAFKA_BROKERS_SETTING, 'is required, e.g. 127.0.0.1:19092');
    }, null);
  }
  return { brokers };
}

/**
 * `LEDGER_LOG_LEVEL`: the least severe level a process logs (`fatal`, `error`, `warn`, `info`,
 * `debug`, `trace`, or `silent` for none), default `info`. Read once at boot.
 */
export function readLogLevel(reader: SettingsReader): LogLevelName {
  return reader.read(
    () => logLevel(LOG_LEVEL_SETTING, reader.env[LOG_LEVEL_SETTING], 'info'),
    'info',
  );
}
