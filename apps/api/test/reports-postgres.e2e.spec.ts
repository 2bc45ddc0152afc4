/**
 * The worked scenario's reports, identical from the embedded SQLite read model and from the
 * PostgreSQL read model, over HTTP. The scenario is recorded through the API on the embedded
 * store (its figures are checked by hand in worked-scenario.e2e.spec.ts); the same log is then
 * projected into a fresh schema of the real PostgreSQL 15 (nothing mocked), and a second API,
 * configured as production runs it (head reports from PostgreSQL, written by a projector), is
 * asked every report. Each answer must be byte for byte the one the embedded API gives, and
 * the one a replay of the log gives (`knownAtPosition` = the head). The lists (GET /v1/agreements
 * and /v1/cases), for callers of several scopes, page by page, must be byte for byte the same too.
 *
 * It also shows the read-your-writes contract with a separate projector: a write the projector
 * has not applied yet makes a `minPosition` read answer 503, and the same read succeeds once
 * the projector has caught up.
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
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';
import { recordWorkedScenario } from './testing/worked-scenario';

jest.setTimeout(60_000);

const AGREEMENT = `/v1/agreements/${f.AGREEMENT_ID}`;
const AS_OF = ['', 'asOf=2025-07-31', 'asOf=2025-09-30', 'asOf=2025-10-15'];

describe('reports from the PostgreSQL read model equal the embedded ones, over HTTP', () => {
  const schema = testSchemaName('e2e');
  let embedded: LedgerTestApp;
  let production: LedgerTestApp;
  let writer: PostgresReadModelWriter;
  let paths: string[];

  beforeAll(async () => {
    await requirePostgres();
    embedded = await LedgerTestApp.start();
    await recordWorkedScenario(embedded);
    // Names in the organisation register, one renamed inside the year: every report and list
    // below then names its organisations, from PostgreSQL, SQLite and a replay alike.
    for (const [odsCode, name, effectiveFrom] of [
      ['RPG', 'Oxleas NHS Foundation Trust', '2025-04-01'],
      ['RPG', 'Oxleas and Greenwich NHS Foundation Trust', '2025-09-01'],
      ['NVC01', 'Independent Hospital Ltd', '2025-06-01'],
      ['13R', 'NHS England Specialised Commissioning (London)', '2025-04-01'],
    ]) {
      const named = await embedded.post(f.paths.organisationNames(odsCode), f.commissioner, {
        name,
        effectiveFrom,
      });
      expect(named.statusCode).toBe(201);
    }
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

    const balances = await embedded.get(`${AGREEMENT}/reports/balances`, f.reviewer);
    const accounts = balances
      .json<{ balances: { account: string }[] }>()
      .balances.map((b) => b.account);
    expect(accounts.length).toBeGreaterThan(6);
    paths = [
      ...['budget', 'savings', 'oap-metrics', 'balances'].flatMap((report) =>
        AS_OF.flatMap((asOf) => [
          `${AGREEMENT}/reports/${report}?${asOf}`,
          `${AGREEMENT}/reports/${report}?${asOf}${asOf ? '&' : ''}format=csv`,
        ]),
      ),
      `${AGREEMENT}/reports/balances?basis=posted-in&asOf=2025-07-31`,
      ...accounts.flatMap((account) => {
        const url = `${AGREEMENT}/accounts/${encodeURIComponent(account)}/statement`;
        return [url, `${url}?limit=1`, `${url}?format=csv`];
      }),
    ];
  });

  afterAll(async () => {
    await production?.stop();
    await embedded?.dispose();
    await writer?.close();
    await dropSchemas(schema);
  });

  it('gives every report, JSON and CSV, byte for byte as the embedded read model does', async () => {
    for (const path of paths) {
      const fromSqlite = await embedded.get(path, f.reviewer);
      const fromPostgres = await production.get(path, f.reviewer);
      expect({ path, status: fromSqlite.statusCode }).toEqual({ path, status: 200 });
      expect({ path, body: fromPostgres.body }).toEqual({ path, body: fromSqlite.body });
      expect(fromPostgres.headers['content-type']).toBe(fromSqlite.headers['content-type']);
    }
  });

  it('gives the same answers as a replay of the log up to the head', async () => {
    const head = await embedded.head();
    for (const path of paths) {
      const separator = path.includes('?') ? '&' : '?';
      const replayed = await embedded.get(`${path}${separator}knownAtPosition=${head}`, f.reviewer);
      const fromPostgres = await production.get(path, f.reviewer);
      expect({ path, body: fromPostgres.body }).toEqual({ path, body: replayed.body });
    }
  });

  it('gives the lists, for each role, JSON and CSV, page by page, as the embedded read model does', async () => {
    const lists = [
      '/v1/organisations?asOf=2025-08-31',
      '/v1/organisations?asOf=2025-09-01&format=csv',
      '/v1/organisations?limit=1',
      '/v1/agreements',
      '/v1/agreements?format=csv',
      '/v1/agreements?financialYear=2025/26&leadProviderCode=RV5',
      '/v1/cases',
      '/v1/cases?format=csv',
      '/v1/cases?status=discharged',
      '/v1/cases?setting=none',
      `/v1/cases?agreementId=${f.AGREEMENT_ID}&limit=1`,
    ];
    const callers = [f.reviewer, f.commissioner, f.partnerCaseManager, f.outsiderFinance];
    let compared = 0;
    for (const as of callers) {
      for (const first of lists) {
        let path: string | null = first;
        while (path !== null) {
          const fromSqlite = await embedded.get(path, as);
          const fromPostgres = await production.get(path, as);
          expect({ path, status: fromSqlite.statusCode }).toEqual({ path, status: 200 });
          expect({ path, as, body: fromPostgres.body }).toEqual({
            path,
            as,
            body: fromSqlite.body,
          });
          expect(fromPostgres.headers.link).toBe(fromSqlite.headers.link);
          const link = fromSqlite.headers.link as string | undefined;
          path = link === undefined ? null : /^<([^>]+)>/.exec(link)![1];
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(callers.length * lists.length);
  });

  it('answers a minPosition read with 503 until the projector has applied the write', async () => {
    const written = await embedded.post(
      f.paths.reinvestments(),
      f.leadFinance,
      f.reinvestmentBody({
        commitmentId: 'commit-3',
        amount: '500.00',
        effectiveDate: '2025-10-01',
      }),
    );
    expect(written.statusCode).toBe(201);
    const position = written.json<{ position: number }>().position;
    const url = `${AGREEMENT}/reports/savings?minPosition=${position}`;

    const behind = await production.get(url, f.reviewer);
    expect(behind.statusCode).toBe(503);
    expect(behind.headers['retry-after']).toBe('1');
    expect(behind.json()).toMatchObject({ code: 'READ.LOG_BEHIND', retryable: true });

    await catchUp(embedded.store, new SqlProjector(writer));
    const caughtUp = await production.get(url, f.reviewer);
    expect(caughtUp.statusCode).toBe(200);
    expect(caughtUp.json()).toMatchObject({ knownAt: position });
    expect(caughtUp.body).toBe((await embedded.get(url, f.reviewer)).body);
  });
});
