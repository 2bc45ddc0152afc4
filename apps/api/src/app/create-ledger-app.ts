import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LogLevel } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { answerClientError } from '../http/problem/client-errors';
import { recordRouteMethods } from '../http/problem/route-methods';
import { installJsonBodyParser } from '../http/request/json-body';
import { installRequestContext } from '../http/request/request-context';
import { NDJSON_CONTENT_TYPE } from '../imports/import-commands/import-commands.controller';
import { LedgerApiModule, type LedgerApiOptions } from './ledger-api.module';
import { serveOpenApi } from './openapi';

export interface LedgerAppOptions extends LedgerApiOptions {
  logLevels?: LogLevel[];
  /** How long a request may take to arrive whole before it is answered 408. */
  requestTimeoutMs?: number;
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
  const adapter = new FastifyAdapter({
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    clientErrorHandler: answerClientError,
  });
  // Nest pins its own copy of fastify; the project's code is typed against the top-level copy.
  // Both are fastify 5 with the same request and reply shapes, so view the instance through ours.
  const fastify = adapter.getInstance<FastifyInstance>();
  installRequestContext(fastify);
  recordRouteMethods(fastify);
  installJsonBodyParser(fastify);
  fastify.addContentTypeParser(
    NDJSON_CONTENT_TYPE,
    { parseAs: 'string', bodyLimit: IMPORT_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  const app = await NestFactory.create<NestFastifyApplication>(
    LedgerApiModule.forRoot(options),
    adapter,
    // The ledger's own parsers only (installJsonBodyParser): Nest's would add urlencoded forms.
    { logger: options.logLevels ?? ['error', 'warn'], bodyParser: false },
  );
  serveOpenApi(app);
  await app.init();
  await fastify.ready();
  return app;
}
