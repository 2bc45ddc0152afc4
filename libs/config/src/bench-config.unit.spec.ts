/** npm run bench's settings from the environment. */
import { DEFAULT_TEST_POSTGRES_URL, loadBenchConfig } from './index';

describe('loadBenchConfig', () => {
  it('defaults to the local test database and a broker of its own', () => {
    expect(loadBenchConfig({})).toEqual({
      postgresUrl: DEFAULT_TEST_POSTGRES_URL,
      kafka: null,
      startedByNpm: false,
    });
  });

  it('reads LEDGER_TEST_POSTGRES_URL, KAFKA_BROKERS and whether npm started it', () => {
    expect(
      loadBenchConfig({
        LEDGER_TEST_POSTGRES_URL: 'postgres://bench@db:5432/bench',
        KAFKA_BROKERS: '127.0.0.1:19092',
        npm_lifecycle_event: 'bench',
      }),
    ).toEqual({
      postgresUrl: 'postgres://bench@db:5432/bench',
      kafka: { brokers: ['127.0.0.1:19092'] },
      startedByNpm: true,
    });
    expect(() => loadBenchConfig({ KAFKA_BROKERS: 'kafka' })).toThrow(
      'Invalid configuration: KAFKA_BROKERS holds "kafka", which is not host:port',
    );
  });
});
