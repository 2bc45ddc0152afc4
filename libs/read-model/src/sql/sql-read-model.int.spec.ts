/**
 * The SQL read model against real stores: a ledger history decided by the deciders, on a
 * SQLite event store file, projected into a SQLite read-model file and into a PostgreSQL schema
 * of its own. Proves both give the same rows, equal to the pure folds, that balances sum to
 * zero per agreement, and that a redelivered batch changes nothing (exactly once).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SqliteEventStore,
  type EventStore,
  type ReadAllOptions,
  type RecordedEvent,
} from '@ledger/event-store';
import { foldEvents } from '../projection/projection';
import { journalPostings, journalProjection } from '../journal/journal.projection';
import { accountBalances, balancesProjection } from '../balances/balances.projection';
import { formatPence } from '../ledger/pence';
import {
  catchUp,
  PostgresReadModelWriter,
  SqliteReadModelWriter,
  SqlProjector,
  type BalanceRow,
  type JournalRow,
  type ReadModelWriter,
} from './index';
import { writeSimulatedHistory } from '../testing/simulated-history';
import { chainHistory } from '../testing/chain-history';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from './testing/postgres-test-schema';

jest.setTimeout(120_000);

describe('SQL read model: journal and balances', () => {
  let dir: string;
  let events: RecordedEvent[];
  let head: number;
  const schemas: string[] = [];

  beforeAll(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'read-model-sql-'));
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    try {
      await writeSimulatedHistory(store, {
        agreements: 2,
        months: 12,
        adjustmentsPerMonth: 8,
      });
      // And a chain of two years (a carry-forward, prior-year adjustments), after them.
      for (const { streamId, type, data, metadata } of chainHistory().events) {
        const event = { eventId: randomUUID(), type, data, metadata };
        await store.appendToStream(streamId, [event], { expectedRevision: 'any' });
      }
      head = await store.headPosition();
      events = await store.readAll();
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    for (const schema of schemas) await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  async function sqliteWriter(name: string): Promise<SqliteReadModelWriter> {
    const writer = new SqliteReadModelWriter(join(dir, `${name}.sqlite`));
    await writer.migrate();
    return writer;
  }

  async function postgresWriter(tag: string): Promise<PostgresReadModelWriter> {
    const schema = testSchemaName(tag);
    schemas.push(schema);
    const writer = new PostgresReadModelWriter({ connectionString: TEST_POSTGRES_URL, schema });
    await writer.migrate();
    return writer;
  }

  /** Projects the log in batches of `size`, like the projector, and reads the tables back. */
  async function project(writer: ReadModelWriter, size: number) {
    const projector = new SqlProjector(writer);
    for (let start = 0; start < events.length; start += size) {
      await projector.applyBatch(events.slice(start, start + size));
    }
    return { journal: await writer.journal(), balances: await writer.balances() };
  }

  /** What the pure folds say, as rows. */
  function expectedRows(): { journal: JournalRow[]; balances: BalanceRow[] } {
    const journal = foldEvents(journalProjection, events);
    const totals = foldEvents(balancesProjection, events);
    const agreementIds = [
      ...new Set(events.filter((e) => e.type === 'AgreementCreated').map((e) => e.streamId)),
    ].map((streamId) => streamId.replace(/^agreement-/, ''));
    expect(agreementIds).toHaveLength(4);
    const rows = agreementIds
      .flatMap((agreementId) => journalPostings(journal, { agreementId }))
      .map((p): JournalRow => ({
        position: p.position,
        postingIndex: p.index,
        eventId: p.eventId,
        eventType: p.eventType,
        agreementId: p.agreementId,
        period: p.period,
        postedIn: p.postedIn,
        debitAccount: p.debitAccount,
        creditAccount: p.creditAccount,
        amountPence: BigInt(p.amount.replace('.', '')),
        source: p.source,
        reference: p.reference,
        recordedAt: p.recordedAt,
        belongsToAgreementId: p.belongsToAgreementId,
      }))
      .sort((a, b) => a.position - b.position || a.postingIndex - b.postingIndex);
    const balances = agreementIds.sort().flatMap((agreementId) =>
      accountBalances(totals, { agreementId }).balances.map((balance) => ({
        agreementId,
        account: balance.account,
        balance: balance.balance,
      })),
    );
    return {
      journal: rows,
      balances: balances as unknown as BalanceRow[],
    };
  }

  it('gives the same journal and balances in SQLite and PostgreSQL, equal to the pure folds', async () => {
    expect(head).toBeGreaterThan(300);
    const sqlite = await sqliteWriter('same');
    const postgres = await postgresWriter('same');
    try {
      const fromSqlite = await project(sqlite, 97);
      const fromPostgres = await project(postgres, 500);
      expect(fromPostgres).toEqual(fromSqlite);
      expect(await sqlite.checkpoint('ledger-read-model')).toBe(head);
      expect(await postgres.checkpoint('ledger-read-model')).toBe(head);

      const expected = expectedRows();
      // Every kind of posting is there: allocations, virements, adjustments, costs, savings,
      // prior-period adjustments, and a chain's carry-forward and prior-year adjustments.
      expect(new Set(fromSqlite.journal.map((row) => row.source))).toEqual(
        new Set([
          'BudgetAllocated',
          'BudgetAdjusted',
          'BudgetVired',
          'PlacementCost',
          'RecognisedSaving',
          'PlacementCostAdjustment',
          'CarryForward',
          'BroughtForward',
          'PlacementCostPriorYearAdjustment',
          'RecognisedSavingPriorYearAdjustment',
        ]),
      );
      expect(
        new Set(fromPostgres.journal.map((row) => row.belongsToAgreementId).filter(Boolean)),
      ).toEqual(new Set(['slp-adult-secure-2017-18']));
      expect(fromSqlite.journal).toEqual(expected.journal);
      expect(
        fromSqlite.balances.map((row) => ({
          agreementId: row.agreementId,
          account: row.account,
          balance: formatPence(row.balancePence),
        })),
      ).toEqual(expected.balances);

      const perAgreement = new Map<string, bigint>();
      for (const row of fromPostgres.balances) {
        perAgreement.set(
          row.agreementId,
          (perAgreement.get(row.agreementId) ?? 0n) + row.balancePence,
        );
        expect(row.lastPosition).toBe(
          Math.max(
            ...fromPostgres.journal
              .filter(
                (p) =>
                  p.agreementId === row.agreementId &&
                  (p.debitAccount === row.account || p.creditAccount === row.account),
              )
              .map((p) => p.position),
          ),
        );
      }
      expect([...perAgreement.values()]).toEqual([0n, 0n, 0n, 0n]);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it.each(['sqlite', 'postgres'] as const)(
    'applies each event exactly once when batches are redelivered (%s)',
    async (dialect) => {
      const writer =
        dialect === 'sqlite' ? await sqliteWriter('redeliver') : await postgresWriter('redeliver');
      try {
        const projector = new SqlProjector(writer);
        const half = Math.floor(events.length / 2);
        expect(await projector.applyBatch(events.slice(0, half))).toEqual({
          checkpoint: half,
          applied: half,
        });
        const once = { journal: await writer.journal(), balances: await writer.balances() };
        // The same batch again, and an older part of it: nothing is written.
        expect(await projector.applyBatch(events.slice(0, half))).toEqual({
          checkpoint: half,
          applied: 0,
        });
        expect(await projector.applyBatch(events.slice(10, 20))).toEqual({
          checkpoint: half,
          applied: 0,
        });
        expect({ journal: await writer.journal(), balances: await writer.balances() }).toEqual(
          once,
        );
        // A batch straddling the checkpoint applies only what is new.
        expect(await projector.applyBatch(events.slice(half - 5, half + 5))).toEqual({
          checkpoint: half + 5,
          applied: 5,
        });
        await catchUpFromArray(projector);
        const reference =
          dialect === 'sqlite'
            ? await sqliteWriter('reference')
            : await postgresWriter('reference');
        try {
          expect(await projectAll(reference)).toEqual({
            journal: await writer.journal(),
            balances: await writer.balances(),
          });
        } finally {
          await reference.close();
        }
      } finally {
        await writer.close();
      }
    },
  );

  it('refuses a batch that would skip an event, writing nothing', async () => {
    const writer = await sqliteWriter('gap');
    try {
      const projector = new SqlProjector(writer);
      await projector.applyBatch(events.slice(0, 10));
      await expect(projector.applyBatch(events.slice(11, 20))).rejects.toThrow(
        'event at position 12 follows 10',
      );
      expect(await projector.checkpoint()).toBe(10);
    } finally {
      await writer.close();
    }
  });

  it('catches up from a store page by page, to the head', async () => {
    const writer = await postgresWriter('catchup');
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'), { readOnly: true });
    try {
      const seen: number[] = [];
      const checkpoint = await catchUp(store, new SqlProjector(writer), {
        batchSize: 100,
        onProgress: ({ checkpoint: at }) => seen.push(at),
      });
      expect(checkpoint).toBe(head);
      expect(seen[0]).toBe(100);
      expect(seen[seen.length - 1]).toBe(head);
    } finally {
      await store.close();
      await writer.close();
    }
  });

  it.each(['sqlite', 'postgres'] as const)(
    'projects a log with sparse positions (as EventStoreDB gives) page by page (%s)',
    async (dialect) => {
      // EventStoreDB's positions are commit positions: ordered, stable, sparse, not from 1.
      const sparse = (position: number) => 1_000 + 97 * position;
      const sparseEvents = events.map((event) => ({ ...event, position: sparse(event.position) }));
      const log = new SparseLog(sparseEvents);
      const writer =
        dialect === 'sqlite' ? await sqliteWriter('sparse') : await postgresWriter('sparse');
      try {
        // A gap-free projector sees the holes as lost events and writes nothing.
        await expect(catchUp(log.store, new SqlProjector(writer))).rejects.toThrow(
          /positions are gap-free, so an event is missing/,
        );
        expect(await writer.checkpoint('ledger-read-model')).toBe(0);

        const projector = new SqlProjector(writer, { gapFreePositions: false });
        const seen: number[] = [];
        const middle = sparse(150);
        expect(
          await catchUp(log.store, projector, {
            upTo: middle,
            batchSize: 37,
            onProgress: ({ checkpoint }) => seen.push(checkpoint),
          }),
        ).toBe(middle);
        expect(seen).toEqual([sparse(37), sparse(74), sparse(111), sparse(148), middle]);
        // Every page is read after a position the store handed out, never a computed one.
        expect(log.readsAfter.every((after) => after === 0 || log.has(after))).toBe(true);
        expect(await catchUp(log.store, projector, { batchSize: 500 })).toBe(sparse(head));
        const redelivered = await projector.applyBatch(sparseEvents.slice(100, 200));
        expect(redelivered).toEqual({ checkpoint: sparse(head), applied: 0 });

        const expected = expectedRows();
        expect(await writer.journal()).toEqual(
          expected.journal.map((row) => ({ ...row, position: sparse(row.position) })),
        );
        expect(
          (await writer.balances()).map((row) => ({
            agreementId: row.agreementId,
            account: row.account,
            balance: formatPence(row.balancePence),
          })),
        ).toEqual(expected.balances);
      } finally {
        await writer.close();
      }
    },
  );

  async function catchUpFromArray(projector: SqlProjector): Promise<void> {
    const from = await projector.checkpoint();
    await projector.applyBatch(events.slice(from));
  }

  async function projectAll(writer: ReadModelWriter) {
    await new SqlProjector(writer).applyBatch(events);
    return { journal: await writer.journal(), balances: await writer.balances() };
  }
});

/**
 * The two reads `catchUp` makes, over a fixed log with sparse positions, like EventStoreDB's: it
 * refuses to read after a number that is not 0 or one of its positions, as the server does.
 */
class SparseLog {
  readonly readsAfter: number[] = [];
  private readonly positions: Set<number>;

  constructor(private readonly events: readonly RecordedEvent[]) {
    this.positions = new Set(events.map((event) => event.position));
  }

  has(position: number): boolean {
    return this.positions.has(position);
  }

  get store(): EventStore {
    const view: Pick<EventStore, 'readAll' | 'headPosition' | 'gapFreePositions'> = {
      gapFreePositions: false,
      readAll: (options: ReadAllOptions = {}) => {
        const after = options.afterPosition ?? 0;
        this.readsAfter.push(after);
        if (after !== 0 && !this.has(after)) {
          return Promise.reject(new RangeError(`${after} is not a position of this log`));
        }
        const later = this.events.filter((event) => event.position > after);
        return Promise.resolve(later.slice(0, options.maxCount ?? later.length));
      },
      headPosition: () => Promise.resolve(this.events.at(-1)?.position ?? 0),
    };
    return view as EventStore;
  }
}
