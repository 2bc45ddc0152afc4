import {
  agreementDecider,
  chainCloseRefusal,
  type ClosePeriod,
  type PeriodId,
} from '@ledger/domain';
import { assertAuthorised } from '../authorisation/authorise';
import {
  assertExpectedRevision,
  basisOf,
  type Decision,
  type DecisionInputs,
} from '../execution/decisions';
import { readChain } from '../chain/read-chain';
import { foldAgreement } from '../execution/ledger-streams';
import { StreamNotFoundError } from '../shared/command-errors';
import { caseIdsOfChain, type AgreementCaseIndex } from './agreement-case-index';
import { closeFiguresOf, type CloseFigures } from './period-figures';

/** What a caller asks for: close this period of this agreement. The ledger finds the figures. */
export interface PeriodCloseRequest {
  agreementId: string;
  period: PeriodId;
}

const NO_FIGURES: CloseFigures = {
  accruedCosts: [],
  recognisedSavings: [],
  restatedPeriods: [],
  priorYearAdjustments: { costs: [], savings: [] },
};

function closePeriodCommand(
  { agreementId, period }: PeriodCloseRequest,
  figures: CloseFigures,
): ClosePeriod {
  return { type: 'ClosePeriod', data: { agreementId, period, ...figures } };
}

/**
 * Reads the agreement and its chain, checks who may close it, computes the figures from the
 * chain's cases and lets the agreement decider decide, all against the agreement revision read
 * first. Periods close in order along the chain (`chainCloseRefusal`: a successor's M01 only
 * after its predecessor's M12), and a close posts, besides its own figures and its
 * prior-period adjustments, the prior-year adjustments of every earlier agreement of the chain. The append
 * expects that revision, so if anything lands on the agreement stream meanwhile (another
 * close, a reinvestment) the append fails and the command layer runs this again: the figures
 * and the prior-period adjustments are always computed against the state they are posted on.
 *
 * Case events are on their own streams, which this append cannot guard. A case fact recorded
 * between reading a case and appending the close is missing from this close's figures; it is
 * not lost, because the next close of the chain restates every closed period, this
 * agreement's and its predecessors', from the case histories and posts the difference as a
 * prior-period or prior-year adjustment. Nor are the predecessors' streams guarded: they are
 * closed, and only the chain's earliest open period (this one) posts for them.
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
  // The close rules first, on no figures: a refused close costs a few stream reads, not a log scan.
  agreementDecider.decide(closePeriodCommand(close, NO_FIGURES), state, { today });
  const { chain, members, closed } = await readChain(store, { history, state }, streams);
  const refusal = chainCloseRefusal(chain, closed, close.agreementId, close.period);
  if (refusal) throw refusal;
  const agreementIds = chain.agreements.map((t) => t.agreementId);
  const caseIds = await caseIdsOfChain(caseIndex, agreementIds);
  const closing = { chain, members, closed, ...close };
  const figures = await closeFiguresOf(store, caseIds, closing, state.closedPeriods);
  const events = agreementDecider.decide(closePeriodCommand(close, figures), state, { today });
  return {
    streamId: history.streamId,
    revisionRead: history.revision,
    events,
    basis: basisOf(state, agreementDecider),
  };
}
