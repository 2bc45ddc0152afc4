import {
  agreementDecider,
  caseDecider,
  type AgreementCommand,
  type CalendarDate,
  type CaseCommand,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { assertAuthorised } from '../authorisation/authorise';
import { RevisionMismatchError, StreamNotFoundError } from '../shared/command-errors';
import type { CommandRequest } from './command-request';
import { readAgreement, readAgreementTerms, readCase } from './ledger-streams';

/** The events a command decided on, and the stream revision they were decided against. */
export interface Decision {
  streamId: string;
  revisionRead: number | null;
  events: { type: string; data: Record<string, unknown> }[];
}

export interface DecisionInputs {
  store: EventStore;
  today: CalendarDate;
  request: CommandRequest;
}

/** Read the agreement, check who may act on it, then let the agreement decider decide. */
export async function decideOnAgreement(
  command: AgreementCommand,
  { store, today, request }: DecisionInputs,
): Promise<Decision> {
  const { agreementId } = command.data;
  const { history, terms } = await readAgreement(store, agreementId);
  const creating = command.type === 'CreateAgreement';
  if (!creating && history.revision === null) {
    throw new StreamNotFoundError('agreement', agreementId);
  }
  // A new agreement is in scope for the commissioner it names; an existing one for its own parties.
  assertAuthorised(request.actor, command.type, terms ?? (creating ? command.data : null));
  assertExpectedRevision(history.streamId, history.revision, request);
  const events = agreementDecider.decide(command, history.state, { today });
  return { streamId: history.streamId, revisionRead: history.revision, events };
}

/**
 * Read the case and its agreement (for a referral, the agreement the command names), check
 * who may act on them, then let the case decider decide.
 */
export async function decideOnCase(
  command: CaseCommand,
  { store, today, request }: DecisionInputs,
): Promise<Decision> {
  const { caseId } = command.data;
  const record = await readCase(store, caseId);
  const referring = command.type === 'RegisterReferral';
  if (!referring && record.agreementId === null) throw new StreamNotFoundError('case', caseId);
  if (referring && record.agreementId !== null) {
    // A case id already taken under another agreement is none of the caller's business
    // unless they are in scope for that agreement too.
    assertAuthorised(
      request.actor,
      command.type,
      await readAgreementTerms(store, record.agreementId),
    );
  }
  const agreementId = referring ? command.data.agreementId : (record.agreementId as string);
  const terms = await readAgreementTerms(store, agreementId);
  assertAuthorised(request.actor, command.type, terms);
  assertExpectedRevision(record.history.streamId, record.history.revision, request);
  const events = caseDecider.decide(command, record.history.state, { today, agreement: terms });
  return { streamId: record.history.streamId, revisionRead: record.history.revision, events };
}

/** An If-Match revision that is already stale fails before deciding on a state the caller never saw. */
export function assertExpectedRevision(
  streamId: string,
  revisionRead: number | null,
  request: CommandRequest,
): void {
  const expected = request.expectedRevision;
  if (expected !== undefined && expected !== null && expected !== revisionRead) {
    throw new RevisionMismatchError(streamId, expected, revisionRead);
  }
}
