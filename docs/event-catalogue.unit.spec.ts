/**
 * Keeps docs/events.md true: every event type the domain can record must be listed there with
 * its current schema version, and nothing may be listed that the domain no longer records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGREEMENT_EVENT_VERSIONS,
  CASE_EVENT_VERSIONS,
  ORGANISATION_EVENT_VERSIONS,
} from '@ledger/domain';

const catalogue = readFileSync(join(__dirname, 'events.md'), 'utf8');
const documented = new Map(
  [...catalogue.matchAll(/^\| `([A-Z][A-Za-z]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]),
);
const inCode = {
  ...AGREEMENT_EVENT_VERSIONS,
  ...CASE_EVENT_VERSIONS,
  ...ORGANISATION_EVENT_VERSIONS,
};

describe('docs/events.md', () => {
  it.each(Object.entries(inCode))('lists %s at version %i', (type, version) => {
    expect(documented.get(type)).toBe(version);
  });

  it('lists no event the domain does not record', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(inCode).sort());
  });
});
