/** The CLI's settings: the same store and read-model settings as the API, with --data-dir. */
import { isAbsolute, join } from 'node:path';
import { ConfigError, loadCliConfig, withDataDir } from './index';

describe('loadCliConfig', () => {
  it('defaults to the SQLite ledger in ./data and the embedded read model', () => {
    const config = loadCliConfig({});
    expect(config.store).toMatchObject({ eventStore: 'sqlite', eventStoreConnectionString: null });
    expect(isAbsolute(config.store.dataDir)).toBe(true);
    expect(config.store.dataDir.endsWith(join('', 'data'))).toBe(true);
    expect(config.readModel).toEqual({ url: null, schema: 'ledger_read' });
  });

  it('reads the store and the read model as the API does', () => {
    expect(
      loadCliConfig({
        LEDGER_DATA_DIR: '/var/lib/ledger',
        LEDGER_READ_MODEL_URL: 'postgres://ledger@db:5432/ledger',
        LEDGER_READ_MODEL_SCHEMA: 'ledger_read_2',
      }),
    ).toEqual({
      store: { eventStore: 'sqlite', dataDir: '/var/lib/ledger', eventStoreConnectionString: null },
      readModel: { url: 'postgres://ledger@db:5432/ledger', schema: 'ledger_read_2' },
      logLevel: 'info',
    });
    expect(() => loadCliConfig({ LEDGER_EVENT_STORE: 'eventstoredb' })).toThrow(
      'Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set',
    );
    expect(() => loadCliConfig({ LEDGER_READ_MODEL_URL: 'not a url' })).toThrow(
      'Invalid configuration: LEDGER_READ_MODEL_URL is not a URL',
    );
  });

  it('ignores the API-only settings (PORT, HOST, the JWT secret)', () => {
    expect(() => loadCliConfig({ PORT: 'eighty', LEDGER_JWT_SECRET: 'short' })).not.toThrow();
  });

  it('lets a command’s --data-dir win, made absolute', () => {
    const { store } = loadCliConfig({ LEDGER_DATA_DIR: '/var/lib/ledger' });
    expect(withDataDir(store, undefined)).toBe(store);
    expect(withDataDir(store, '/tmp/other').dataDir).toBe('/tmp/other');
    expect(isAbsolute(withDataDir(store, 'relative').dataDir)).toBe(true);
    expect(() => withDataDir(store, ' ')).toThrow(ConfigError);
    expect(() => withDataDir(store, ' ')).toThrow('--data-dir must not be empty');
  });
});
