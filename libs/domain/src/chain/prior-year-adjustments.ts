import { periodsOf } from '../calendar/financial-year';
import type { RestatedPeriod } from '../agreement/agreement.commands';
import { placementCostPosting, recognisedSavingPosting } from '../agreement/agreement.postings';
import {
  priorPeriodAdjustments,
  withPostedFigures,
  type PostedFigures,
} from '../agreement/posted-figures';
import type {
  CasePeriodSaving,
  PlacementPeriodCost,
  PriorYearCost,
  PriorYearFigures,
  PriorYearSaving,
} from '../ledger/period-figures';
import type { Posting } from '../ledger/posting';
import {
  chainAgreement,
  earliestOpenPeriod,
  isYearClosed,
  type AgreementChain,
  type ChainPeriod,
  type ClosedPeriods,
} from './agreement-chain';

/**
 * Prior-year adjustments (domain.md, "Years: chains of agreements"): once an agreement's M12 is
 * closed its year is closed, and a later fact that changes that year's figures is posted in
 * the earliest open period of the chain, on the accounts of the agreement that posts it,
 * referencing the agreement and the period the fact belongs to. With no open period in the
 * chain (no successor yet) the adjustment waits: pending, until the successor's first close.
 *
 * The differences are found exactly as a close finds its prior-period adjustments
 * (agreement/posted-figures.ts): per (placement, period) cost and per (case, period) saving,
 * the restated figure minus everything posted for it so far, here the closed agreement's own
 * closes plus the prior-year adjustments other agreements have already posted for it.
 */

export type { PriorYearCost, PriorYearFigures, PriorYearSaving };

export interface PriorYearAdjustmentsInput {
  chain: AgreementChain;
  /** Every agreement's closed periods, for the chain's earliest open period. */
  closed: ClosedPeriods;
  /** The agreement whose year is closed (its M12 closed). */
  agreementId: string;
  /** What its own closes posted, netted per period (`ActiveAgreement.postedFigures`). */
  postedFigures: PostedFigures;
  /**
   * Prior-year adjustments already posted by other agreements of the chain. Those that belong
   * to another agreement are ignored, so the chain's whole list may be passed.
   */
  postedElsewhere: {
    costs: readonly PriorYearCost[];
    savings: readonly PriorYearSaving[];
  };
  /**
   * Its periods' figures as they stand now, from today's case histories
   * (`agreementPeriodFigures` over every case of the chain). A period left out is unchanged.
   */
  restatedPeriods: readonly RestatedPeriod[];
}

export type PriorYearAdjustments =
  /** Nothing differs from what has been posted. */
  | { status: 'none'; belongsToAgreementId: string }
  /** To post in the chain's earliest open period, on that agreement's accounts. */
  | ({ status: 'post'; belongsToAgreementId: string; postIn: ChainPeriod } & PriorYearFigures)
  /** The chain has no open period: shown as pending until the successor's first close. */
  | ({ status: 'pending'; belongsToAgreementId: string } & PriorYearFigures);

const plainCost = ({ belongsToAgreementId: _, ...cost }: PriorYearCost): PlacementPeriodCost =>
  cost;
const plainSaving = ({ belongsToAgreementId: _, ...saving }: PriorYearSaving): CasePeriodSaving =>
  saving;

/**
 * The differences a closed year's restated figures make, and where they are posted. Throws on
 * a wiring fault: an agreement not in the chain, a year not closed (its own closes post its
 * late facts), or a restated period outside its year.
 */
export function priorYearAdjustments(input: PriorYearAdjustmentsInput): PriorYearAdjustments {
  const { chain, agreementId } = input;
  const terms = chainAgreement(chain, agreementId);
  if (terms === null) throw new Error(`Agreement ${agreementId} is not in the chain`);
  if (!isYearClosed(terms, input.closed.get(agreementId) ?? [])) {
    throw new Error(
      `Agreement ${agreementId}'s M12 is open: its late facts are its own closes' prior-period adjustments`,
    );
  }
  const periods = periodsOf(terms.financialYear);
  const outside = input.restatedPeriods.find((restated) => !periods.includes(restated.period));
  if (outside) {
    throw new Error(`Period ${outside.period} is not a period of ${agreementId}'s year`);
  }
  const mine = <T extends { belongsToAgreementId: string }>(figure: T) =>
    figure.belongsToAgreementId === agreementId;
  const posted = withPostedFigures(
    input.postedFigures,
    input.postedElsewhere.costs.filter(mine).map(plainCost),
    input.postedElsewhere.savings.filter(mine).map(plainSaving),
  );
  const differences = priorPeriodAdjustments(posted, input.restatedPeriods);
  const figures: PriorYearFigures = {
    costs: differences.costs.map((cost) => ({ ...cost, belongsToAgreementId: agreementId })),
    savings: differences.savings.map((saving) => ({
      ...saving,
      belongsToAgreementId: agreementId,
    })),
  };
  if (figures.costs.length === 0 && figures.savings.length === 0) {
    return { status: 'none', belongsToAgreementId: agreementId };
  }
  const postIn = earliestOpenPeriod(chain, input.closed);
  return postIn === null
    ? { status: 'pending', belongsToAgreementId: agreementId, ...figures }
    : { status: 'post', belongsToAgreementId: agreementId, postIn, ...figures };
}

/** A posting of a prior-year adjustment: on the posting agreement, for another's period. */
export interface PriorYearPosting extends Posting {
  /** The closed agreement the fact belongs to; `period` is that agreement's period. */
  belongsToAgreementId: string;
}

/**
 * The postings of prior-year adjustments, on the accounts of the agreement that posts them
 * (`postIn.agreementId`: its `budget:L`, its `spend:…`, its `savings:retained`), posted in
 * `postIn.period` and belonging to the closed agreement's period. The same postings as a
 * close's own figures (agreement.postings.ts); a negative difference flows back the other way.
 */
export function priorYearAdjustmentPostings(
  postIn: ChainPeriod,
  figures: PriorYearFigures,
): PriorYearPosting[] {
  const base = (source: string) => ({
    agreementId: postIn.agreementId,
    postedIn: postIn.period,
    source,
  });
  const postings: PriorYearPosting[] = [];
  for (const cost of figures.costs) {
    const posting = placementCostPosting(base('PlacementCostPriorYearAdjustment'), cost);
    if (posting) postings.push({ ...posting, belongsToAgreementId: cost.belongsToAgreementId });
  }
  for (const saving of figures.savings) {
    const posting = recognisedSavingPosting(base('RecognisedSavingPriorYearAdjustment'), saving);
    if (posting) postings.push({ ...posting, belongsToAgreementId: saving.belongsToAgreementId });
  }
  return postings;
}
