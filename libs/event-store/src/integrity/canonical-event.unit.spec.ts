import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '../event-store.port';
import { canonicalEventJson, eventHash } from './canonical-event';

/**
 * The worked example of docs/integrity.md, written out by hand. If the code's canonical form
 * ever changes, these literals stop matching and the documentation has to be changed with it.
 */
const PREVIOUS_HASH = '8416bdcc8f087ac33b627bd0352823e9dd7df57010665621f4260f078bc1fd05';
const EVENT: RecordedEvent = {
  streamId: 'case-0001',
  revision: 3,
  position: 42,
  eventId: '8f6d1c2e-4b7a-4e0f-9a53-2d1e6b9c0a11',
  type: 'PlacementRateChanged',
  data: {
    placementId: 'pl-1',
    effectiveDate: '2025-06-01',
    dailyRate: '685.50',
    note: 'Step-down: £685.50 a night, "agreed"',
  },
  metadata: {
    schemaVersion: 1,
    actor: { subject: 'carol', role: 'case-manager', organisationCode: 'RV5' },
    correlationId: 'corr-7',
    causationId: 'req-7',
    idempotencyKey: null,
    hashChain: {
      algorithm: 'sha256',
      previousHash: PREVIOUS_HASH,
      hash: 'c4a1dafe98567ab5516f0c487059066738986a841d3396c8c459b6e50a7ed136',
    },
  },
  recordedAt: '2025-06-02T10:15:00.000Z',
};
const CANONICAL =
  '{"data":{"dailyRate":"685.50","effectiveDate":"2025-06-01","note":"Step-down: £685.50 a night, \\"agreed\\"","placementId":"pl-1"},' +
  '"eventId":"8f6d1c2e-4b7a-4e0f-9a53-2d1e6b9c0a11",' +
  '"metadata":{"actor":{"organisationCode":"RV5","role":"case-manager","subject":"carol"},"causationId":"req-7","correlationId":"corr-7","idempotencyKey":null,"schemaVersion":1},' +
  '"position":42,' +
  '"previousHash":"8416bdcc8f087ac33b627bd0352823e9dd7df57010665621f4260f078bc1fd05",' +
  '"recordedAt":"2025-06-02T10:15:00.000Z","revision":3,"streamId":"case-0001","type":"PlacementRateChanged"}';
const HASH = 'c4a1dafe98567ab5516f0c487059066738986a841d3396c8c459b6e50a7ed136';

describe('the canonical form of an event', () => {
  it('is the documented JSON text, and its SHA-256 is the recorded hash', () => {
    // Proves code and documentation agree: the canonical text written out by hand equals the code's, and hashing that literal text gives the event's hash.
    expect(canonicalEventJson(EVENT, PREVIOUS_HASH)).toBe(CANONICAL);
    expect(createHash('sha256').update(Buffer.from(CANONICAL, 'utf8')).digest('hex')).toBe(HASH);
    expect(eventHash(EVENT, PREVIOUS_HASH)).toBe(HASH);
    expect(EVENT.metadata.hashChain?.hash).toBe(HASH);
  });

  it('is the example docs/integrity.md shows, with the same hash', () => {
    // Proves the reader's worked example cannot drift: the page quotes this exact text and hash.
    const page = readFileSync(join(__dirname, '../../../../docs/integrity.md'), 'utf8');
    expect(page).toContain(CANONICAL);
    expect(page).toContain(HASH);
    expect(page).toContain(PREVIOUS_HASH);
  });

  it('leaves out the hashChain itself, so a link does not hash itself', () => {
    // Proves metadata.hashChain is excluded: the same event without it has the same canonical text.
    const metadata = { ...EVENT.metadata };
    delete metadata.hashChain;
    expect(canonicalEventJson({ ...EVENT, metadata }, PREVIOUS_HASH)).toBe(CANONICAL);
  });

  it('changes with any recorded fact: the amount, the position, the previous hash, the time', () => {
    // Proves every member is covered: a penny, a position, a link or a millisecond each give another hash.
    const variants: RecordedEvent[] = [
      { ...EVENT, data: { ...EVENT.data, dailyRate: '685.51' } },
      { ...EVENT, position: 43 },
      { ...EVENT, revision: 4 },
      { ...EVENT, streamId: 'case-0002' },
      { ...EVENT, recordedAt: '2025-06-02T10:15:00.001Z' },
      { ...EVENT, metadata: { ...EVENT.metadata, causationId: 'req-8' } },
    ];
    for (const variant of variants) expect(eventHash(variant, PREVIOUS_HASH)).not.toBe(HASH);
    expect(eventHash(EVENT, null)).not.toBe(HASH);
  });
});

describe('a stored event under the one canonical JSON', () => {
  it('keeps the hash it was stored with, whatever the appender left undefined', () => {
    // Proves the undefined rule cannot move a stored hash: the store keeps JSON.stringify text, and both the appended value and the stored one hash to the worked example's hash.
    const appended = {
      ...EVENT,
      data: { ...EVENT.data, reason: undefined },
      metadata: { ...EVENT.metadata, note: undefined },
    };
    expect(eventHash(appended, PREVIOUS_HASH)).toBe(HASH);
    const stored = JSON.parse(JSON.stringify(appended)) as RecordedEvent;
    expect(canonicalEventJson(stored, PREVIOUS_HASH)).toBe(CANONICAL);
  });
});
