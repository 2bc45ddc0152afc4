/**
 * The lists from the SQL read model: the same log (agreements of several commissioners and
 * collaboratives over three years, cases in every state a list tells apart, and a generated
 * history on top) is projected into SQLite and into a fresh schema of the real PostgreSQL
 * (nothing mocked), in batches of 7 events so that a case's events cross batch boundaries.
 * Every list query, for every scope a role can have, every filter and page after page, must
 * give the same rows from SQLite, from PostgreSQL and from the in-memory fold of the log.
 *
 * A read model projected before the lists existed (without migration 004's tables) fills them
 * when 003 is applied, from its agreement_facts: afterwards it equals a fresh projection table
 * for table, in both dialects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { RecordedEvent } from '@ledger/event-store';
import {
  applyToListState,
  formatListCursor,
  initialListState,
  selectAgreements,
  selectCases,
  type AgreementListQuery,
  type CaseListQuery,
  type ListCursor,
  type ListScope,
  type ListState,
} from '../lists/list-query';
import type { AgreementListRow, AgreementPartyKind, CaseListRow } from '../lists/list-rows';
import type { ReadModelReader } from '../head';
import { generatedHistory } from '../testing/generated-history';
import { LIST_AGREEMENTS, LIST_ORGANISATIONS, listsHistory } from '../testing/lists-history';
import fc from 'fast-check';
import {
  compareReadModels,
  compareSqliteReadModels,
  PostgresReadModelWriter,
  SqliteReadModelWriter,
} from './index';
import {
  dropSchemas,
  requirePostgres,
  TEST_POSTGRES_URL,
  testSchemaName,
} from './testing/postgres-test-schema';
import { projectInBatches, projectIntoSqliteAndPostgres } from './testing/projected-read-models';

jest.setTimeout(120_000);

const PARTY_SETS: AgreementPartyKind[][] = [
  ['commissioner', 'lead', 'partner'],
  ['commissioner'],
  ['lead'],
  ['partner'],
  ['lead', 'partner'],
];

/** Every scope a caller can have: everything, each organisation under each party set, nobody. */
const SCOPES: ListScope[] = [
  null,
  ...LIST_ORGANISATIONS.flatMap((organisationCode) =>
    PARTY_SETS.map((parties) => ({ organisationCode, parties })),
  ),
  { organisationCode: null, parties: ['commissioner', 'lead', 'partner'] },
  { organisationCode: 'RV5', parties: [] },
];

const AGREEMENT_FILTERS: AgreementListQuery['filters'][] = [
  {},
  { financialYear: '2025/26' },
  { financialYear: '2024/25' },
  { leadProviderCode: 'RAT' },
  { commissionerCode: '13R' },
  { commissionerCode: '13R', financialYear: '2025/26', leadProviderCode: 'RV5' },
  { financialYear: '2030/31' },
];

const CASE_FILTERS: CaseListQuery['filters'][] = [
  {},
  { agreementId: 'slp-2025-26' },
  { agreementId: 'slp-adult-secure-2025-26' },
  { serviceLine: 'adult-low-secure' },
  { status: 'open' },
  { status: 'discharged' },
  { setting: 'none' },
  { setting: 'in-area' },
  { setting: 'out-of-area', providerCode: 'NVC01' },
  { providerCode: 'RPG' },
  { agreementId: 'nel-2025-26', status: 'open', setting: 'in-area' },
];

