/**
 * A successor's creation in a bulk import (docs/imports.md): all-or-nothing stages the
 * predecessor's link with it, so the file writes both streams or neither, and a later line of
 * the same file that names the same predecessor is refused as the HTTP API would refuse it.
 */
import { agreementStreamId } from '@ledger/domain';
import { InMemoryEventStore } from '@ledger/event-store';
import { BulkImport } from '../bulk-import/bulk-import';
import { fixedClock } from '../shared/clock';
import { A_ID, B_ID, chainCommissioner, createA, createB } from '../testing/chain-fixtures';
import { requestBy } from '../testing/command-fixtures';

const line = (command: { type: string; data: unknown }) =>
  JSON.stringify({ command: command.type, data: command.data });

function importer() {
  const store = new InMemoryEventStore();
  const bulk = new BulkImport({
    store,
    clock: fixedClock('2018-03-01T09:00:00.000Z'),
    validate: () => [],
  });
  return { store, bulk };
}

describe('CreateAgreement with a predecessor, imported', () => {
  it('writes the successor and the link in the one transaction of an all-or-nothing file', async () => {
    const { store, bulk } = importer();
    const file = [line(createA()), line(createB())].join('\n');
    const report = await bulk.run(file, 'all-or-nothing', requestBy(chainCommissioner));
    expect(report).toMatchObject({ applied: 2, failed: 0 });
    expect((await store.readAll()).map((e) => [e.streamId, e.type])).toEqual([
      [agreementStreamId(A_ID), 'AgreementCreated'],
      [agreementStreamId(A_ID), 'SuccessorAgreementCreated'],
      [agreementStreamId(B_ID), 'AgreementCreated'],
    ]);
  });

  it('writes neither when a later line fails, and refuses a second successor in the same file', async () => {
    const { store, bulk } = importer();
    const file = [
      line(createA()),
      line(createB()),
      line(createB({ agreementId: 'slp-adult-secure-2018-19-bis' })),
    ].join('\n');
    const report = await bulk.run(file, 'all-or-nothing', requestBy(chainCommissioner));
    expect(report).toMatchObject({ applied: 0, failed: 1 });
    expect(report.results[2]).toMatchObject({
      status: 'failed',
      error: expect.objectContaining({ code: 'CHAIN.SUCCESSOR_EXISTS' }),
    });
    expect(await store.headPosition()).toBe(0);
  });

  it('records each line on its own in continue mode', async () => {
    const { store, bulk } = importer();
    const file = [line(createA()), line(createB())].join('\n');
    const report = await bulk.run(file, 'continue', requestBy(chainCommissioner));
    expect(report).toMatchObject({ applied: 2, failed: 0 });
    expect(await store.streamRevision(agreementStreamId(A_ID))).toBe(1);
  });
});
