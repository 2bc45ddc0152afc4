import Database from 'better-sqlite3';
import { tempSqlite, type TempSqlite } from '../support/temp-store';
import { prefillHistory } from './history-prefill';

interface StoredEvent {
  position: number;
  stream_id: string;
  type: string;
  data: string;
}

function eventsIn(path: string): StoredEvent[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], StoredEvent>(
        'SELECT position, stream_id, type, data FROM events ORDER BY position',
      )
      .all();
  } finally {
    db.close();
  }
}

describe('prefillHistory', () => {
  const files: TempSqlite[] = [];
  const file = (label: string): TempSqlite => {
    const made = tempSqlite(label);
    files.push(made);
    return made;
  };
  afterAll(() => files.forEach((made) => made.remove()));

  it('closes every ended month of each agreement, in order, within the events asked for', async () => {
    const log = file('prefill-closes');
    const written = await prefillHistory(log.path, 4_000, 7);
    const events = eventsIn(log.path);
    expect(written).toBe(4_000);
    expect(events).toHaveLength(4_000);
    const closes = events.filter((event) => event.type === 'PeriodClosed');
    // 16 agreements a year: 2023/24 and 2024/25 whole, 2025/26 April to September (today is
    // 15 October 2025).
    expect(closes).toHaveLength(16 * 12 + 16 * 12 + 16 * 6);
    const months = new Map<string, string[]>();
    for (const close of closes) {
      const { period } = JSON.parse(close.data) as { period: string };
      months.set(close.stream_id, [...(months.get(close.stream_id) ?? []), period]);
    }
    expect(months.get('agreement-hist-slp-camhs-2025-26')).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
    ]);
    for (const periods of months.values()) expect(periods).toEqual([...periods].sort());
    // After every case fact: nothing a close measures is written after it.
    const lastCaseFact = Math.max(
      ...events.filter((event) => event.stream_id.startsWith('case-')).map((e) => e.position),
    );
    expect(Math.min(...closes.map((close) => close.position))).toBeGreaterThan(lastCaseFact);
    const figures = closes.map(
      (close) =>
        JSON.parse(close.data) as { accruedCosts: unknown[]; recognisedSavings: unknown[] },
    );
    expect(figures.some((close) => close.accruedCosts.length > 10)).toBe(true);
    expect(figures.some((close) => close.recognisedSavings.length > 0)).toBe(true);
  });

  it("posts the same closes as the ledger's own period close reading the case streams", async () => {
    const decided = file('prefill-decider');
    const closedByLedger = file('prefill-ledger');
    await prefillHistory(decided.path, 6_000, 11, 'decider');
    await prefillHistory(closedByLedger.path, 6_000, 11, 'ledger');
    const fast = eventsIn(decided.path);
    const ledger = eventsIn(closedByLedger.path);
    expect(fast.filter((event) => event.type === 'PeriodClosed')).toHaveLength(480);
    const comparable = (events: StoredEvent[]) =>
      events.map(({ position, stream_id, type, data }) => ({
        position,
        stream_id,
        type,
        data: JSON.parse(data) as unknown,
      }));
    expect(comparable(fast)).toEqual(comparable(ledger));
  }, 60_000);
});
