/**
 * Proves bulk import on the real in-memory event store (no mocks): lines are decided in order
 * on the state earlier lines leave; a failing line is reported with its number and reason and
 * writes nothing; `all-or-nothing` writes the whole file atomically or nothing at all;
 * `continue` keeps the lines that succeed.
 */
import { InMemoryEventStore, type AppendResult, type StreamAppend } from '@ledger/event-store';
import { DomainError } from '@ledger/domain';
import { fixedClock } from '../shared/clock';
import {
  allocate,
  caseManager,
  commissioner,
  createAgreement,
  registerReferral,
  requestBy,
  startOutOfAreaPlacement,
} from '../testing/command-fixtures';
import { BulkImport } from './bulk-import';
import { ImportLineError } from './import-line';

const NOW = '2025-10-15T10:00:00.000Z';
const line = (command: { type: string; data: unknown }) =>
  JSON.stringify({ command: command.type, data: command.data });

function importer() {
  const store = new InMemoryEventStore();
  const bulk = new BulkImport({ store, clock: fixedClock(NOW), validate: () => [] });
  return { store, bulk };
}

const goodFile = [
  line(createAgreement()),
  line(allocate('alloc-1', '65000000.00')),
  '',
  line(allocate('alloc-2', '250000.00')),
].join('\n');

describe('BulkImport, all-or-nothing', () => {
  it('writes every line, in file order, with line numbers counting blank lines', async () => {
    const { store, bulk } = importer();
    const report = await bulk.run(goodFile, 'all-or-nothing', requestBy(commissioner));

    expect(report).toMatchObject({ mode: 'all-or-nothing', lines: 3, applied: 3, failed: 0 });
    expect(report.results.map((r) => [r.lineNumber, r.status, r.position])).toEqual([
      [1, 'applied', 1],
      [2, 'applied', 2],
      [4, 'applied', 3],
    ]);
    const log = await store.readAll();
    expect(log.map((e) => e.type)).toEqual([
      'AgreementCreated',
      'BudgetAllocated',
      'BudgetAllocated',
    ]);
    // Each line is its own cause inside the import's correlation.
    expect(log[2].metadata.causationId).toBe('req-1:line-4');
    expect(log[2].metadata.correlationId).toBe('corr-1');
  });

  it('writes nothing when one line fails, and names that line and its reason', async () => {
    const { store, bulk } = importer();
    const file = `${goodFile}\n${line(allocate('alloc-3', '-5.00'))}`;
    const report = await bulk.run(file, 'all-or-nothing', requestBy(commissioner));

    expect(report).toMatchObject({ applied: 0, failed: 1 });
    const failure = report.results.find((r) => r.status === 'failed');
    expect(failure?.lineNumber).toBe(5);
    expect((failure?.error as DomainError).code).toBe('VALIDATION.FAILED');
    expect(report.results.filter((r) => r.status === 'not-applied')).toHaveLength(3);
    expect(await store.headPosition()).toBe(0);
  });

  it('decides later lines on the state earlier lines staged (a case needs its agreement)', async () => {
    const { store, bulk } = importer();
    await bulk.run(line(createAgreement()), 'all-or-nothing', requestBy(commissioner));
    const file = [line(registerReferral()), line(startOutOfAreaPlacement())].join('\n');
    const report = await bulk.run(file, 'all-or-nothing', requestBy(caseManager));

    expect(report).toMatchObject({ applied: 2, failed: 0 });
    expect((await store.readAll()).map((e) => e.type)).toEqual([
      'AgreementCreated',
      'ReferralRegistered',
      'PlacementStarted',
    ]);
  });

  it('refuses a line holding an NHS number without echoing it, and malformed lines', async () => {
    const { store, bulk } = importer();
    const withNhs = line(createAgreement()).replace('slp-adult-secure-2025-26', '9434765919');
    const file = [withNhs, '{not json', '{"command":"Nope","data":{},"extra":1}'].join('\n');
    const report = await bulk.run(file, 'all-or-nothing', requestBy(commissioner));

    const errors = report.results.map((r) => r.error as ImportLineError);
    expect(errors.map((e) => e.code)).toEqual([
      'PATIENT.NHS_NUMBER_REFUSED',
      'IMPORT.MALFORMED_LINE',
      'VALIDATION.FAILED',
    ]);
    expect(JSON.stringify(errors[0].fieldErrors)).not.toContain('9434765919');
    expect(errors[2].fieldErrors.map((f) => f.field)).toEqual(['extra', 'command']);
    expect(await store.headPosition()).toBe(0);
  });

  it('fails whole when another writer moved a stream it staged on, writing nothing', async () => {
    const { racingStore, racing } = await withRacingWriter();
    await expect(
      racing.run(line(allocate('mine')), 'all-or-nothing', requestBy(commissioner)),
    ).rejects.toMatchObject({ code: 'CONCURRENCY.CONTENTION', retryable: true });
    expect((await racingStore.readAll()).map((e) => e.data.allocationId)).toEqual([
      undefined,
      'other',
    ]);
  });
});

