/** Proves the API's boot configuration: defaults, flags over environment, fail-fast messages. */
import { isAbsolute, join } from 'node:path';
import { ConfigError, DEV_JWT_SECRET, InvalidConfigError, loadApiConfig } from './index';

const SECRET = 'a-production-secret-of-at-least-32-chars';
const ESDB = { LEDGER_EVENT_STORE: 'eventstoredb' };

describe('loadApiConfig', () => {
  it('defaults to the embedded SQLite store on 127.0.0.1:3000 with development tokens', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      store: { eventStore: 'sqlite' },
      jwtSecret: DEV_JWT_SECRET,
      usingDevJwtSecret: true,
      devTokens: true,
    });
    expect(isAbsolute(config.store.dataDir)).toBe(true);
    expect(config.store.dataDir.endsWith(join('', 'data'))).toBe(true);
  });

  it('reads every setting from the environment', () => {
    const config = loadApiConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      LEDGER_EVENT_STORE: 'memory',
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_DEV_TOKENS: 'false',
      LEDGER_READ_MODEL_URL: 'postgres://ledger@db:5432/ledger',
      LEDGER_READ_MODEL_SCHEMA: 'ledger_read_2',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      store: {
        dataDir: '/var/lib/ledger',
        eventStore: 'memory',
        eventStoreConnectionString: null,
      },
      readModel: { url: 'postgres://ledger@db:5432/ledger', schema: 'ledger_read_2' },
      jwtSecret: SECRET,
      usingDevJwtSecret: false,
      devTokens: false,
      logLevel: 'info',
      oidc: null,
    });
  });

  it('reads reports from the embedded read model unless a PostgreSQL one is named', () => {
    expect(loadApiConfig({}).readModel).toEqual({ url: null, schema: 'ledger_read' });
    expect(loadApiConfig({ LEDGER_READ_MODEL_URL: '  ' }).readModel.url).toBeNull();
  });

  it.each([
    [{ LEDGER_READ_MODEL_URL: 'not a url' }, 'LEDGER_READ_MODEL_URL'],
    [{ LEDGER_READ_MODEL_URL: 'mysql://db/ledger' }, 'LEDGER_READ_MODEL_URL'],
    [{ LEDGER_READ_MODEL_SCHEMA: 'Robert"; DROP' }, 'LEDGER_READ_MODEL_SCHEMA'],
  ])('refuses a read-model setting that cannot be used, naming it: %j', (env, setting) => {
    expect(() => loadApiConfig(env)).toThrow(
      expect.objectContaining({ setting, message: expect.stringContaining(setting) }),
    );
  });

  it('turns development tokens off by default once a real secret is set', () => {
    expect(loadApiConfig({ LEDGER_JWT_SECRET: SECRET }).devTokens).toBe(false);
    expect(loadApiConfig({}).devTokens).toBe(true);
    const asked = loadApiConfig({ LEDGER_JWT_SECRET: SECRET, LEDGER_DEV_TOKENS: 'true' });
    expect(asked.devTokens).toBe(true);
  });

  it('lets --port and --data-dir flags win over the environment', () => {
    const config = loadApiConfig({ PORT: '8080' }, ['--port', '9090', '--data-dir=/tmp/l']);
    expect(config).toMatchObject({ port: 9090, store: { dataDir: '/tmp/l' } });
  });

  it.each([
    [{ PORT: 'eighty' }, [], 'PORT'],
    [{ PORT: '70000' }, [], 'PORT'],
    [{}, ['--port', '0'], '--port'],
    [{}, ['--port'], '--port'],
    [{}, ['--verbose'], '--verbose'],
    [{ LEDGER_EVENT_STORE: 'postgres' }, [], 'LEDGER_EVENT_STORE'],
    [{ LEDGER_EVENT_STORE: 'eventstoredb' }, [], 'EVENTSTORE_CONNECTION_STRING'],
    [{ ...ESDB, EVENTSTORE_CONNECTION_STRING: ' ' }, [], 'EVENTSTORE_CONNECTION_STRING'],
    [
      { ...ESDB, EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113' },
      [],
      'EVENTSTORE_CONNECTION_STRING',
    ],
    [
      { ...ESDB, EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:21x3' },
      [],
      'EVENTSTORE_CONNECTION_STRING',
    ],
    [
      { ...ESDB, EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=maybe' },
      [],
      'EVENTSTORE_CONNECTION_STRING',
    ],
    [{ LEDGER_DEV_TOKENS: 'maybe' }, [], 'LEDGER_DEV_TOKENS'],
    [{ LEDGER_JWT_SECRET: 'short' }, [], 'LEDGER_JWT_SECRET'],
    [{ LEDGER_DATA_DIR: ' ' }, [], 'LEDGER_DATA_DIR'],
    [{ HOST: '' }, [], 'HOST'],
  ])('fails fast naming the setting: %j %j', (env, argv, setting) => {
    expect(() => loadApiConfig(env, argv)).toThrow(ConfigError);
    expect(() => loadApiConfig(env, argv)).toThrow(setting);
  });

  it('names every setting that cannot be used in one message, not only the first', () => {
    const load = () =>
      loadApiConfig(
        { PORT: 'eighty', LEDGER_JWT_SECRET: 'short', LEDGER_READ_MODEL_SCHEMA: 'Bad-Name' },
        ['--verbose'],
      );
    expect(load).toThrow(InvalidConfigError);
    try {
      load();
    } catch (error) {
      const invalid = error as InvalidConfigError;
      expect(invalid.settings).toEqual([
        '--verbose',
        'LEDGER_READ_MODEL_SCHEMA',
        'PORT',
        'LEDGER_JWT_SECRET',
      ]);
      expect(invalid.message).toMatch(/^Invalid configuration: 4 settings cannot be used:\n/);
      for (const setting of invalid.settings) expect(invalid.message).toContain(`  - ${setting} `);
    }
  });

  describe('the EventStoreDB store', () => {
    it('is chosen by LEDGER_EVENT_STORE=eventstoredb with EVENTSTORE_CONNECTION_STRING', () => {
      const config = loadApiConfig({
        ...ESDB,
        EVENTSTORE_CONNECTION_STRING: ' esdb://eventstoredb:2113?tls=false ',
      });
      expect(config.store).toMatchObject({
        eventStore: 'eventstoredb',
        eventStoreConnectionString: 'esdb://eventstoredb:2113?tls=false',
      });
    });

    it.each([
      'esdb://admin:changeit@localhost:2113?tls=false',
      'esdb://node1:2113,node2:2113,node3:2113?tls=false&nodePreference=leader',
      'esdb+discover://cluster.internal:2113?tls=false&defaultDeadline=3000',
    ])('accepts the forms the client accepts: %s', (connectionString) => {
      const config = loadApiConfig({ ...ESDB, EVENTSTORE_CONNECTION_STRING: connectionString });
      expect(config.store.eventStoreConnectionString).toBe(connectionString);
    });

    it('refuses an unknown option and throwOnAppendFailure=false, naming the setting', () => {
      for (const connectionString of [
        'esdb://localhost:2113?tls=false&bogus=1',
        'esdb://localhost:2113?throwOnAppendFailure=false',
      ]) {
        const load = () =>
          loadApiConfig({ ...ESDB, EVENTSTORE_CONNECTION_STRING: connectionString });
        expect(load).toThrow(ConfigError);
        expect(load).toThrow(/EVENTSTORE_CONNECTION_STRING/);
      }
    });

    it('says what is missing when the connection string is not set', () => {
      expect(() => loadApiConfig(ESDB)).toThrow(
        'Invalid configuration: EVENTSTORE_CONNECTION_STRING must be set when LEDGER_EVENT_STORE is "eventstoredb"',
      );
    });

    it('ignores EVENTSTORE_CONNECTION_STRING while another store is chosen', () => {
      const config = loadApiConfig({ EVENTSTORE_CONNECTION_STRING: 'not even a url' });
      expect(config.store).toMatchObject({
        eventStore: 'sqlite',
        eventStoreConnectionString: null,
      });
    });
  });
});
