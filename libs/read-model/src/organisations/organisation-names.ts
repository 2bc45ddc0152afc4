import {
  isOdsCode,
  nameInForceOn,
  ORGANISATION_EVENT_VERSIONS,
  upcastEvent,
  type CalendarDate,
  type OrganisationEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projection/projection';

/**
 * The organisation register on the read side (docs/architecture.md, "Organisation names"):
 * every naming with the log position it was recorded at, so a name can be asked for on any
 * business date (`effectiveFrom` ≤ asOf) as known at any knowledge point (position ≤ knownAt).
 * The same rows come from the SQL read model (`organisation_names`) and from a fold of the log.
 */

const ORGANISATION_TYPES: ReadonlySet<string> = new Set(Object.keys(ORGANISATION_EVENT_VERSIONS));

/** The organisation event a recorded event holds, or null for any other event. */
export function organisationEventOf(event: RecordedEvent): OrganisationEvent | null {
  if (!ORGANISATION_TYPES.has(event.type)) return null;
  return upcastEvent<OrganisationEvent>(event);
}

/** One naming: a row of `organisation_names`. */
export interface OrganisationNamingRow {
  odsCode: string;
  /** The log position it was recorded at: what a knowledge point compares. */
  position: number;
  eventId: string;
  name: string;
  effectiveFrom: CalendarDate;
  recordedAt: string;
}

/** The naming a recorded event makes, or null for any other event. */
export function organisationNamingOf(event: RecordedEvent): OrganisationNamingRow | null {
  const named = organisationEventOf(event);
  if (named?.type !== 'OrganisationNamed') return null;
  return {
    odsCode: named.data.odsCode,
    position: event.position,
    eventId: event.eventId,
    name: named.data.name,
    effectiveFrom: named.data.effectiveFrom,
    recordedAt: event.recordedAt,
  };
}

/** An organisation a report or list mentions, with the name in force then (null: none known). */
export interface OrganisationName {
  odsCode: string;
  name: string | null;
}

/**
 * The name in force on `asOf` for each code, as known at log position `knownAt`: of the namings
 * recorded by then, the one with the latest `effectiveFrom` on or before `asOf`, the latest
 * recorded among equals. `rows` in any order; the answer in the order of `odsCodes`. A code
 * with no naming gets `name: null`, never a refusal.
 */
export function namesInForce(
  rows: readonly OrganisationNamingRow[],
  odsCodes: readonly string[],
  asOf: CalendarDate,
  knownAt: number,
): OrganisationName[] {
  const byCode = namingsByCode(rows.filter((row) => row.position <= knownAt));
  return odsCodes.map((odsCode) => ({
    odsCode,
    name: nameInForceOn(byCode.get(odsCode) ?? [], asOf),
  }));
}

/** Rows grouped by code, each group in the order recorded (by position). */
export function namingsByCode(
  rows: readonly OrganisationNamingRow[],
): Map<string, OrganisationNamingRow[]> {
  const byCode = new Map<string, OrganisationNamingRow[]>();
  for (const row of [...rows].sort((a, b) => a.position - b.position)) {
    const group = byCode.get(row.odsCode);
    if (group) group.push(row);
    else byCode.set(row.odsCode, [row]);
  }
  return byCode;
}

// ---------------------------------------------------------------------------------------------
// The register, folded from the log (where no SQL read model is kept, and for knowledge time)

export interface OrganisationRegisterState {
  /** The position of the last event folded. */
  position: number;
  /** Every naming, by code, in the order recorded. */
  namings: ReadonlyMap<string, readonly OrganisationNamingRow[]>;
}

export const organisationRegisterProjection: Projection<OrganisationRegisterState> = {
  initial: () => ({ position: 0, namings: new Map() }),
  apply(state, event) {
    const naming = organisationNamingOf(event);
    if (naming === null) return { position: event.position, namings: state.namings };
    const namings = new Map(state.namings);
    namings.set(naming.odsCode, [...(namings.get(naming.odsCode) ?? []), naming]);
    return { position: event.position, namings };
  },
};

/** Every naming of the organisations with these codes, in the order recorded. */
export function registerNamings(
  state: OrganisationRegisterState,
  odsCodes: readonly string[],
): OrganisationNamingRow[] {
  return [...new Set(odsCodes)]
    .flatMap((odsCode) => state.namings.get(odsCode) ?? [])
    .sort((a, b) => a.position - b.position);
}

// ---------------------------------------------------------------------------------------------
// The register as a list: organisations in code order, a page at a time

/** A page of the register asked for: the codes after `after`, at most `limit` of them. */
export interface OrganisationRegisterQuery {
  after: string | null;
  limit: number;
}

/** The cursor of the register: the last code shown; RangeError for anything else. */
export function parseOrganisationCursor(text: string): string {
  if (!isOdsCode(text)) {
    throw new RangeError('must be the nextCursor of the previous page: an ODS code, e.g. RV5');
  }
  return text;
}

/**
 * The namings of the first `limit` organisations after the cursor, in code order (code-point,
 * as the SQL reads it), each organisation's in the order recorded: what the SQL read model's
 * `organisationRegister` returns, from the fold.
 */
export function selectRegister(
  state: OrganisationRegisterState,
  query: OrganisationRegisterQuery,
): OrganisationNamingRow[] {
  const codes = [...state.namings.keys()]
    .filter((code) => query.after === null || code > query.after)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, query.limit);
  return codes.flatMap((code) => state.namings.get(code) ?? []);
}

/** One organisation of the register, on a business date. */
export interface OrganisationRegisterItem {
  odsCode: string;
  /** The name in force on the date; null when none is in force yet (only later ones). */
  name: string | null;
  /** The `effectiveFrom` of that name, or null. */
  nameFrom: CalendarDate | null;
}

/** The register's rows (namings of several codes, each in order recorded) as its items. */
export function registerItems(
  rows: readonly OrganisationNamingRow[],
  asOf: CalendarDate,
): OrganisationRegisterItem[] {
  return [...namingsByCode(rows)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([odsCode, namings]) => {
      const found = inForce(namings, asOf);
      return { odsCode, name: found?.name ?? null, nameFrom: found?.effectiveFrom ?? null };
    });
}

/** The naming in force on `asOf` (the same rule as the domain's `nameInForceOn`). */
function inForce(
  namings: readonly OrganisationNamingRow[],
  asOf: CalendarDate,
): OrganisationNamingRow | null {
  let found: OrganisationNamingRow | null = null;
  for (const naming of namings) {
    if (naming.effectiveFrom > asOf) continue;
    if (found === null || naming.effectiveFrom >= found.effectiveFrom) found = naming;
  }
  return found;
}