/**
 * A store where a real second writer commits an allocation between an import's staging and
 * its commit, once: the import's commit then meets a stream that moved under it.
 */
async function withRacingWriter() {
  let raced = false;
  class StoreWithRacingWriter extends InMemoryEventStore {
    override async appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
      if (batches.length === 1 && batches[0].events[0].type === 'BudgetAllocated' && !raced) {
        raced = true;
        await otherWriter.run(line(allocate('other')), 'continue', requestBy(commissioner));
      }
      return super.appendToStreams(batches);
    }
  }
  const racingStore = new StoreWithRacingWriter();
  const importOn = () =>
    new BulkImport({ store: racingStore, clock: fixedClock(NOW), validate: () => [] });
  const otherWriter = importOn();
  await otherWriter.run(line(createAgreement()), 'continue', requestBy(commissioner));
  return { racingStore, racing: importOn() };
}

describe('BulkImport, replayed with the same Idempotency-Key', () => {
  it.each(['all-or-nothing', 'continue'] as const)(
    '%s: gives back the original results and writes nothing new',
    async (mode) => {
      const { store, bulk } = importer();
      const request = requestBy(commissioner, { idempotencyKey: 'file-2025-10' });
      const first = await bulk.run(goodFile, mode, request);
      const again = await bulk.run(goodFile, mode, request);

      expect(await store.headPosition()).toBe(3);
      expect(again.results.map((r) => [r.lineNumber, r.status, r.position, r.replayed])).toEqual(
        first.results.map((r) => [r.lineNumber, r.status, r.position, true]),
      );
    },
  );

  it('refuses lines that differ from the ones first sent under the key', async () => {
    const { store, bulk } = importer();
    const request = requestBy(commissioner, { idempotencyKey: 'file-2025-10' });
    await bulk.run(goodFile, 'continue', request);
    const changed = goodFile.replace('250000.00', '250001.00');
    const again = await bulk.run(changed, 'all-or-nothing', request);

    expect(again.results.find((r) => r.status === 'failed')?.lineNumber).toBe(4);
    expect(await store.headPosition()).toBe(3);
  });
});

