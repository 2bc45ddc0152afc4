/**
 * The messages the relay publishes for a small hand-made log (the South London Partnership
 * history of libs/read-model/src/testing), with every figure worked by hand. Proves the
 * integration event carries no person, balances come after each event, savings and OAP
 * figures are stated at the UK date of the agreement's last event and sent only when they
 * change, and a relay resuming with `skip` sends what a relay that never stopped would.
 */
import { slpHistory, SLP } from '@ledger/read-model/testing/slp-history';
import { MessageValidator } from '../validation/message-validator';
import { LedgerMessages } from './ledger-messages';
import type { OutboundMessage } from './outbound-message';

const log = slpHistory();
const onTopic = (messages: OutboundMessage[], topic: string) =>
  messages.filter((m) => m.topic === topic);
const byKey = (messages: OutboundMessage[]) =>
  Object.fromEntries(messages.map((m) => [m.key, m.value]));

describe('LedgerMessages', () => {
  it('publishes the agreement and its allocation with the balances after it', () => {
    const messages = new LedgerMessages().messagesFor(log.events.slice(0, 2));
    const events = onTopic(messages, 'ledger.events.v1');
    expect(events.map((m) => [m.key, m.value.eventType, m.value.position])).toEqual([
      [`agreement-${SLP}`, 'AgreementCreated', 1],
      [`agreement-${SLP}`, 'BudgetAllocated', 2],
    ]);
    // The actor goes out by role and organisation only: no subject, no idempotency key.
    expect(events[0].value.actor).toEqual({
      role: 'lead-provider-finance',
      organisationCode: 'RV5',
    });
    expect(JSON.stringify(events)).not.toContain('finance-lead');
    expect(events[1].headers).toEqual({
      'event-id': log.events[1].eventId,
      'event-type': 'BudgetAllocated',
      'schema-version': '1',
      'correlation-id': 'correlation-2',
      position: '2',
    });
    // £65,000,000.00 phased in 12 postings (11 × 5,416,666.66 + 5,416,666.74): one balance
    // message per account for the event, with the total after it.
    expect(byKey(onTopic(messages, 'ledger.balances.v1'))).toEqual({
      [`${SLP}|commissioner`]: expect.objectContaining({ balance: '-65000000.00', position: 2 }),
      [`${SLP}|budget:adult-medium-secure`]: expect.objectContaining({
        balance: '65000000.00',
        position: 2,
      }),
    });
  });

  it('states OAP and savings figures at the UK date of the agreement’s last event', () => {
    const messages = new LedgerMessages().messagesFor(log.events.slice(0, 5));
    // Position 5 is April's close, recorded 2025-05-02. April: case A out of area at NVC01
    // from 10 April, 182.0 km from home: nights 10–30 April = 21 × 685.50 = 14,395.50;
    // 182.0 km / 1.609344 = 113.09 miles, shown as 113.1.
    const metrics = byKey(onTopic(messages, 'ledger.oap-metrics.v1'));
    expect(metrics[`${SLP}|2025-04`]).toMatchObject({
      asOf: '2025-05-02',
      position: 5,
      complete: true,
      activeAtPeriodEnd: 1,
      started: 1,
      ended: 0,
      bedDays: 21,
      cost: '14395.50',
      meanDistanceKm: '182.0',
      meanDistanceMiles: '113.1',
    });
    // May runs to 2 May: nights of 1 and 2 May, 2 × 685.50 = 1,371.00.
    expect(metrics[`${SLP}|2025-05`]).toMatchObject({
      complete: false,
      bedDays: 2,
      cost: '1371.00',
    });
    // No repatriation yet: April's savings are posted, and nothing.
    expect(byKey(onTopic(messages, 'ledger.savings.v1'))[`${SLP}|2025-04`]).toMatchObject({
      status: 'posted',
      amount: '0.00',
      pendingAdjustment: '0.00',
    });
    // The April close moved 14,395.50 from the budget line to NVC01's spend account.
    expect(byKey(onTopic(messages, 'ledger.balances.v1'))).toMatchObject({
      [`${SLP}|budget:adult-medium-secure`]: { balance: '64985604.50', position: 5 },
      [`${SLP}|spend:adult-medium-secure:out-of-area:NVC01`]: { balance: '14395.50', position: 5 },
    });
  });

  it('sends a period’s figures again only when they change', () => {
    const messages = new LedgerMessages();
    messages.messagesFor(log.events.slice(0, 5));
    // Position 6: case B referred on 19 May. April's figures stand; May's moved on to 19 May.
    const next = messages.messagesFor(log.events.slice(5, 6));
    const periods = onTopic(next, 'ledger.oap-metrics.v1').map((m) => m.key);
    expect(periods).toEqual([`${SLP}|2025-05`]);
    expect(next[next.length - 1].value).toMatchObject({ asOf: '2025-05-19', bedDays: 19 });
  });

  it('after skip, sends the same events and balances as a relay that never stopped', () => {
    const whole = new LedgerMessages();
    whole.messagesFor(log.events.slice(0, 6));
    const expected = whole.messagesFor(log.events.slice(6));
    const resumed = new LedgerMessages();
    resumed.skip(log.events.slice(0, 6));
    const actual = resumed.messagesFor(log.events.slice(6));
    const stable = (messages: OutboundMessage[]) =>
      messages.filter((m) => m.topic === 'ledger.events.v1' || m.topic === 'ledger.balances.v1');
    expect(stable(actual)).toEqual(stable(expected));
    expect(resumed.position).toBe(log.head);
  });

  it('gives messages that satisfy their topics’ schemas', () => {
    const validator = new MessageValidator();
    for (const message of new LedgerMessages().messagesFor(log.events)) {
      expect(validator.check(message.topic, message.key, message.value)).toEqual({
        valid: true,
        errors: [],
      });
    }
  });
});

describe('MessageValidator', () => {
  const validator = new MessageValidator();
  const balance = {
    agreementId: SLP,
    account: 'savings:retained',
    balance: '3930.00',
    position: 12,
    eventId: 'e-12',
    recordedAt: '2025-08-02T09:00:00.000Z',
  };

  it('accepts a balance as the relay writes it', () => {
    expect(validator.check('ledger.balances.v1', `${SLP}|savings:retained`, balance).valid).toBe(
      true,
    );
  });

  it.each([
    ['money as a JSON number', { ...balance, balance: 3930 }, '/balance must be string'],
    ['three decimal places', { ...balance, balance: '3930.001' }, '/balance must match pattern'],
    [
      'a missing field',
      { ...balance, position: undefined },
      "must have required property 'position'",
    ],
    ['an unknown field', { ...balance, pence: '393000' }, 'must NOT have additional properties'],
  ])('refuses %s, naming it', (_what, value, error) => {
    const check = validator.check('ledger.balances.v1', `${SLP}|savings:retained`, value);
    expect(check.valid).toBe(false);
    expect(check.errors.join('; ')).toContain(error);
  });

  it('refuses a key that does not follow the topic’s key format', () => {
    expect(validator.check('ledger.balances.v1', SLP, balance).errors).toEqual([
      expect.stringContaining('key "slp-adult-secure-2025-26" does not match'),
    ]);
  });
});
