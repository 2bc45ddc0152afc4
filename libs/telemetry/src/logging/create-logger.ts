import { Writable } from 'node:stream';
import pino, { type Logger as PinoLogger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { LogLevel } from './log-levels';
import { redactingDestination, type LogDestination } from './redacting-destination';

/** A process's logger: pino, writing one JSON object a line. */
export type Logger = PinoLogger;

export interface CreateLoggerOptions {
  /** The process: `api`, `projector`, `relay`, `cli`. Every line carries it as `service`. */
  service: string;
  /** The least severe level written (`LEDGER_LOG_LEVEL`); default `info`. */
  level?: LogLevel;
  /**
   * Where the lines go; default stdout, written synchronously so a process that exits at once
   * loses nothing. Tests pass a capture (`captureLogLines`, testing/).
   */
  destination?: LogDestination;
  /** Human-readable lines (pino-pretty) instead of JSON; default: when stdout is a terminal. */
  pretty?: boolean;
  /** Fields added to every line when it is written (e.g. the active trace's ids). */
  mixin?: () => Record<string, unknown>;
}

/** What a secret field's value is replaced with. */
export const SECRET_REMOVED = '[redacted]';

/**
 * Fields whose value is a credential, wherever a caller puts them: a request's headers, a
 * token, a password. Their value is replaced whatever it is. NHS numbers are removed from the
 * whole line by the destination (`redactLogLine`), not by these paths.
 */
export const SECRET_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'token',
  'password',
  'secret',
  'jwtSecret',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.password',
  '*.secret',
  '*.jwtSecret',
];

/**
 * The one logger factory of every process. Each line is one JSON object:
 * `{"level":"info","time":"2025-10-15T10:00:00.000Z","service":"api",…,"msg":"…"}`, with the
 * level as its name and the time in ISO 8601 (UTC). Every line passes through
 * `redactLogLine` on its way out, so no valid NHS number leaves the process in a log, whoever
 * logged it and wherever it hid; credentials are replaced by `SECRET_PATHS`.
 *
 * On a terminal the lines are pretty-printed (pino-pretty, as a synchronous stream in this
 * process, not a worker) after redaction; elsewhere (a container, a pipe, a file) they stay JSON.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY);
  const target: LogDestination = pretty
    ? pinoPretty({
        sync: true,
        destination: options.destination ? asWritable(options.destination) : 1,
        colorize: options.destination === undefined,
        translateTime: 'SYS:HH:MM:ss.l',
        messageFormat: '[{service}] {msg}',
        ignore: 'service,pid,hostname',
        singleLine: true,
      })
    : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: [...SECRET_PATHS], censor: SECRET_REMOVED },
      ...(options.mixin ? { mixin: options.mixin } : {}),
    },
    redactingDestination(target),
  );
}

/** pino-pretty pipes into a Node stream; a plain destination is given one, written at once. */
function asWritable(destination: LogDestination): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      destination.write(chunk.toString());
      done();
    },
  });
}

/**
 * An error as its type, message, stack, code and cause: not its other own fields, which may
 * carry whatever a library attached (a request, a row, a response body).
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(cause !== undefined && depth < 3 ? { cause: serializeError(cause, depth + 1) } : {}),
  };
}
