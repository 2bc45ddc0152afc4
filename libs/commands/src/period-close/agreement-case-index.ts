import type { EventStore } from '@ledger/event-store';

/**
 * Finds the cases of an agreement. A period close needs every one of them, and nothing in the
 * agreement stream lists them: a case names its agreement in its own referral. Kept behind this
 * interface so a read-model-backed index can take the log scan's place.
 */
export interface AgreementCaseIndex {
  /** Ids of every case referred under the agreement, in the order they were registered. */
  caseIdsOf(agreementId: string): Promise<string[]>;
}

/** Events read per page of the global log. */
const PAGE_SIZE = 1000;

/**
 * The index as a scan of the whole global log for `ReferralRegistered` events naming the
 * agreement. It needs nothing but the event store, and it is always up to date, but its cost
 * is O(events in the log) per call, whatever the agreement's size: fine for a close once a
 * month, not for anything on a hot path. A read model keyed by agreement replaces it later.
 */
export class LogScanCaseIndex implements AgreementCaseIndex {
  constructor(
    private readonly store: EventStore,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  async caseIdsOf(agreementId: string): Promise<string[]> {
    const caseIds = new Set<string>();
    for (let after = 0; ;) {
      const page = await this.store.readAll({ afterPosition: after, maxCount: this.pageSize });
      // An empty page, not a short one, marks the end: the port does not promise full pages.
      if (page.length === 0) return [...caseIds];
      for (const event of page) {
        const { agreementId: referredUnder, caseId } = event.data;
        if (event.type === 'ReferralRegistered' && referredUnder === agreementId) {
          if (typeof caseId === 'string') caseIds.add(caseId);
        }
      }
      after = page[page.length - 1].position;
    }
  }
}
