/**
 * The organisation register from the SQL read model: one log (the lists' history of agreements
 * and cases, with namings of a dozen organisations interleaved: renames, corrections on the
 * same date, back-dated and future-dated names) is projected into SQLite and into a fresh
 * schema of the real PostgreSQL, in batches of 7 events. For every code, business date and
 * knowledge point, the name in force must be the same from SQLite, from PostgreSQL and from the
 * fold of the log; so must the register, whole and page by page; and `ledger rebuild`'s
 * comparison must find the two read models' `organisation_names` equal to a fresh projection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';
import { foldEvents } from '../projection/projection';
import {
  namesInForce,
  organisationRegisterProjection,
  registerItems,
  registerNamings,
  selectRegister,
  type OrganisationNamingRow,
  type OrganisationRegisterState,
} from '../organisations/organisation-names';
import type { ReadModelReader } from '../head';
import { listsHistory } from '../testing/lists-history';
import { compareSqliteReadModels, SqliteReadModelWriter } from './index';
import { dropSchemas, requirePostgres, testSchemaName } from './testing/postgres-test-schema';
import { projectInBatches, projectIntoSqliteAndPostgres } from './testing/projected-read-models';

jest.setTimeout(120_000);

const CODES = [
  '13R',
  'RV5',
  'RPG',
  'RQY',
  'NVC01',
  'NQ1',
  'RAT',
  'RXY',
  'RPA',
  '14A',
  'R1A',
  'Z9Z',
];
/** Asked for but never named: their names are null, never a refusal. */
const NEVER_NAMED = ['RWK', 'NX1'];
const DATES = [
  '2019-03-31',
  '2024-04-01',
  '2025-03-31',
  '2025-04-01',
  '2025-09-30',
  '2025-10-01',
  '2026-04-01',
  '2030-01-01',
];

/** The namings, in the order they are recorded: (code, name, effective from). */
function namingScript(): [string, string, string][] {
  const script: [string, string, string][] = [];
  CODES.forEach((code, i) => {
    script.push([code, `${code} first name`, '2024-04-01']);
    if (i % 2 === 0) script.push([code, `${code} renamed`, '2025-10-01']);
    if (i % 3 === 0) script.push([code, `${code} corrected`, '2024-04-01']);
    if (i % 4 === 0) script.push([code, `${code} back-dated`, '2019-04-01']);
    if (i % 5 === 0) script.push([code, `${code} future`, '2026-04-01']);
  });
  return script;
}

/** The lists' history with a naming after every third of its events, positions gap-free. */
function history(): RecordedEvent[] {
  const base = listsHistory();
  const namings = namingScript();
  const events: RecordedEvent[] = [];
  const push = (event: Omit<RecordedEvent, 'position'>) =>
    events.push({ ...event, position: events.length + 1 });
  base.forEach((event, i) => {
    push(event);
    const naming = i % 3 === 2 ? namings.shift() : undefined;
    if (naming) push(namingEvent(naming, events.length + 1));
  });
  for (const naming of namings) push(namingEvent(naming, events.length + 1));
  return events;
}

