import { closedPort, silentServer } from './connection-faults';
import { runProcess } from './run-process';

export interface FailFastProcess {
  /** For the describe line, e.g. `apps/relay`. */
  name: string;
  /** The process's TypeScript entry, from the repository root. */
  entry: string;
  /** Its other settings; they must never be reached, since the store is connected first. */
  env: Record<string, string | undefined>;
  /** A word the process logs once it has started its work: it must never appear. */
  startedWord: string;
}

/**
 * One background process on LEDGER_EVENT_STORE=eventstoredb, against the faults this machine
 * can make without a server: a refused connection (a port bound and released) and a server
 * that accepts and never answers. Either way the process must stop at once, before it touches
 * anything else, with exit 2 and a message naming EVENTSTORE_CONNECTION_STRING (password
 * hidden). Nothing here shows that it follows a real EventStoreDB: no server runs here.
 */
export function describeFailFastOnEventStoreDb(process: FailFastProcess): void {
  const on = (connectionString: string) =>
    runProcess(process.entry, {
      ...process.env,
      LEDGER_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: connectionString,
      LEDGER_DATA_DIR: undefined,
    });

  describe(`${process.name} on EventStoreDB (child process)`, () => {
    it('exits at once, naming EVENTSTORE_CONNECTION_STRING, when the connection is refused', async () => {
      const port = await closedPort();
      const outcome = await on(`esdb://ledger:s3cret@127.0.0.1:${port}?tls=false`);
      expect(outcome).toMatchObject({ code: 2, signal: null });
      expect(outcome.output).toContain(
        `Invalid configuration: EVENTSTORE_CONNECTION_STRING (esdb://ledger:***@127.0.0.1:${port}?tls=false) ` +
          'does not lead to a working EventStoreDB',
      );
      expect(outcome.output).not.toContain('s3cret');
      expect(outcome.output).not.toContain(process.startedWord);
      expect(outcome.ms).toBeLessThan(20_000);
    });

    it('exits within the ping deadline, naming the setting, when the server never answers', async () => {
      const silent = await silentServer();
      try {
        const outcome = await on(`esdb://127.0.0.1:${silent.port}?tls=false`);
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
      const outcome = await on('http://127.0.0.1:2113');
      expect(outcome).toMatchObject({ code: 2, signal: null });
      expect(outcome.output).toContain(
        'Invalid configuration: EVENTSTORE_CONNECTION_STRING must be',
      );
    });
  });
}
