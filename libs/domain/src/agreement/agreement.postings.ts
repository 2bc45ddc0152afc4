import { periodOf } from '../calendar/financial-year';
import type { CasePeriodSaving, PlacementPeriodCost } from '../ledger/period-figures';
import { accounts, post, type AccountName, type Posting } from '../ledger/posting';
import { money } from '../money/money';
import type {
  AgreementEvent,
  PeriodClosed,
  PhasedAmount,
  ReinvestmentCommitted,
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
  base: Omit<PostingBase, 'period'>,
  from: AccountName,
  to: AccountName,
  phasing: PhasedAmount[],
): Posting[] {
  return phasing
    .map(({ period, amount }) => post({ ...base, period }, from, to, money(amount)))
    .filter(isPosting);
}

/** Accrued cost per (placement, period): the line's budget pays the provider's spend. */
function placementCostPosting(agreementId: string, cost: PlacementPeriodCost): Posting | null {
  const base = {
    agreementId,
    period: cost.period,
    source: 'PlacementCost',
    reference: cost.placementId,
  };
  const spend = accounts.spend(cost.serviceLine, cost.setting, cost.providerCode);
  return post(base, accounts.budget(cost.serviceLine), spend, money(cost.amount));
}

/** Recognised saving per (case, period): budget moves to retained savings, or back if negative. */
function recognisedSavingPosting(agreementId: string, saving: CasePeriodSaving): Posting | null {
  const base = {
    agreementId,
    period: saving.period,
    source: 'RecognisedSaving',
    reference: saving.caseId,
  };
  return post(
    base,
    accounts.budget(saving.serviceLine),
    accounts.savingsRetained(),
    money(saving.amount),
  );
}

function periodClosePostings({ data }: PeriodClosed): Posting[] {
  return [
    ...data.accruedCosts.map((cost) => placementCostPosting(data.agreementId, cost)),
    ...data.recognisedSavings.map((saving) => recognisedSavingPosting(data.agreementId, saving)),
  ].filter(isPosting);
}

function reinvestmentPostings({ type, data }: ReinvestmentCommitted): Posting[] {
  const base = {
    agreementId: data.agreementId,
    period: periodOf(data.effectiveDate),
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
      return [];
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
