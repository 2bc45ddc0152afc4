import type { EventStore } from '@ledger/event-store';
import type { ApiReadModel } from '../app/open-read-model';

/** How long each part may take to answer before it counts as down. */
export const READINESS_DEADLINE_MS = 5000;

export type EventStoreState =
  | {
      status: 'up';
      /** Position of the last event in the log (0 when empty). */
      head: number;
      /** False on EventStoreDB: positions are sparse, so they count nothing. */
      gapFreePositions: boolean;
    }
  | { status: 'down'; reason: string };

export type ReadModelState =
  | {
      status: 'up';
      /** `embedded`: the SQLite file the API projects inline; `postgres`: apps/projector's. */
      kind: ReadModelKind;
      /** Position of the last event the read model has applied. */
      checkpoint: number;
      /** The log's head, as read in the same check (null when the store is down). */
      head: number | null;
      /** Whether the checkpoint has reached the head (null when the store is down). */
      caughtUp: boolean | null;
      /** head − checkpoint, only where positions count events (gap-free stores); else null. */
      eventsBehind: number | null;
    }
  | { status: 'down'; kind: ReadModelKind; reason: string };

export type ReadModelKind = 'embedded' | 'postgres';

export interface Readiness {
  status: 'ready' | 'not-ready';
  eventStore: EventStoreState;
  /** Null where the API has no read model (EventStoreDB without LEDGER_READ_MODEL_URL). */
  readModel: ReadModelState | null;
}

/**
 * What GET /ready reports: the event store answers a ping and gives its head, and the read
 * model (when there is one) gives its checkpoint, each within `deadlineMs`. Ready means both
 * answer. A read model that lags behind the head is reported (`caughtUp`, `eventsBehind`) but
 * does not make the API unready: writes still work, head reports answer from what is applied,
 * and a report that must see a given write waits for it (`minPosition`) or answers 503 itself.
 * The reasons are short and fixed (`unavailable`, `no answer within … ms`): the endpoint is
 * public, so the failure's details go to the log (`onFailure`), never into the answer.
 */
export async function checkReadiness(
  store: EventStore,
  readModel: ApiReadModel | null,
  onFailure: (part: 'event store' | 'read model', error: unknown) => void,
  deadlineMs = READINESS_DEADLINE_MS,
): Promise<Readiness> {
  const [head, checkpoint] = await Promise.all([
    settle(
      within(deadlineMs, async () => {
        await store.ping();
        return store.headPosition();
      }),
    ),
    readModel === null ? null : settle(within(deadlineMs, () => readModel.reader.checkpoint())),
  ]);
  const eventStore: EventStoreState =
    'value' in head
      ? { status: 'up', head: head.value, gapFreePositions: store.gapFreePositions }
      : { status: 'down', reason: reasonOf(head.error) };
  if (!('value' in head)) onFailure('event store', head.error);
  let readModelState: ReadModelState | null = null;
  if (readModel !== null && checkpoint !== null) {
    const kind: ReadModelKind = readModel.inline ? 'embedded' : 'postgres';
    if ('value' in checkpoint) {
      const at = 'value' in head ? head.value : null;
      readModelState = {
        status: 'up',
        kind,
        checkpoint: checkpoint.value,
        head: at,
        caughtUp: at === null ? null : checkpoint.value >= at,
        eventsBehind:
          at === null || !store.gapFreePositions ? null : Math.max(0, at - checkpoint.value),
      };
    } else {
      onFailure('read model', checkpoint.error);
      readModelState = { status: 'down', kind, reason: reasonOf(checkpoint.error) };
    }
  }
  const ready = eventStore.status === 'up' && readModelState?.status !== 'down';
  return { status: ready ? 'ready' : 'not-ready', eventStore, readModel: readModelState };
}

class DeadlinePassed extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlinePassed';
  }
}

function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed(ms)), ms);
  });
  // Started inside a promise, so an adapter that throws at once (a closed file) counts as down.
  return Promise.race([Promise.resolve().then(work), deadline]).finally(() => clearTimeout(timer));
}

function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function reasonOf(error: unknown): string {
  return error instanceof DeadlinePassed ? error.message : 'unavailable';
}
