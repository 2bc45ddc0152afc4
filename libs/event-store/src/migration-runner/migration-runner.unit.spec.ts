/** The runner's rules on their own (no database): what is applied, filled in and refused. */
import { createHash } from 'node:crypto';
import {
  type MigrationFile,
  type MigrationFolder,
  migrationChecksum,
  MigrationMismatchError,
  planMigrations,
} from './migration-runner';

const DIR = '/srv/ledger/migrations/sqlite';
const TARGET = { database: '/srv/ledger/data/ledger.sqlite', table: 'schema_migrations' };

function file(version: string, sql = `-- ${version}\n`): MigrationFile {
  return { version, path: `${DIR}/${version}.sql`, sql, checksum: migrationChecksum(sql) };
}

const folder = (...files: MigrationFile[]): MigrationFolder => ({ dir: DIR, files });

describe('migrationChecksum', () => {
  it('is the SHA-256 of the UTF-8 content, CRLF read as LF', () => {
    // Proves the checksum is what sha256sum prints for an LF file, and line ends do not count.
    const sql = 'CREATE TABLE £ (x INTEGER);\n';
    expect(migrationChecksum(sql)).toBe(createHash('sha256').update(sql, 'utf8').digest('hex'));
    expect(migrationChecksum(sql.replace('\n', '\r\n'))).toBe(migrationChecksum(sql));
    expect(migrationChecksum(`${sql} `)).not.toBe(migrationChecksum(sql));
  });
});

describe('planMigrations', () => {
  const [a, b, c] = [file('001_a'), file('002_b'), file('003_c')];

  it('gives the files not applied yet, in order, and the old rows to fill in', () => {
    // Proves the plan: 001 checked, 002 recorded without a checksum (older runner) is filled in, 003 is pending.
    expect(
      planMigrations(
        folder(a, b, c),
        [
          { version: '002_b', checksum: null },
          { version: '001_a', checksum: a.checksum },
        ],
        TARGET,
      ),
    ).toEqual({ backfill: [b], pending: [c] });
    expect(planMigrations(folder(a, b, c), [], TARGET)).toEqual({
      backfill: [],
      pending: [a, b, c],
    });
  });

  it('names every problem at once: a changed file, a missing one, one out of order', () => {
    // Proves one refusal lists all that is wrong, with the file paths and what to do about each.
    let error: unknown;
    try {
      planMigrations(
        folder(file('001_a', '-- edited\n'), file('002_late'), c),
        [
          { version: '001_a', checksum: a.checksum },
          { version: '002_b', checksum: b.checksum },
          { version: '003_c', checksum: c.checksum },
        ],
        TARGET,
      );
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(MigrationMismatchError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^the migrations of \/srv\/ledger\/data\/ledger\.sqlite \(table schema_migrations\) do not match the folder, so nothing was applied: /,
    );
    expect(message).toContain(
      `${DIR}/001_a.sql has changed since it was applied (SHA-256 then ${a.checksum}, now ${migrationChecksum('-- edited\n')})`,
    );
    expect(message).toContain(`${DIR}/002_b.sql is missing, but migration 002_b was applied`);
    expect(message).toContain(`${DIR}/002_late.sql is new but sorts before 003_c`);
  });
});
