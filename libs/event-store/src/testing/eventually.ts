import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until the condition holds. The timeout is a guard against a hang, not a performance
 * bound: it only turns "never" into a readable failure.
 */
export async function eventually(
  condition: () => boolean,
  description: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${description}`);
    await sleep(5);
  }
}
