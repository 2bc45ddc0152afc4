import {
  authorise,
  AuthorisationError,
  type AgreementSummary,
  type LedgerAction,
} from '@ledger/commands';
import { periodsOf, type PeriodId } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { formatPeriod } from '../../formatting/display';
import { agreementFormPath } from '../../web-paths';
import { hiddenFields } from './form-submission';

/** Whether the actor may perform the write on this agreement: its role, and its organisation. */
export function mayPerform(actor: Actor, action: LedgerAction, summary: AgreementSummary): boolean {
  return authorise(actor, action, summary).allowed;
}

/** Refuses a form page (403) to whoever may not perform its write on this agreement. */
export function assertMayPerform(
  actor: Actor,
  action: LedgerAction,
  summary: AgreementSummary,
): void {
  const decision = authorise(actor, action, summary);
  if (!decision.allowed) throw new AuthorisationError(decision.code, decision.reason);
}

/** The first period of the agreement's year not yet closed; null once March is closed. */
export function nextPeriodToClose(summary: AgreementSummary): PeriodId | null {
  const closed = new Set(summary.closedPeriods);
  return periodsOf(summary.financialYear).find((period) => !closed.has(period)) ?? null;
}

/** "April 2025", from "2025-04". */
export function monthOf(period: PeriodId): string {
  return formatPeriod(period).replace(/ \(M\d{2}\)$/, '');
}

/**
 * The writes the overview offers, each only to an actor allowed to perform it on this
 * agreement (the API would refuse anyone else, and so does each form's post): closing the next
 * period, as a form with its hidden revision and key, and links to the other forms.
 */
export function agreementActions(actor: Actor, summary: AgreementSummary) {
  const next = nextPeriodToClose(summary);
  const closePeriod =
    next !== null && mayPerform(actor, 'ClosePeriod', summary)
      ? {
          action: agreementFormPath(summary.agreementId, 'periodCloses'),
          period: next,
          text: `Close ${monthOf(next)}`,
          ...hiddenFields(summary.revision),
        }
      : null;
  const links = [
    ...(mayPerform(actor, 'AllocateBudget', summary)
      ? [{ href: agreementFormPath(summary.agreementId, 'allocation'), text: 'Allocate budget' }]
      : []),
    ...(mayPerform(actor, 'CommitReinvestment', summary)
      ? [
          {
            href: agreementFormPath(summary.agreementId, 'reinvestment'),
            text: 'Commit a reinvestment',
          },
        ]
      : []),
  ];
  return closePeriod === null && links.length === 0 ? null : { closePeriod, links };
}
