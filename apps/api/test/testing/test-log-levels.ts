import type { LogLevel } from '@nestjs/common';

const LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/**
 * The Nest log levels an API built for a test logs at. Quiet by default: a green run reads
 * clean, though many tests provoke 5xx answers and unready stores on purpose, which the API
 * logs as errors and warnings. Only `fatal` gets through.
 *
 * `LEDGER_TEST_LOGS=1` (or `true`) turns the product's own levels back on (`error`, `warn`, as
 * `main.ts` runs it), to see what the API logged while a test ran; a comma-separated list
 * (`LEDGER_TEST_LOGS=error,warn,log`) picks the levels. A test that checks logging captures it
 * itself rather than relying on this.
 */
export function testLogLevels(setting = process.env['LEDGER_TEST_LOGS']): LogLevel[] {
  const value = (setting ?? '').trim().toLowerCase();
  if (value === '' || value === '0' || value === 'false') return ['fatal'];
  if (value === '1' || value === 'true') return ['error', 'warn'];
  const levels = value.split(',').map((level) => level.trim());
  const unknown = levels.filter((level) => !LEVELS.includes(level as LogLevel));
  if (unknown.length > 0) {
    throw new Error(
      `LEDGER_TEST_LOGS must be 1, 0 or a list of ${LEVELS.join(', ')}; not ${unknown.join(', ')}`,
    );
  }
  return levels as LogLevel[];
}
