import {
  ConfigError,
  loadProjectorConfig,
  loadTracingConfig,
  processEnvironment,
} from '@ledger/config';
import { startTracing } from '@ledger/telemetry/tracing';
import { connectConfiguredEventStore, describeEventStore } from '@ledger/event-store/configured';
import {
  LEDGER_PROJECTOR,
  PostgresReadModelWriter,
  redacted,
  SqlProjector,
} from '@ledger/read-model/sql';
import { ProjectorMetrics, createMetricsRegistry, serveMetrics } from '@ledger/telemetry/metrics';
import { createLogger, type Logger } from '@ledger/telemetry/logging';
import { BatchingFollower } from './batching-follower';

/** The process's logger, once LEDGER_LOG_LEVEL is known: JSON lines (pretty on a terminal). */
let processLogger: Logger | null = null;

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
  // First: a span per batch once OTEL_* ask for traces; nothing starts otherwise.
  const { enabled } = loadTracingConfig(processEnvironment());
  const stopTracing = await startTracing({ service: 'ledger-projector', enabled });
  const config = loadProjectorConfig(processEnvironment());
  const logger = (processLogger = createLogger({ service: 'projector', level: config.logLevel }));
  const log = (message: string, fields: Record<string, unknown> = {}) =>
    logger.info(fields, message);
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
    log(`checkpoint ${latest}`, { checkpoint: latest });
  };
  // EventStoreDB's positions are sparse: the projector then checks order, not consecutiveness.
  const projector = new SqlProjector(writer, { gapFreePositions: store.gapFreePositions });
  // GET /metrics: checkpoint, lag (read from the log when scraped), events applied, batches.
  const metrics = new ProjectorMetrics(store, createMetricsRegistry({ processMetrics: true }));
  const follower = new BatchingFollower(store, projector, {
    batchSize: config.batchSize,
    onCommit: ({ checkpoint, applied, seconds }) => {
      metrics.recordBatch({ checkpoint, applied, seconds });
      latest = checkpoint;
      if (Date.now() - lastLog >= LOG_EVERY_MS) logProgress();
      else pending ??= setTimeout(logProgress, LOG_EVERY_MS);
    },
  });
  const from = await follower.start();
  metrics.setCheckpoint(from);
  const metricsServer =
    config.metricsPort === 0
      ? null
      : await serveMetrics(metrics.registry, config.metricsPort, config.metricsHost).catch(
          (error: Error) => {
            throw new ConfigError(
              'LEDGER_PROJECTOR_METRICS_PORT',
              `(${config.metricsHost}:${config.metricsPort}) cannot be listened on: ${error.message}`,
            );
          },
        );
  const head = await store.headPosition();
  log(
    `following ${describeEventStore(config.store)} from position ${from} (head ${head}) ` +
      `into ${redacted(config.readModel.url)} schema ${config.readModel.schema}, ${config.batchSize} events a batch` +
      (metricsServer
        ? `; metrics on http://${config.metricsHost}:${config.metricsPort}/metrics`
        : ''),
    { from, head, batchSize: config.batchSize },
  );

  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  try {
    const signal = await Promise.race([stopped, follower.done.then(() => 'end of delivery')]);
    log(`stopping (${signal})`, { signal });
    await follower.stop();
    if (pending) clearTimeout(pending);
    const checkpoint = await writer.checkpoint(LEDGER_PROJECTOR);
    log(`stopped at checkpoint ${checkpoint}`, { checkpoint });
    return 0;
  } catch (error) {
    logger.error(
      { err: error },
      `failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    metricsServer?.close();
    await store.close();
    await writer.close();
    await stopTracing();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    // A bad setting (or a store that does not answer) is logged as its message alone.
    const logger = processLogger ?? createLogger({ service: 'projector' });
    if (error instanceof ConfigError) logger.fatal(error.message);
    else logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
