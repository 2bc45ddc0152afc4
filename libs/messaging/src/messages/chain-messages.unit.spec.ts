/**
 * Chains of agreements on the public topics: the worked example's log (a carry-forward, a
 * successor's link, prior-year adjustments) becomes integration events whose data the events
 * topic's schema checks per type and version, and balance messages for the new accounts, the
 * last per key summing to 0.00 per agreement.
 */
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
});
