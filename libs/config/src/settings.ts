import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, SQLITE_FILE_NAME } from '@ledger/event-store/configured';
import { isReadModelSchemaName } from '@ledger/read-model/sql';

/**
 * How each kind of setting is checked, shared by every process so the same variable is held to
 * the same rule everywhere. Each throws a ConfigError naming the setting.
 */

/** The default PostgreSQL schema of the read model (`LEDGER_READ_MODEL_SCHEMA`). */
export const DEFAULT_READ_MODEL_SCHEMA = 'ledger_read';

/** `LEDGER_DATA_DIR` for a process that creates the ledger if missing: absolute, not empty. */
export function dataDirectory(setting: string, raw: string): string {
  if (raw.trim() === '') throw new ConfigError(setting, 'must not be empty');
  return isAbsolute(raw) ? raw : resolve(raw);
}

/**
 * `LEDGER_DATA_DIR` for a process that follows a ledger another one writes: required, a folder,
 * and holding `ledger.sqlite` already.
 */
export function existingLedgerDirectory(setting: string, raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') {
    throw new ConfigError(setting, 'is required: the ledger data folder');
  }
  if (!existsSync(raw) || !statSync(raw).isDirectory()) {
    throw new ConfigError(setting, `(${raw}) is not a folder`);
  }
  if (!existsSync(join(raw, SQLITE_FILE_NAME))) {
    throw new ConfigError(
      setting,
      `(${raw}) holds no ${SQLITE_FILE_NAME}; start the API on it first`,
    );
  }
  return resolve(raw);
}

/** A PostgreSQL URL, trimmed; null when unset or blank. */
export function optionalPostgresUrl(setting: string, raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let protocol: string;
  try {
    protocol = new URL(raw.trim()).protocol;
  } catch {
    throw new ConfigError(setting, 'is not a URL');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(setting, `must be a postgres:// URL, not ${protocol}//`);
  }
  return raw.trim();
}

export function requiredPostgresUrl(setting: string, raw: string | undefined): string {
  const url = optionalPostgresUrl(setting, raw);
  if (url === null) {
    throw new ConfigError(setting, 'is required, e.g. postgres://postgres@127.0.0.1:5432/ledger');
  }
  return url;
}

/** `LEDGER_READ_MODEL_SCHEMA`: a schema name the read model can be kept in. */
export function readModelSchema(setting: string, raw: string | undefined): string {
  const schema = raw ?? DEFAULT_READ_MODEL_SCHEMA;
  if (!isReadModelSchemaName(schema)) {
    throw new ConfigError(
      setting,
      `"${schema}" is not a schema name: lower-case letters, digits and underscores, at most 36 characters`,
    );
  }
  return schema;
}

/** Kafka brokers, `host:port[,host:port…]`; an empty list when unset. */
export function brokerList(setting: string, raw: string | undefined): string[] {
  const brokers = (raw ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  const bad = brokers.find((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
  if (bad !== undefined) throw new ConfigError(setting, `holds "${bad}", which is not host:port`);
  return brokers;
}

export function port(setting: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError(setting, `must be a port number from 1 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

/** A whole number from `min` to `max`; `fallback` when unset or empty. */
export function wholeNumber(
  setting: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(setting, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function bool(setting: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(setting, `must be true or false, got "${raw}"`);
}

export function nonEmpty(setting: string, raw: string): string {
  if (raw.trim() === '') throw new ConfigError(setting, 'must not be empty');
  return raw;
}

/** The log levels of `LEDGER_LOG_LEVEL`, the most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** A log level by name, any case; `fallback` when unset or blank. */
export function logLevel(
  setting: string,
  raw: string | undefined,
  fallback: LogLevelName,
): LogLevelName {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return fallback;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(setting, `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return value as LogLevelName;
}
