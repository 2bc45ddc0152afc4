import { join } from 'node:path';
import type { ApiConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { ConfigError } from '@ledger/event-store/configured';
import {
  openEmbeddedReadModel,
  PostgresReadModelReader,
  READ_MODEL_FILE_NAME,
  type OpenedReadModel,
} from '@ledger/read-model/sql';

/** The read model the API answers head reports from, and how it is kept up to date. */
export type ApiReadModel = OpenedReadModel;

/**
 * The configured read model, or null where reports replay the log instead:
 * - `LEDGER_READ_MODEL_URL` set: the PostgreSQL read model `apps/projector` keeps (reads only);
 * - the embedded SQLite or memory log: the embedded read model (`DIR/read-model.sqlite`, or
 *   in memory), projected inline (`openEmbeddedReadModel`, in `@ledger/read-model/sql`);
 * - EventStoreDB without a PostgreSQL read model: none, and head reports replay the log. A
 *   server-backed ledger keeps its read model in PostgreSQL (`apps/projector`), shared by every
 *   API instance, rather than a file beside each one; see docs/operations.md.
 */
export async function openReadModel(
  config: ApiConfig,
  store: EventStore,
): Promise<ApiReadModel | null> {
  const { url, schema } = config.readModel;
  if (url !== null) {
    const reader = new PostgresReadModelReader({ connectionString: url, schema });
    try {
      await reader.checkpoint();
    } catch (error) {
      await reader.close().catch(() => undefined);
      throw new ConfigError(
        'LEDGER_READ_MODEL_URL',
        `does not lead to a PostgreSQL read model in schema "${schema}" ` +
          `(start apps/projector on it first): ${(error as Error).message}`,
      );
    }
    return { reader, inline: null, close: () => reader.close() };
  }
  if (config.store.eventStore === 'memory') return openEmbeddedReadModel(store, ':memory:');
  if (config.store.eventStore === 'sqlite') {
    return openEmbeddedReadModel(store, join(config.store.dataDir, READ_MODEL_FILE_NAME));
  }
  return null;
}
