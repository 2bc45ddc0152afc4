import { describeAppendAndRead } from './contract/append-and-read.contract';
import { describeConcurrency } from './contract/concurrency.contract';
import { describeExpectedRevision } from './contract/expected-revision.contract';
import {
  describeHashChain,
  describeHashChainDurability,
  describeMultiStreamHashChain,
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
 * named options (Emmett style): the suite never asks which adapter it is testing.
 */
export function describeEventStoreContract(
  name: string,
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    const context = useHarness(factory, options);
    describeAppendAndRead(context);
    describeExpectedRevision(context);
    describeConcurrency(context);
    if (context.options.multiStreamAppend) describeMultiStreamAppend(context);
    else describeNoMultiStreamAppend(context);
    describeSubscription(context);
    describeIdempotency(context);
    describeLifecycle(context);
    describeHashChain(context);
    if (context.options.multiStreamAppend) describeMultiStreamHashChain(context);
    if (context.options.survivesReopen) {
      describeDurability(context);
      describeHashChainDurability(context);
    }
  });
}
