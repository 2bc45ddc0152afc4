/**
 * Reports at the head, served from the SQL read model, against a replay of the log. A ledger
 * history with closes, back-dated rate changes (prior-period adjustments), repatriations
 * (savings), virements and adjustments is decided by the deciders and appended to a SQLite event
 * store, projected into a SQLite read model and into a PostgreSQL schema (real PostgreSQL 15,
 * nothing mocked), in batches of 37 events so that statement running balances and case → agreement
 * lookups cross batch boundaries. Every report (balances on both period bases, each account's
 * statement page by page, budget against actual, savings, out-of-area metrics) must come out
 * identical from SQLite, from PostgreSQL, and from a fold of the whole log: the SQL tables are
 * a faster path to the same figures, never different ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { accountBalances } from '../balances/balances.projection';
import { budgetAgainstActual } from '../budget/budget-report';
import {
  agreementSourcesAt,
  oapSourcesAt,
  balancesFromPeriodTotals,
  statementFromLines,
  type ReadModelReader,
} from '../head';
import { oapMetrics } from '../oap-metrics/oap-metrics';
import { foldEvents } from '../projection/projection';
import { readModelProjection, type ReadModelState } from '../read-model';
import { savingsReport } from '../savings/savings-report';
import {
  accountStatement,
  parseStatementCursor,
  statementAccounts,
  type AccountStatement,
} from '../statements/statements.projection';
import { writeSimulatedHistory } from '../testing/simulated-history';
import { dropSchemas, requirePostgres, testSchemaName } from './testing/postgres-test-schema';
import { projectIntoSqliteAndPostgres } from './testing/projected-read-models';

jest.setTimeout(120_000);

const AS_OF_DATES = [undefined, '2025-04-30', '2025-07-15', '2025-10-31', '2026-03-31'] as const;
const PAGE = 7;

describe('reports at the head from the SQL read model', () => {
  let dir: string;
  let events: RecordedEvent[];
  let head: number;
  let replayed: ReadModelState;
  let agreementIds: string[];
  const readers: { dialect: string; reader: ReadModelReader }[] = [];
  const closers: (() => Promise<void>)[] = [];
  const schema = testSchemaName('head');

  beforeAll(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'head-reports-'));
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    try {
      head = await writeSimulatedHistory(store, {
        agreements: 2,
        months: 12,
        adjustmentsPerMonth: 3,
      });
      events = await store.readAll();
    } finally {
      await store.close();
    }
    replayed = foldEvents(readModelProjection, events);
    agreementIds = events
      .filter((event) => event.type === 'AgreementCreated')
      .map((event) => event.data.agreementId as string);

    // Batches of 37 events, so closes and the facts they read fall in different batches.
    const projected = await projectIntoSqliteAndPostgres(events, {
      sqliteFile: join(dir, 'read-model.sqlite'),
      schema,
      batchSize: 37,
    });
    readers.push(...projected.readers);
    closers.push(() => projected.close());
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers closes, prior-period adjustments, savings and two agreements', () => {
    expect(agreementIds).toHaveLength(2);
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'PeriodClosed',
      'PatientRepatriated',
      'PlacementRateChanged',
      'BudgetVired',
    ]) {
      expect(types).toContain(type);
    }
    const closes = events.filter((event) => event.type === 'PeriodClosed');
    const adjusted = closes.filter((event) => {
      const adjustments = event.data.priorPeriodAdjustments as { costs: unknown[] };
      return adjustments.costs.length > 0;
    });
    expect(adjusted.length).toBeGreaterThan(0);
  });

  it.each(['SQLite', 'PostgreSQL'])(
    '%s: the checkpoint is the head of the log',
    async (dialect) => {
      const { reader } = readers.find((r) => r.dialect === dialect)!;
      expect(await reader.checkpoint()).toBe(head);
    },
  );

  it.each(['SQLite', 'PostgreSQL'])(
    '%s: balances on both period bases, at every as-of date, equal the replay',
    async (dialect) => {
      const { reader } = readers.find((r) => r.dialect === dialect)!;
      for (const agreementId of agreementIds) {
        const { checkpoint, agreementKnown, rows } = await reader.periodTotals(agreementId);
        expect(agreementKnown).toBe(true);
        for (const asOf of AS_OF_DATES) {
          for (const basis of ['belongs-to', 'posted-in'] as const) {
            const query = { agreementId, asOf, basis };
            const fromSql = balancesFromPeriodTotals(rows, { ...query, knownAt: checkpoint });
            expect(fromSql).toEqual(accountBalances(replayed.ledger, query));
            expect(fromSql.total).toBe('0.00');
          }
        }
      }
    },
  );

  it.each(['SQLite', 'PostgreSQL'])(
    '%s: every account statement, page by page, equals the replay',
    async (dialect) => {
      const { reader } = readers.find((r) => r.dialect === dialect)!;
      let pages = 0;
      for (const agreementId of agreementIds) {
        for (const account of statementAccounts(replayed.statements, agreementId)) {
          let after: string | undefined;
          do {
            const expected = accountStatement(replayed.statements, {
              agreementId,
              account,
              limit: PAGE,
              ...(after === undefined ? {} : { after }),
            });
            const cursor = after === undefined ? null : parseStatementCursor(after);
            const page = await reader.statementLines({
              agreementId,
              account,
              after: cursor && { position: cursor.position, postingIndex: cursor.index },
              limit: PAGE + 1,
            });
            const actual: AccountStatement = statementFromLines(page.rows, {
              agreementId,
              account,
              knownAt: page.checkpoint,
              limit: PAGE,
            });
            expect(actual).toEqual(expected);
            after = expected.nextCursor ?? undefined;
            pages += 1;
          } while (after !== undefined);
        }
      }
      // Long statements really were paged (the budget lines carry hundreds of postings).
      expect(pages).toBeGreaterThan(50);
    },
  );

  it.each(['SQLite', 'PostgreSQL'])(
    '%s: budget against actual, savings and out-of-area metrics equal the replay',
    async (dialect) => {
      const { reader } = readers.find((r) => r.dialect === dialect)!;
      for (const agreementId of agreementIds) {
        const { checkpoint, rows } = await reader.agreementFacts(agreementId);
        const sources = agreementSourcesAt(rows, checkpoint);
        // The cases' facts alone: the agreement's creation and its cases, no movements or closes.
        const caseFacts = await reader.agreementFacts(agreementId, 'cases');
        expect(caseFacts.rows.length).toBeLessThan(rows.length);
        const caseSources = oapSourcesAt(caseFacts.rows, caseFacts.checkpoint);
        for (const asOf of AS_OF_DATES.filter((date) => date !== undefined)) {
          const query = { agreementId, asOf };
          expect(budgetAgainstActual(sources, query)).toEqual(budgetAgainstActual(replayed, query));
          expect(savingsReport(sources, query)).toEqual(savingsReport(replayed, query));
          expect(oapMetrics(sources, query)).toEqual(oapMetrics(replayed, query));
          expect(oapMetrics(caseSources, query)).toEqual(oapMetrics(replayed, query));
        }
      }
    },
  );

  it('an agreement never projected is not known, and has no rows', async () => {
    for (const { reader } of readers) {
      const totals = await reader.periodTotals('no-such-agreement');
      expect(totals).toEqual({ checkpoint: head, agreementKnown: false, rows: [] });
      expect((await reader.agreementFacts('no-such-agreement')).rows).toEqual([]);
    }
  });
});
