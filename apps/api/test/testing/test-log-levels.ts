import { isLogLevel, type LogLevel } from '@ledger/telemetry/logging';

/** Nest's level names, as LEDGER_TEST_LOGS took them before the logs were pino's. */
const NEST_LEVELS: Record<string, LogLevel> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const FROM_LEAST_SEVERE: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * The level an API built for a test logs at. Quiet by default: a green run prints no log line,
 * though every request writes one at info and many tests provoke 5xx answers and unready
 * stores on purpose, which the API logs as errors and warnings. Only `fatal` gets through.
 *
 * `LEDGER_TEST_LOGS=1` (or `true`) logs as `main.ts` does by default (`info`: a line per request,
 * warnings, errors), to see what the API logged while a test ran; a level name
 * (`LEDGER_TEST_LOGS=debug`) picks the level, and so does a list of Nest's level names
 * (`error,warn,log`: the least severe of them). A test that checks logging captures it itself
 * (`LedgerTestApp.start({ logDestination })`) rather than relying on this.
 */
export function testLogLevel(setting = process.env['LEDGER_TEST_LOGS']): LogLevel {
  const value = (setting ?? '').trim().toLowerCase();
  if (value === '' || value === '0' || value === 'false') return 'fatal';
  if (value === '1' || value === 'true') return 'info';
  if (isLogLevel(value)) return value;
  const levels = value.split(',').map((level) => level.trim());
  const unknown = levels.filter((level) => NEST_LEVELS[level] === undefined);
  if (unknown.length > 0) {
    throw new Error(
      `LEDGER_TEST_LOGS must be 1, 0, a level (fatal, error, warn, info, debug, trace) or a list ` +
        `of ${Object.keys(NEST_LEVELS).join(', ')}; not ${unknown.join(', ')}`,
    );
  }
  const mapped = new Set(levels.map((level) => NEST_LEVELS[level]));
  return FROM_LEAST_SEVERE.find((level) => mapped.has(level)) ?? 'fatal';
}
