export {
  CHAIN_ERRORS,
  chainErrors,
  type ChainErrorCode,
  type ChainRejection,
} from './chain.errors';
export {
  chainLinkRefusals,
  financialYearAfter,
  type ChainLinkInput,
  type LinkTerms,
} from './chain-link';
export {
  agreementChain,
  agreementHolding,
  authorisingAgreement,
  chainAgreement,
  chainCloseRefusal,
  chainStart,
  earliestOpenPeriod,
  firstAgreement,
  horizonInForce,
  isYearClosed,
  lastAgreement,
  nextPeriodToCloseAlongChain,
  successorOf,
  uncoveredFrom,
  type AgreementChain,
  type ChainPeriod,
  type ClosedPeriods,
} from './agreement-chain';
export {
  agreementPeriodFigures,
  caseFiguresAlongChain,
  measuredAtEndOf,
  savedNightsAlongChain,
  uncoveredCaseFigures,
  type AgreementCaseFigures,
  type ChainCaseFigures,
  type UncoveredCaseFigures,
} from './chain-figures';
export {
  priorYearAdjustmentPostings,
  priorYearAdjustments,
  type PriorYearAdjustments,
  type PriorYearAdjustmentsInput,
  type PriorYearCost,
  type PriorYearFigures,
  type PriorYearPosting,
  type PriorYearSaving,
} from './prior-year-adjustments';
export {
  decideCarryForward,
  type CarryForwardCommand,
  type CarryForwardDecision,
} from './decide-carry-forward';
export {
  carryForward,
  carryForwardAccounts,
  carryForwardRefusals,
  type CarryForward,
  type CarryForwardInput,
} from './carry-forward';
