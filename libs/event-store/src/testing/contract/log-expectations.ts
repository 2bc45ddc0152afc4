import type { EventStore, RecordedEvent } from '../../event-store.port';
import type { ContractContext } from '../event-store-harness';
import { oneTo, positionsOf } from '../event-fixtures';

/**
 * What the positions of a whole log, read from the start in order, must be: 1..n when the
 * store's positions are gap-free; otherwise what every store promises, safe integers of at
 * least 1, strictly increasing (see `gapFreePositions`).
 */
export function expectLogPositions(context: ContractContext, log: readonly RecordedEvent[]): void {
  if (context.options.gapFreePositions) {
    expect(positionsOf([...log])).toEqual(oneTo(log.length));
  } else {
    expectIncreasingPositions(positionsOf([...log]));
  }
}

/** Safe integers of at least 1, each greater than the one before; names every offender. */
export function expectIncreasingPositions(positions: readonly number[]): void {
  const problems = positions.flatMap((position, index) => {
    if (!Number.isSafeInteger(position) || position < 1) {
      return [`#${index}: ${position} is not a safe integer of at least 1`];
    }
    const previous = positions[index - 1];
    return previous !== undefined && position <= previous
      ? [`#${index}: ${position} does not follow ${previous}`]
      : [];
  });
  expect(problems).toEqual([]);
}

/**
 * The whole log is exactly these events, as they were acknowledged (same positions, same
 * everything), in this order; its positions keep the store's promise; the head is the position
 * of its last event (0 when empty). With gap-free positions this is also "nothing else was
 * written, and no position was spent on a refused append".
 */
export async function expectLog(
  context: ContractContext,
  expected: readonly RecordedEvent[],
  store: EventStore = context.store,
): Promise<void> {
  const log = await store.readAll();
  expect(log).toEqual(expected);
  expectLogPositions(context, log);
  expect(await store.headPosition()).toBe(lastPositionOf(log));
}

/** The position of the last event, or 0 (the checkpoint before anything) when there is none. */
export function lastPositionOf(events: readonly RecordedEvent[]): number {
  return events[events.length - 1]?.position ?? 0;
}

/** Events from several results, in log order. */
export function inLogOrder(events: readonly RecordedEvent[]): RecordedEvent[] {
  return [...events].sort((a, b) => a.position - b.position);
}

/**
 * Reads the log a page at a time, each page after the last position seen: the only way a
 * reader may page, whatever the positions look like.
 */
export async function readAllInPages(
  store: EventStore,
  pageSize: number,
): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ afterPosition: lastPositionOf(all), maxCount: pageSize });
    all.push(...page);
    if (page.length < pageSize) return all;
  }
}
