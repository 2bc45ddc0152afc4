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

/**
 * The cases of a whole chain of agreements (domain.md, "Years: chains of agreements"): a case
 * is registered under one agreement but belongs to its chain, so a close of any agreement of
 * the chain measures every case of every agreement in it. In chain order, then referral order;
 * each case once.
 */
export async function caseIdsOfChain(
  index: AgreementCaseIndex,
  agreementIds: readonly string[],
): Promise<string[]> {
  const caseIds = new Set<string>();
  for (const agreementId of agreementIds) {
    for (const caseId of await index.caseIdsOf(agreementId)) caseIds.add(caseId);
  }
  return [...caseIds];
}

/** Events read per page of the global log. */
const PAGE_SIZE = 1000;

/**
 * The index as a scan of the global log for `ReferralRegistered` events. It needs nothing but
 * the event store and is always up to date: each call first reads what the log gained since
 * the last call, then answers from what it has gathered, every agreement's cases by referral
 * order. So only the first close after a start reads the whole log (seconds at 10^6 events);
 * the month-end closes of every other agreement read only what is new. It holds every case id
 * in memory (a few tens of MB at 10^6 events), and one scan runs at a time.
 */
export class LogScanCaseIndex implements AgreementCaseIndex {
  private readonly casesByAgreement = new Map<string, Set<string>>();
  private scannedTo = 0;
  private scanning: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  async caseIdsOf(agreementId: string): Promise<string[]> {
    const scan = this.scanning.then(() => this.scanToHead());
    // A failed scan fails this call; the next one starts again where the last page ended.
    this.scanning = scan.catch(() => undefined);
    await scan;
    return [...(this.casesByAgreement.get(agreementId) ?? [])];
  }

  private async scanToHead(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({
        afterPosition: this.scannedTo,
        maxCount: this.pageSize,
      });
      // An empty page, not a short one, marks the end: the port does not promise full pages.
      if (page.length === 0) return;
      for (const event of page) {
        const { agreementId, caseId } = event.data;
        if (event.type !== 'ReferralRegistered' || typeof agreementId !== 'string') continue;
        if (typeof caseId !== 'string') continue;
        const cases = this.casesByAgreement.get(agreementId) ?? new Set<string>();
        cases.add(caseId);
        this.casesByAgreement.set(agreementId, cases);
      }
      this.scannedTo = page[page.length - 1].position;
    }
  }
}
