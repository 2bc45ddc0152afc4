/**
 * Chains of agreements on the public topics: the worked example's log (a carry-forward, a
 * successor's link, prior-year adjustments) becomes integration events whose data the events
 * topic's schema checks per type and version, and balance messages for the new accounts, the
 * last per key summing to 0.00 per agreement. Savings figures follow the chain: a case's fact
 * restates every agreement of its chain, and a close's prior-year adjustments the agreement
 * they belong to.
 */
import { budgetProjection, foldEvents, savingsReport } from '@ledger/read-model';
import { CHAIN_A, CHAIN_B, chainHistory } from '@ledger/read-model/testing/chain-history';
import { MessageValidator } from '../validation/message-validator';
import { LedgerMessages } from './ledger-messages';

const log = chainHistory();
const messages = new LedgerMessages().messagesFor(log.events);
const validator = new MessageValidator();

describe('a chain of agreements on the public topics', () => {
  it('publishes every message valid against its topic schema', () => {
    const invalid = messages
      .map((m) => ({ topic: m.topic, key: m.key, check: validator.check(m.topic, m.key, m.value) }))
      .filter(({ check }) => !check.valid);
    expect(invalid).toEqual([]);
  });

  it('publishes the new events, in the stored shape, with their versions', () => {
    const events = messages.filter((m) => m.topic === 'ledger.events.v1');
    const types = events.map((m) => [m.value.eventType, m.value.schemaVersion]);
    expect(types).toEqual(
      expect.arrayContaining([
        ['AgreementCreated', 2],
        ['SuccessorAgreementCreated', 1],
        ['SavingsCarriedForward', 1],
        ['SavingsBroughtForward', 1],
        ['PeriodClosed', 2],
      ]),
    );
  });

  it('sends the carry-forward accounts’ balances, and each agreement’s last balances sum to zero', () => {
    const latest = new Map<string, { agreementId: string; balance: string }>();
    for (const m of messages.filter((m) => m.topic === 'ledger.balances.v1')) {
      latest.set(m.key, m.value as { agreementId: string; balance: string });
    }
    expect(latest.get(`${CHAIN_A}|carried-forward`)?.balance).toBe('45500.00');
    expect(latest.get(`${CHAIN_B}|brought-forward`)?.balance).toBe('-45500.00');
    expect(latest.get(`${CHAIN_B}|savings:retained`)?.balance).toBe('42750.00');
    for (const agreementId of [CHAIN_A, CHAIN_B]) {
      const pence = [...latest.values()]
        .filter((v) => v.agreementId === agreementId)
        .reduce((sum, v) => sum + BigInt(v.balance.replace('.', '')), 0n);
      expect(pence).toBe(0n);
    }
  });

  it('refuses a carry-forward whose data breaks its schema', () => {
    const carried = messages.find((m) => m.value.eventType === 'SavingsCarriedForward')!;
    const broken = {
      ...carried.value,
      data: { ...(carried.value.data as object), amount: 45500 },
    };
    const check = validator.check('ledger.events.v1', carried.key, broken);
    expect(check.valid).toBe(false);
    expect(check.errors.join('\n')).toContain('/data/amount');
  });

  it("restates B's figures on a fact of A's case, and A's pending adjustment once B posts it", () => {
    // One event per batch, as a relay reading the log as it is written might.
    const relay = new LedgerMessages();
    const sent = log.events.map((event) => relay.messagesFor([event]));
    const savingsOf = (batch: number, key: string) =>
      sent[batch - 1].find((m) => m.topic === 'ledger.savings.v1' && m.key === key)?.value;
    // 18: B created on 2018-04-12; its April so far, 1–12 April in area: 12 × 250.00 saved.
    expect(savingsOf(18, `${CHAIN_B}|2018-04`)).toMatchObject({
      asOf: '2018-04-12',
      status: 'provisional',
      amount: '3000.00',
    });
    // 19: the discharge dated 2018-03-21, an event of A's case, recorded 2018-04-20: B's April
    // has no night left, and A's March 11 × 250.00 = 2,750.00 fewer, pending.
    expect(savingsOf(19, `${CHAIN_B}|2018-04`)).toMatchObject({
      asOf: '2018-04-20',
      amount: '0.00',
    });
    expect(savingsOf(19, `${CHAIN_A}|2018-03`)).toMatchObject({ pendingAdjustment: '-2750.00' });
    // 22: B's M01 close posts it as a prior-year adjustment: A's March no longer has it pending.
    expect(savingsOf(22, `${CHAIN_A}|2018-03`)).toMatchObject({
      position: 22,
      amount: '7750.00',
      pendingAdjustment: '0.00',
    });
    const state = foldEvents(budgetProjection, log.events);
    const march = savingsReport(state, { agreementId: CHAIN_A, asOf: '2018-05-02' })!.byPeriod[11];
    expect(march).toMatchObject({ amount: '7750.00', pendingAdjustment: '0.00' });
  });
});
