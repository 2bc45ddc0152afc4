/**
 * The organisation register on the public topics: an `OrganisationNamed` event becomes one
 * integration event on ledger.events.v1, keyed by its stream `organisation-<odsCode>`, whose data
 * the topic's schema checks (code, name, effectiveFrom); it moves no balance and no figure.
 */
import type { RecordedEvent } from '@ledger/event-store';
import { MessageValidator } from '../validation/message-validator';
import { LedgerMessages } from './ledger-messages';

const named = (position: number, data: Record<string, unknown>): RecordedEvent => ({
  eventId: `00000000-0000-4000-8000-00000000000${position}`,
  streamId: 'organisation-RPG',
  revision: position - 1,
  position,
  type: 'OrganisationNamed',
  data,
  metadata: {
    schemaVersion: 1,
    actor: { subject: 'alice', role: 'commissioner-finance', organisationCode: '13R' },
    correlationId: 'corr-1',
    causationId: 'req-1',
    idempotencyKey: null,
  },
  recordedAt: '2025-10-15T10:00:00.000Z',
});

const validator = new MessageValidator();

describe('OrganisationNamed on the public topics', () => {
  const messages = new LedgerMessages().messagesFor([
    named(1, { odsCode: 'RPG', name: 'Oxleas NHS Foundation Trust', effectiveFrom: '2025-04-01' }),
    named(2, { odsCode: 'RPG', name: 'Oxleas and Bexley NHS FT', effectiveFrom: '2025-09-01' }),
  ]);

  it('publishes one valid integration event per naming, keyed by the organisation’s stream, and nothing else', () => {
    expect(messages.map((m) => [m.topic, m.key, m.value.eventType])).toEqual([
      ['ledger.events.v1', 'organisation-RPG', 'OrganisationNamed'],
      ['ledger.events.v1', 'organisation-RPG', 'OrganisationNamed'],
    ]);
    for (const m of messages) expect(validator.check(m.topic, m.key, m.value).valid).toBe(true);
    expect(messages[1].value).toMatchObject({
      schemaVersion: 1,
      streamId: 'organisation-RPG',
      actor: { role: 'commissioner-finance', organisationCode: '13R' },
      data: { odsCode: 'RPG', name: 'Oxleas and Bexley NHS FT', effectiveFrom: '2025-09-01' },
    });
  });

  it.each([
    ['a lowercase code', { odsCode: 'rpg' }],
    ['an empty name', { name: '' }],
    ['a date not written YYYY-MM-DD', { effectiveFrom: '01/04/2025' }],
    ['a field it does not have', { note: 'x' }],
  ])('refuses a naming whose data has %s', (_what, change) => {
    const broken = {
      ...messages[0].value,
      data: { ...(messages[0].value.data as object), ...change },
    };
    expect(validator.check('ledger.events.v1', messages[0].key, broken).valid).toBe(false);
  });
});
