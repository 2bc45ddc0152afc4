/**
 * A case belongs to the whole chain of the agreement it was registered under (domain.md,
 * "Years: chains of agreements"): a case fact is authorised against the agreement whose year
 * holds the fact's date, or the chain's last agreement for a date beyond it; and a close finds
 * the cases of every agreement of the chain.
 */
import type { CaseCommand } from '@ledger/domain';
import { InMemoryEventStore } from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import { caseIdsOfChain, LogScanCaseIndex } from '../period-close/agreement-case-index';
import { fixedClock } from '../shared/clock';
import {
  A_ID,
  B_ID,
  chainCommissioner,
  CHAIN_CASE,
  createA,
  createB,
  outOfArea,
  referral,
} from '../testing/chain-fixtures';
import { caseManager, requestBy } from '../testing/command-fixtures';
import { readChainOf } from './read-chain';

/** RQY is a partner of A (2017/18) only: B (2018/19) drops it. */
const rqyCaseManager = { subject: 'dave', role: 'case-manager', organisationCode: 'RQY' };

const rateChange = (effectiveDate: string): CaseCommand => ({
  type: 'ChangePlacementRate',
  data: { caseId: CHAIN_CASE, placementId: 'oap-1', dailyRate: '710.00', effectiveDate },
});

async function ledgerWith(...agreements: ReturnType<typeof createA>[]) {
  const store = new InMemoryEventStore();
  const ledger = new LedgerCommands({ store, clock: fixedClock('2018-06-15T09:00:00.000Z') });
  for (const create of agreements) await ledger.execute(create, requestBy(chainCommissioner));
  await ledger.execute(referral(), requestBy(caseManager));
  await ledger.execute(outOfArea(), requestBy(caseManager));
  return { store, ledger };
}

describe('case facts along the chain', () => {
  it('authorises a fact against the agreement whose year holds its date', async () => {
    const { ledger } = await ledgerWith(createA(), createB());
    // 2018-02-01 is in A's year, where RQY is a partner.
    await expect(
      ledger.execute(rateChange('2018-02-01'), requestBy(rqyCaseManager)),
    ).resolves.toBeDefined();
    // 2018-05-01 is in B's year, where RQY is not: out of scope, though the case is A's.
    await expect(
      ledger.execute(rateChange('2018-05-01'), requestBy(rqyCaseManager)),
    ).rejects.toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
    await expect(
      ledger.execute(rateChange('2018-05-01'), requestBy(caseManager)),
    ).resolves.toBeDefined();
  });

  it('authorises a fact beyond the chain against its last agreement', async () => {
    const { ledger } = await ledgerWith(createA());
    // No agreement holds 2018-05-01 yet: A, the last, answers for it.
    await expect(
      ledger.execute(rateChange('2018-05-01'), requestBy(rqyCaseManager)),
    ).resolves.toBeDefined();
  });

  it('reads the chain from any of its agreements, oldest first', async () => {
    const { store } = await ledgerWith(createA(), createB());
    for (const from of [A_ID, B_ID]) {
      const read = await readChainOf(store, from);
      expect(read?.chain.agreements.map((t) => t.agreementId)).toEqual([A_ID, B_ID]);
      expect(read?.closed).toEqual(
        new Map([
          [A_ID, []],
          [B_ID, []],
        ]),
      );
    }
    expect(await readChainOf(store, 'nowhere')).toBeNull();
  });

  it('lists the cases of every agreement of the chain for a close', async () => {
    const { store, ledger } = await ledgerWith(createA(), createB());
    const underB = referral('case-b', B_ID);
    await ledger.execute(underB, requestBy(caseManager));
    const index = new LogScanCaseIndex(store);
    expect(await caseIdsOfChain(index, [A_ID, B_ID])).toEqual([CHAIN_CASE, 'case-b']);
    expect(await caseIdsOfChain(index, [B_ID])).toEqual(['case-b']);
  });
});
