import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Logger } from './create-logger';
import type { LogLevel } from './log-levels';

const LEVEL_OF: Record<NestLogLevel, Exclude<LogLevel, 'silent'>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's own start-up chatter ("Mapped {/v1/…, POST} route", "… dependencies initialized"):
 * written at debug, so the info level shows the ledger's lines, not the framework's.
 */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** A stack trace as Nest passes one: an error line, then "at …" lines. */
const STACK = /^.*\n\s+at .+/s;

/**
 * Nest's `LoggerService` writing to a process's pino logger, so every `Logger` call of the app
 * and of Nest itself (`new Logger('Readiness').warn(…)`) becomes one JSON line, redacted like
 * any other, with the Logger's context as `context`. Nest's levels map to pino's (`log` is
 * info, `verbose` is trace).
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(nestLevel: NestLogLevel, message: unknown, params: unknown[]): void {
    const { context, stack } = contextAndStack(nestLevel, params);
    const level =
      nestLevel === 'log' && context !== undefined && FRAMEWORK_CONTEXTS.has(context)
        ? 'debug'
        : LEVEL_OF[nestLevel];
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'string') {
      this.logger[level](stack === undefined ? fields : { ...fields, stack }, message);
    } else {
      this.logger[level]({ ...fields, detail: message, ...(stack === undefined ? {} : { stack }) });
    }
  }
}

/**
 * Nest passes a `Logger`'s context as the last parameter, and an error's stack before it (or
 * alone, when the Logger has no context).
 */
function contextAndStack(
  level: NestLogLevel,
  params: unknown[],
): { context?: string; stack?: string } {
  const strings = params.map((param) => (typeof param === 'string' ? param : undefined));
  if (level !== 'error' && level !== 'fatal') {
    const context = strings[strings.length - 1];
    return context === undefined ? {} : { context };
  }
  if (params.length === 1) {
    const only = strings[0];
    if (only === undefined) return {};
    return STACK.test(only) ? { stack: only } : { context: only };
  }
  const context = strings[strings.length - 1];
  const stack = params.length >= 2 ? strings[0] : undefined;
  return {
    ...(context === undefined ? {} : { context }),
    ...(stack === undefined ? {} : { stack }),
  };
}
