/**
 * The projector process on LEDGER_EVENT_STORE=eventstoredb, against the faults this machine can
 * make without a server: a refused connection (a port bound and released) and a server that
 * accepts and never answers. Either way the process must stop at once, before it touches
 * PostgreSQL, with exit 2 and a message naming EVENTSTORE_CONNECTION_STRING (password hidden).
 * Nothing here can show that it follows a real EventStoreDB: no server runs where this was written.
 */
import { closedPort, silentServer } from '@ledger/event-store/testing/connection-faults';
import { runProcess } from '@ledger/event-store/testing/run-process';

jest.setTimeout(60_000);

const ENTRY = 'apps/projector/src/main.ts';

function projectorOn(connectionString: string) {
  return runProcess(ENTRY, {
    LEDGER_EVENT_STORE: 'eventstoredb',
    EVENTSTORE_CONNECTION_STRING: connectionString,
    LEDGER_DATA_DIR: undefined,
    // Never reached: the store is connected first. Port 9 (discard) would refuse anyway.
    LEDGER_READ_MODEL_URL: 'postgres://postgres@127.0.0.1:9/ledger',
  });
}

describe('apps/projector on EventStoreDB (child process)', () => {
  it('exits at once, naming EVENTSTORE_CONNECTION_STRING, when the connection is refused', async () => {
    const port = await closedPort();
    const outcome = await projectorOn(`esdb://ledger:s3cret@127.0.0.1:${port}?tls=false`);
    expect(outcome).toMatchObject({ code: 2, signal: null });
    expect(outcome.output).toContain(
      `Invalid configuration: EVENTSTORE_CONNECTION_STRING (esdb://ledger:***@127.0.0.1:${port}?tls=false) ` +
        'does not lead to a working EventStoreDB',
    );
    expect(outcome.output).not.toContain('s3cret');
    expect(outcome.output).not.toContain('following');
    expect(outcome.ms).toBeLessThan(20_000);
  });

  it('exits within the ping deadline, naming the setting, when the server never answers', async () => {
    const silent = await silentServer();
    try {
      const outcome = await projectorOn(`esdb://127.0.0.1:${silent.port}?tls=false`);
      expect(outcome).toMatchObject({ code: 2, signal: null });
      expect(outcome.output).toContain(
        `Invalid configuration: EVENTSTORE_CONNECTION_STRING (esdb://127.0.0.1:${silent.port}?tls=false) ` +
          'does not lead to a working EventStoreDB',
      );
      expect(outcome.output).toMatch(/within 5000 ms/);
      // The 5 s ping deadline, plus starting Node and compiling TypeScript on the fly.
      expect(outcome.ms).toBeLessThan(25_000);
    } finally {
      await silent.close();
    }
  });

  it('refuses a connection string it cannot use before connecting at all', async () => {
    const outcome = await projectorOn('http://127.0.0.1:2113');
    expect(outcome).toMatchObject({ code: 2, signal: null });
    expect(outcome.output).toContain('Invalid configuration: EVENTSTORE_CONNECTION_STRING must be');
  });
});
