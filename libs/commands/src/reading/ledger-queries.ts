import {
  verifyChain,
  type Actor,
  type ChainVerification,
  type EventStore,
  type RecordedEvent,
} from '@ledger/event-store';
import { assertAuthorised } from '../authorisation/authorise';
import type { ReadAction } from '../authorisation/ledger-action';
import {
  readAgreement,
  readAgreementTerms,
  readCase,
  type AgreementRecord,
  type CaseRecord,
} from '../execution/ledger-streams';
import { StreamNotFoundError } from '../shared/command-errors';
import { summariseAgreement, type AgreementSummary } from './agreement-summary';
import { summariseCase, type CaseSummary } from './case-summary';

/** One stream's events with their audit metadata, and the revision they run up to. */
export interface StreamEvents {
  streamId: string;
  revision: number;
  events: RecordedEvent[];
}

/** A page of the global log; ask again with `after = nextAfter` for the next one. */
export interface LogPage {
  events: RecordedEvent[];
  nextAfter: number;
}

export const MAX_LOG_PAGE = 1000;

/** Events one search reads at most before it answers with what it found so far. */
export const MAX_LOG_SCAN = 10_000;

/** What a search of the global log keeps: each given field must match exactly. */
export interface LogFilter {
  streamId?: string;
  type?: string;
  /** The actor's subject, as the token named it. */
  subject?: string;
  /** Recorded at or after this instant (ISO 8601). */
  from?: string;
  /** Recorded at or before this instant (ISO 8601). */
  to?: string;
}

/**
 * A page of a search of the global log. `nextAfter` is where to search on from: the last event
 * kept when the page is full, else the last event read. `end` says the search read to the head
 * of the log; otherwise there may be more (the page is full, or MAX_LOG_SCAN events were read).
 */
export interface LogSearchPage extends LogPage {
  end: boolean;
}

/** The hash chain's check over the whole log, and the hash of the last event it checked. */
export interface LogVerification {
  verification: ChainVerification;
  /** Position and hash of the last event verified, when the chain held over at least one. */
  head: { position: number; hash: string | null } | null;
}

/**
 * Reads of one agreement, one case or the whole log, each after checking the actor may see it.
 * Unknown ids answer StreamNotFoundError; known ones out of scope AuthorisationError, and
 * nothing of the stream leaks into either.
 */
export class LedgerQueries {
  constructor(private readonly store: EventStore) {}

  async agreementSummary(actor: Actor, agreementId: string): Promise<AgreementSummary> {
    const record = await this.visibleAgreement(actor, 'ReadSummary', agreementId);
    const summary = summariseAgreement(record);
    if (summary === null) throw new StreamNotFoundError('agreement', agreementId);
    return summary;
  }

  async caseSummary(actor: Actor, caseId: string): Promise<CaseSummary> {
    const record = await this.visibleCase(actor, 'ReadSummary', caseId);
    const summary = summariseCase(record);
    if (summary === null) throw new StreamNotFoundError('case', caseId);
    return summary;
  }

  async agreementEvents(actor: Actor, agreementId: string): Promise<StreamEvents> {
    const { history } = await this.visibleAgreement(actor, 'ReadEventStream', agreementId);
    return eventsOf(history);
  }

  async caseEvents(actor: Actor, caseId: string): Promise<StreamEvents> {
    const { history } = await this.visibleCase(actor, 'ReadEventStream', caseId);
    return eventsOf(history);
  }

  async globalLog(actor: Actor, after: number, limit: number): Promise<LogPage> {
    assertAuthorised(actor, 'ReadGlobalLog', null);
    const maxCount = Math.min(Math.max(1, Math.trunc(limit)), MAX_LOG_PAGE);
    const events = await this.store.readAll({ afterPosition: after, maxCount });
    const nextAfter = events.length === 0 ? after : events[events.length - 1].position;
    return { events, nextAfter };
  }

