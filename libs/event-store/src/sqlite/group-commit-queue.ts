import { toError } from '../append/to-error';

/** How one request of a group ended: its result, or the error that failed it alone. */
export type GroupOutcome<Result> = { ok: true; value: Result } | { ok: false; error: Error };

/** Commits a whole group; throws when the group as a whole failed. */
export type CommitGroup<Request, Result> = (requests: Request[]) => GroupOutcome<Result>[];

interface Waiting<Request, Result> {
  request: Request;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: the writes requested during one turn of the event loop are committed together,
 * in request order, so concurrent writers share one transaction and one fsync instead of
 * paying one each. Each request still succeeds or fails on its own (see GroupOutcome); only
 * a failure of the group itself (the transaction could not begin or commit) fails them all.
 */
export class GroupCommitQueue<Request, Result> {
  private waiting: Waiting<Request, Result>[] = [];
  private flushScheduled = false;

  constructor(private readonly commitGroup: CommitGroup<Request, Result>) {}

  enqueue(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Commits everything waiting now. Runs on its own after each turn; close() calls it too. */
  flush(): void {
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    let outcomes: GroupOutcome<Result>[];
    try {
      outcomes = this.commitGroup(group.map((waiting) => waiting.request));
    } catch (error) {
      const groupError = toError(error);
      for (const waiting of group) waiting.reject(groupError);
      return;
    }
    group.forEach((waiting, index) => settle(waiting, outcomes[index]));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate runs after the promise jobs of this turn, so writers that resume from
    // their previous append's result in the same turn still join this group.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }
}

function settle<Request, Result>(
  waiting: Waiting<Request, Result>,
  outcome: GroupOutcome<Result> | undefined,
): void {
  if (outcome === undefined) waiting.reject(new Error('Group commit returned no outcome'));
  else if (outcome.ok) waiting.resolve(outcome.value);
  else waiting.reject(outcome.error);
}