function namingEvent([odsCode, name, effectiveFrom]: [string, string, string], n: number) {
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    streamId: `organisation-${odsCode}`,
    revision: 0,
    type: 'OrganisationNamed',
    data: { odsCode, name, effectiveFrom },
    metadata: {
      schemaVersion: 1,
      actor: { subject: 'alice', role: 'commissioner-finance', organisationCode: '13R' },
      correlationId: 'c',
      causationId: 'c',
      idempotencyKey: null,
    },
    recordedAt: `2025-10-15T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  };
}

describe('organisation names from the SQL read model', () => {
  let dir: string;
  let events: RecordedEvent[];
  let folded: OrganisationRegisterState;
  const readers: { dialect: string; reader: ReadModelReader }[] = [];
  const closers: (() => Promise<void>)[] = [];
  const schema = testSchemaName('organisations');

  beforeAll(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'organisations-'));
    events = history();
    folded = foldEvents(organisationRegisterProjection, events);
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

  it('holds the namings the script made, mixed into a log of agreements and cases', () => {
    const namings = [...folded.namings.values()].flat();
    expect(namings).toHaveLength(namingScript().length);
    expect(events.length).toBeGreaterThan(namings.length * 3);
  });

  it('gives every code’s name on every date at every knowledge point, as the fold of the log does', async () => {
    const asked = [...CODES, ...NEVER_NAMED];
    const knowledgePoints = [
      0,
      ...events.filter((e) => e.type === 'OrganisationNamed').map((e) => e.position),
    ];
    for (const { dialect, reader } of readers) {
      const read = await reader.organisationNamings(asked);
      expect(read.checkpoint).toBe(events.length);
      expect({ dialect, rows: read.rows }).toEqual({
        dialect,
        rows: sorted(registerNamings(folded, asked)),
      });
      for (const knownAt of knowledgePoints) {
        // The fold as it stood at that point of the log: the knowledge-time answer.
        const then = foldEvents(
          organisationRegisterProjection,
          events.filter((e) => e.position <= knownAt),
        );
        for (const asOf of DATES) {
          const expected = namesInForce(registerNamings(then, asked), asked, asOf, knownAt);
          expect({
            dialect,
            asOf,
            knownAt,
            names: namesInForce(read.rows, asked, asOf, knownAt),
          }).toEqual({
            dialect,
            asOf,
            knownAt,
            names: expected,
          });
        }
      }
    }
  });

  it('gives the names a renamed, corrected, back-dated trust had on each date (worked by hand)', async () => {
    // 13R (i = 0): first name from 2024-04-01, renamed from 2025-10-01, corrected for
    // 2024-04-01, back-dated from 2019-04-01, and a future name from 2026-04-01.
    for (const { reader } of readers) {
      const { rows, checkpoint } = await reader.organisationNamings(['13R', 'RWK']);
      const on = (asOf: string) => namesInForce(rows, ['13R', 'RWK'], asOf, checkpoint);
      expect(on('2019-03-31')).toEqual([
        { odsCode: '13R', name: null },
        { odsCode: 'RWK', name: null },
      ]);
      expect(on('2024-03-31')[0].name).toBe('13R back-dated');
      expect(on('2025-09-30')[0].name).toBe('13R corrected');
      expect(on('2025-10-01')[0].name).toBe('13R renamed');
      expect(on('2026-04-01')[0].name).toBe('13R future');
      // Known before the correction was recorded: the first name still stood for 2024/25.
      const correction = rows.find((r) => r.name === '13R corrected')!;
      expect(namesInForce(rows, ['13R'], '2025-09-30', correction.position - 1)[0].name).toBe(
        '13R first name',
      );
    }
  });

  it('gives the register, whole and page by page, as the fold does', async () => {
    const expected = selectRegister(folded, { after: null, limit: 1000 });
    expect(registerItems(expected, '2025-10-15').map((item) => item.odsCode)).toEqual(
      [...CODES].sort((a, b) => (a < b ? -1 : 1)),
    );
    for (const { dialect, reader } of readers) {
      const whole = await reader.organisationRegister({ after: null, limit: 1000 });
      expect({ dialect, rows: whole.rows }).toEqual({ dialect, rows: expected });
      const paged: OrganisationNamingRow[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 20; pages += 1) {
        const page = await reader.organisationRegister({ after, limit: 5 });
        const fromFold = selectRegister(folded, { after, limit: 5 });
        expect({ dialect, after, rows: page.rows }).toEqual({ dialect, after, rows: fromFold });
        paged.push(...page.rows);
        const codes = [...new Set(page.rows.map((row) => row.odsCode))];
        if (codes.length < 5) break;
        after = codes[codes.length - 1];
      }
      expect({ dialect, rows: paged }).toEqual({ dialect, rows: expected });
    }
  });

  it('is rebuilt equal, table for table, by a fresh projection (SQLite)', async () => {
    const fresh = new SqliteReadModelWriter(join(dir, 'fresh.sqlite'));
    await projectInBatches([fresh], events);
    await fresh.close();
    const live = new Database(join(dir, 'read-model.sqlite'), { readonly: true });
    const rebuilt = new Database(join(dir, 'fresh.sqlite'), { readonly: true });
    try {
      const comparison = compareSqliteReadModels(live, rebuilt);
      const names = comparison.tables.find((table) => table.table === 'organisation_names')!;
      expect(names.live.rows).toBe(namingScript().length);
      expect(comparison.tables.filter((table) => !table.equal)).toEqual([]);
    } finally {
      live.close();
      rebuilt.close();
    }
  });
});

/** In code order, each code's in the order recorded: how the SQL reads return them. */
function sorted(rows: OrganisationNamingRow[]): OrganisationNamingRow[] {
  return [...rows].sort((a, b) =>
    a.odsCode === b.odsCode ? a.position - b.position : a.odsCode < b.odsCode ? -1 : 1,
  );
}