  /**
   * The global log's events that match every field of `filter`, in log order, after a position:
   * for reviewers and admins, as the global log. It reads the log in pages from `after` and
   * stops at `limit` matches, at the head, or after MAX_LOG_SCAN events read.
   */
  async searchLog(
    actor: Actor,
    filter: LogFilter,
    after: number,
    limit: number,
  ): Promise<LogSearchPage> {
    assertAuthorised(actor, 'ReadGlobalLog', null);
    const wanted = Math.min(Math.max(1, Math.trunc(limit)), MAX_LOG_PAGE);
    const from = filter.from === undefined ? -Infinity : Date.parse(filter.from);
    const to = filter.to === undefined ? Infinity : Date.parse(filter.to);
    const keeps = (event: RecordedEvent): boolean => {
      const at = Date.parse(event.recordedAt);
      return (
        (filter.streamId === undefined || event.streamId === filter.streamId) &&
        (filter.type === undefined || event.type === filter.type) &&
        (filter.subject === undefined || event.metadata.actor.subject === filter.subject) &&
        at >= from &&
        at <= to
      );
    };
    const events: RecordedEvent[] = [];
    let position = after;
    let read = 0;
    while (read < MAX_LOG_SCAN) {
      const page = await this.store.readAll({
        afterPosition: position,
        maxCount: Math.min(MAX_LOG_PAGE, MAX_LOG_SCAN - read),
      });
      if (page.length === 0) return { events, nextAfter: position, end: true };
      for (const event of page) {
        position = event.position;
        read += 1;
        if (!keeps(event)) continue;
        events.push(event);
        if (events.length === wanted) return { events, nextAfter: position, end: false };
      }
    }
    return { events, nextAfter: position, end: false };
  }

  /** The event at a position of the global log, for those who may read the log; null if none. */
  async eventAt(actor: Actor, position: number): Promise<RecordedEvent | null> {
    assertAuthorised(actor, 'ReadGlobalLog', null);
    if (!Number.isSafeInteger(position) || position < 1) return null;
    const [event] = await this.store.readAll({ afterPosition: position - 1, maxCount: 1 });
    return event?.position === position ? event : null;
  }

  /**
   * Checks the hash chain of every event of the log up to its head (`verifyChain`, as
   * `ledger verify` does): for those who may read the whole log, since it reads all of it.
   */
  async verifyLog(actor: Actor): Promise<LogVerification> {
    assertAuthorised(actor, 'ReadGlobalLog', null);
    const verification = await verifyChain(this.store);
    if (!verification.ok || verification.events === 0) return { verification, head: null };
    // Positions run from 1 without gaps, so the last event verified is at `events`.
    const [last] = await this.store.readAll({
      afterPosition: verification.events - 1,
      maxCount: 1,
    });
    return {
      verification,
      head: { position: last.position, hash: last.metadata.hashChain?.hash ?? null },
    };
  }

  private async visibleAgreement(
    actor: Actor,
    action: ReadAction,
    agreementId: string,
  ): Promise<AgreementRecord> {
    assertAuthorised(actor, action, null);
    const record = await readAgreement(this.store, agreementId);
    if (record.terms === null) throw new StreamNotFoundError('agreement', agreementId);
    assertAuthorised(actor, action, record.terms);
    return record;
  }

  private async visibleCase(actor: Actor, action: ReadAction, caseId: string): Promise<CaseRecord> {
    assertAuthorised(actor, action, null);
    const record = await readCase(this.store, caseId);
    if (record.agreementId === null) throw new StreamNotFoundError('case', caseId);
    const terms = await readAgreementTerms(this.store, record.agreementId);
    // A case always names an agreement that exists: the referral was decided against it.
    if (terms === null) throw new Error(`Case ${caseId} names a missing agreement`);
    assertAuthorised(actor, action, terms);
    return record;
  }
}

function eventsOf(history: { streamId: string; revision: number | null; events: RecordedEvent[] }) {
  return { streamId: history.streamId, revision: history.revision ?? -1, events: history.events };
}
