/**
 * The projector process on LEDGER_EVENT_STORE=eventstoredb must stop at once, before it
 * touches PostgreSQL, when the server refuses or never answers (see
 * describeFailFastOnEventStoreDb).
 */
import { describeFailFastOnEventStoreDb } from '@ledger/event-store/testing/fail-fast-on-eventstoredb';

jest.setTimeout(60_000);

describeFailFastOnEventStoreDb({
  name: 'apps/projector',
  entry: 'apps/projector/src/main.ts',
  // Never reached: the store is connected first. Port 9 (discard) would refuse anyway.
  env: { LEDGER_READ_MODEL_URL: 'postgres://postgres@127.0.0.1:9/ledger' },
  startedWord: 'following',
});
