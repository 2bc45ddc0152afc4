import { redactLogLine } from './redact-log-line';

/** Anything lines can be written to: a stream, pino's stdout destination, a test's capture. */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * The destination every logger writes through: each line is redacted (`redactLogLine`) before
 * it reaches `target`. The last step before the bytes leave, so no logger call, serializer or
 * library can get a line past it.
 */
export function redactingDestination(target: LogDestination): LogDestination & {
  flushSync(): void;
} {
  return {
    write(chunk: string): unknown {
      // pino writes one line at a time; a chunk of several is redacted line by line.
      const lines = chunk.split(/(?<=\n)/);
      return target.write(
        lines.length === 1 ? redactLogLine(chunk) : lines.map(redactLogLine).join(''),
      );
    },
    flushSync(): void {
      (target as { flushSync?: () => void }).flushSync?.();
    },
  };
}
