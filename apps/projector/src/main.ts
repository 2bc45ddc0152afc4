import { ConfigError, loadProjectorConfig, processEnvironment } from '@ledger/config';
import { connectConfiguredEventStore, describeEventStore } from '@ledger/event-store/configured';
import {
  LEDGER_PROJECTOR,
  PostgresReadModelWriter,
  redacted,
  SqlProjector,
} from '@ledger/read-model/sql';
import { BatchingFollower } from './batching-follower';

/** Progress is logged at most this often. */
const LOG_EVERY_MS = 1000;

/**
 * The projector process: follows the event store's global log (the SQLite file, read-only, or
 * EventStoreDB's `$all`) from the checkpoint kept in the PostgreSQL read model and folds it into
 * the read-model tables, each batch and its checkpoint in one transaction. SIGTERM or SIGINT
 * stop it cleanly: delivery stops, the events buffered are written, the connections close,
 * exit 0. A failure exits 1; a wrong setting exits 2 with a message naming it, and so does an
 * EventStoreDB that does not answer a ping at start (EVENTSTORE_CONNECTION_STRING).
 */
async function main(): Promise<number> {
  const config = loadProjectorConfig(processEnvironment());
  const log = (message: string) => console.log(`${new Date().toISOString()} projector ${message}`);
  // The store first: a wrong or unreachable EventStoreDB stops the process before anything else.
  const store = await connectConfiguredEventStore(config.store, {
    readOnly: true,
    pollIntervalMs: config.pollIntervalMs,
    catchUpPageSize: config.batchSize,
  });
  const writer = new PostgresReadModelWriter({
    connectionString: config.readModel.url,
    schema: config.readModel.schema,
    client: { application_name: 'ledger-projector' },
  });
  try {
    await writer.migrate();
  } catch (error) {
    await store.close();
    await writer.close().catch(() => undefined);
    throw error;
  }
  // At most one progress line a second; the last checkpoint of a burst is logged a second later.
  let lastLog = 0;
  let pending: NodeJS.Timeout | null = null;
  let latest = 0;
  const logProgress = () => {
    pending = null;
    lastLog = Date.now();
    log(`checkpoint ${latest}`);
  };
  // EventStoreDB's positions are sparse: the projector then checks order, not consecutiveness.
  const projector = new SqlProjector(writer, { gapFreePositions: store.gapFreePositions });
  const follower = new BatchingFollower(store, projector, {
    batchSize: config.batchSize,
    onCommit: ({ checkpoint }) => {
      latest = checkpoint;
      if (Date.now() - lastLog >= LOG_EVERY_MS) logProgress();
      else pending ??= setTimeout(logProgress, LOG_EVERY_MS);
    },
  });
  const from = await follower.start();
  log(
    `following ${describeEventStore(config.store)} from position ${from} (head ${await store.headPosition()}) ` +
      `into ${redacted(config.readModel.url)} schema ${config.readModel.schema}, ${config.batchSize} events a batch`,
  );

  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  try {
    const signal = await Promise.race([stopped, follower.done.then(() => 'end of delivery')]);
    log(`stopping (${signal})`);
    await follower.stop();
    if (pending) clearTimeout(pending);
    log(`stopped at checkpoint ${await writer.checkpoint(LEDGER_PROJECTOR)}`);
    return 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await store.close();
    await writer.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
