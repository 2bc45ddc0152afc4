import type { EventStore } from '@ledger/event-store';
import type { ReadModelReader } from '../head/read-model-reader.port';
import { InlineProjection } from './inline-projection';
import { SqliteReadModelWriter } from './sqlite/sqlite-read-model-writer';
import { SqlProjector } from './sql-projector';

/** The embedded read model's file in the data directory, beside the log's `ledger.sqlite`. */
export const READ_MODEL_FILE_NAME = 'read-model.sqlite';

/** A read model a process answers head reports from, and how it is kept up to date. */
export interface OpenedReadModel {
  reader: ReadModelReader;
  /** Embedded: projected by the process itself, after each append and before each head read. */
  inline: InlineProjection | null;
  close(): Promise<void>;
}

/**
 * The embedded read model: a SQLite file (or ':memory:') beside the log, caught up with it
 * before this returns, so the first request does not pay for a backlog. Its durability is
 * `synchronous=NORMAL`: it can always be rebuilt from the log, and a commit lost in a power cut
 * takes its checkpoint with it, so those events are simply projected again. The API keeps it in
 * `DIR/read-model.sqlite` (READ_MODEL_FILE_NAME); `ledger rebuild` compares with that file.
 */
export async function openEmbeddedReadModel(
  store: EventStore,
  file: string,
): Promise<OpenedReadModel> {
  const writer = new SqliteReadModelWriter(file, { synchronous: 'NORMAL' });
  await writer.migrate();
  const projector = new SqlProjector(writer, { gapFreePositions: store.gapFreePositions });
  const inline = new InlineProjection(store, projector);
  await inline.catchUp();
  return { reader: writer, inline, close: () => writer.close() };
}
