/** LEDGER_LOG_LEVEL: one setting, read once at boot, the same in every process that logs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidConfigError,
  LOG_LEVELS,
  loadApiConfig,
  loadCliConfig,
  loadProjectorConfig,
  loadRelayConfig,
  type Environment,
} from './index';

describe('LEDGER_LOG_LEVEL', () => {
  let dir: string;
  let loaders: Array<[string, (env: Environment) => { logLevel: string }]>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'log-level-config-'));
    writeFileSync(join(dir, 'ledger.sqlite'), '');
    const follower = {
      LEDGER_DATA_DIR: dir,
      LEDGER_READ_MODEL_URL: 'postgres://postgres@127.0.0.1:5432/ledger',
      KAFKA_BROKERS: '127.0.0.1:19092',
    };
    loaders = [
      ['api', (env) => loadApiConfig(env)],
      ['cli', (env) => loadCliConfig(env)],
      ['projector', (env) => loadProjectorConfig({ ...follower, ...env })],
      ['relay', (env) => loadRelayConfig({ ...follower, ...env })],
    ];
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to info in every process, unset or blank', () => {
    for (const [, load] of loaders) {
      expect(load({}).logLevel).toBe('info');
      expect(load({ LEDGER_LOG_LEVEL: '  ' }).logLevel).toBe('info');
    }
  });

  it('takes every level by name, in any case', () => {
    expect(LOG_LEVELS).toEqual(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
    for (const [, load] of loaders) {
      for (const level of LOG_LEVELS) {
        expect(load({ LEDGER_LOG_LEVEL: level }).logLevel).toBe(level);
      }
      expect(load({ LEDGER_LOG_LEVEL: ' Debug ' }).logLevel).toBe('debug');
    }
  });

  it('refuses any other value, naming the setting and the levels, with the other bad settings', () => {
    for (const [name, load] of loaders) {
      expect(() => load({ LEDGER_LOG_LEVEL: 'verbose' })).toThrow(
        'Invalid configuration: LEDGER_LOG_LEVEL must be one of fatal, error, warn, info, debug, ' +
          'trace, silent, got "verbose"',
      );
      const both = (() => {
        try {
          load({ LEDGER_LOG_LEVEL: 'loud', LEDGER_EVENT_STORE: 'paper' });
        } catch (error) {
          return error;
        }
        throw new Error(`${name} accepted LEDGER_LOG_LEVEL=loud`);
      })();
      expect(both).toBeInstanceOf(InvalidConfigError);
      expect((both as InvalidConfigError).settings).toEqual([
        'LEDGER_EVENT_STORE',
        'LEDGER_LOG_LEVEL',
      ]);
    }
  });
});
