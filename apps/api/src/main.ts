import 'reflect-metadata';
import { systemClock } from '@ledger/commands';
import { ConfigError, loadApiConfig, loadTracingConfig, processEnvironment } from '@ledger/config';
import { startTracing } from '@ledger/telemetry/tracing';
import { createLedgerApp } from './app/create-ledger-app';
import { connectEventStore } from './app/open-event-store';
import { openReadModel } from './app/open-read-model';
import { devSecretWarning, startBanner } from './app/start-banner';
import { createLogger, type Logger } from '@ledger/telemetry/logging';
import { apiMetricsFor } from './metrics/api-metrics-for';

/** The process's logger, once LEDGER_LOG_LEVEL is known; JSON lines (pretty on a terminal). */
let logger: Logger | null = null;

/**
 * Starts the HTTP API on the configured store. Its settings are read once, here, from the
 * environment and the flags (`loadApiConfig`, `@ledger/config`); everything else gets the typed
 * config.
 */
async function main(): Promise<void> {
  // First, so every span of the process has somewhere to go: nothing starts unless OTEL_* ask.
  const { enabled } = loadTracingConfig(processEnvironment());
  const stopTracing = await startTracing({ service: 'ledger-api', enabled });
  const config = loadApiConfig(processEnvironment(), process.argv.slice(2));
  const log = (logger = createLogger({ service: 'api', level: config.logLevel }));
  if (config.usingDevJwtSecret) log.warn(devSecretWarning().join('\n'));
  const metrics = apiMetricsFor(config);
  const store = await connectEventStore(config, systemClock, {
    onGroupCommit: (appends, seconds) => metrics.observeGroupCommit(appends, seconds),
  });
  const readModel = await openReadModel(config, store);
  const app = await createLedgerApp({
    store,
    readModel,
    clock: systemClock,
    jwtSecret: config.jwtSecret,
    devTokens: config.devTokens,
    oidc: config.oidc,
    logger: log,
    metrics,
  });
  const stop = async (signal: string): Promise<void> => {
    log.info({ signal }, `stopping (${signal})`);
    await app.close();
    await readModel?.close();
    await store.close();
    await stopTracing();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // The banner as one line's message: on a terminal it reads (and its curl pastes) as before.
  log.info(startBanner(config).join('\n'));
}

main().catch((error: unknown) => {
  // A bad setting is logged as its message alone; anything else with its stack.
  const log = logger ?? createLogger({ service: 'api' });
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: error }, `failed to start: ${String(error)}`);
  process.exit(1);
});
