import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore } from '@ledger/event-store';
import type { ComparedRebuild } from '../read-model-comparison';
import { checkSqliteMigrations } from '@ledger/event-store/migration-runner';
import {
  defaultReadModelMigrationsDir,
  READ_MODEL_MIGRATIONS_TABLE,
} from '../read-model-migrations';
import { LEDGER_PROJECTOR } from '../read-model-writer.port';
import { catchUp, SqlProjector } from '../sql-projector';
import { compareSqliteReadModels } from './sqlite-compare';
import { SqliteReadModelWriter } from './sqlite-read-model-writer';

export interface SqliteRebuildOptions {
  /** The live read model's file (the embedded API's `read-model.sqlite`), opened read-only. */
  liveFile: string;
  /**
   * The fresh file to rebuild into; it must not exist yet. Default: beside the live file,
   * `<its name>.rebuild-<UTC timestamp>.sqlite` (`read-model.rebuild-20250101120000000.sqlite`).
   */
  rebuildFile?: string;
  batchSize?: number;
  maxDifferences?: number;
  onProgress?: (progress: { checkpoint: number; upTo: number }) => void;
  /** Folder of the SQLite read-model migrations (default: `migrations/read-model/sqlite`). */
  migrationsDir?: string;
}

export interface SqliteRebuildReport extends ComparedRebuild {
  liveFile: string;
  rebuiltFile: string;
}

/** How often the rebuild catches up again when the API moves the live read model on meanwhile. */
const COMPARE_ATTEMPTS = 5;

/** `<folder>/<name>.rebuild-<UTC timestamp to the millisecond>.sqlite`, beside the live file. */
export function rebuildFileName(liveFile: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:T.Z]/g, '');
  const name = basename(liveFile).replace(/\.sqlite$/, '');
  return join(dirname(liveFile), `${name}.rebuild-${stamp}.sqlite`);
}

/**
 * `ledger rebuild` for the embedded read model: projects the log from position 0 into a fresh
 * SQLite file, up to the live read model's checkpoint, then compares every table with the live
 * file. The live file is opened read-only and compared inside one read transaction (WAL gives it
 * one snapshot while the API goes on writing); if the API has moved the checkpoint on by then,
 * the rebuild catches up to the new one and compares again, so both always stand at the same
 * position. The rebuilt file is left in place for inspection (or to switch to); it is reported.
 */
export async function rebuildSqliteAndCompare(
  store: EventStore,
  options: SqliteRebuildOptions,
): Promise<SqliteRebuildReport> {
  const { liveFile } = options;
  const rebuiltFile = options.rebuildFile ?? rebuildFileName(liveFile);
  const migrationsDir = options.migrationsDir ?? defaultReadModelMigrationsDir('sqlite');
  if (existsSync(rebuiltFile)) {
    throw new Error(`${rebuiltFile} already exists: a rebuild goes into a fresh file`);
  }
  const live = openLive(liveFile, migrationsDir);
  let writer: SqliteReadModelWriter | null = null;
  let rebuilt: Database.Database | null = null;
  try {
    let target = checkpointOf(live);
    // The rebuild can always be made again from the log, so it need not fsync every batch:
    // it is made durable once, before it is reported (makeDurable below).
    writer = new SqliteReadModelWriter(rebuiltFile, { migrationsDir, freshRebuild: true });
    await writer.migrate();
    rebuilt = new Database(rebuiltFile, { readonly: true, fileMustExist: true });
    const projector = new SqlProjector(writer, { gapFreePositions: store.gapFreePositions });
    for (let attempt = 1; attempt <= COMPARE_ATTEMPTS; attempt += 1) {
      await catchUp(store, projector, {
        upTo: target,
        batchSize: options.batchSize,
        onProgress: options.onProgress,
      });
      const rebuiltNow = rebuilt;
      const seen = live
        .transaction(() => {
          const checkpoint = checkpointOf(live);
          if (checkpoint !== target) return { checkpoint, comparison: null };
          return {
            checkpoint,
            comparison: compareSqliteReadModels(live, rebuiltNow, options.maxDifferences),
          };
        })
        .deferred();
      if (seen.checkpoint < target) {
        throw new Error(
          `the live read model's checkpoint went back from ${target} to ${seen.checkpoint}`,
        );
      }
      if (seen.comparison !== null) {
        await writer.makeDurable();
        return {
          liveFile,
          rebuiltFile,
          position: target,
          head: await store.headPosition(),
          comparison: seen.comparison,
        };
      }
      target = seen.checkpoint;
    }
    throw new Error(
      `the live read model kept moving: compared ${COMPARE_ATTEMPTS} times, ` +
        'stop the API or run the rebuild when it is quieter',
    );
  } finally {
    rebuilt?.close();
    await writer?.close();
    live.close();
  }
}

/**
 * The live file, read-only (never written, not even a WAL checkpoint), checked to hold a read
 * model with every migration the rebuild applies, so the two have the same tables.
 */
function openLive(file: string, migrationsDir: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`cannot open the live read model at ${file}: ${(error as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    const { bookkept, pending } = checkSqliteMigrations(db, {
      dir: migrationsDir,
      table: READ_MODEL_MIGRATIONS_TABLE.sqlite,
      database: file,
    });
    if (!bookkept) {
      throw new Error(`${file} holds no read model (no read_model_migrations table)`);
    }
    if (pending.length > 0) {
      throw new Error(
        `the live read model ${file} lacks migration(s) ${pending.join(', ')}: ` +
          'start the API on it once, which migrates it, then rebuild',
      );
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkpointOf(db: Database.Database): number {
  const position = db
    .prepare<[string], bigint>('SELECT position FROM projector_checkpoint WHERE projector = ?')
    .pluck()
    .safeIntegers(true)
    .get(LEDGER_PROJECTOR);
  return position === undefined ? 0 : Number(position);
}