describe('the lists from the SQL read model', () => {
  let dir: string;
  let events: RecordedEvent[];
  let folded: ListState;
  const readers: { dialect: string; reader: ReadModelReader }[] = [];
  const closers: (() => Promise<void>)[] = [];
  const schema = testSchemaName('lists');

  beforeAll(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'lists-'));
    // The hand-made history, then a generated one after it, positions following on.
    const [generated] = fc.sample(generatedHistory, { numRuns: 1, seed: 20251015 });
    const mine = listsHistory();
    events = [
      ...mine,
      ...generated.events.map((event, index) => ({ ...event, position: mine.length + index + 1 })),
    ];
    folded = events.reduce(applyToListState, initialListState());

    const projected = await projectIntoSqliteAndPostgres(events, {
      sqliteFile: join(dir, 'read-model.sqlite'),
      schema,
    });
    readers.push(...projected.readers);
    closers.push(() => projected.close());
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers agreements of several parties and years, and cases in every state', () => {
    expect(folded.agreements.size).toBe(LIST_AGREEMENTS.length + 2);
    const rows = [...folded.cases.values()];
    expect(new Set(rows.map((row) => row.financialYear))).toEqual(
      new Set(['2024/25', '2025/26', '2026/27']),
    );
    expect(rows.some((row) => row.status === 'discharged')).toBe(true);
    expect(rows.some((row) => row.placement === null && row.status === 'open')).toBe(true);
    expect(rows.some((row) => row.placement?.setting === 'in-area')).toBe(true);
    expect(rows.some((row) => row.placement?.setting === 'out-of-area')).toBe(true);
    expect(rows.some((row) => row.placement?.dailyRateFrom !== row.placement?.startDate)).toBe(
      true,
    );
  });

  it('gives every agreement list, whole and page by page, as the fold of the log does', async () => {
    for (const scope of SCOPES) {
      for (const filters of AGREEMENT_FILTERS) {
        const query = { scope, filters };
        const expected = selectAgreements(folded, { ...query, after: null, limit: 1000 });
        for (const { dialect, reader } of readers) {
          const whole = await reader.agreementList({ ...query, after: null, limit: 1000 });
          expect({ dialect, query, rows: whole.rows }).toEqual({ dialect, query, rows: expected });
          expect(whole.checkpoint).toBe(events.length);
          const paged = await pageThrough(
            (after, limit) => reader.agreementList({ ...query, after, limit }),
            (row: AgreementListRow) => ({ financialYear: row.financialYear, id: row.agreementId }),
            2,
          );
          expect({ dialect, query, rows: paged }).toEqual({ dialect, query, rows: expected });
        }
      }
    }
  });

  it('gives every case list, whole and page by page, as the fold of the log does', async () => {
    for (const scope of SCOPES) {
      for (const filters of CASE_FILTERS) {
        const query = { scope, filters };
        const expected = selectCases(folded, { ...query, after: null, limit: 1000 });
        for (const { dialect, reader } of readers) {
          const whole = await reader.caseList({ ...query, after: null, limit: 1000 });
          expect({ dialect, query, rows: whole.rows }).toEqual({ dialect, query, rows: expected });
          const paged = await pageThrough(
            (after, limit) => reader.caseList({ ...query, after, limit }),
            (row: CaseListRow) => ({ financialYear: row.financialYear, id: row.caseId }),
            3,
          );
          expect({ dialect, query, rows: paged }).toEqual({ dialect, query, rows: expected });
        }
      }
    }
  });

  it("narrows to a chain's agreement ids, with the other filters, as the fold does", async () => {
    // The chain filter resolves its agreement ids first; the readers take them as a set.
    const ID_SETS: string[][] = [
      ['slp-2024-25', 'slp-2025-26'],
      ['nel-2025-26', 'nel-2026-27', 'no-such-agreement'],
      ['no-such-agreement'],
      [],
    ];
    let found = 0;
    for (const scope of SCOPES) {
      for (const agreementIds of ID_SETS) {
        for (const filters of [{}, { financialYear: '2025/26' }]) {
          const query = { scope, filters, agreementIds, after: null, limit: 1000 };
          const expected = selectAgreements(folded, query);
          found += expected.length;
          for (const { dialect, reader } of readers) {
            const { rows } = await reader.agreementList(query);
            expect({ dialect, query, rows }).toEqual({ dialect, query, rows: expected });
          }
        }
        for (const filters of [{}, { status: 'open' }]) {
          const query = { scope, filters, agreementIds, after: null, limit: 1000 };
          const expected = selectCases(folded, query);
          found += expected.length;
          for (const { dialect, reader } of readers) {
            const { rows } = await reader.caseList(query);
            expect({ dialect, query, rows }).toEqual({ dialect, query, rows: expected });
            const paged = await pageThrough(
              (after, limit) => reader.caseList({ ...query, after, limit }),
              (row: CaseListRow) => ({ financialYear: row.financialYear, id: row.caseId }),
              3,
            );
            expect({ dialect, query, rows: paged }).toEqual({ dialect, query, rows: expected });
          }
        }
      }
    }
    expect(found).toBeGreaterThan(0);
    const slp = selectCases(folded, {
      scope: null,
      filters: {},
      agreementIds: ['slp-2024-25', 'slp-2025-26'],
      after: null,
      limit: 1000,
    });
    expect(new Set(slp.map((row) => row.agreementId))).toEqual(
      new Set(['slp-2024-25', 'slp-2025-26']),
    );
  });

  it('finds something for most queries: the comparisons above are not of empty lists', () => {
    const nonEmpty = SCOPES.flatMap((scope) =>
      CASE_FILTERS.map(
        (filters) => selectCases(folded, { scope, filters, after: null, limit: 1000 }).length,
      ),
    ).filter((count) => count > 0);
    expect(nonEmpty.length).toBeGreaterThan(100);
  });
});