describe('BulkImport, continue', () => {
  it('records line by line on a store that cannot commit several streams at once', async () => {
    // EventStoreDB cannot; the in-memory store with that capability switched off stands in.
    class SingleStreamStore extends InMemoryEventStore {
      constructor() {
        super();
        // The port types the capability as a boolean; the in-memory class narrows it to true.
        Object.defineProperty(this, 'supportsMultiStreamAppend', { value: false });
      }
      override appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
        if (batches.length > 1) return Promise.reject(new Error('no multi-stream append'));
        return super.appendToStreams(batches);
      }
    }
    const store = new SingleStreamStore();
    const bulk = new BulkImport({ store, clock: fixedClock(NOW), validate: () => [] });
    const report = await bulk.run(goodFile, 'continue', requestBy(commissioner));

    expect(report).toMatchObject({ applied: 3, failed: 0 });
    expect(await store.headPosition()).toBe(3);
  });

  it('decides a chunk again line by line when another writer moved a stream under it', async () => {
    const { racingStore, racing } = await withRacingWriter();
    const report = await racing.run(line(allocate('mine')), 'continue', requestBy(commissioner));

    expect(report).toMatchObject({ applied: 1, failed: 0 });
    expect(report.results[0].position).toBe(3);
    expect((await racingStore.readAll()).map((e) => e.data.allocationId)).toEqual([
      undefined,
      'other',
      'mine',
    ]);
  });

  it('writes nothing and reports every line when every line fails', async () => {
    const { store, bulk } = importer();
    const file = [line(allocate('alloc-1')), line(allocate('alloc-2'))].join('\n');
    const report = await bulk.run(file, 'continue', requestBy(commissioner));

    expect(report).toMatchObject({ applied: 0, failed: 2 });
    expect(await store.headPosition()).toBe(0);
  });

  it('writes lines in chunks, with the positions each line really got', async () => {
    const { store, bulk } = importer();
    // 1 creation + 1,100 allocations: three chunks of at most 500 lines.
    const allocations = Array.from({ length: 1100 }, (_, i) => line(allocate(`a-${i}`, '1.00')));
    const file = [line(createAgreement()), ...allocations].join('\n');
    const report = await bulk.run(file, 'continue', requestBy(commissioner));

    expect(report).toMatchObject({ applied: 1101, failed: 0 });
    expect(report.results.map((r) => r.position)).toEqual(
      Array.from({ length: 1101 }, (_, i) => i + 1),
    );
    expect(await store.headPosition()).toBe(1101);
  });

  it('decides the chunk after one that did not commit on what the store holds', async () => {
    // Another writer allocates on the agreement just before the first chunk commits, so that
    // chunk is refused whole and recorded line by line; the next chunk must not start from
    // what the refused chunk had staged.
    let raced = false;
    class StoreWithRacingWriter extends InMemoryEventStore {
      override async appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
        if (batches.length > 1 && !raced) {
          raced = true;
          await new BulkImport({ store: this, clock: fixedClock(NOW), validate: () => [] }).run(
            line(allocate('other')),
            'continue',
            requestBy(commissioner),
          );
        }
        return super.appendToStreams(batches);
      }
    }
    const store = new StoreWithRacingWriter();
    const bulk = new BulkImport({ store, clock: fixedClock(NOW), validate: () => [] });
    await bulk.run(line(createAgreement()), 'continue', requestBy(commissioner));
    const allocations = Array.from({ length: 700 }, (_, i) => line(allocate(`a-${i}`, '1.00')));
    const report = await bulk.run(allocations.join('\n'), 'continue', requestBy(commissioner));

    expect(report).toMatchObject({ applied: 700, failed: 0 });
    const recorded = (await store.readAll()).map((event) => event.data.allocationId);
    expect(recorded).toEqual([
      undefined,
      'other',
      ...Array.from({ length: 700 }, (_, i) => `a-${i}`),
    ]);
    expect(report.results.at(-1)?.revision).toBe(701);
  });

  it('keeps the lines that succeed and reports the ones that fail', async () => {
    const { store, bulk } = importer();
    const file = [
      line(createAgreement()),
      line(allocate('alloc-1', '1000.005')),
      line(allocate('alloc-2', '1000.00')),
    ].join('\n');
    const report = await bulk.run(file, 'continue', requestBy(commissioner));

    expect(report).toMatchObject({ mode: 'continue', applied: 2, failed: 1 });
    expect(report.results[1]).toMatchObject({ lineNumber: 2, status: 'failed' });
    expect(await store.headPosition()).toBe(2);
  });
});
