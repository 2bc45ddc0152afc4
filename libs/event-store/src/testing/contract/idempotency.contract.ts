import { IdempotencyKeyConflictError } from '../../event-store.errors';
import type { ContractContext } from '../event-store-harness';
import { aStreamId, someEvents } from '../event-fixtures';
import { expectLog } from './log-expectations';

export function describeIdempotency(context: ContractContext): void {
  describe('idempotency', () => {
    it('finds the original result by idempotency key; an unknown key gives null', async () => {
      // Proves the key is stored with the append: look it up and compare with what the append returned.
      const streamId = aStreamId();
      const options = {
        expectedRevision: 'no-stream' as const,
        idempotencyKey: 'subject-1:k1',
        requestHash: 'h1',
      };
      const result = await context.store.appendToStream(streamId, someEvents(2), options);
      expect(await context.store.findAppendByIdempotencyKey('subject-1:k1')).toStrictEqual({
        idempotencyKey: 'subject-1:k1',
        requestHash: 'h1',
        result,
      });
      expect(await context.store.findAppendByIdempotencyKey('subject-1:unknown')).toBeNull();
    });

    it('replays the original result for the same key and request, writing nothing', async () => {
      // Proves a retried request is harmless: the same key and hash, with a now-stale revision, returns the first result.
      const streamId = aStreamId();
      const options = {
        expectedRevision: 'no-stream' as const,
        idempotencyKey: 'k2',
        requestHash: 'h2',
      };
      const first = await context.store.appendToStream(streamId, someEvents(2), options);
      const again = await context.store.appendToStream(streamId, someEvents(2), options);
      expect(again).toStrictEqual(first);
      await expectLog(context, first.events);
    });

    it('refuses the same key with a different request, writing nothing', async () => {
      // Proves a reused key is caught: the same key with another hash fails with IdempotencyKeyConflictError.
      const streamId = aStreamId();
      const first = await context.store.appendToStream(streamId, someEvents(1), {
        expectedRevision: 'any',
        idempotencyKey: 'k3',
        requestHash: 'h3',
      });
      await expect(
        context.store.appendToStream(streamId, someEvents(1), {
          expectedRevision: 'any',
          idempotencyKey: 'k3',
          requestHash: 'another',
        }),
      ).rejects.toBeInstanceOf(IdempotencyKeyConflictError);
      await expectLog(context, first.events);
    });

    it('writes once when the same keyed request races itself', async () => {
      // Proves the key check and the write are one step: ten identical keyed appends race; one write, ten equal results.
      const streamId = aStreamId();
      const events = someEvents(2);
      const options = { expectedRevision: 'any' as const, idempotencyKey: 'k4', requestHash: 'h4' };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => context.store.appendToStream(streamId, events, options)),
      );
      for (const result of results) expect(result).toStrictEqual(results[0]);
      await expectLog(context, results[0].events);
    });
  });
}
