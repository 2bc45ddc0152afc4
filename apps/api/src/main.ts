import 'reflect-metadata';
import { systemClock } from '@ledger/commands';
import { ConfigError, loadApiConfig, processEnvironment } from '@ledger/config';
import { createLedgerApp } from './app/create-ledger-app';
import { connectEventStore } from './app/open-event-store';
import { openReadModel } from './app/open-read-model';
import { devSecretWarning, startBanner } from './app/start-banner';

/**
 * Starts the HTTP API on the configured store. Its settings are read once, here, from the
 * environment and the flags (`loadApiConfig`, `@ledger/config`); everything else gets the typed
 * config.
 */
async function main(): Promise<void> {
  const config = loadApiConfig(processEnvironment(), process.argv.slice(2));
  if (config.usingDevJwtSecret) devSecretWarning().forEach((line) => console.warn(line));
  const store = await connectEventStore(config, systemClock);
  const readModel = await openReadModel(config, store);
  const app = await createLedgerApp({
    store,
    readModel,
    clock: systemClock,
    jwtSecret: config.jwtSecret,
    devTokens: config.devTokens,
    logLevels: ['error', 'warn'],
  });
  const stop = async (): Promise<void> => {
    await app.close();
    await readModel?.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ port: config.port, host: config.host });
  startBanner(config).forEach((line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
