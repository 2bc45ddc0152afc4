import { Client } from 'pg';
import type { EventStore } from '@ledger/event-store';
import { LEDGER_PROJECTOR } from '../read-model-writer.port';
import type { ComparedRebuild } from '../read-model-comparison';
import { catchUp, SqlProjector } from '../sql-projector';
import { compareReadModels } from './postgres-compare';
import { PostgresReadModelWriter, redacted } from './postgres-read-model-writer';
import { assertSchemaName, quoted, rebuildSchemaName } from './postgres-schema';

export interface RebuildOptions {
  connectionString: string;
  /** The live read model's schema, which the rebuild is compared with. */
  schema: string;
  /** The fresh schema to rebuild into (default `<schema>_rebuild_<timestamp>`). */
  rebuildSchema?: string;
  batchSize?: number;
  maxDifferences?: number;
  onProgress?: (progress: { checkpoint: number; upTo: number }) => void;
}

export interface RebuildReport extends ComparedRebuild {
  rebuiltSchema: string;
}

/** How often the rebuild catches up again when the live projector moves on during a compare. */
const COMPARE_ATTEMPTS = 5;

/**
 * `ledger rebuild`: projects the log from position 0 into a fresh schema, up to the live read
 * model's checkpoint, then compares every table with the live schema. The comparison runs in
 * one REPEATABLE READ snapshot; if the live projector has moved on by then, the rebuild catches
 * up to its new checkpoint and compares again, so both always stand at the same position.
 * The rebuilt schema is left in place for inspection (or to switch to); it is reported.
 */
export async function rebuildAndCompare(
  store: EventStore,
  options: RebuildOptions,
): Promise<RebuildReport> {
  const schema = assertSchemaName(options.schema);
  const rebuiltSchema = options.rebuildSchema ?? rebuildSchemaName(schema);
  const client = new Client({ connectionString: options.connectionString });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach the PostgreSQL read model at ${redacted(options.connectionString)}: ` +
        (error as Error).message,
    );
  }
  const writer = new PostgresReadModelWriter({
    connectionString: options.connectionString,
    schema: rebuiltSchema,
  });
  try {
    let target = await liveCheckpoint(client, schema);
    await writer.migrate();
    const projector = new SqlProjector(writer, { gapFreePositions: store.gapFreePositions });
    for (let attempt = 1; attempt <= COMPARE_ATTEMPTS; attempt += 1) {
      await catchUp(store, projector, {
        upTo: target,
        batchSize: options.batchSize,
        onProgress: options.onProgress,
      });
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const live = await liveCheckpoint(client, schema);
        if (live < target) {
          throw new Error(`the live read model's checkpoint went back from ${target} to ${live}`);
        }
        if (live === target) {
          const comparison = await compareReadModels(
            client,
            schema,
            rebuiltSchema,
            options.maxDifferences,
          );
          return { rebuiltSchema, position: target, head: await store.headPosition(), comparison };
        }
        target = live;
      } finally {
        await client.query('ROLLBACK');
      }
    }
    throw new Error(
      `the live read model kept moving: compared ${COMPARE_ATTEMPTS} times, ` +
        'stop its projector or run the rebuild when it is quieter',
    );
  } finally {
    await writer.close();
    await client.end();
  }
}

/** The live schema's checkpoint; throws when the schema holds no read model. */
async function liveCheckpoint(client: Client, schema: string): Promise<number> {
  const exists = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
    `${quoted(schema)}.projector_checkpoint`,
  ]);
  if (exists.rows[0].found === null) {
    throw new Error(`schema "${schema}" holds no read model (no projector_checkpoint table)`);
  }
  const result = await client.query<{ position: string }>(
    `SELECT position FROM ${quoted(schema)}.projector_checkpoint WHERE projector = $1`,
    [LEDGER_PROJECTOR],
  );
  return result.rows.length === 0 ? 0 : Number(result.rows[0].position);
}
