import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BATCH_SIZE, isReadModelSchemaName } from '@ledger/read-model/sql';

/** The event store's file in the data directory, as the API names it. */
export const LEDGER_FILE_NAME = 'ledger.sqlite';

export interface ProjectorConfig {
  /** The SQLite event store to follow. */
  ledgerFile: string;
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
 * - `LEDGER_DATA_DIR` (required): the folder holding `ledger.sqlite`;
 * - `LEDGER_READ_MODEL_URL` (required): `postgres://user@host:port/database`;
 * - `LEDGER_READ_MODEL_SCHEMA` (default `ledger_read`);
 * - `LEDGER_PROJECTOR_BATCH_SIZE` (default 500) and `LEDGER_PROJECTOR_POLL_MS` (default 250).
 */
export function loadProjectorConfig(env: Record<string, string | undefined>): ProjectorConfig {
  const dataDir = env.LEDGER_DATA_DIR;
  if (!dataDir)
    throw new ProjectorConfigError('LEDGER_DATA_DIR is required: the ledger data folder');
  const ledgerFile = join(dataDir, LEDGER_FILE_NAME);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new ProjectorConfigError(`LEDGER_DATA_DIR: ${dataDir} is not a folder`);
  }
  if (!existsSync(ledgerFile)) {
    throw new ProjectorConfigError(
      `LEDGER_DATA_DIR: ${dataDir} holds no ${LEDGER_FILE_NAME}; start the API on it first`,
    );
  }
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
    ledgerFile,
    readModelUrl,
    schema,
    batchSize: wholeNumber(env, 'LEDGER_PROJECTOR_BATCH_SIZE', DEFAULT_BATCH_SIZE, 10_000),
    pollIntervalMs: wholeNumber(env, 'LEDGER_PROJECTOR_POLL_MS', 250, 60_000),
  };
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
