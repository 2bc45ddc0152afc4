/**
 * The CLI commands on LEDGER_EVENT_STORE=eventstoredb, without a server (none can run where this
 * was written): each one that opens the store pings it first and stops at once on a refused
 * connection, naming EVENTSTORE_CONNECTION_STRING with the password hidden; `verify` refuses to
 * run at all, because EventStoreDB keeps no hash chain; `rebuild` needs the PostgreSQL read
 * model. (The refusal of an all-or-nothing import, which comes after a successful ping, needs a
 * server to be seen.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadCliConfig, type CliConfig } from '@ledger/config';
import { closedPort } from '@ledger/event-store/testing/connection-faults';
import { exportReport } from './export.command';
import { importFile } from './import-file.command';
import { rebuildReadModel } from './rebuild.command';
import { UsageError } from './usage-error';
import { NO_CHAIN_ON_EVENTSTOREDB, verifyLedger } from './verify.command';

jest.setTimeout(30_000);

const silent = { out: () => undefined, err: () => undefined };

describe('ledger CLI with LEDGER_EVENT_STORE=eventstoredb', () => {
  let env: Record<string, string>;
  let config: CliConfig;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    port = await closedPort();
    env = {
      LEDGER_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://ledger:s3cret@127.0.0.1:${port}?tls=false`,
    };
    config = loadCliConfig(env);
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-esdb-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function expectUnreachable(running: Promise<number>): Promise<void> {
    const started = Date.now();
    await expect(running).rejects.toBeInstanceOf(ConfigError);
    await expect(running).rejects.toThrow(
      `Invalid configuration: EVENTSTORE_CONNECTION_STRING (esdb://ledger:***@127.0.0.1:${port}?tls=false) ` +
        'does not lead to a working EventStoreDB',
    );
    await expect(running).rejects.not.toThrow('s3cret');
    expect(Date.now() - started).toBeLessThan(10_000);
  }

  it('verify refuses to run, saying EventStoreDB keeps no hash chain (a usage error)', async () => {
    const verifying = verifyLedger({ json: false, progressEvery: 10 }, config, silent);
    await expect(verifying).rejects.toBeInstanceOf(UsageError);
    await expect(verifying).rejects.toThrow(NO_CHAIN_ON_EVENTSTOREDB);
    expect(NO_CHAIN_ON_EVENTSTOREDB).toContain('EventStoreDB keeps no hash chain');
  });

  it('import stops at once when the server cannot be reached', async () => {
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, '{"command":"CreateAgreement","data":{}}\n');
    await expectUnreachable(
      importFile(
        {
          file,
          mode: 'continue',
          actor: { subject: 'alice', role: 'commissioner-finance', organisationCode: '13R' },
          json: true,
        },
        config,
      ),
    );
  });

  it('export stops at once when the server cannot be reached', async () => {
    await expectUnreachable(
      exportReport(
        { report: 'balances', agreementId: 'a-1', format: 'json', subject: 'cli-export' },
        config,
        () => undefined,
      ),
    );
  });

  it('rebuild needs the PostgreSQL read model, then stops at once on an unreachable server', async () => {
    const options = { maxDifferences: 20, json: false };
    const withoutReadModel = rebuildReadModel(options, config, silent);
    await expect(withoutReadModel).rejects.toBeInstanceOf(UsageError);
    await expect(withoutReadModel).rejects.toThrow(/--read-model postgres:\/\//);
    await expectUnreachable(
      rebuildReadModel(
        { ...options, readModelUrl: 'postgres://postgres@127.0.0.1:9/ledger' },
        config,
        silent,
      ),
    );
  });

  it('names the setting when the connection string itself is wrong, before any connection', () => {
    // The CLI's configuration is checked when it starts, before a command opens anything.
    const wrong = { ...env, EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=maybe&x=1' };
    expect(() => loadCliConfig(wrong)).toThrow(ConfigError);
    expect(() => loadCliConfig(wrong)).toThrow(
      /^Invalid configuration: EVENTSTORE_CONNECTION_STRING /,
    );
  });
});
