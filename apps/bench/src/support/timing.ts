/** Median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `work` and returns how long it took in milliseconds, with its result. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

/** Items per second for `count` items done in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms <= 0 ? 0 : (count * 1000) / ms;
}

/** Runs `count` workers at once over their own lists, each item after the previous one. */
export async function runWriters<T>(
  lists: readonly (readonly T[])[],
  each: (item: T) => Promise<unknown>,
): Promise<void> {
  await Promise.all(
    lists.map(async (list) => {
      for (const item of list) await each(item);
    }),
  );
}

/** Splits `items` round-robin into `count` lists. */
export function dealInto<T>(items: readonly T[], count: number): T[][] {
  const lists: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, index) => lists[index % count].push(item));
  return lists;
}
