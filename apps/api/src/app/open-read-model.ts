import { join } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import type { ReadModelReader } from '@ledger/read-model';
import {
  InlineProjection,
  PostgresReadModelReader,
  SqliteReadModelWriter,
  SqlProjector,
} from '@ledger/read-model/sql';
import { ConfigError, type LedgerConfig } from '../config/ledger-config';

export const READ_MODEL_FILE_NAME = 'read-model.sqlite';

/** The read model the API answers head reports from, and how it is kept up to date. */
export interface ApiReadModel {
  reader: ReadModelReader;
  /** Embedded: projected by the API itself, after each append and before each head read. */
  inline: InlineProjection | null;
  close(): Promise<void>;
}

/**
 * The embedded read model: a SQLite file (or ':memory:') beside the log, caught up with it
 * before this returns, so the first request does not pay for a backlog. Its durability is
 * `synchronous=NORMAL`: it can always be rebuilt from the log, and a commit lost in a power cut
 * takes its checkpoint with it, so those events are simply projected again.
 */
export async function openEmbeddedReadModel(
  store: EventStore,
  file: string,
): Promise<ApiReadModel> {
  const writer = new SqliteReadModelWriter(file, { synchronous: 'NORMAL' });
  await writer.migrate();
  const projector = new SqlProjector(writer, { gapFreePositions: store.gapFreePositions });
  const inline = new InlineProjection(store, projector);
  await inline.catchUp();
  return { reader: writer, inline, close: () => writer.close() };
}

/**
 * The configured read model, or null where reports replay the log instead:
 * - `LEDGER_READ_MODEL_URL` set: the PostgreSQL read model `apps/projector` keeps (reads only);
 * - the embedded SQLite or memory log: the embedded read model, projected inline;
 * - EventStoreDB without a PostgreSQL read model: none, and head reports replay the log. A
 *   server-backed ledger keeps its read model in PostgreSQL (`apps/projector`), shared by every
 *   API instance, rather than a file beside each one; see docs/operations.md.
 */
export async function openReadModel(
  config: LedgerConfig,
  store: EventStore,
): Promise<ApiReadModel | null> {
  if (config.readModelUrl !== null) {
    const reader = new PostgresReadModelReader({
      connectionString: config.readModelUrl,
      schema: config.readModelSchema,
    });
    try {
      await reader.checkpoint();
    } catch (error) {
      await reader.close().catch(() => undefined);
      throw new ConfigError(
        'LEDGER_READ_MODEL_URL',
        `does not lead to a PostgreSQL read model in schema "${config.readModelSchema}" ` +
          `(start apps/projector on it first): ${(error as Error).message}`,
      );
    }
    return { reader, inline: null, close: () => reader.close() };
  }
  if (config.eventStore === 'memory') return openEmbeddedReadModel(store, ':memory:');
  if (config.eventStore === 'sqlite') {
    return openEmbeddedReadModel(store, join(config.dataDir, READ_MODEL_FILE_NAME));
  }
  return null;
}
