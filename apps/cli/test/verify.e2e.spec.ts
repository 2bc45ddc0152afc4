/**
 * `ledger verify` end to end: the CLI runs as a real child process against a real SQLite file
 * in a data directory. The ledger is written by the event store (or by `ledger import`), then
 * edited the way an insider with file access would, with a separate better-sqlite3
 * connection. Proves the exit codes and the messages of docs/integrity.md.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { someEvents } from '@ledger/event-store/testing';
import {
  applyMigrations,
  defaultSqliteMigrationsDir,
} from '@ledger/event-store/sqlite/sqlite-migrations';
import Database from 'better-sqlite3';
import { runLedgerCli, runLedgerCliIn } from '../../../test/support/run-ledger-cli';

const CLI_TIMEOUT_MS = 60_000;

const cli = runLedgerCli;

describe('ledger verify (CLI)', () => {
  let dataDir: string;
  let ledgerFile: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-verify-'));
    ledgerFile = join(dataDir, 'ledger.sqlite');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Positions 1-2 agreement-slp; 3-5 case-0001 (685.50 a night at 4); 6-7 agreement-slp. */
  async function aLedger(): Promise<void> {
    const store = new SqliteEventStore(ledgerFile);
    await store.appendToStream('agreement-slp', someEvents(2), { expectedRevision: 'no-stream' });
    await store.appendToStream(
      'case-0001',
      someEvents(3, (index) => ({
        type: 'PlacementRateChanged',
        data: { placementId: 'pl-1', dailyRate: ['700.00', '685.50', '690.00'][index] },
      })),
      { expectedRevision: 'no-stream' },
    );
    await store.appendToStream('agreement-slp', someEvents(2), { expectedRevision: 1 });
    await store.close();
  }

  /** The ledger file's bytes, to show that verify never writes it. */
  function fileDigest(): string {
    return createHash('sha256').update(readFileSync(ledgerFile)).digest('hex');
  }

  function edit(sql: string): void {
    const raw = new Database(ledgerFile);
    expect(raw.prepare(sql).run().changes).toBe(1);
    raw.close();
  }

  it(
    'exits 0 on an untouched ledger, with progress on stderr and one line on stdout, writing nothing',
    async () => {
      await aLedger();
      const before = fileDigest();
      const verified = await cli('verify', '--data-dir', dataDir, '--progress-every', '3');
      expect(verified).toMatchObject({
        code: 0,
        out: 'verified 7 events in 2 streams: every link holds\n',
      });
      expect(verified.err.split('\n')).toEqual(
        expect.arrayContaining(['verified 3 of 7 events', 'verified 6 of 7 events']),
      );
      expect(verified.err).not.toContain('verified 7 of 7');
      const json = await cli('verify', '--data-dir', dataDir, '--json');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out)).toEqual({ ok: true, events: 7, streams: 2 });
      expect(fileDigest()).toBe(before);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 1 and names the position when a daily rate is edited from 685.50 to 685.51',
    async () => {
      await aLedger();
      edit(`UPDATE events SET data = json_set(data, '$.dailyRate', '685.51') WHERE position = 4`);
      const broken = await cli('verify', '--data-dir', dataDir);
      expect(broken.code).toBe(1);
      expect(broken.out).toBe(
        'BROKEN at position 4 (stream case-0001, revision 1): hash-mismatch\n',
      );
      expect(broken.err).toMatch(/^stored hash [0-9a-f]{64}, but the event as stored hashes to/);
      const json = await cli('verify', '--data-dir', dataDir, '--json');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.out)).toMatchObject({
        ok: false,
        position: 4,
        streamId: 'case-0001',
        revision: 1,
        reason: 'hash-mismatch',
        eventsVerified: 3,
      });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 1 with previous-hash-mismatch when a link is re-pointed',
    async () => {
      await aLedger();
      edit(
        'UPDATE events SET previous_hash = (SELECT hash FROM events WHERE position = 1) WHERE position = 7',
      );
      const broken = await cli('verify', '--data-dir', dataDir);
      expect(broken.code).toBe(1);
      expect(broken.out).toBe(
        'BROKEN at position 7 (stream agreement-slp, revision 3): previous-hash-mismatch\n',
      );
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'verifies a ledger written by ledger import, through the command layer',
    async () => {
      const file = join(dataDir, 'agreement.ndjson');
      const line = (command: string, data: Record<string, unknown>) =>
        JSON.stringify({ command, data });
      writeFileSync(
        file,
        [
          line('CreateAgreement', {
            agreementId: 'slp-adult-secure-2025-26',
            commissionerCode: '13R',
            leadProviderCode: 'RV5',
            partnerProviderCodes: ['RPG', 'RQY'],
            financialYear: '2025/26',
            serviceLines: ['adult-medium-secure', 'adult-low-secure'],
            savingsHorizonDays: 365,
          }),
          line('AllocateBudget', {
            agreementId: 'slp-adult-secure-2025-26',
            allocationId: 'alloc-1',
            serviceLine: 'adult-medium-secure',
            amount: '65000000.00',
            effectiveDate: '2025-04-01',
            phasing: { kind: 'even' },
          }),
        ].join('\n'),
      );
      const imported = await cli(
        'import',
        '--mode',
        'all-or-nothing',
        '--subject',
        'alice',
        '--role',
        'commissioner-finance',
        '--org',
        '13R',
        '--data-dir',
        dataDir,
        file,
      );
      expect(imported.code).toBe(0);
      expect(await cli('verify', '--data-dir', dataDir)).toMatchObject({
        code: 0,
        out: 'verified 2 events in 1 stream: every link holds\n',
      });
    },
    CLI_TIMEOUT_MS,
  );

  describe('a backup copy, as docs/operations.md takes it', () => {
    let backupDir: string;
    beforeEach(() => {
      backupDir = join(dataDir, 'backup');
      mkdirSync(backupDir);
    });

    /** `sqlite3 data/ledger.sqlite ".backup 'backup/<name>'"`, through SQLite's backup API. */
    async function backUp(name: string): Promise<string> {
      const copy = join(backupDir, name);
      const live = new Database(ledgerFile, { readonly: true });
      await live.backup(copy);
      live.close();
      return copy;
    }

    /** `sqlite3 data/ledger.sqlite "VACUUM INTO 'backup/<name>'"`. */
    function vacuumInto(name: string): string {
      const copy = join(backupDir, name);
      const live = new Database(ledgerFile, { readonly: true });
      live.prepare('VACUUM INTO ?').run(copy);
      live.close();
      return copy;
    }

    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

    it(
      'verifies a copy of any name with --file, and finds an edit in it, without changing it',
      async () => {
        await aLedger();
        const copy = await backUp('ledger-2025-10-01.sqlite');
        const compacted = vacuumInto('ledger-2025-10-01-compacted.sqlite');
        for (const file of [copy, compacted]) {
          const before = digest(file);
          const verified = await cli('verify', '--file', file);
          expect({ file, ...verified }).toEqual({
            file,
            code: 0,
            out: 'verified 7 events in 2 streams: every link holds\n',
            err: '',
          });
          expect(digest(file)).toBe(before);
        }
        // Relative to where the command runs, as docs/operations.md types it.
        const relative = await runLedgerCliIn(
          { cwd: dataDir },
          'verify',
          '--file',
          'backup/ledger-2025-10-01.sqlite',
        );
        expect(relative).toMatchObject({ code: 0, err: '' });

        const raw = new Database(copy);
        raw
          .prepare(
            `UPDATE events SET data = json_set(data, '$.dailyRate', '1.00') WHERE position = 4`,
          )
          .run();
        raw.close();
        const broken = await cli('verify', '--file', copy);
        expect(broken).toMatchObject({
          code: 1,
          out: 'BROKEN at position 4 (stream case-0001, revision 1): hash-mismatch\n',
        });
        const missing = await cli('verify', '--file', join(backupDir, 'nope.sqlite'));
        expect(missing.code).toBe(3);
        expect(missing.err).toContain(
          `No ledger to verify: ${join(backupDir, 'nope.sqlite')} does not exist`,
        );
      },
      CLI_TIMEOUT_MS,
    );

    it(
      'verifies the one copy in a --data-dir without ledger.sqlite, naming it; asks for --file among several',
      async () => {
        await aLedger();
        const copy = await backUp('ledger-2025-10-01.sqlite');
        const one = await cli('verify', '--data-dir', backupDir);
        expect(one).toMatchObject({
          code: 0,
          out: 'verified 7 events in 2 streams: every link holds\n',
        });
        expect(one.err).toContain(
          `${backupDir} holds no ledger.sqlite: verifying ${copy}, its one ledger file`,
        );
        expect(existsSync(join(backupDir, 'ledger.sqlite'))).toBe(false);

        await backUp('ledger-2025-10-02.sqlite');
        const several = await cli('verify', '--data-dir', backupDir);
        expect(several.code).toBe(2);
        expect(several.err).toContain(
          `${backupDir} holds no ledger.sqlite but 2 other ledger files ` +
            '(ledger-2025-10-01.sqlite, ledger-2025-10-02.sqlite): name the one to verify with ' +
            `--file, e.g. --file ${join(backupDir, 'ledger-2025-10-02.sqlite')}`,
        );
        expect(several.err).toContain('Run "ledger verify --help"');
        // The live ledger in a data directory is still the one verified there.
        const live = await cli('verify', '--data-dir', dataDir);
        expect(live).toMatchObject({ code: 0, err: '' });
      },
      CLI_TIMEOUT_MS,
    );
  });

  it(
    'exits 2 on a usage error',
    async () => {
      for (const [args, message] of [
        [['verify', '--data-dir', dataDir, '--bogus'], 'ledger verify has no option --bogus'],
        [['verify', 'extra-argument'], 'ledger verify takes no argument "extra-argument"'],
        [['verify', '--progress-every', 'often'], '--progress-every must be a whole number'],
        [['verify', '--data-dir', dataDir, '--file', ledgerFile], 'not both'],
      ] as const) {
        const outcome = await cli(...args);
        expect(outcome.code).toBe(2);
        expect(outcome.err).toContain(message);
        expect(outcome.err).toContain(
          'Usage: ledger verify [--data-dir DIR | --file FILE] [--json]',
        );
        expect(outcome.err).toContain('Run "ledger verify --help"');
      }
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 3 when there is no ledger, and when the ledger predates the chain, changing nothing',
    async () => {
      const missing = await cli('verify', '--data-dir', dataDir);
      expect(missing.code).toBe(3);
      expect(missing.err).toContain(`No ledger to verify: ${ledgerFile} does not exist`);

      const firstMigrationOnly = mkdtempSync(join(tmpdir(), 'migrations-'));
      copyFileSync(
        join(defaultSqliteMigrationsDir(), '001_event_store.sql'),
        join(firstMigrationOnly, '001_event_store.sql'),
      );
      const raw = new Database(ledgerFile);
      applyMigrations(raw, firstMigrationOnly);
      raw.close();
      rmSync(firstMigrationOnly, { recursive: true, force: true });

      const old = await cli('verify', '--data-dir', dataDir);
      expect(old.code).toBe(3);
      expect(old.err).toContain('lacks migration(s) 002_hash_chain');
      const check = new Database(ledgerFile, { readonly: true });
      expect(check.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([
        '001_event_store',
      ]);
      check.close();
    },
    CLI_TIMEOUT_MS,
  );
});
