/** The projector's settings: the store it follows (SQLite or EventStoreDB) and its own. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InvalidConfigError, loadProjectorConfig } from './index';

const READ_MODEL = { LEDGER_READ_MODEL_URL: 'postgres://postgres@postgres:5432/ledger' };
const ESDB = {
  LEDGER_EVENT_STORE: 'eventstoredb',
  EVENTSTORE_CONNECTION_STRING: 'esdb://eventstoredb:2113?tls=false',
};

describe('loadProjectorConfig', () => {
  it('follows EventStoreDB with LEDGER_EVENT_STORE=eventstoredb, needing no data folder', () => {
    expect(loadProjectorConfig({ ...ESDB, ...READ_MODEL })).toEqual({
      store: {
        eventStore: 'eventstoredb',
        dataDir: '',
        eventStoreConnectionString: 'esdb://eventstoredb:2113?tls=false',
      },
      readModel: { url: 'postgres://postgres@postgres:5432/ledger', schema: 'ledger_read' },
      batchSize: 500,
      pollIntervalMs: 250,
      logLevel: 'info',
      metricsPort: 3200,
      metricsHost: '127.0.0.1',
    });
  });

  it('serves its metrics on LEDGER_PROJECTOR_METRICS_PORT and _HOST (0: no listener)', () => {
    const load = (env: Record<string, string>) =>
      loadProjectorConfig({ ...ESDB, ...READ_MODEL, ...env });
    expect(
      load({ LEDGER_PROJECTOR_METRICS_PORT: '9464', LEDGER_PROJECTOR_METRICS_HOST: '0.0.0.0' }),
    ).toMatchObject({ metricsPort: 9464, metricsHost: '0.0.0.0' });
    expect(load({ LEDGER_PROJECTOR_METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(load({ LEDGER_PROJECTOR_METRICS_PORT: '' }).metricsPort).toBe(3200);
    for (const bad of ['65536', 'http', '-1', '3200.5']) {
      expect(() => load({ LEDGER_PROJECTOR_METRICS_PORT: bad })).toThrow(
        `Invalid configuration: LEDGER_PROJECTOR_METRICS_PORT must be a whole number from 0 to 65535, got "${bad}"`,
      );
    }
  });

  it('follows the SQLite ledger in LEDGER_DATA_DIR, which must hold ledger.sqlite already', () => {
    const dir = mkdtempSync(join(tmpdir(), 'projector-config-'));
    try {
      const load = () => loadProjectorConfig({ ...READ_MODEL, LEDGER_DATA_DIR: dir });
      expect(load).toThrow(
        `Invalid configuration: LEDGER_DATA_DIR (${dir}) holds no ledger.sqlite; start the API on it first`,
      );
      writeFileSync(join(dir, 'ledger.sqlite'), '');
      expect(load().store).toEqual({
        eventStore: 'sqlite',
        dataDir: dir,
        eventStoreConnectionString: null,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires EVENTSTORE_CONNECTION_STRING with eventstoredb, and checks it', () => {
    const load = (connection: string | undefined) => () =>
      loadProjectorConfig({ ...ESDB, ...READ_MODEL, EVENTSTORE_CONNECTION_STRING: connection });
    expect(load(undefined)).toThrow(ConfigError);
    expect(load(undefined)).toThrow(
      /^Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set when LEDGER_EVENT_STORE is "eventstoredb"/,
    );
    expect(load('postgres://eventstoredb:2113')).toThrow(/EVENTSTORE_CONNECTION_STRING must be/);
    expect(load('esdb://eventstoredb:2113?tls=false&speed=fast')).toThrow(
      /EVENTSTORE_CONNECTION_STRING has an unknown option "speed"/,
    );
  });

  it('refuses the in-memory store: another process cannot follow it', () => {
    expect(() => loadProjectorConfig({ ...READ_MODEL, LEDGER_EVENT_STORE: 'memory' })).toThrow(
      'LEDGER_EVENT_STORE must be one of "sqlite", "eventstoredb", got "memory"',
    );
  });

  it('still needs LEDGER_DATA_DIR with SQLite (the default), whatever else is set', () => {
    const withoutFolder = () =>
      loadProjectorConfig({ ...READ_MODEL, EVENTSTORE_CONNECTION_STRING: 'ignored' });
    expect(withoutFolder).toThrow(ConfigError);
    expect(withoutFolder).toThrow('LEDGER_DATA_DIR is required');
    expect(() =>
      loadProjectorConfig({ ...READ_MODEL, LEDGER_DATA_DIR: '/no/such/ledger/folder' }),
    ).toThrow('LEDGER_DATA_DIR (/no/such/ledger/folder) is not a folder');
  });

  it('checks its own settings on EventStoreDB too', () => {
    expect(() => loadProjectorConfig(ESDB)).toThrow('LEDGER_READ_MODEL_URL is required');
    expect(() =>
      loadProjectorConfig({ ...ESDB, ...READ_MODEL, LEDGER_PROJECTOR_BATCH_SIZE: '0' }),
    ).toThrow('LEDGER_PROJECTOR_BATCH_SIZE must be a whole number from 1 to 10000, got "0"');
    expect(() =>
      loadProjectorConfig({ ...ESDB, ...READ_MODEL, LEDGER_PROJECTOR_POLL_MS: '60001' }),
    ).toThrow('LEDGER_PROJECTOR_POLL_MS must be a whole number from 1 to 60000, got "60001"');
  });

  it('checks the read model as the API does', () => {
    expect(() =>
      loadProjectorConfig({ ...ESDB, LEDGER_READ_MODEL_URL: 'mysql://db/ledger' }),
    ).toThrow('LEDGER_READ_MODEL_URL must be a postgres:// URL, not mysql://');
    expect(() =>
      loadProjectorConfig({ ...ESDB, ...READ_MODEL, LEDGER_READ_MODEL_SCHEMA: 'Robert"; DROP' }),
    ).toThrow(/LEDGER_READ_MODEL_SCHEMA "Robert"; DROP" is not a schema name/);
  });

  it('names every bad setting at once', () => {
    const load = () =>
      loadProjectorConfig({ LEDGER_PROJECTOR_BATCH_SIZE: 'many', LEDGER_PROJECTOR_POLL_MS: '0' });
    expect(load).toThrow(InvalidConfigError);
    expect(load).toThrow(
      'Invalid configuration: 4 settings cannot be used:\n' +
        '  - LEDGER_DATA_DIR is required: the ledger data folder\n' +
        '  - LEDGER_READ_MODEL_URL is required, e.g. postgres://postgres@127.0.0.1:5432/ledger\n' +
        '  - LEDGER_PROJECTOR_BATCH_SIZE must be a whole number from 1 to 10000, got "many"\n' +
        '  - LEDGER_PROJECTOR_POLL_MS must be a whole number from 1 to 60000, got "0"',
    );
  });
});
