import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, type Clock } from '@ledger/commands';
import type { OidcSettings } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { createLedgerApp } from '../../src/app/create-ledger-app';
import { openEmbeddedReadModel, READ_MODEL_FILE_NAME } from '@ledger/read-model/sql';
import type { ApiReadModel } from '../../src/app/open-read-model';
import { LedgerTokens } from '../../src/http/auth/ledger-tokens';
import { createLogger, type LogDestination, type LogLevel } from '@ledger/telemetry/logging';
import { testLogLevel } from './test-log-levels';

/** Mid-October 2025: April to September of 2025/26 have ended, October is running. */
export const TODAY = '2025-10-15T10:00:00.000Z';
export const TEST_JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';

export interface Caller {
  subject: string;
  role: string;
  organisationCode: string | null;
}

export interface CallOptions {
  as?: Caller;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The real API, built in process on a real SQLite file in a temporary directory, with a fixed
 * clock. Requests go through Fastify's inject: the full HTTP stack without a socket.
 */
export class LedgerTestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly store: SqliteEventStore,
    readonly readModel: ApiReadModel,
    readonly dataDir: string,
    private readonly tokens: LedgerTokens,
    /** `http://127.0.0.1:<port>` when started with `listen`, for a real browser; else null. */
    readonly baseUrl: string | null,
  ) {}

  static async start(
    options: {
      dataDir?: string;
      clock?: Clock;
      devTokens?: boolean;
      /** Another read model than the embedded one (e.g. a PostgreSQL reader). */
      readModel?: (store: SqliteEventStore) => Promise<ApiReadModel>;
      /**
       * Where the API's log lines go, at `logLevel` (default info): a test that checks logging
       * gives a capture (`captureLogLines`). Without one, stdout at `testLogLevel()`.
       */
      logDestination?: LogDestination;
      logLevel?: LogLevel;
      /**
       * Also listen on a free loopback port (`baseUrl`), for clients that need a socket: a real
       * browser. Requests through `call` still go through inject.
       */
      listen?: boolean;
      /** Serve HTTPS with this key and certificate (PEM); with `listen`, `baseUrl` is https. */
      tls?: { key: string; cert: string };
      /**
       * Sign-in and bearer tokens from an OpenID provider (oidc-test-provider.ts), given the
       * app's own base URL (its redirect URL is there). Implies `listen`, on a port chosen first.
       */
      oidc?: (baseUrl: string) => OidcSettings;
    } = {},
  ): Promise<LedgerTestApp> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
    const clock = options.clock ?? fixedClock(TODAY);
    const store = new SqliteEventStore(join(dataDir, 'ledger.sqlite'), {
      clock: () => clock.now(),
    });
    // The embedded read model, as `npm start` runs it: head reports read it, writes project into it.
    const readModel = options.readModel
      ? await options.readModel(store)
      : await openEmbeddedReadModel(store, join(dataDir, READ_MODEL_FILE_NAME));
    // A provider redirects to the app's own address, so the port is chosen before the app is built.
    const port = options.oidc ? await freeLoopbackPort() : 0;
    const app = await createLedgerApp({
      store,
      ...(options.oidc && { oidc: options.oidc(`http://127.0.0.1:${port}`) }),
      readModel,
      clock,
      jwtSecret: TEST_JWT_SECRET,
      devTokens: options.devTokens ?? true,
      ...(options.tls && { tls: options.tls }),
      // Quiet unless LEDGER_TEST_LOGS asks: tests provoke 5xx answers on purpose.
      logger: createLogger({
        service: 'api',
        ...(options.logDestination
          ? { destination: options.logDestination, level: options.logLevel ?? 'info' }
          : { level: options.logLevel ?? testLogLevel() }),
      }),
    });
    const listen = options.listen === true || options.oidc !== undefined;
    if (listen) await app.listen(port, '127.0.0.1');
    // Nest's getUrl says http: whatever the server; the scheme is the one the app was given.
    const baseUrl = listen
      ? (await app.getUrl()).replace(/^https?:/, options.tls ? 'https:' : 'http:')
      : null;
    return new LedgerTestApp(
      app,
      store,
      readModel,
      dataDir,
      new LedgerTokens(TEST_JWT_SECRET, clock),
      baseUrl,
    );
  }

  token(caller: Caller): Promise<string> {
    return this.tokens.issue(caller);
  }

  async call(
    method: 'GET' | 'POST',
    url: string,
    options: CallOptions = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    return this.app.inject({
      method,
      url,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
  }

  post(url: string, as: Caller, body: unknown, headers: Record<string, string> = {}) {
    return this.call('POST', url, { as, body, headers });
  }

  get(url: string, as?: Caller, headers: Record<string, string> = {}) {
    return this.call('GET', url, { ...(as ? { as } : {}), headers });
  }

  /** Position of the last event in the global log: unchanged means nothing was written. */
  head(): Promise<number> {
    return this.store.headPosition();
  }

  /** Closes the app and the store, keeping the data directory (for restart tests). */
  async stop(): Promise<void> {
    await this.app.close();
    await this.readModel.close();
    await this.store.close();
  }

  /** Stops and deletes the data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A loopback port nobody listens on just now: the OS's choice for a moment's server. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
