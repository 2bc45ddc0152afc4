import { LogBehindError } from './report-errors';

export interface AwaitPositionOptions {
  /** How long to wait for `minPosition` before answering LogBehindError. */
  waitMs: number;
  /** How often to look meanwhile. */
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The read-your-writes contract of every read that takes `minPosition`: the position `current`
 * reads (the log's head, or the read model's checkpoint), once it has reached `minPosition`,
 * polling up to the wait; else LogBehindError (503 `READ.LOG_BEHIND`). Waits on real elapsed
 * time: an injected clock may be fixed (tests, replays).
 */
export async function awaitPosition(
  minPosition: number | undefined,
  current: () => Promise<number>,
  options: AwaitPositionOptions,
): Promise<number> {
  let head = await current();
  if (minPosition === undefined || head >= minPosition) return head;
  const deadline = performance.now() + options.waitMs;
  while (performance.now() < deadline) {
    await options.sleep(options.pollMs);
    head = await current();
    if (head >= minPosition) return head;
  }
  throw new LogBehindError(minPosition, head);
}
