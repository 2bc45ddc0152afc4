import { AGREEMENT_EVENT_VERSIONS } from '../agreement/agreement.events';
import { CASE_EVENT_VERSIONS } from '../case/case.events';
import { ORGANISATION_EVENT_VERSIONS } from '../organisation/organisation.events';

/**
 * Upcasting (docs/events.md): an event is stored once, in the shape of its schema version at
 * the time, and never rewritten (the hash chain covers it). Readers see every event in the
 * current shape: each upcaster turns version n's data into version n + 1's, and they run in
 * turn, between the store and whatever folds or projects the event. Every upcaster has a test
 * (upcast-event.unit.spec.ts).
 */
type Data = Record<string, unknown>;
type Upcaster = (data: Data) => Data;

/** Per event type, the upcaster from each old version to the next. */
const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  // v2 added the chain link: a version 1 agreement starts its own chain.
  AgreementCreated: {
    1: (data) => ({ ...data, predecessorAgreementId: null }),
  },
  // v2 added the prior-year adjustments a close posts for earlier agreements of its chain: a
  // version 1 close posted none. (A close stored before prior-period adjustments existed, in
  // development stores only, posted none of those either.)
  PeriodClosed: {
    1: (data) => ({
      ...data,
      priorPeriodAdjustments: data.priorPeriodAdjustments ?? { costs: [], savings: [] },
      priorYearAdjustments: { costs: [], savings: [] },
    }),
  },
};

/** The schema version events of this type are written at now; 1 for a type no one knows. */
export function currentSchemaVersion(type: string): number {
  const versions: Record<string, number> = {
    ...AGREEMENT_EVENT_VERSIONS,
    ...CASE_EVENT_VERSIONS,
    ...ORGANISATION_EVENT_VERSIONS,
  };
  return Object.hasOwn(versions, type) ? versions[type] : 1;
}

/**
 * The event's data in the current shape of its type. `schemaVersion` is the one stored in the
 * event's metadata (absent: 1). Data already current is returned as it is (the same object);
 * an upcast copies, never mutates. A version newer than this code knows is returned as it is:
 * an older process reading a newer log is a deployment fault the folds cannot repair.
 */
export function upcastEventData(type: string, schemaVersion: number | undefined, data: Data): Data {
  const upcasters = Object.hasOwn(UPCASTERS, type) ? UPCASTERS[type] : undefined;
  if (upcasters === undefined) return data;
  const target = currentSchemaVersion(type);
  let version = typeof schemaVersion === 'number' && schemaVersion >= 1 ? schemaVersion : 1;
  let upcast = data;
  while (version < target) {
    const step = Object.hasOwn(upcasters, version) ? upcasters[version] : undefined;
    if (step === undefined) {
      throw new Error(`No upcaster for ${type} from version ${version} to ${version + 1}`);
    }
    upcast = step(upcast);
    version += 1;
  }
  return upcast;
}

/** The same, for an event as the store returns it (`{ type, data, metadata.schemaVersion }`). */
export function upcastEvent<Event extends { type: string; data: unknown }>(recorded: {
  type: string;
  data: Data;
  metadata?: { schemaVersion?: number };
}): Event {
  const data = upcastEventData(recorded.type, recorded.metadata?.schemaVersion, recorded.data);
  return { type: recorded.type, data } as unknown as Event;
}
