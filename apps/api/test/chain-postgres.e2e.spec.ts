/**
 * A two-year chain of agreements (testing/chain-scenario.ts, figures worked by hand in
 * chain-of-agreements.e2e.spec.ts) read back over HTTP from the embedded SQLite read model,
 * from the real PostgreSQL 15 read model (a fresh schema, written by the projector), and from a
 * replay of the log; and at knowledge times before the successor existed, before the
 * carry-forward and after it.
 *
 * The case crossing 31 March saves, under A's 365-night horizon, 183 nights × £250.00 =
 * £45,750.00 in A (2023-10-01 to 2024-03-31; 2024 is a leap year); case 2 saves 30 × £200.00 =
 * £6,000.00 in A's March. So:
 *   after A's first eleven closes, A holds Oct..Feb of case 1: 7,750.00 + 7,500.00 + 7,750.00
 *     + 7,750.00 + 7,250.00 = £38,000.00 of retained savings;
 *   after A's M12: £45,750.00 + £6,000.00 = £51,750.00;
 *   after the carry-forward: A's savings:retained 0.00 and carried-forward £51,750.00; B's
 *     brought-forward −£51,750.00 and savings:retained £51,750.00;
 *   after B's M01 (with a £10,000.00 reinvestment, the −£2,750.00 prior-year adjustment and
 *     B's own 30 × £200.00 of case 2): 51,750.00 − 10,000.00 − 2,750.00 + 6,000.00 = £45,000.00.
 */
import {
  catchUp,
  PostgresReadModelReader,
  PostgresReadModelWriter,
  SqlProjector,
} from '@ledger/read-model/sql';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from '@ledger/read-model/sql/testing/postgres-test-schema';
import {
  CHAIN_A,
  CHAIN_B,
  recordChainScenario,
  type ChainScenarioPositions,
} from './testing/chain-scenario';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';

jest.setTimeout(90_000);

const REPORTS = ['budget', 'savings', 'oap-metrics', 'balances'];

