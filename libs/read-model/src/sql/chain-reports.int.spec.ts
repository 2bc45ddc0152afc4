/**
 * Chain-aware reports at the head, from the SQL read model (`chainFacts`), against a replay of
 * the log, at every position of a chain's history: domain.md's worked example (A 2017/18, its
 * successor B 2018/19, a back-dated discharge after A's M12, the carry-forward, B's M01 with its
 * prior-year adjustments; testing/chain-history.ts), then a case registered under B out of
 * area from March 2019 with a rate change after B's year end, so B warns of uncovered nights.
 *
 * The log is projected one event at a time into a SQLite read model and into a schema of the
 * real PostgreSQL 15 (nothing mocked). After each event, the budget, savings and out-of-area
 * reports of every agreement then known, at several as-of dates, must be the same from each
 * SQL read model at its checkpoint as from the replay known at that position: so the chain as
 * the read model finds it (predecessors, a successor only once created) is the replay's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import { budgetAgainstActual } from '../budget/budget-report';
import { agreementSourcesAt, oapSourcesAt, type ReadModelReader } from '../head';
import { oapMetrics } from '../oap-metrics/oap-metrics';
import { foldEvents } from '../projection/projection';
import { readModelProjection } from '../read-model';
import { savingsReport } from '../savings/savings-report';
import { CHAIN_A, CHAIN_B, chainHistory } from '../testing/chain-history';
import {
  PostgresReadModelReader,
  PostgresReadModelWriter,
  SqliteReadModelWriter,
  SqlProjector,
} from './index';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from './testing/postgres-test-schema';

jest.setTimeout(120_000);

const AS_OF = ['2018-03-31', '2018-04-30', '2019-03-31', '2019-04-30'];
const TODAY = '2019-06-15';
const LATE_CASE = 'case-late-oap';

function chainLog(): RecordedEvent[] {
  const log = chainHistory();
  log.case(
    {
      type: 'ReferralRegistered',
      data: {
        caseId: LATE_CASE,
        agreementId: CHAIN_B,
        serviceLine: 'adult-medium-secure',
        patientRef: 'SLP-PT-3',
        referralDate: '2019-03-01',
      },
    },
    '2019-03-01T09:00:00Z',
  );
  log.case(
    {
      type: 'PlacementStarted',
      data: {
        caseId: LATE_CASE,
        placementId: 'oap-3',
        setting: 'out-of-area',
        bedType: 'medium-secure',
        providerCode: 'NQ1',
        dailyRate: '500.00',
        startDate: '2019-03-01',
        distanceFromHomeKm: '150.0',
        oapReasonCode: '10',
      },
    },
    '2019-03-01T09:00:00Z',
  );
  log.case(
    {
      type: 'PlacementRateChanged',
      data: {
        caseId: LATE_CASE,
        placementId: 'oap-3',
        effectiveDate: '2019-04-16',
        dailyRate: '520.00',
        previousDailyRate: '500.00',
      },
    },
    '2019-04-16T09:00:00Z',
  );
  return log.events;
}

describe('chain-aware reports from the SQL read model equal the replay at every position', () => {
  const schema = testSchemaName('chain');
  const events = chainLog();
  const replayed = foldEvents(readModelProjection, events);
  let dir: string;
  const projected: { dialect: string; reader: ReadModelReader; projector: SqlProjector }[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'chain-reports-'));
    const sqlite = new SqliteReadModelWriter(join(dir, 'read-model.sqlite'));
    await sqlite.migrate();
    const postgres = new PostgresReadModelWriter({ connectionString: TEST_POSTGRES_URL, schema });
    await postgres.migrate();
    const postgresReader = new PostgresReadModelReader({
      connectionString: TEST_POSTGRES_URL,
      schema,
    });
    projected.push(
      { dialect: 'SQLite', reader: sqlite, projector: new SqlProjector(sqlite) },
      { dialect: 'PostgreSQL', reader: postgresReader, projector: new SqlProjector(postgres) },
    );
    closers.push(
      () => sqlite.close(),
      () => postgres.close(),
      () => postgresReader.close(),
    );
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a chain, a prior-year adjustment and an uncovered stay', () => {
    const types = events.map((event) => event.type);
    expect(types).toContain('SuccessorAgreementCreated');
    expect(types).toContain('SavingsBroughtForward');
    const report = budgetAgainstActual(replayed, {
      agreementId: CHAIN_B,
      asOf: '2019-04-30',
      today: TODAY,
    });
    expect(report?.lines[0].priorYearAdjustments).toBe('-4950.00');
    // 1–15 April 2019 at 500.00, 16–30 April at 520.00: 7,500.00 + 7,800.00.
    expect(report?.warnings[0]).toMatchObject({ bedDays: 30, amount: '15300.00' });
  });

  it('gives every report of every agreement known, after each event, as the replay does', async () => {
    let compared = 0;
    for (const event of events) {
      for (const { dialect, reader, projector } of projected) {
        await projector.applyBatch([event]);
        for (const agreementId of [CHAIN_A, CHAIN_B]) {
          const facts = await reader.chainFacts(agreementId);
          const caseFacts = await reader.chainFacts(agreementId, 'cases');
          expect({ dialect, checkpoint: facts.checkpoint }).toEqual({
            dialect,
            checkpoint: event.position,
          });
          const sources = agreementSourcesAt(facts.rows, facts.checkpoint);
          const caseSources = oapSourcesAt(caseFacts.rows, caseFacts.checkpoint);
          for (const asOf of AS_OF) {
            const query = { agreementId, asOf, today: TODAY };
            const known = { ...query, knownAt: event.position };
            const where = { dialect, position: event.position, agreementId, asOf };
            expect({ where, report: budgetAgainstActual(sources, query) }).toEqual({
              where,
              report: budgetAgainstActual(replayed, known),
            });
            expect({ where, report: savingsReport(sources, query) }).toEqual({
              where,
              report: savingsReport(replayed, known),
            });
            expect({ where, report: oapMetrics(caseSources, query) }).toEqual({
              where,
              report: oapMetrics(replayed, known),
            });
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(events.length * 2 * 2 * AS_OF.length);
  });

  it("reads A's predecessors' cases only, and B's closes, for A's report", async () => {
    for (const { reader } of projected) {
      const ofA = await reader.chainFacts(CHAIN_A);
      const types = (agreementId: string) =>
        ofA.rows
          .filter((event) => event.streamId === `agreement-${agreementId}`)
          .map((event) => event.type);
      // A whole; of B (its successor) every event: its close posts A's prior-year adjustments.
      expect(types(CHAIN_B)).toEqual(['AgreementCreated', 'SavingsBroughtForward', 'PeriodClosed']);
      const ofB = await reader.chainFacts(CHAIN_B);
      const predecessorTypes = ofB.rows
        .filter((event) => event.streamId === `agreement-${CHAIN_A}`)
        .map((event) => event.type);
      expect(predecessorTypes).toEqual(['AgreementCreated']);
      expect((await reader.chainFacts('no-such-agreement')).rows).toEqual([]);
    }
  });
});
