import { ConfigError, loadRelayConfig, processEnvironment } from '@ledger/config';
import { connectConfiguredEventStore, describeEventStore } from '@ledger/event-store/configured';
import { KafkaLedgerPublisher, LedgerRelay } from '@ledger/messaging';
import { serveRelayHealth } from './relay-health';

/**
 * The relay process: follows the event store (the SQLite file, read-only, or EventStoreDB's
 * `$all`) from the checkpoint kept in Kafka and publishes every event and the figures it changes
 * to the public topics, one Kafka transaction per batch. SIGTERM or SIGINT stop it after the
 * batch in flight (exit 0); a wrong setting exits 2 naming it, and so does an EventStoreDB that
 * does not answer a ping at start (EVENTSTORE_CONNECTION_STRING); a failure of the store exits
 * 1. Broker outages are retried, not fatal.
 */
async function main(): Promise<number> {
  const config = loadRelayConfig(processEnvironment());
  const log = (message: string) => console.log(`${new Date().toISOString()} relay ${message}`);
  const store = await connectConfiguredEventStore(config.store, { readOnly: true });
  const publisher = new KafkaLedgerPublisher({
    brokers: config.kafka.brokers,
    transactionalId: config.transactionalId,
    checkpointGroup: config.checkpointGroup,
    topicPrefix: config.topicPrefix,
  });
  let lastLog = 0;
  const relay = new LedgerRelay(store, publisher, {
    batchSize: config.batchSize,
    pollMs: config.pollMs,
    onCommit: ({ checkpoint }) => {
      if (Date.now() - lastLog < 1000) return;
      lastLog = Date.now();
      log(`checkpoint ${checkpoint}`);
    },
  });
  const health =
    config.healthPort === 0
      ? null
      : await serveRelayHealth(() => relay.status(), config.healthPort, config.healthHost);
  log(
    `publishing ${describeEventStore(config.store)} to ${config.kafka.brokers.join(',')} as ${config.transactionalId}` +
      (health ? `; health on http://${config.healthHost}:${config.healthPort}/health` : ''),
  );
  process.once('SIGTERM', () => relay.stop());
  process.once('SIGINT', () => relay.stop());
  try {
    await relay.run();
    log(`stopped at checkpoint ${relay.status().checkpoint}`);
    return 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    health?.close();
    await store.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`relay: ${error.message}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
