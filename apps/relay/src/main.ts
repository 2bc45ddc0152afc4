import {
  ConfigError,
  loadRelayConfig,
  loadTracingConfig,
  processEnvironment,
} from '@ledger/config';
import { startTracing } from '@ledger/telemetry/tracing';
import { connectConfiguredEventStore, describeEventStore } from '@ledger/event-store/configured';
import { KafkaLedgerPublisher, LedgerRelay } from '@ledger/messaging';
import { RelayMetrics, createMetricsRegistry } from '@ledger/telemetry/metrics';
import { createLogger, type Logger } from '@ledger/telemetry/logging';
import { serveRelayHealth } from './relay-health';

/** The process's logger, once LEDGER_LOG_LEVEL is known: JSON lines (pretty on a terminal). */
let processLogger: Logger | null = null;

/**
 * The relay process: follows the event store (the SQLite file, read-only, or EventStoreDB's
 * `$all`) from the checkpoint kept in Kafka and publishes every event and the figures it changes
 * to the public topics, one Kafka transaction per batch. SIGTERM or SIGINT stop it after the
 * batch in flight (exit 0); a wrong setting exits 2 naming it, and so does an EventStoreDB that
 * does not answer a ping at start (EVENTSTORE_CONNECTION_STRING); a failure of the store exits
 * 1. Broker outages are retried, not fatal.
 */
async function main(): Promise<number> {
  // First: a span per batch once OTEL_* ask for traces; nothing starts otherwise.
  const { enabled } = loadTracingConfig(processEnvironment());
  const stopTracing = await startTracing({ service: 'ledger-relay', enabled });
  const config = loadRelayConfig(processEnvironment());
  const logger = (processLogger = createLogger({ service: 'relay', level: config.logLevel }));
  const log = (message: string, fields: Record<string, unknown> = {}) =>
    logger.info(fields, message);
  const store = await connectConfiguredEventStore(config.store, { readOnly: true });
  const publisher = new KafkaLedgerPublisher({
    brokers: config.kafka.brokers,
    transactionalId: config.transactionalId,
    checkpointGroup: config.checkpointGroup,
    topicPrefix: config.topicPrefix,
  });
  let lastLog = 0;
  // GET /metrics, beside /health: checkpoint, lag (read from the log when scraped), what was
  // published, Kafka errors, batches.
  const metrics = new RelayMetrics(store, createMetricsRegistry({ processMetrics: true }));
  const relay = new LedgerRelay(store, publisher, {
    batchSize: config.batchSize,
    pollMs: config.pollMs,
    onError: (error) => {
      metrics.countKafkaError();
      // Retried with backoff (200 ms doubling to 5 s), so at most a few lines a second.
      logger.warn(
        { err: error, failures: relay.status().failures + 1 },
        `Kafka failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
    onCommit: ({ checkpoint, events, messages, seconds }) => {
      metrics.recordBatch({ checkpoint, events, messages, seconds });
      if (Date.now() - lastLog < 1000) return;
      lastLog = Date.now();
      log(`checkpoint ${checkpoint}`, { checkpoint });
    },
  });
  metrics.readCheckpointFrom(() => relay.status().checkpoint);
  const health =
    config.healthPort === 0
      ? null
      : await serveRelayHealth(
          () => relay.status(),
          config.healthPort,
          config.healthHost,
          metrics.registry,
        );
  log(
    `publishing ${describeEventStore(config.store)} to ${config.kafka.brokers.join(',')} as ${config.transactionalId}` +
      (health
        ? `; health on http://${config.healthHost}:${config.healthPort}/health, metrics on /metrics`
        : ''),
    { brokers: config.kafka.brokers, transactionalId: config.transactionalId },
  );
  const stop = (signal: string) => {
    log(`stopping (${signal})`, { signal });
    relay.stop();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  try {
    await relay.run();
    const { checkpoint } = relay.status();
    log(`stopped at checkpoint ${checkpoint}`, { checkpoint });
    return 0;
  } catch (error) {
    logger.error(
      { err: error },
      `failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    health?.close();
    await store.close();
    await stopTracing();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    // A bad setting (or a store that does not answer) is logged as its message alone.
    const logger = processLogger ?? createLogger({ service: 'relay' });
    if (error instanceof ConfigError) {
      logger.fatal(error.message);
      process.exit(2);
    }
    logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
