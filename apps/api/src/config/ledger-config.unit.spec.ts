/** Proves the boot configuration: defaults, flags over environment, and fail-fast messages. */
import { isAbsolute, join } from 'node:path';
import { ConfigError, DEV_JWT_SECRET, loadLedgerConfig } from './ledger-config';

const SECRET = 'a-production-secret-of-at-least-32-chars';

describe('loadLedgerConfig', () => {
  it('defaults to the embedded SQLite store on 127.0.0.1:3000 with development tokens', () => {
    const config = loadLedgerConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      eventStore: 'sqlite',
      jwtSecret: DEV_JWT_SECRET,
      usingDevJwtSecret: true,
      devTokens: true,
    });
    expect(isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir.endsWith(join('', 'data'))).toBe(true);
  });

  it('reads every setting from the environment', () => {
    const config = loadLedgerConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      LEDGER_EVENT_STORE: 'memory',
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_DEV_TOKENS: 'false',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/ledger',
      eventStore: 'memory',
      jwtSecret: SECRET,
      usingDevJwtSecret: false,
      devTokens: false,
    });
  });

  it('turns development tokens off by default once a real secret is set', () => {
    expect(loadLedgerConfig({ LEDGER_JWT_SECRET: SECRET }).devTokens).toBe(false);
    expect(loadLedgerConfig({}).devTokens).toBe(true);
    const asked = loadLedgerConfig({ LEDGER_JWT_SECRET: SECRET, LEDGER_DEV_TOKENS: 'true' });
    expect(asked.devTokens).toBe(true);
  });

  it('lets --port and --data-dir flags win over the environment', () => {
    const config = loadLedgerConfig({ PORT: '8080' }, ['--port', '9090', '--data-dir=/tmp/l']);
    expect(config).toMatchObject({ port: 9090, dataDir: '/tmp/l' });
  });

  it.each([
    [{ PORT: 'eighty' }, [], 'PORT'],
    [{ PORT: '70000' }, [], 'PORT'],
    [{}, ['--port', '0'], '--port'],
    [{}, ['--port'], '--port'],
    [{}, ['--verbose'], '--verbose'],
    [{ LEDGER_EVENT_STORE: 'postgres' }, [], 'LEDGER_EVENT_STORE'],
    [{ LEDGER_DEV_TOKENS: 'maybe' }, [], 'LEDGER_DEV_TOKENS'],
    [{ LEDGER_JWT_SECRET: 'short' }, [], 'LEDGER_JWT_SECRET'],
    [{ LEDGER_DATA_DIR: ' ' }, [], 'LEDGER_DATA_DIR'],
    [{ HOST: '' }, [], 'HOST'],
  ])('fails fast naming the setting: %j %j', (env, argv, setting) => {
    expect(() => loadLedgerConfig(env, argv)).toThrow(ConfigError);
    expect(() => loadLedgerConfig(env, argv)).toThrow(setting);
  });
});
