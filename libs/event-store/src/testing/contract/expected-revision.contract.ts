import { WrongExpectedRevisionError } from '../../event-store.errors';
import type { ExpectedRevision } from '../../event-store.port';
import type { ContractContext } from '../event-store-harness';
import { aStreamId, someEvents } from '../event-fixtures';

export function describeExpectedRevision(context: ContractContext): void {
  /** Appends two events to a new stream, so its current revision is 1. */
  async function aStreamAtRevisionOne(): Promise<string> {
    const streamId = aStreamId();
    await context.store.appendToStream(streamId, someEvents(2), { expectedRevision: 'no-stream' });
    return streamId;
  }

  async function expectRefused(
    streamId: string,
    expectedRevision: ExpectedRevision,
    actualRevision: number | null,
  ): Promise<void> {
    const head = await context.store.headPosition();
    const append = context.store.appendToStream(streamId, someEvents(1), { expectedRevision });
    await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(append).rejects.toMatchObject({ streamId, expectedRevision, actualRevision });
    expect(await context.store.headPosition()).toBe(head);
  }

  describe('expected revision', () => {
    it("refuses 'no-stream' on an existing stream, with the actual revision", async () => {
      // Proves 'no-stream' guards creation: append to a stream at revision 1 expecting none.
      await expectRefused(await aStreamAtRevisionOne(), 'no-stream', 1);
    });

    it('accepts the exact current revision and refuses any other', async () => {
      // Proves optimistic concurrency by number: a stale and a future revision fail, the current one passes.
      const streamId = await aStreamAtRevisionOne();
      await expectRefused(streamId, 0, 1);
      await expectRefused(streamId, 2, 1);
      await expectRefused(aStreamId(), 0, null);
      const result = await context.store.appendToStream(streamId, someEvents(1), {
        expectedRevision: 1,
      });
      expect(result.nextExpectedRevision).toBe(2);
    });

    it("accepts 'stream-exists' only when the stream exists", async () => {
      // Proves 'stream-exists' on a missing and on an existing stream.
      await expectRefused(aStreamId(), 'stream-exists', null);
      const streamId = await aStreamAtRevisionOne();
      const result = await context.store.appendToStream(streamId, someEvents(1), {
        expectedRevision: 'stream-exists',
      });
      expect(result.nextExpectedRevision).toBe(2);
    });

    it("accepts 'any' whether or not the stream exists", async () => {
      // Proves 'any' skips the check: append to a missing stream, then to it again.
      const streamId = aStreamId();
      await context.store.appendToStream(streamId, someEvents(1), { expectedRevision: 'any' });
      const result = await context.store.appendToStream(streamId, someEvents(1), {
        expectedRevision: 'any',
      });
      expect(result.nextExpectedRevision).toBe(1);
    });
  });
}
