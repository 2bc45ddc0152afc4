/**
 * The month-end management accounts, identical from the embedded SQLite read model, from the
 * PostgreSQL read model and from a replay of the log, over HTTP. The worked scenario and the
 * chain of two agreements (their figures are checked by hand in management-accounts.e2e.spec.ts
 * and management-accounts-chain.e2e.spec.ts) are recorded through the API on the embedded
 * store; the same log is projected into a fresh schema of the real PostgreSQL 15 (nothing
 * mocked), and a second API, configured as production runs it (head reports from PostgreSQL),
 * is asked every month of every agreement: JSON, every CSV section, and the refusal of a month
 * not closed. Each answer must be byte for byte the embedded one; each 200 the replay's at the
 * head (`knownAtPosition`); and each workbook must hold the same cells.
 */
import { periodsOf } from '@ledger/domain';
import { REPORT_SECTIONS } from '@ledger/commands';
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
import { CHAIN_A, CHAIN_B, recordChainScenario } from './testing/month-end-chain-scenario';
import { cellsOf, workbookOf } from './testing/downloads';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';
import { recordWorkedScenario } from './testing/worked-scenario';

jest.setTimeout(120_000);

const AGREEMENTS: [string, string][] = [
  [f.AGREEMENT_ID, '2025/26'],
  [CHAIN_A, '2023/24'],
  [CHAIN_B, '2024/25'],
];

describe('management accounts from the PostgreSQL read model equal the embedded ones, over HTTP', () => {
  const schema = testSchemaName('e2e_month_end');
  let embedded: LedgerTestApp;
  let production: LedgerTestApp;
  let writer: PostgresReadModelWriter;
  const paths: string[] = [];

  beforeAll(async () => {
    await requirePostgres();
    embedded = await LedgerTestApp.start();
    await recordWorkedScenario(embedded);
    await recordChainScenario(embedded);
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
    for (const [agreementId, year] of AGREEMENTS) {
      const base = `/v1/agreements/${agreementId}/management-accounts`;
      paths.push(base);
      for (const period of periodsOf(year)) {
        paths.push(`${base}?period=${period}`);
        for (const section of REPORT_SECTIONS['management-accounts']) {
          paths.push(`${base}?period=${period}&format=csv&section=${section}`);
        }
      }
    }
  });

  afterAll(async () => {
    await production?.stop();
    await embedded?.dispose();
    await writer?.close();
    await dropSchemas(schema);
  });

  it('gives every month of every agreement, JSON, CSV and refusals, byte for byte as SQLite does', async () => {
    const statuses = new Map<number, number>();
    for (const path of paths) {
      const fromSqlite = await embedded.get(path, f.reviewer);
      const fromPostgres = await production.get(path, f.reviewer);
      statuses.set(fromSqlite.statusCode, (statuses.get(fromSqlite.statusCode) ?? 0) + 1);
      expect({ path, status: fromPostgres.statusCode, body: fromPostgres.body }).toEqual({
        path,
        status: fromSqlite.statusCode,
        body: fromSqlite.body,
      });
      expect(fromPostgres.headers['content-type']).toBe(fromSqlite.headers['content-type']);
    }
    // The closed months answer; the open ones (2025/26 from October, 2024/25 from July) are 409.
    expect([...statuses.keys()].sort()).toEqual([200, 409]);
  });

  it('gives the same answers as a replay of the log up to the head', async () => {
    const head = await embedded.head();
    let compared = 0;
    for (const path of paths) {
      const fromPostgres = await production.get(path, f.reviewer);
      if (fromPostgres.statusCode !== 200) continue;
      const separator = path.includes('?') ? '&' : '?';
      const replayed = await embedded.get(`${path}${separator}knownAtPosition=${head}`, f.reviewer);
      expect({ path, body: replayed.body }).toEqual({ path, body: fromPostgres.body });
      compared += 1;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('writes the same cells into the workbook from PostgreSQL as from SQLite', async () => {
    for (const [agreementId, period] of [
      [f.AGREEMENT_ID, '2025-08'],
      [CHAIN_A, '2024-03'],
      [CHAIN_B, '2024-04'],
    ]) {
      const path = `/v1/agreements/${agreementId}/management-accounts?period=${period}&format=xlsx`;
      const [fromSqlite, fromPostgres] = await Promise.all(
        [embedded, production].map(async (app) =>
          workbookOf((await app.get(path, f.reviewer)).rawPayload),
        ),
      );
      const sheets = (workbook: typeof fromSqlite) =>
        workbook.worksheets.map((sheet) => [sheet.name, cellsOf(sheet)]);
      expect({ path, sheets: sheets(fromPostgres) }).toEqual({ path, sheets: sheets(fromSqlite) });
    }
  });
});
