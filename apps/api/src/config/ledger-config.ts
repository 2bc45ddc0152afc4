import { isAbsolute, resolve } from 'node:path';
import {
  ConfigError,
  parseConnectionString,
  parseEventStoreKind,
  type EventStoreKind,
  type EventStoreSettings,
} from '@ledger/event-store/configured';
import { isReadModelSchemaName } from '@ledger/read-model/sql';

// The store settings and their error are shared with the projector, the relay and the CLI.
export { ConfigError, EVENT_STORE_KINDS } from '@ledger/event-store/configured';
export type { EventStoreKind } from '@ledger/event-store/configured';

/**
 * The API's one typed configuration, validated once at boot. Nothing else in the process reads
 * `process.env`: every setting arrives through here, so a bad value fails at start with its
 * name, not later in a request.
 */
export interface LedgerConfig extends EventStoreSettings {
  port: number;
  host: string;
  /** Absolute directory holding `ledger.sqlite`; created if missing. */
  dataDir: string;
  eventStore: EventStoreKind;
  /**
   * How to reach EventStoreDB (`EVENTSTORE_CONNECTION_STRING`, e.g.
   * `esdb://eventstoredb:2113?tls=false`): set exactly when `eventStore` is 'eventstoredb'.
   */
  eventStoreConnectionString: string | null;
  /**
   * Where the reports at the head read from. Null (the default): the embedded SQLite read model
   * (`read-model.sqlite` in the data directory), projected inline by the API itself. A
   * `postgres://` URL (`LEDGER_READ_MODEL_URL`): the PostgreSQL read model that `apps/projector`
   * keeps, in `readModelSchema` (`LEDGER_READ_MODEL_SCHEMA`, default `ledger_read`).
   */
  readModelUrl: string | null;
  readModelSchema: string;
  jwtSecret: string;
  /** True when no LEDGER_JWT_SECRET was set and the well-known development secret is in use. */
  usingDevJwtSecret: boolean;
  /** Whether POST /v1/dev/tokens hands out tokens. */
  devTokens: boolean;
}

/** Public on purpose: it only ever signs development tokens on a laptop. */
export const DEV_JWT_SECRET = 'oap-ledger-development-secret-never-use-in-production';
const MIN_SECRET_LENGTH = 32;

type Environment = Record<string, string | undefined>;

/** Reads the environment and the command-line flags (`--port`, `--data-dir`; flags win). */
export function loadLedgerConfig(env: Environment, argv: readonly string[] = []): LedgerConfig {
  const flags = parseFlags(argv);
  const eventStore = parseEventStoreKind(env.LEDGER_EVENT_STORE);
  const secret = env.LEDGER_JWT_SECRET;
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('LEDGER_JWT_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return {
    port: port(flags.port ?? env.PORT, flags.port !== undefined ? '--port' : 'PORT'),
    host: nonEmpty('HOST', env.HOST ?? '127.0.0.1'),
    dataDir: absolute(flags.dataDir ?? env.LEDGER_DATA_DIR ?? './data'),
    eventStore,
    eventStoreConnectionString: parseConnectionString(eventStore, env.EVENTSTORE_CONNECTION_STRING),
    readModelUrl: readModelUrl(env.LEDGER_READ_MODEL_URL),
    readModelSchema: readModelSchema(env.LEDGER_READ_MODEL_SCHEMA),
    jwtSecret: secret ?? DEV_JWT_SECRET,
    usingDevJwtSecret: secret === undefined,
    // Development tokens default to on only with the public development secret: setting a
    // real secret is the sign of a real deployment, where minting tokens must be asked for.
    devTokens: bool('LEDGER_DEV_TOKENS', env.LEDGER_DEV_TOKENS, secret === undefined),
  };
}

function parseFlags(argv: readonly string[]): { port?: string; dataDir?: string } {
  const flags: { port?: string; dataDir?: string } = {};
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new ConfigError(name, 'needs a value');
      return next;
    };
    if (name === '--port') flags.port = value();
    else if (name === '--data-dir') flags.dataDir = value();
    else throw new ConfigError(name, 'is not a known flag (known: --port, --data-dir)');
  }
  return flags;
}

function port(raw: string | undefined, setting: string): number {
  if (raw === undefined) return 3000;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError(setting, `must be a port number from 1 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function readModelUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let protocol: string;
  try {
    protocol = new URL(raw.trim()).protocol;
  } catch {
    throw new ConfigError('LEDGER_READ_MODEL_URL', 'is not a URL');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError('LEDGER_READ_MODEL_URL', `must be a postgres:// URL, not ${protocol}//`);
  }
  return raw.trim();
}

function readModelSchema(raw: string | undefined): string {
  const schema = raw ?? 'ledger_read';
  if (!isReadModelSchemaName(schema)) {
    throw new ConfigError(
      'LEDGER_READ_MODEL_SCHEMA',
      `"${schema}" is not a schema name: lower-case letters, digits and underscores, at most 36 characters`,
    );
  }
  return schema;
}

function bool(setting: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(setting, `must be true or false, got "${raw}"`);
}

function nonEmpty(setting: string, raw: string): string {
  if (raw.trim() === '') throw new ConfigError(setting, 'must not be empty');
  return raw;
}

function absolute(dir: string): string {
  if (dir.trim() === '') throw new ConfigError('LEDGER_DATA_DIR', 'must not be empty');
  return isAbsolute(dir) ? dir : resolve(dir);
}
