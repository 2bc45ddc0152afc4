import { describeAppendAndRead } from './contract/append-and-read.contract';
import { describeConcurrency } from './contract/concurrency.contract';
import {
  describeRetriedAppendDeduplication,
  describeUniqueEventIds,
} from './contract/event-ids.contract';
import { describeExpectedRevision } from './contract/expected-revision.contract';
import {
  describeHashChain,
  describeHashChainDurability,
  describeMultiStreamHashChain,
  describeNoHashChain,
} from './contract/hash-chain.contract';
import { describeIdempotency } from './contract/idempotency.contract';
import { describeDurability, describeLifecycle } from './contract/lifecycle.contract';
import {
  describeMultiStreamAppend,
  describeNoMultiStreamAppend,
} from './contract/multi-stream.contract';
import { describeSubscription } from './contract/subscription.contract';
import {
  type EventStoreContractOptions,
  type EventStoreFactory,
  useHarness,
} from './event-store-harness';

/**
 * The one contract every EventStore adapter passes. An adapter's test calls it with a
 * factory that returns a fresh, empty store per test. Adapters differ only through the
 * named options (Emmett style): the suite never asks which adapter it is testing. A
 * capability that is off either weakens a test to the promise that remains (positions,
 * see `gapFreePositions`) or swaps a describe for one that checks the opposite promise
 * (multi-stream append, hash chain, event ids).
 */
export function describeEventStoreContract(
  name: string,
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    const context = useHarness(factory, options);
    const { multiStreamAppend, hashChainAtAppend, uniqueEventIds, survivesReopen } =
      context.options;
    describeAppendAndRead(context);
    if (uniqueEventIds) describeUniqueEventIds(context);
    else describeRetriedAppendDeduplication(context);
    describeExpectedRevision(context);
    describeConcurrency(context);
    if (multiStreamAppend) describeMultiStreamAppend(context);
    else describeNoMultiStreamAppend(context);
    describeSubscription(context);
    describeIdempotency(context);
    describeLifecycle(context);
    if (hashChainAtAppend) describeHashChain(context);
    else describeNoHashChain(context);
    if (multiStreamAppend && hashChainAtAppend) describeMultiStreamHashChain(context);
    if (survivesReopen) describeDurability(context);
    if (survivesReopen && hashChainAtAppend) describeHashChainDurability(context);
  });
}
