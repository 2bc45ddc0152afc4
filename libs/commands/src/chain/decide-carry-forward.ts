import { agreementDecider, decideCarryForward, type ActiveAgreement } from '@ledger/domain';
import { assertAuthorised } from '../authorisation/authorise';
import {
  assertExpectedRevision,
  basisOf,
  type Decision,
  type DecisionInputs,
  type StreamDecision,
} from '../execution/decisions';
import { foldAgreement } from '../execution/ledger-streams';
import { StreamNotFoundError } from '../shared/command-errors';

/** What a caller asks for: carry this agreement's retained savings on to its successor. */
export interface CarryForwardRequest {
  agreementId: string;
}

/**
 * Reads the old year's agreement and the successor its link names, checks who may act (the
 * lead provider's finance, for both), and lets `decideCarryForward` decide. The two events go
 * in one atomic append across the two streams, each expecting the revision read here: a close
 * of the successor meanwhile (which moves its earliest open period) or a second carry-forward
 * makes the append fail, and the command is decided again on what the streams then hold.
 * If-Match names the old year's stream.
 */
export async function decideOnCarryForward(
  { agreementId }: CarryForwardRequest,
  { store, request, streams }: DecisionInputs,
): Promise<Decision> {
  const { history, terms } = await foldAgreement(store, agreementId, streams);
  const { state } = history;
  if (terms === null || !state.exists) throw new StreamNotFoundError('agreement', agreementId);
  assertAuthorised(request.actor, 'CarryForward', terms);
  assertExpectedRevision(history.streamId, history.revision, request);
  const next = state.successorAgreementId
    ? (await foldAgreement(store, state.successorAgreementId, streams)).history
    : null;
  const successor: ActiveAgreement | null = next?.state.exists ? next.state : null;
  if (successor) assertAuthorised(request.actor, 'CarryForward', successor.terms);
  const decided = decideCarryForward(
    { type: 'CarryForward', data: { agreementId } },
    state,
    successor,
  );
  const own: StreamDecision = {
    streamId: history.streamId,
    revisionRead: history.revision,
    events: decided.predecessor,
    basis: basisOf(state, agreementDecider),
  };
  if (!next || !successor) return own;
  const theirs: StreamDecision = {
    streamId: next.streamId,
    revisionRead: next.revision,
    events: decided.successor,
    basis: basisOf(successor, agreementDecider),
  };
  // Completing a half-recorded carry-forward writes the successor's side alone.
  return decided.predecessor.length === 0 ? theirs : { ...own, after: [theirs] };
}
