import { readKafkaSettings, type KafkaSettings } from './core-config';
import { processEnvironment, type Environment } from './environment';
import { SettingsReader } from './settings-reader';

/** The PostgreSQL the int tests use (trust auth on the machines here and in CI). */
export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** `npm run bench`'s configuration (its command-line options are its own). */
export interface BenchConfig {
  /** `LEDGER_TEST_POSTGRES_URL` (default the local test database): the default --postgres-url. */
  postgresUrl: string;
  /** `KAFKA_BROKERS`, when set: the broker the relay measurement uses instead of its own. */
  kafka: KafkaSettings | null;
  /** Whether `npm run bench` started it (`npm_lifecycle_event`), for the report's command line. */
  startedByNpm: boolean;
}

export function loadBenchConfig(env: Environment = processEnvironment()): BenchConfig {
  const reader = new SettingsReader(env);
  const kafka = readKafkaSettings(reader, false);
  return reader.done({
    postgresUrl: env.LEDGER_TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL,
    kafka,
    startedByNpm: env.npm_lifecycle_event === 'bench',
  });
}
