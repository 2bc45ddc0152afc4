import { CASE_EVENT_VERSIONS } from '@ledger/domain';
import type { AgreementListRow, CaseListEvent } from '../lists/list-rows';
import { agreementFactFromRecord, projectEvent, type AgreementFactRecord } from './read-model-rows';

/**
 * Filling the lists of a read model that had projected events before the lists existed
 * (migration 004 leaves a `lists` row in `read_model_backfills` for it). `agreement_facts` holds
 * every agreement's creation and every event of a case referred under it, which is all the lists
 * are folded from; read in (agreement_id, position) order, each case's events come in log order
 * after its agreement's creation, so the same fold the projector runs gives the same rows.
 */
export const LISTS_BACKFILL = 'lists';

/** The `agreement_facts` event types the lists are folded from. */
export const LIST_EVENT_TYPES: readonly string[] = [
  'AgreementCreated',
  ...Object.keys(CASE_EVENT_VERSIONS),
];

/** Facts read per page while backfilling. */
export const BACKFILL_PAGE = 5000;

/** What a page of facts adds to the lists, as a projector batch would carry it. */
export function listChangesOf(records: readonly AgreementFactRecord[]): {
  agreements: AgreementListRow[];
  caseEvents: CaseListEvent[];
} {
  const agreements: AgreementListRow[] = [];
  const caseEvents: CaseListEvent[] = [];
  for (const record of records) {
    const projected = projectEvent(agreementFactFromRecord(record));
    if (projected.listed) agreements.push(projected.listed);
    if (projected.caseChange) caseEvents.push(projected.caseChange);
  }
  return { agreements, caseEvents };
}
