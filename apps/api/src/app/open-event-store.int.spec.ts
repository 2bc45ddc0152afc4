/**
 * Proves the boot fails fast on an EventStoreDB that cannot be reached: a real refused
 * connection on 127.0.0.1 (a port nothing listens on), with a short ping deadline. The message
 * names EVENTSTORE_CONNECTION_STRING and never shows the password.
 */
import { systemClock } from '@ledger/commands';
import { EventStoreDbEventStore } from '@ledger/event-store/eventstoredb';
import { closedPort } from '@ledger/event-store/testing/connection-faults';
import { ConfigError, loadApiConfig } from '@ledger/config';
import { connectEventStore, openEventStore } from './open-event-store';

describe('connectEventStore with LEDGER_EVENT_STORE=eventstoredb', () => {
  it('fails fast, naming EVENTSTORE_CONNECTION_STRING, when nothing listens there', async () => {
    const port = await closedPort();
    const config = loadApiConfig({
      LEDGER_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://ledger:s3cret@127.0.0.1:${port}?tls=false`,
    });
    const started = Date.now();
    const connecting = connectEventStore(config, systemClock, { pingDeadlineMs: 1000 });
    await expect(connecting).rejects.toBeInstanceOf(ConfigError);
    await expect(connecting).rejects.toThrow(
      `Invalid configuration: EVENTSTORE_CONNECTION_STRING (esdb://ledger:***@127.0.0.1:${port}?tls=false) does not lead to a working EventStoreDB`,
    );
    await expect(connecting).rejects.not.toThrow('s3cret');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('opens the EventStoreDB adapter without touching the network (openEventStore)', async () => {
    const config = loadApiConfig({
      LEDGER_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${await closedPort()}?tls=false`,
    });
    const store = openEventStore(config, systemClock);
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    expect(store.supportsMultiStreamAppend).toBe(false);
    await store.close();
  });
});
