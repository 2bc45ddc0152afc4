import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  parseConnectionString,
  parseEventStoreKind,
  SQLITE_FILE_NAME,
  type EventStoreSettings,
} from '@ledger/event-store/configured';
import { DEFAULT_BATCH_SIZE, isReadModelSchemaName } from '@ledger/read-model/sql';

/** The event store's file in the data directory, as the API names it. */
export const LEDGER_FILE_NAME = SQLITE_FILE_NAME;

export interface ProjectorConfig {
  /**
   * The event store to follow: the SQLite file in `dataDir` (opened read-only), or EventStoreDB
   * (`eventStoreConnectionString`).
   */
  store: EventStoreSettings;
  /** PostgreSQL connection string of the read model. */
  readModelUrl: string;
  schema: string;
  /** Events per read-model transaction. */
  batchSize: number;
  /** How often to look for appends made by other processes, in ms. */
  pollIntervalMs: number;
}

/** A setting is missing or wrong: the process stops with this message, which names it. */
export class ProjectorConfigError extends Error {}

/**
 * The projector's settings, validated once at start:
 * - `LEDGER_EVENT_STORE`: `sqlite` (default) or `eventstoredb`;
 * - `LEDGER_DATA_DIR` (required with SQLite): the folder holding `ledger.sqlite`;
 * - `EVENTSTORE_CONNECTION_STRING` (required with EventStoreDB): checked as the API checks it;
 * - `LEDGER_READ_MODEL_URL` (required): `postgres://user@host:port/database`;
 * - `LEDGER_READ_MODEL_SCHEMA` (default `ledger_read`);
 * - `LEDGER_PROJECTOR_BATCH_SIZE` (default 500) and `LEDGER_PROJECTOR_POLL_MS` (default 250).
 * A wrong store setting throws the shared ConfigError (as the API's does), any other a
 * ProjectorConfigError; both name the setting.
 */
export function loadProjectorConfig(env: Record<string, string | undefined>): ProjectorConfig {
  const eventStore = parseEventStoreKind(env.LEDGER_EVENT_STORE, ['sqlite', 'eventstoredb']);
  const store: EventStoreSettings = {
    eventStore,
    dataDir: eventStore === 'sqlite' ? sqliteDataDir(env.LEDGER_DATA_DIR) : '',
    eventStoreConnectionString: parseConnectionString(eventStore, env.EVENTSTORE_CONNECTION_STRING),
  };
  const readModelUrl = env.LEDGER_READ_MODEL_URL;
  if (!readModelUrl) {
    throw new ProjectorConfigError(
      'LEDGER_READ_MODEL_URL is required, e.g. postgres://postgres@127.0.0.1:5432/ledger',
    );
  }
  let protocol: string;
  try {
    protocol = new URL(readModelUrl).protocol;
  } catch {
    throw new ProjectorConfigError('LEDGER_READ_MODEL_URL is not a URL');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ProjectorConfigError(
      `LEDGER_READ_MODEL_URL must be a postgres:// URL, not ${protocol}//`,
    );
  }
  const schema = env.LEDGER_READ_MODEL_SCHEMA ?? 'ledger_read';
  if (!isReadModelSchemaName(schema)) {
    throw new ProjectorConfigError(
      `LEDGER_READ_MODEL_SCHEMA "${schema}" is not a schema name: lower-case letters, digits ` +
        'and underscores, at most 36 characters',
    );
  }
  return {
    store,
    readModelUrl,
    schema,
    batchSize: wholeNumber(env, 'LEDGER_PROJECTOR_BATCH_SIZE', DEFAULT_BATCH_SIZE, 10_000),
    pollIntervalMs: wholeNumber(env, 'LEDGER_PROJECTOR_POLL_MS', 250, 60_000),
  };
}

/** The folder of the SQLite ledger to follow: it must exist and hold `ledger.sqlite`. */
function sqliteDataDir(dataDir: string | undefined): string {
  if (!dataDir)
    throw new ProjectorConfigError('LEDGER_DATA_DIR is required: the ledger data folder');
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new ProjectorConfigError(`LEDGER_DATA_DIR: ${dataDir} is not a folder`);
  }
  if (!existsSync(join(dataDir, LEDGER_FILE_NAME))) {
    throw new ProjectorConfigError(
      `LEDGER_DATA_DIR: ${dataDir} holds no ${LEDGER_FILE_NAME}; start the API on it first`,
    );
  }
  return resolve(dataDir);
}

function wholeNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  max: number,
): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^[1-9]\d*$/.test(value) || Number(value) > max) {
    throw new ProjectorConfigError(
      `${name} must be a whole number from 1 to ${max}, got "${value}"`,
    );
  }
  return Number(value);
}
