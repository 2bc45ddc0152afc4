import type { RecordedEvent } from '@ledger/event-store';
import type { ReadModelReader } from '../../head/read-model-reader.port';
import { PostgresReadModelReader } from '../postgres/postgres-read-model-reader';
import { PostgresReadModelWriter } from '../postgres/postgres-read-model-writer';
import type { ReadModelWriter } from '../read-model-writer.port';
import { SqlProjector } from '../sql-projector';
import { SqliteReadModelWriter } from '../sqlite/sqlite-read-model-writer';
import { TEST_POSTGRES_URL } from './postgres-test-schema';

/** Migrates each writer and projects the events into it, `batchSize` events a batch. */
export async function projectInBatches(
  writers: ReadModelWriter[],
  events: readonly RecordedEvent[],
  batchSize = 7,
): Promise<void> {
  for (const writer of writers) {
    await writer.migrate();
    const projector = new SqlProjector(writer);
    for (let start = 0; start < events.length; start += batchSize) {
      await projector.applyBatch(events.slice(start, start + batchSize));
    }
  }
}

/** The same log projected into both read models, each read back through its own reader. */
export interface ProjectedReadModels {
  readers: { dialect: 'SQLite' | 'PostgreSQL'; reader: ReadModelReader }[];
  close(): Promise<void>;
}

/**
 * Projects the events into a SQLite read model (`sqliteFile`) and a PostgreSQL one (`schema`
 * of the test database), `batchSize` events a batch (default 7), and opens a reader on each. The
 * caller drops the schema.
 */
export async function projectIntoSqliteAndPostgres(
  events: readonly RecordedEvent[],
  { sqliteFile, schema, batchSize }: { sqliteFile: string; schema: string; batchSize?: number },
): Promise<ProjectedReadModels> {
  const sqlite = new SqliteReadModelWriter(sqliteFile);
  const postgres = new PostgresReadModelWriter({ connectionString: TEST_POSTGRES_URL, schema });
  await projectInBatches([sqlite, postgres], events, batchSize);
  await postgres.close();
  const postgresReader = new PostgresReadModelReader({
    connectionString: TEST_POSTGRES_URL,
    schema,
  });
  return {
    readers: [
      { dialect: 'SQLite', reader: sqlite },
      { dialect: 'PostgreSQL', reader: postgresReader },
    ],
    close: async () => {
      await sqlite.close();
      await postgresReader.close();
    },
  };
}
