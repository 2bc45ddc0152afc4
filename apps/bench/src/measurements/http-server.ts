/**
 * The API under test, in its own process: `createLedgerApp` on a fresh SQLite file and its
 * embedded read model (projected inline, as `npm start` does), listening
 * on 127.0.0.1 on a free port, with the system clock, as `npm start` runs it. The benchmark
 * process drives it over real sockets. Talks to its parent over the IPC channel:
 * - parent → {type: 'start', setup, actors}: set up the agreements, listen, answer 'ready'
 *   with the port and one bearer token per actor;
 * - parent → {type: 'head'}: answer with the log's head position;
 * - parent → {type: 'stop'}: close, delete the file and exit (a CPU profile is written then).
 */
import 'reflect-metadata';
import { LedgerCommands, systemClock } from '@ledger/commands';
import { SqliteEventStore, type Actor } from '@ledger/event-store';
import type { AddressInfo } from 'node:net';
import { createLedgerApp } from '../../../api/src/app/create-ledger-app';
import { openEmbeddedReadModel } from '../../../api/src/app/open-read-model';
import { LedgerTokens } from '../../../api/src/http/auth/ledger-tokens';
import type { PlannedCommand } from '../synthetic/synthetic-ledger';
import { tempSqlite } from '../support/temp-store';

export type ServerRequest =
  { type: 'start'; setup: PlannedCommand[]; actors: Actor[] } | { type: 'head' } | { type: 'stop' };

export type ServerReply =
  | { type: 'ready'; port: number; tokens: string[]; head: number }
  | { type: 'head'; head: number }
  | { type: 'failed'; message: string };

const JWT_SECRET = 'bench-secret-long-enough-for-hs256-signing-0123456789';

async function serve(): Promise<void> {
  const file = tempSqlite('http');
  const store = new SqliteEventStore(file.path, { clock: () => systemClock.now() });
  // The embedded read model beside the log, projected inline after every write, as `npm start`.
  const readModel = await openEmbeddedReadModel(store, `${file.path}.read-model`);
  const app = await createLedgerApp({
    store,
    readModel,
    clock: systemClock,
    jwtSecret: JWT_SECRET,
    devTokens: false,
    logLevels: ['error'],
  });
  const send = (reply: ServerReply): void => void process.send?.(reply);
  // Never outlive the benchmark that started us.
  process.once('disconnect', () => process.exit(1));
  process.on('message', (message: ServerRequest) => {
    void handle(message).catch((error: unknown) =>
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });

  async function handle(message: ServerRequest): Promise<void> {
    if (message.type === 'start') {
      const ledger = new LedgerCommands({ store, clock: systemClock });
      for (const [index, planned] of message.setup.entries()) {
        const id = `bench-setup-${index}`;
        await ledger.execute(planned.command, {
          actor: planned.actor,
          correlationId: id,
          causationId: id,
        });
      }
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.getHttpServer().address() as AddressInfo;
      const tokens = new LedgerTokens(JWT_SECRET, systemClock);
      send({
        type: 'ready',
        port,
        tokens: await Promise.all(message.actors.map((actor) => tokens.issue(actor))),
        head: await store.headPosition(),
      });
    } else if (message.type === 'head') {
      send({ type: 'head', head: await store.headPosition() });
    } else {
      await app.close();
      await readModel.close();
      await store.close();
      file.remove();
      process.exit(0);
    }
  }
}

serve().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
