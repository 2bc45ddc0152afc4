/** The map's value for the key, created and stored first if absent. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** A new map with every value transformed (used to copy a store up to a position). */
export function mapValues<K, V, W>(map: ReadonlyMap<K, V>, transform: (value: V) => W): Map<K, W> {
  const copy = new Map<K, W>();
  for (const [key, value] of map) copy.set(key, transform(value));
  return copy;
}
