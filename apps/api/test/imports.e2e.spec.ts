/**
 * Bulk import end to end on the embedded SQLite store: NDJSON through POST /v1/imports (full
 * HTTP stack via inject) and through the CLI as a real child process. Proves that every line
 * is held to its endpoint's rules, that a failing line is reported with its number and reason
 * and writes nothing, and that the two modes do what docs/imports.md says.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp, type Caller } from './testing/ledger-test-app';
import { runLedgerCli } from '../../../test/support/run-ledger-cli';

const line = (command: string, data: Record<string, unknown>) => JSON.stringify({ command, data });
const agreementLines = (amount: unknown = '65000000.00') =>
  [
    line('CreateAgreement', f.agreementBody()),
    line('AllocateBudget', { agreementId: f.AGREEMENT_ID, ...f.allocationBody({ amount }) }),
    line('AdjustBudget', { agreementId: f.AGREEMENT_ID, ...f.adjustmentBody() }),
  ].join('\n');
const caseLines = (patientRef = 'PSN-7F3A') =>
  [
    line('RegisterReferral', f.referralBody({ patientRef })),
    line('StartPlacement', { caseId: f.CASE_ID, ...f.outOfAreaPlacementBody() }),
    line('RepatriatePatient', { caseId: f.CASE_ID, ...f.repatriationBody() }),
  ].join('\n');

describe('POST /v1/imports', () => {
  let ledger: LedgerTestApp;
  beforeEach(async () => {
    ledger = await LedgerTestApp.start();
  });
  afterEach(() => ledger.dispose());

  const send = async (
    mode: string | null,
    as: Caller,
    ndjson: string,
    type = 'application/x-ndjson',
    extraHeaders: Record<string, string> = {},
  ) =>
    ledger.app.inject({
      method: 'POST',
      url: mode === null ? '/v1/imports' : `/v1/imports?mode=${mode}`,
      headers: {
        authorization: `Bearer ${await ledger.token(as)}`,
        'content-type': type,
        ...extraHeaders,
      },
      payload: ndjson,
    });

  it('all-or-nothing: writes every line of a good file, in order', async () => {
    const response = await send('all-or-nothing', f.commissioner, agreementLines());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ lines: 3, applied: 3, failed: 0, written: true });
    expect(await ledger.head()).toBe(3);

    const cases = await send('all-or-nothing', f.leadCaseManager, caseLines());
    expect(cases.json()).toMatchObject({ applied: 3, failed: 0 });
    const events = (await ledger.store.readAll()).map((e) => e.type);
    expect(events.slice(3)).toEqual([
      'ReferralRegistered',
      'PlacementStarted',
      'PatientRepatriated',
    ]);
  });

  it('all-or-nothing: one bad line (money as a JSON number) means 422 and nothing written', async () => {
    const response = await send('all-or-nothing', f.commissioner, agreementLines(65000000));
    expect(response.statusCode).toBe(422);
    const report = response.json();
    expect(report).toMatchObject({ applied: 0, failed: 1, written: false });
    expect(report.results[1]).toMatchObject({
      line: 2,
      status: 'failed',
      error: { code: 'VALIDATION.FAILED', errors: [{ field: 'data.amount' }] },
    });
    expect(report.results[1].error.errors[0].message).toMatch(/not a JSON number/);
    expect(report.results.map((r: { status: string }) => r.status)).toEqual([
      'not-applied',
      'failed',
      'not-applied',
    ]);
    expect(await ledger.head()).toBe(0);
  });

  it('continue: keeps the lines that succeed and reports the business rejection', async () => {
    await send('all-or-nothing', f.commissioner, agreementLines());
    const file = [
      line('CommitReinvestment', { agreementId: f.AGREEMENT_ID, ...f.reinvestmentBody() }),
      line('VireBudget', { agreementId: f.AGREEMENT_ID, ...f.virementBody() }),
    ].join('\n');
    const response = await send('continue', f.leadFinance, file);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ applied: 1, failed: 1 });
    expect(response.json().results[0]).toMatchObject({
      line: 1,
      error: { status: 422, code: 'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS' },
    });
    expect(await ledger.head()).toBe(4);
  });

  it('names the line holding an NHS number without echoing the number', async () => {
    await send('all-or-nothing', f.commissioner, agreementLines());
    const response = await send('continue', f.leadCaseManager, caseLines(f.NHS_NUMBER));

    expect(response.json().results[0]).toMatchObject({
      line: 1,
      error: { code: 'PATIENT.NHS_NUMBER_REFUSED', errors: [{ field: 'data.patientRef' }] },
    });
    expect(response.body).not.toContain(f.NHS_NUMBER);
    expect(await ledger.head()).toBe(3);
  });

  it('checks each line against its own role and scope', async () => {
    await send('all-or-nothing', f.commissioner, agreementLines());
    const response = await send('continue', f.outsiderCaseManager, caseLines());
    expect(response.json().results[0].error).toMatchObject({
      status: 403,
      code: 'AUTH.OUT_OF_SCOPE',
    });
    expect(await ledger.head()).toBe(3);
  });

  it('gives back the original results for a file sent again with the same Idempotency-Key', async () => {
    const key = { 'idempotency-key': 'returns-2025-10' };
    const first = await send('all-or-nothing', f.commissioner, agreementLines(), undefined, key);
    const again = await send('all-or-nothing', f.commissioner, agreementLines(), undefined, key);

    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ applied: 3, failed: 0, written: false });
    const positions = (r: { json: () => { results: { position: number }[] } }) =>
      r.json().results.map((line) => line.position);
    expect(positions(again)).toEqual(positions(first));
    expect(again.json().results.every((line: { replayed: boolean }) => line.replayed)).toBe(true);
    expect(await ledger.head()).toBe(3);
  });

  it('refuses a reviewer, a missing mode and a JSON body, writing nothing', async () => {
    expect((await send('continue', f.reviewer, agreementLines())).statusCode).toBe(403);
    const noMode = await send(null, f.commissioner, agreementLines());
    expect(noMode.statusCode).toBe(400);
    expect(noMode.json().errors).toEqual([expect.objectContaining({ field: 'mode' })]);
    const asJson = await send('continue', f.commissioner, '{"command":"x"}', 'application/json');
    expect(asJson.statusCode).toBe(400);
    expect(await ledger.head()).toBe(0);
  });
});

describe('ledger import (CLI)', () => {
  it('imports a file into a data directory, and reports a failing line with exit code 1', async () => {
    const ledger = await LedgerTestApp.start();
    await ledger.stop();
    const file = join(ledger.dataDir, 'agreement.ndjson');
    const cli = (mode: string) =>
      runLedgerCli(
        'import',
        '--mode',
        mode,
        '--subject',
        'alice',
        '--role',
        'commissioner-finance',
        '--org',
        '13R',
        '--data-dir',
        ledger.dataDir,
        file,
      );

    writeFileSync(file, agreementLines('12.345'));
    const refused = await cli('all-or-nothing');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('3 lines, 0 applied, 1 failed (nothing written)');
    expect(refused.out).toContain(
      'line 2: VALIDATION.FAILED data.amount must have at most 2 decimal places',
    );

    writeFileSync(file, agreementLines());
    const imported = await cli('all-or-nothing');
    expect({ code: imported.code, out: imported.out }).toEqual({
      code: 0,
      out: 'all-or-nothing: 3 lines, 3 applied, 0 failed\n',
    });

    const reopened = await LedgerTestApp.start({ dataDir: ledger.dataDir });
    const log = await reopened.store.readAll();
    expect(log.map((e) => e.type)).toEqual([
      'AgreementCreated',
      'BudgetAllocated',
      'BudgetAdjusted',
    ]);
    expect(log[0].metadata.actor).toEqual({
      subject: 'alice',
      role: 'commissioner-finance',
      organisationCode: '13R',
    });
    await reopened.dispose();
  }, 60_000);
});
