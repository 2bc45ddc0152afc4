import type { Actor, EventStore, RecordedEvent } from '@ledger/event-store';
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
