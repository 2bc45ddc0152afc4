import { agreementDecider, type ClosePeriod, type PeriodId } from '@ledger/domain';
import { assertAuthorised } from '../authorisation/authorise';
import {
  assertExpectedRevision,
  basisOf,
  type Decision,
  type DecisionInputs,
} from '../execution/decisions';
import { foldAgreement } from '../execution/ledger-streams';
import { StreamNotFoundError } from '../shared/command-errors';
import type { AgreementCaseIndex } from './agreement-case-index';
import { closeFiguresOf, type CloseFigures } from './period-figures';

/** What a caller asks for: close this period of this agreement. The ledger finds the figures. */
export interface PeriodCloseRequest {
  agreementId: string;
  period: PeriodId;
}

const NO_FIGURES: CloseFigures = { accruedCosts: [], recognisedSavings: [], restatedPeriods: [] };

function closePeriodCommand(
  { agreementId, period }: PeriodCloseRequest,
  figures: CloseFigures,
): ClosePeriod {
  return { type: 'ClosePeriod', data: { agreementId, period, ...figures } };
}

/**
 * Reads the agreement, checks who may close it, computes the figures from its cases and lets
 * the agreement decider decide, all against the agreement revision read first. The append
 * expects that revision, so if anything lands on the agreement stream meanwhile (another
 * close, a reinvestment) the append fails and the command layer runs this again: the figures
 * and the prior-period adjustments are always computed against the state they are posted on.
 *
 * Case events are on their own streams, which this append cannot guard. A case fact recorded
 * between reading a case and appending the close is missing from this close's figures; it is
 * not lost, because the next close restates every closed period from the case histories and
 * posts the difference as a prior-period adjustment.
 */
export async function decideOnPeriodClose(
  close: PeriodCloseRequest,
  { store, today, request, streams }: DecisionInputs,
  caseIndex: AgreementCaseIndex,
): Promise<Decision> {
  const { history, terms } = await foldAgreement(store, close.agreementId, streams);
  const { state } = history;
  if (terms === null || !state.exists)
    throw new StreamNotFoundError('agreement', close.agreementId);
  assertAuthorised(request.actor, 'ClosePeriod', terms);
  assertExpectedRevision(history.streamId, history.revision, request);
  // The close rules first, on no figures: a refused close costs one stream read, not a log scan.
  agreementDecider.decide(closePeriodCommand(close, NO_FIGURES), state, { today });
  const caseIds = await caseIndex.caseIdsOf(close.agreementId);
  const figures = await closeFiguresOf(store, caseIds, terms, close.period, state.closedPeriods);
  const events = agreementDecider.decide(closePeriodCommand(close, figures), state, { today });
  return {
    streamId: history.streamId,
    revisionRead: history.revision,
    events,
    basis: basisOf(state, agreementDecider),
  };
}
