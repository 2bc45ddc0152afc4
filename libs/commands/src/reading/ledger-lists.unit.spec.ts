/**
 * The lists where no SQL read model is kept (a fold of the log on the in-memory store): each
 * role sees the agreements its read rule allows and the cases under them, pages carry a cursor
 * until the last, and what cannot be answered as asked is refused.
 */
import { InMemoryEventStore, type EventToAppend, type RecordedEvent } from '@ledger/event-store';
import { LIST_AGREEMENTS, listsHistory } from '@ledger/read-model/testing/lists-history';
import { LedgerLists } from './ledger-lists';

async function storeWith(events: RecordedEvent[]): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  for (const event of events) {
    const toAppend: EventToAppend = {
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    };
    await store.appendToStream(event.streamId, [toAppend], { expectedRevision: 'any' });
  }
  return store;
}

const as = (role: string, organisationCode: string | null) => ({
  subject: 'someone',
  role,
  organisationCode,
});

describe('LedgerLists, folding the log', () => {
  let lists: LedgerLists;
  let head: number;

  beforeAll(async () => {
    const store = await storeWith(listsHistory());
    head = await store.headPosition();
    lists = new LedgerLists({ store, pageSize: 16, minPositionWaitMs: 20, pollMs: 5 });
  });

  const agreementIds = async (role: string, org: string | null, request = {}) =>
    (await lists.agreements(as(role, org), { limit: 1000, ...request })).agreements.map(
      (a) => a.agreementId,
    );

  it('lists to each role the agreements its read rule allows, by financial year then id', async () => {
    const all = ['slp-2024-25', 'kent-2025-26', 'nel-2025-26', 'slp-2025-26', 'nel-2026-27'];
    expect(await agreementIds('reviewer', null)).toEqual(all);
    expect(await agreementIds('admin', null)).toEqual(all);
    expect(await agreementIds('commissioner-finance', '13R')).toEqual([
      'slp-2024-25',
      'kent-2025-26',
      'slp-2025-26',
    ]);
    // RV5 leads the SLP agreements and is a partner to NEL's 2025/26.
    expect(await agreementIds('lead-provider-finance', 'RV5')).toEqual([
      'slp-2024-25',
      'nel-2025-26',
      'slp-2025-26',
    ]);
    expect(await agreementIds('case-manager', 'RQY')).toEqual(['slp-2025-26']);
    expect(await agreementIds('analyst', '14A')).toEqual(['nel-2025-26', 'nel-2026-27']);
    expect(await agreementIds('case-manager', 'NVC01')).toEqual([]);
    expect(await agreementIds('analyst', null)).toEqual([]);
  });

  it('lists the cases under the agreements in scope, filtered', async () => {
    const mine = await lists.cases(as('case-manager', 'RAT'), { limit: 1000 });
    expect(new Set(mine.cases.map((c) => c.agreementId))).toEqual(
      new Set(['nel-2025-26', 'nel-2026-27']),
    );
    expect(mine.cases).toHaveLength(14);
    expect(mine.knownAt).toBe(head);
    const discharged = await lists.cases(as('reviewer', null), { status: 'discharged' });
    expect(discharged.cases).toHaveLength(LIST_AGREEMENTS.length);
    expect(discharged.cases.every((c) => c.currentPlacement === null)).toBe(true);
    const home = await lists.cases(as('reviewer', null), {
      agreementId: 'slp-2025-26',
      setting: 'in-area',
    });
    // The repatriated case shows its in-area bed's latest rate (December's, not the back-dated
    // October one recorded after it); the other was placed in area from the start.
    expect(home.cases.map((c) => c.currentPlacement)).toEqual([
      expect.objectContaining({
        providerCode: 'RPG',
        dailyRate: '475.00',
        dailyRateFrom: '2025-12-01',
      }),
      expect.objectContaining({ providerCode: 'RV5', dailyRate: '602.50' }),
    ]);
  });

  it('pages with a cursor until the last page, which has none', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await lists.cases(as('reviewer', null), { limit: 4, after });
      seen.push(...page.cases.map((c) => c.caseId));
      after = page.nextCursor ?? undefined;
      pages += 1;
      if (page.nextCursor !== null) expect(page.cases).toHaveLength(4);
    } while (after !== undefined);
    const whole = (await lists.cases(as('reviewer', null), { limit: 1000 })).cases;
    expect(seen).toEqual(whole.map((c) => c.caseId));
    expect(new Set(seen).size).toBe(35);
    expect(pages).toBe(9);
    const exact = await lists.agreements(as('reviewer', null), { limit: 5 });
    expect(exact.agreements).toHaveLength(5);
    expect(exact.nextCursor).toBeNull();
  });

  it('refuses a bad cursor or page size, a role that may not read, and waits for minPosition', async () => {
    await expect(
      lists.cases(as('reviewer', null), { after: '2025-26:case-1' }),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED', field: 'after' });
    await expect(lists.cases(as('reviewer', null), { limit: 1001 })).rejects.toMatchObject({
      field: 'limit',
    });
    await expect(lists.agreements(as('superuser', null), {})).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
    await expect(
      lists.agreements(as('reviewer', null), { minPosition: head + 1 }),
    ).rejects.toMatchObject({ code: 'READ.LOG_BEHIND', minPosition: head + 1 });
    const atHead = await lists.agreements(as('reviewer', null), { minPosition: head });
    expect(atHead.knownAt).toBe(head);
  });
});
