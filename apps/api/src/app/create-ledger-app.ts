import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { answerClientError } from '../http/problem/client-errors';
import { answerFrameworkError } from '../http/problem/framework-errors';
import { recordRouteMethods } from '../http/problem/route-methods';
import { installJsonBodyParser } from '../http/request/json-body';
import { installRequestContext } from '../http/request/request-context';
import { installRequestLog, REQUEST_LOG_SERIALIZERS } from '../http/request/request-log';
import { NDJSON_CONTENT_TYPE } from '../imports/import-commands/import-commands.controller';
import { installHttpTracing } from '../tracing/http-tracing';
import { installApiMetrics } from '../metrics/install-api-metrics';
import { ApiMetrics } from '@ledger/telemetry/metrics';
import { LedgerApiModule, type LedgerApiOptions } from './ledger-api.module';
import { serveOpenApi } from './openapi';
import { installWeb } from '../web/install-web';
import { sessionKeyFrom } from '../web/session/web-session';
import {
  createLogger,
  NestPinoLogger,
  type Logger,
  type LogLevel as LedgerLogLevel,
} from '@ledger/telemetry/logging';

export interface LedgerAppOptions extends LedgerApiOptions {
  /**
   * The process's logger (main.ts: `createLogger` at LEDGER_LOG_LEVEL). The app writes one line
   * per request to it (`installRequestLog`), and Nest's and Fastify's own lines. Without one,
   * the app makes its own, to stdout, at `logLevel`.
   */
  logger?: Logger;
  /** The level of the logger made when none is given (default `info`; tests: `fatal`). */
  logLevel?: LedgerLogLevel;
  /** How long a request may take to arrive whole before it is answered 408. */
  requestTimeoutMs?: number;
  /**
   * The process's metrics, served at `GET /metrics` (outside /v1, no token). main.ts passes the
   * ones the store reports its group commits to; without, the app gets a registry of its own.
   */
  metrics?: ApiMetrics;
  /**
   * Serve HTTPS with this key and certificate (PEM) rather than plain HTTP. main.ts serves plain
   * HTTP behind whatever terminates TLS; the web app's tests use it to see the session cookie
   * marked Secure when the page came over TLS.
   */
  tls?: { key: string; cert: string };
}

/** Largest JSON body accepted; a command is a few hundred bytes. */
const BODY_LIMIT_BYTES = 256 * 1024;
/** Largest NDJSON import accepted: 100,000 commands of a few hundred bytes each. */
const IMPORT_LIMIT_BYTES = 64 * 1024 * 1024;
/** Long enough for a 64 MiB import on a slow link; short enough that a stalled one is let go. */
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * Builds the HTTP API around a store and a clock chosen by the caller: `main.ts` passes the
 * configured SQLite file and the system clock, tests a temporary store and a fixed clock. The
 * app is initialised but not listening; the caller owns the store and closes it.
 */
export async function createLedgerApp(options: LedgerAppOptions): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger({ service: 'api', level: options.logLevel });
  const adapter = new FastifyAdapter({
    ...(options.tls && { https: { key: options.tls.key, cert: options.tls.cert } }),
    // Fastify's logger is the process's, with its own request logging off: the one line per
    // request is installRequestLog's; each request's logger carries its id as `requestId`.
    loggerInstance: logger.child({}, { serializers: REQUEST_LOG_SERIALIZERS }),
    disableRequestLogging: true,
    requestIdLogLabel: 'requestId',
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      // No request exists yet (bad HTTP, headers too large, too slow): one line, with the code.
      logger[error.code === 'ECONNRESET' ? 'debug' : 'info'](
        { code: error.code ?? null },
        `client error ${error.code ?? error.name}`,
      );
      answerClientError(error, socket);
    },
  });
  // Nest pins its own copy of fastify; the project's code is typed against the top-level copy.
  // Both are fastify 5 with the same request and reply shapes, so view the instance through ours.
  const fastify = adapter.getInstance<FastifyInstance>();
  installRequestContext(fastify);
  installHttpTracing(fastify);
  installRequestLog(fastify);
  recordRouteMethods(fastify);
  installJsonBodyParser(fastify);
  // The web app's session, CSRF, views, assets and form parser (apps/api/src/web).
  installWeb(fastify, { sessionKey: sessionKeyFrom(options.jwtSecret) });
  const store = installApiMetrics(fastify, options.metrics ?? new ApiMetrics(), options.store);
  fastify.addContentTypeParser(
    NDJSON_CONTENT_TYPE,
    { parseAs: 'string', bodyLimit: IMPORT_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  const app = await NestFactory.create<NestFastifyApplication>(
    LedgerApiModule.forRoot({ ...options, store }),
    adapter,
    // The ledger's own parsers only (installJsonBodyParser): Nest's would add urlencoded forms.
    { logger: new NestPinoLogger(logger), bodyParser: false },
  );
  serveOpenApi(app);
  await app.init();
  await fastify.ready();
  return app;
}
