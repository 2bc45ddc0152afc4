import { periodOf } from '../calendar/financial-year';
import type { CasePeriodSaving, PlacementPeriodCost } from '../ledger/period-figures';
import { accounts, post, type AccountName, type Posting } from '../ledger/posting';
import { money } from '../money/money';
import {
  adjustmentsOf,
  priorYearAdjustmentsOf,
  type AgreementEvent,
  type PeriodClosed,
  type PhasedAmount,
  type ReinvestmentCommitted,
} from './agreement.events';

/**
 * The double-entry postings each agreement event makes (domain.md, "The ledger"). Postings
 * are derived, never stored as facts: replaying the same events always gives the same
 * postings. `post()` turns a negative amount into a positive one in the other direction, and
 * writes nothing for zero.
 */

type PostingBase = Omit<Posting, 'debitAccount' | 'creditAccount' | 'amount'>;

function isPosting(posting: Posting | null): posting is Posting {
  return posting !== null;
}

/** One posting per phased month, each in that month's period. */
function phasedPostings(
  base: Omit<PostingBase, 'period' | 'postedIn'>,
  from: AccountName,
  to: AccountName,
  phasing: PhasedAmount[],
): Posting[] {
  return phasing
    .map(({ period, amount }) =>
      post({ ...base, period, postedIn: period }, from, to, money(amount)),
    )
    .filter(isPosting);
}

/** Accrued cost per (placement, period): the line's budget pays the provider's spend. */
export function placementCostPosting(
  base: Pick<PostingBase, 'agreementId' | 'postedIn' | 'source'>,
  cost: PlacementPeriodCost,
): Posting | null {
  const spend = accounts.spend(cost.serviceLine, cost.setting, cost.providerCode);
  const posting = { ...base, period: cost.period, reference: cost.placementId };
  return post(posting, accounts.budget(cost.serviceLine), spend, money(cost.amount));
}

/** Recognised saving per (case, period): budget moves to retained savings, or back if negative. */
export function recognisedSavingPosting(
  base: Pick<PostingBase, 'agreementId' | 'postedIn' | 'source'>,
  saving: CasePeriodSaving,
): Posting | null {
  const posting = { ...base, period: saving.period, reference: saving.caseId };
  const retained = accounts.savingsRetained();
  return post(posting, accounts.budget(saving.serviceLine), retained, money(saving.amount));
}

/**
 * A close posts its own period's figures, then the prior-period adjustments: each belongs to
 * the earlier period it corrects and is posted in this one. The same accounts serve both; a
 * negative difference (a cost that shrank, a saving that fell) flows back the other way.
 */
function periodClosePostings({ data }: PeriodClosed): Posting[] {
  const { agreementId, period: postedIn } = data;
  const adjustments = adjustmentsOf(data);
  const priorYear = priorYearAdjustmentsOf(data);
  const own = (source: string) => ({ agreementId, postedIn, source });
  const belongingTo = (posting: Posting | null, owner: string): Posting | null =>
    posting && { ...posting, belongsToAgreementId: owner };
  return [
    ...data.accruedCosts.map((cost) => placementCostPosting(own('PlacementCost'), cost)),
    ...data.recognisedSavings.map((saving) =>
      recognisedSavingPosting(own('RecognisedSaving'), saving),
    ),
    ...adjustments.costs.map((cost) => placementCostPosting(own('PlacementCostAdjustment'), cost)),
    ...adjustments.savings.map((saving) =>
      recognisedSavingPosting(own('RecognisedSavingAdjustment'), saving),
    ),
    // Prior-year adjustments: on this agreement's accounts, for another agreement's period
    // (chain/prior-year-adjustments.ts, `priorYearAdjustmentPostings`, gives the same).
    ...priorYear.costs.map((cost) =>
      belongingTo(
        placementCostPosting(own('PlacementCostPriorYearAdjustment'), cost),
        cost.belongsToAgreementId,
      ),
    ),
    ...priorYear.savings.map((saving) =>
      belongingTo(
        recognisedSavingPosting(own('RecognisedSavingPriorYearAdjustment'), saving),
        saving.belongsToAgreementId,
      ),
    ),
  ].filter(isPosting);
}

function reinvestmentPostings({ type, data }: ReinvestmentCommitted): Posting[] {
  const period = periodOf(data.effectiveDate);
  const base = {
    agreementId: data.agreementId,
    period,
    postedIn: period,
    source: type,
    reference: data.commitmentId,
  };
  const to = accounts.reinvestment(data.schemeId);
  return [post(base, accounts.savingsRetained(), to, money(data.amount))].filter(isPosting);
}

export function postingsForAgreementEvent(event: AgreementEvent): Posting[] {
  const { agreementId } = event.data;
  const source = event.type;
  switch (event.type) {
    case 'AgreementCreated':
    case 'SuccessorAgreementCreated':
      return [];
    case 'SavingsCarriedForward': {
      // The old year's year-end entry, in its M12 (chain/carry-forward.ts gives the same).
      const { period, successorAgreementId } = event.data;
      const base = { agreementId, period, postedIn: period, source: 'CarryForward' };
      const to = accounts.carriedForward();
      const posting = post(
        { ...base, reference: successorAgreementId },
        accounts.savingsRetained(),
        to,
        money(event.data.amount),
      );
      return [posting].filter(isPosting);
    }
    case 'SavingsBroughtForward': {
      const { period, predecessorAgreementId } = event.data;
      const base = { agreementId, period, postedIn: period, source: 'BroughtForward' };
      const posting = post(
        { ...base, reference: predecessorAgreementId },
        accounts.broughtForward(),
        accounts.savingsRetained(),
        money(event.data.amount),
      );
      return [posting].filter(isPosting);
    }
    case 'BudgetAllocated': {
      const base = { agreementId, source, reference: event.data.allocationId };
      const to = accounts.budget(event.data.serviceLine);
      return phasedPostings(base, accounts.commissioner(), to, event.data.phasing);
    }
    case 'BudgetAdjusted': {
      // A negative adjustment's months are negative, so post() sends them back to the commissioner.
      const base = { agreementId, source, reference: event.data.adjustmentId };
      const to = accounts.budget(event.data.serviceLine);
      return phasedPostings(base, accounts.commissioner(), to, event.data.phasing);
    }
    case 'BudgetVired': {
      const base = { agreementId, source, reference: event.data.virementId };
      const from = accounts.budget(event.data.fromServiceLine);
      return phasedPostings(
        base,
        from,
        accounts.budget(event.data.toServiceLine),
        event.data.phasing,
      );
    }
    case 'ReinvestmentCommitted':
      return reinvestmentPostings(event);
    case 'PeriodClosed':
      return periodClosePostings(event);
  }
}
