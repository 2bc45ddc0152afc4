/**
 * An append-only list whose entries carry the log position that added them, in position
 * order. Reading "up to position P" is a binary search, and the newest reader takes a fast
 * path, so a store can keep its whole history and still answer for any earlier position.
 */
export class PositionedList<T> {
  private constructor(
    private readonly positions: number[],
    private readonly items: T[],
  ) {}

  static empty<T>(): PositionedList<T> {
    return new PositionedList<T>([], []);
  }

  get size(): number {
    return this.items.length;
  }

  push(position: number, item: T): void {
    const last = this.positions[this.positions.length - 1];
    if (last !== undefined && position < last) {
      throw new RangeError(`Entries are added in log order: ${position} after ${last}`);
    }
    this.positions.push(position);
    this.items.push(item);
  }

  /** How many entries were added at or before `position`. */
  countUpTo(position: number): number {
    const { positions } = this;
    const n = positions.length;
    if (n === 0 || positions[n - 1] <= position) return n;
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (positions[mid] <= position) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The entries added at or before `position`, oldest first (a copy). */
  upTo(position: number): T[] {
    return this.items.slice(0, this.countUpTo(position));
  }

  /** The newest entry added at or before `position`. */
  lastUpTo(position: number): T | undefined {
    const count = this.countUpTo(position);
    return count === 0 ? undefined : this.items[count - 1];
  }

  /** The newest entry of all. */
  last(): T | undefined {
    return this.items[this.items.length - 1];
  }

  itemAt(index: number): T {
    return this.items[index];
  }

  positionAt(index: number): number {
    return this.positions[index];
  }

  copyUpTo(position: number): PositionedList<T> {
    const count = this.countUpTo(position);
    return new PositionedList(this.positions.slice(0, count), this.items.slice(0, count));
  }
}