describe('a read model projected before the lists existed', () => {
  let dir: string;
  const schemas: string[] = [];
  const events = listsHistory();

  beforeAll(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'lists-backfill-'));
  });

  afterAll(async () => {
    for (const schema of schemas) await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  /** What migration 004 (and every later one) added, as a read model written before it has none of it. */
  const FORGET_LISTS = [
    'DROP TABLE agreements_list',
    'DROP TABLE agreement_parties',
    'DROP TABLE cases_list',
    'DROP TABLE read_model_backfills',
    'DROP TABLE organisation_names',
  ];

  it('fills them on SQLite when migrated, equal to a fresh projection table for table', async () => {
    // The read model as the code before the lists left it: projected, without 003's tables.
    const oldFile = join(dir, 'old.sqlite');
    const old = new SqliteReadModelWriter(oldFile);
    await projectInBatches([old], events);
    await old.close();
    const raw = new Database(oldFile);
    for (const statement of FORGET_LISTS) raw.exec(statement);
    raw.exec("DELETE FROM read_model_migrations WHERE version >= '004_lists'");
    raw.close();

    const upgraded = new SqliteReadModelWriter(oldFile);
    await upgraded.migrate();
    const fresh = new SqliteReadModelWriter(join(dir, 'fresh.sqlite'));
    await projectInBatches([fresh], events);
    const everything = { scope: null, filters: {}, after: null, limit: 1000 };
    expect((await upgraded.caseList(everything)).rows).toHaveLength(35);
    expect((await upgraded.agreementList(everything)).rows).toHaveLength(LIST_AGREEMENTS.length);
    await upgraded.close();
    await fresh.close();

    const live = new Database(oldFile, { readonly: true });
    const rebuilt = new Database(join(dir, 'fresh.sqlite'), { readonly: true });
    try {
      const comparison = compareSqliteReadModels(live, rebuilt);
      expect(comparison.tables.filter((table) => !table.equal)).toEqual([]);
      const backfills = live.prepare('SELECT count(*) AS n FROM read_model_backfills').get();
      expect(backfills).toEqual({ n: 0 });
    } finally {
      live.close();
      rebuilt.close();
    }
  });

  it('fills them on PostgreSQL when migrated, equal to a fresh projection table for table', async () => {
    const [oldSchema, freshSchema] = [testSchemaName('lists_old'), testSchemaName('lists_new')];
    schemas.push(oldSchema, freshSchema);
    const options = { connectionString: TEST_POSTGRES_URL };
    const old = new PostgresReadModelWriter({ ...options, schema: oldSchema });
    await projectInBatches([old], events);
    await old.close();
    const client = new Client(options);
    await client.connect();
    try {
      await client.query(`SET search_path TO "${oldSchema}"`);
      for (const statement of FORGET_LISTS) await client.query(statement);
      await client.query("DELETE FROM schema_migrations WHERE version >= '004_lists'");

      const upgraded = new PostgresReadModelWriter({ ...options, schema: oldSchema });
      await upgraded.migrate();
      await upgraded.close();
      const fresh = new PostgresReadModelWriter({ ...options, schema: freshSchema });
      await projectInBatches([fresh], events);
      await fresh.close();

      const comparison = await compareReadModels(client, oldSchema, freshSchema);
      expect(comparison.tables.filter((table) => !table.equal)).toEqual([]);
      const counts = await client.query(
        'SELECT (SELECT count(*)::int FROM cases_list) AS cases, ' +
          '(SELECT count(*)::int FROM read_model_backfills) AS owed',
      );
      expect(counts.rows).toEqual([{ cases: 35, owed: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('leaves a fresh read model nothing to fill', async () => {
    const writer = new SqliteReadModelWriter(join(dir, 'empty.sqlite'));
    await writer.migrate();
    await writer.close();
    const db = new Database(join(dir, 'empty.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM read_model_backfills').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

/** Every row of a list, read `limit` at a time after the last row's key. */
async function pageThrough<Row>(
  read: (after: ListCursor | null, limit: number) => Promise<{ rows: Row[] }>,
  keyOf: (row: Row) => ListCursor,
  limit: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  let after: ListCursor | null = null;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = await read(after, limit);
    rows.push(...page.rows);
    if (page.rows.length < limit) return rows;
    after = keyOf(page.rows[page.rows.length - 1]);
    // The cursor a caller would send back.
    expect(formatListCursor(after)).toMatch(/^\d{4}\/\d{2}:/);
  }
  throw new Error('paged more than 1000 times');
}