describe('a two-year chain from SQLite, PostgreSQL and the log, at the head and at knowledge times', () => {
  const schema = testSchemaName('chain');
  let embedded: LedgerTestApp;
  let production: LedgerTestApp;
  let writer: PostgresReadModelWriter;
  let at: ChainScenarioPositions;

  beforeAll(async () => {
    await requirePostgres();
    embedded = await LedgerTestApp.start();
    at = await recordChainScenario(embedded);
    writer = new PostgresReadModelWriter({ connectionString: TEST_POSTGRES_URL, schema });
    await writer.migrate();
    await catchUp(embedded.store, new SqlProjector(writer));
    production = await LedgerTestApp.start({
      dataDir: embedded.dataDir,
      readModel: () => {
        const reader = new PostgresReadModelReader({ connectionString: TEST_POSTGRES_URL, schema });
        return Promise.resolve({ reader, inline: null, close: () => reader.close() });
      },
    });
  });

  afterAll(async () => {
    await production?.stop();
    await embedded?.dispose();
    await writer?.close();
    await dropSchemas(schema);
  });

  /** Every report and statement of an agreement, in JSON and CSV. */
  const pathsOf = async (agreementId: string, query = ''): Promise<string[]> => {
    const base = f.paths.agreement(agreementId);
    const and = query ? `&${query}` : '';
    const balances = await embedded.get(`${base}/reports/balances?${query}`, f.reviewer);
    expect(balances.statusCode).toBe(200);
    const accounts = balances
      .json<{ balances: { account: string }[] }>()
      .balances.map((b) => b.account);
    return [
      ...REPORTS.flatMap((report) => [
        `${base}/reports/${report}?${query}`,
        `${base}/reports/${report}?format=csv${and}`,
      ]),
      `${base}/reports/balances?basis=posted-in${and}`,
      ...accounts.flatMap((account) => {
        const url = `${base}/accounts/${encodeURIComponent(account)}/statement`;
        return [`${url}?${query}`, `${url}?format=csv${and}`];
      }),
    ];
  };

  const balancesAt = async (agreementId: string, position: number) => {
    const response = await embedded.get(
      `${f.paths.agreement(agreementId)}/reports/balances?knownAtPosition=${position}`,
      f.reviewer,
    );
    expect(response.statusCode).toBe(200);
    const report = response.json<{
      total: string;
      balances: { account: string; balance: string }[];
    }>();
    return {
      total: report.total,
      ...Object.fromEntries(report.balances.map((b) => [b.account, b.balance])),
    };
  };

  it('records the carry-forward as one write of two events', () => {
    expect(at.afterCarryForward - at.beforeCarryForward).toBe(2);
  });

  it("gives both agreements' reports byte for byte alike from SQLite, PostgreSQL and a replay of the log", async () => {
    const head = await embedded.head();
    expect(head).toBe(at.end);
    let compared = 0;
    for (const agreementId of [CHAIN_A, CHAIN_B]) {
      for (const path of await pathsOf(agreementId)) {
        const fromSqlite = await embedded.get(path, f.reviewer);
        const fromPostgres = await production.get(path, f.reviewer);
        const separator = path.includes('?') ? '&' : '?';
        const replayed = await embedded.get(
          `${path}${separator}knownAtPosition=${head}`,
          f.reviewer,
        );
        expect({ path, status: fromSqlite.statusCode }).toEqual({ path, status: 200 });
        expect({ path, body: fromPostgres.body }).toEqual({ path, body: fromSqlite.body });
        expect({ path, body: replayed.body }).toEqual({ path, body: fromSqlite.body });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('answers at a knowledge time before the successor existed: A alone, B not known', async () => {
    expect(await balancesAt(CHAIN_A, at.beforeSuccessor)).toMatchObject({
      total: '0.00',
      'savings:retained': '38000.00',
    });
    const b = await embedded.get(
      `${f.paths.agreement(CHAIN_B)}/reports/balances?knownAtPosition=${at.beforeSuccessor}`,
      f.reviewer,
    );
    expect(b.statusCode).toBe(404);
  });

  it('answers before and after the carry-forward with the retained savings on each side', async () => {
    const aBefore = await balancesAt(CHAIN_A, at.beforeCarryForward);
    expect(aBefore).toMatchObject({ total: '0.00', 'savings:retained': '51750.00' });
    expect(aBefore).not.toHaveProperty('carried-forward');
    const bBefore = await balancesAt(CHAIN_B, at.beforeCarryForward);
    expect(bBefore.total).toBe('0.00');
    expect(bBefore).not.toHaveProperty('brought-forward');
    expect(bBefore['savings:retained' as keyof typeof bBefore] ?? '0.00').toBe('0.00');

    expect(await balancesAt(CHAIN_A, at.afterCarryForward)).toMatchObject({
      total: '0.00',
      'savings:retained': '0.00',
      'carried-forward': '51750.00',
    });
    expect(await balancesAt(CHAIN_B, at.afterCarryForward)).toMatchObject({
      total: '0.00',
      'brought-forward': '-51750.00',
      'savings:retained': '51750.00',
    });
    expect(await balancesAt(CHAIN_B, at.end)).toMatchObject({
      total: '0.00',
      'savings:retained': '45000.00',
    });
  });

  it('gives every report at those knowledge times alike from the SQLite and the PostgreSQL deployments', async () => {
    let compared = 0;
    for (const position of [at.beforeSuccessor, at.beforeCarryForward, at.afterCarryForward]) {
      const agreements = position === at.beforeSuccessor ? [CHAIN_A] : [CHAIN_A, CHAIN_B];
      for (const agreementId of agreements) {
        for (const path of await pathsOf(agreementId, `knownAtPosition=${position}`)) {
          const fromSqlite = await embedded.get(path, f.reviewer);
          const fromPostgres = await production.get(path, f.reviewer);
          expect({ path, status: fromSqlite.statusCode }).toEqual({ path, status: 200 });
          expect({ path, body: fromPostgres.body }).toEqual({ path, body: fromSqlite.body });
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(30);
  });
});
