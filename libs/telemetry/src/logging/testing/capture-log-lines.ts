import type { LogDestination } from '../redacting-destination';

/** One parsed log line. */
export type LogRecord = Record<string, unknown> & { level: string; msg?: string; time: string };

export interface CapturedLogLines {
  /** Give this to `createLogger({ destination })`. */
  destination: LogDestination;
  /** Every line written so far, as written (redacted, each ending in a newline). */
  lines(): string[];
  /** Every line parsed; throws, quoting it, if one is not JSON. */
  records(): LogRecord[];
  /** All the text written. */
  text(): string;
}

/** Keeps what a logger writes in memory, for a test to read. */
export function captureLogLines(): CapturedLogLines {
  const lines: string[] = [];
  return {
    destination: {
      write(line: string) {
        lines.push(line);
        return true;
      },
    },
    lines: () => [...lines],
    records: () =>
      lines.map((line) => {
        try {
          return JSON.parse(line) as LogRecord;
        } catch {
          throw new Error(`not a JSON log line: ${line}`);
        }
      }),
    text: () => lines.join(''),
  };
}
