import { ConfigError } from '@ledger/event-store/configured';
import {
  readLogLevel,
  readReadModelSettings,
  readStoreSettings,
  type EventStoreSettings,
  type ReadModelSettings,
} from './core-config';
import { processEnvironment, type Environment } from './environment';
import { readOidcSettings, type OidcSettings } from './oidc-config';
import { bool, nonEmpty, port, type LogLevelName } from './settings';
import { SettingsReader } from './settings-reader';

/** The HTTP API's configuration: the shared store and read-model settings, and its own. */
export interface ApiConfig {
  /**
   * The log: `LEDGER_EVENT_STORE`, `LEDGER_DATA_DIR` (default `./data`; `--data-dir` wins; created
   * if missing) and `EVENTSTORE_CONNECTION_STRING` (e.g. `esdb://eventstoredb:2113?tls=false`).
   */
  store: EventStoreSettings;
  /**
   * Where the reports at the head read from. No `LEDGER_READ_MODEL_URL` (the default): the
   * embedded SQLite read model (`read-model.sqlite` in the data directory), projected inline by
   * the API itself. A `postgres://` URL: the PostgreSQL read model that `apps/projector` keeps,
   * in `LEDGER_READ_MODEL_SCHEMA` (default `ledger_read`).
   */
  readModel: ReadModelSettings;
  /** `PORT` (default 3000; `--port` wins). */
  port: number;
  /** `HOST` (default 127.0.0.1). */
  host: string;
  /** `LEDGER_JWT_SECRET` (at least 32 characters), else the public development secret. */
  jwtSecret: string;
  /** True when no LEDGER_JWT_SECRET was set and the well-known development secret is in use. */
  usingDevJwtSecret: boolean;
  /** `LEDGER_DEV_TOKENS`: whether POST /v1/dev/tokens hands out tokens. */
  devTokens: boolean;
  /** `LEDGER_LOG_LEVEL`: the least severe level logged (default `info`; `silent`: none). */
  logLevel: LogLevelName;
  /** `LEDGER_OIDC_*`: sign-in and bearer tokens from an OpenID Connect provider; null: none. */
  oidc: OidcSettings | null;
}

/** Public on purpose: it only ever signs development tokens on a laptop. */
export const DEV_JWT_SECRET = 'oap-ledger-development-secret-never-use-in-production';
const MIN_SECRET_LENGTH = 32;

/**
 * The API's settings from the environment and the command-line flags (`--port`, `--data-dir`;
 * flags win), validated once at boot: every setting that cannot be used is named in one
 * InvalidConfigError.
 */
export function loadApiConfig(
  env: Environment = processEnvironment(),
  argv: readonly string[] = [],
): ApiConfig {
  const reader = new SettingsReader(env);
  const flags = reader.read(() => parseFlags(argv), {});
  const store = readStoreSettings(reader, {
    ...(flags.dataDir !== undefined && {
      dataDirFlag: { setting: '--data-dir', value: flags.dataDir },
    }),
  });
  const readModel = readReadModelSettings(reader);
  const listenPort = reader.read(
    () =>
      flags.port !== undefined ? port('--port', flags.port, 3000) : port('PORT', env.PORT, 3000),
    3000,
  );
  const host = reader.read(() => nonEmpty('HOST', env.HOST ?? '127.0.0.1'), '');
  const secret = env.LEDGER_JWT_SECRET;
  reader.read(() => {
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        'LEDGER_JWT_SECRET',
        `must be at least ${MIN_SECRET_LENGTH} characters`,
      );
    }
  }, undefined);
  // Development tokens default to on only with the public development secret: setting a real
  // secret is the sign of a real deployment, where minting tokens must be asked for.
  const devTokens = reader.read(
    () => bool('LEDGER_DEV_TOKENS', env.LEDGER_DEV_TOKENS, secret === undefined),
    false,
  );
  return reader.done({
    store,
    readModel,
    port: listenPort,
    host,
    jwtSecret: secret ?? DEV_JWT_SECRET,
    usingDevJwtSecret: secret === undefined,
    devTokens,
    logLevel: readLogLevel(reader),
    oidc: readOidcSettings(reader),
  });
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
