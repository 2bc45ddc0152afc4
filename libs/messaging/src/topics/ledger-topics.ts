import {
  calendarDateSchema,
  financialYearSchema,
  moneySchema,
  periodSchema,
  positionSchema,
  timestampSchema,
  type JsonSchema,
} from './json-schema';

/**
 * A public Kafka topic: its name (with its major version), what its key is, how long the
 * broker keeps it, and the JSON Schema every message value satisfies. Analytics teams read
 * these contracts, never the ledger's stores; a breaking change is a new `.v2` topic.
 */
export interface TopicContract {
  readonly name: string;
  readonly description: string;
  /** What the message key holds, in words and as a pattern. */
  readonly key: string;
  readonly keyPattern: string;
  /** `compact`: the latest value per key is kept; `delete`: every message, for `retentionMs`. */
  readonly cleanupPolicy: 'compact' | 'delete';
  /** -1: kept for ever. */
  readonly retentionMs: number;
  readonly partitions: number;
  /** Headers every message carries. */
  readonly headers: readonly string[];
  readonly schema: JsonSchema;
}

const SCHEMA_BASE = 'https://oap-ledger.nhs.example/schemas';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

const actorSchema = {
  type: 'object',
  description: 'Who recorded the event: their role and organisation (never the person).',
  additionalProperties: false,
  required: ['role', 'organisationCode'],
  properties: {
    role: { type: 'string' },
    organisationCode: { type: ['string', 'null'] },
  },
} as const;

const ledgerIdSchema = { type: 'string', minLength: 1 } as const;

/** A cost or saving difference of a prior-year adjustment (PeriodClosed version 2). */
const priorYearFigureSchema = (kind: 'cost' | 'saving') =>
  ({
    type: 'object',
    required: [
      'belongsToAgreementId',
      'caseId',
      ...(kind === 'cost' ? ['placementId', 'setting', 'providerCode', 'bedDays'] : ['nights']),
      'serviceLine',
      'period',
      'amount',
    ],
    properties: {
      belongsToAgreementId: {
        ...ledgerIdSchema,
        description: 'The earlier agreement of the chain whose closed year the figure belongs to',
      },
      caseId: ledgerIdSchema,
      ...(kind === 'cost'
        ? {
            placementId: ledgerIdSchema,
            setting: { enum: ['in-area', 'out-of-area'] },
            providerCode: { type: 'string' },
            bedDays: { type: 'integer', description: 'A difference, possibly negative' },
          }
        : { nights: { type: 'integer', description: 'A difference, possibly negative' } }),
      serviceLine: { type: 'string' },
      period: { ...periodSchema, description: 'That agreement’s period' },
      amount: { ...moneySchema, description: 'GBP: a difference, possibly negative' },
    },
  }) as const;

/**
 * The data of the events chains of agreements added or changed (docs/events.md, docs/year-end.md),
 * checked for the type and schema version a message names; other events' data is an object.
 */
const CHAIN_EVENT_DATA: readonly { eventType: string; schemaVersion?: number; data: JsonSchema }[] =
  [
    {
      eventType: 'AgreementCreated',
      schemaVersion: 2,
      data: {
        type: 'object',
        required: ['agreementId', 'financialYear', 'predecessorAgreementId'],
        properties: {
          agreementId: ledgerIdSchema,
          financialYear: financialYearSchema,
          predecessorAgreementId: {
            type: ['string', 'null'],
            description: 'The agreement this one follows in its chain, or null',
          },
        },
      },
    },
    {
      eventType: 'SuccessorAgreementCreated',
      data: {
        type: 'object',
        additionalProperties: false,
        required: ['agreementId', 'successorAgreementId', 'successorFinancialYear'],
        properties: {
          agreementId: ledgerIdSchema,
          successorAgreementId: ledgerIdSchema,
          successorFinancialYear: financialYearSchema,
        },
      },
    },
    {
      eventType: 'PeriodClosed',
      schemaVersion: 2,
      data: {
        type: 'object',
        required: ['agreementId', 'period', 'priorYearAdjustments'],
        properties: {
          agreementId: ledgerIdSchema,
          period: periodSchema,
          priorYearAdjustments: {
            type: 'object',
            required: ['costs', 'savings'],
            properties: {
              costs: { type: 'array', items: priorYearFigureSchema('cost') },
              savings: { type: 'array', items: priorYearFigureSchema('saving') },
            },
          },
        },
      },
    },
    ...(['SavingsCarriedForward', 'SavingsBroughtForward'] as const).map((eventType) => ({
      eventType,
      data: {
        type: 'object',
        additionalProperties: false,
        required: [
          'agreementId',
          eventType === 'SavingsCarriedForward' ? 'successorAgreementId' : 'predecessorAgreementId',
          'amount',
          'period',
        ],
        properties: {
          agreementId: ledgerIdSchema,
          [eventType === 'SavingsCarriedForward'
            ? 'successorAgreementId'
            : 'predecessorAgreementId']: ledgerIdSchema,
          amount: {
            ...moneySchema,
            description: 'GBP: the whole retained balance carried, possibly negative or zero',
          },
          period: periodSchema,
        },
      },
    })),
  ];

/**
 * The data of the organisation register's events (docs/events.md), checked for the type and
 * schema version a message names, like the chains' above.
 */
const ORGANISATION_EVENT_DATA: readonly {
  eventType: string;
  schemaVersion?: number;
  data: JsonSchema;
}[] = [
  {
    eventType: 'OrganisationNamed',
    schemaVersion: 1,
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['odsCode', 'name', 'effectiveFrom'],
      properties: {
        odsCode: { type: 'string', pattern: '^[A-Z0-9]{3,6}$', description: 'The ODS code' },
        name: {
          type: 'string',
          minLength: 1,
          maxLength: 320,
          description: 'The name, trimmed: 1 to 160 characters (maxLength counts UTF-16 units)',
        },
        effectiveFrom: {
          ...calendarDateSchema,
          description: 'The first day the name is in force, until a naming with a later one',
        },
      },
    },
  },
];

export const LEDGER_EVENTS_TOPIC: TopicContract = {
  name: 'ledger.events.v1',
  description:
    'Every domain event of the ledger, in log order per stream, as a public integration event. ' +
    'Delivered exactly once to read_committed consumers; deduplicate by eventId otherwise.',
  key: 'the stream id: `agreement-<agreementId>`, `case-<caseId>` or `organisation-<odsCode>`',
  keyPattern: '^(agreement|case|organisation)-.+$',
  cleanupPolicy: 'delete',
  retentionMs: -1,
  partitions: 3,
  headers: ['event-id', 'event-type', 'schema-version', 'correlation-id', 'position'],
  schema: {
    $schema: DRAFT_07,
    $id: `${SCHEMA_BASE}/ledger.events.v1.json`,
    title: 'Ledger event (integration event, v1)',
    type: 'object',
    additionalProperties: false,
    required: [
      'eventId',
      'eventType',
      'schemaVersion',
      'streamId',
      'streamRevision',
      'position',
      'recordedAt',
      'correlationId',
      'causationId',
      'actor',
      'data',
    ],
    properties: {
      eventId: { type: 'string', minLength: 1 },
      eventType: {
        type: 'string',
        description:
          'e.g. BudgetAllocated; see docs/events.md (chains of agreements add ' +
          'SuccessorAgreementCreated, SavingsCarriedForward and SavingsBroughtForward; the ' +
          'organisation register adds OrganisationNamed)',
      },
      schemaVersion: { type: 'integer', minimum: 1 },
      streamId: { type: 'string', pattern: '^(agreement|case|organisation)-.+$' },
      streamRevision: { type: 'integer', minimum: 0 },
      position: { ...positionSchema, description: 'The event’s place in the global log' },
      recordedAt: timestampSchema,
      correlationId: { type: 'string' },
      causationId: { type: 'string' },
      actor: actorSchema,
      hash: {
        type: ['string', 'null'],
        description:
          'SHA-256 of the event’s canonical form (docs/integrity.md), where the store chains',
      },
      data: {
        type: 'object',
        description:
          'The event’s fields, as docs/events.md lists them for its type and version: the ' +
          'version stored (`schemaVersion`), never upcast (AgreementCreated 1 has no ' +
          'predecessorAgreementId; PeriodClosed 1 no priorYearAdjustments)',
      },
    },
    allOf: [...CHAIN_EVENT_DATA, ...ORGANISATION_EVENT_DATA].map(
      ({ eventType, schemaVersion, data }) => ({
        if: {
          type: 'object',
          required: ['eventType', ...(schemaVersion === undefined ? [] : ['schemaVersion'])],
          properties: {
            eventType: { const: eventType },
            ...(schemaVersion === undefined ? {} : { schemaVersion: { const: schemaVersion } }),
          },
        },
        then: { type: 'object', properties: { data } },
      }),
    ),
  },
};

export const BALANCES_TOPIC: TopicContract = {
  name: 'ledger.balances.v1',
  description:
    'An account’s balance after every event that moves it. Compacted: the latest message per ' +
    'key is the balance now; `position` says as of which event.',
  key: '`<agreementId>|<account>`, e.g. `slp-adult-secure-2025-26|budget:adult-medium-secure`',
  keyPattern: '^[^|]+\\|[^|]+$',
  cleanupPolicy: 'compact',
  retentionMs: -1,
  partitions: 3,
  headers: ['event-id', 'position'],
  schema: {
    $schema: DRAFT_07,
    $id: `${SCHEMA_BASE}/ledger.balances.v1.json`,
    title: 'Account balance (v1)',
    type: 'object',
    additionalProperties: false,
    required: ['agreementId', 'account', 'balance', 'position', 'eventId', 'recordedAt'],
    properties: {
      agreementId: { type: 'string' },
      account: {
        type: 'string',
        description:
          'commissioner, budget:<line>, spend:<line>:<setting>:<provider>, savings:retained, ' +
          'reinvestment:<scheme>, carried-forward (retained savings handed on to the next ' +
          'year’s agreement), brought-forward (received from the previous year’s)',
      },
      balance: { ...moneySchema, description: 'GBP, money in minus money out' },
      position: positionSchema,
      eventId: { type: 'string', description: 'The event that moved the balance last' },
      recordedAt: timestampSchema,
    },
  },
};

const periodFigureBase = {
  agreementId: { type: 'string' },
  financialYear: financialYearSchema,
  period: periodSchema,
  asOf: {
    ...calendarDateSchema,
    description: 'Business date: the UK date the last event was recorded',
  },
  position: { ...positionSchema, description: 'The figures as known after this log position' },
} as const;

export const SAVINGS_TOPIC: TopicContract = {
  name: 'ledger.savings.v1',
  description:
    'Recognised savings from repatriation for one agreement and period, after every change. ' +
    'Posted once the period is closed, provisional before. Compacted: the latest per key.',
  key: '`<agreementId>|<period>`, e.g. `slp-adult-secure-2025-26|2025-09`',
  keyPattern: '^[^|]+\\|[0-9]{4}-[0-9]{2}$',
  cleanupPolicy: 'compact',
  retentionMs: -1,
  partitions: 3,
  headers: ['event-id', 'position'],
  schema: {
    $schema: DRAFT_07,
    $id: `${SCHEMA_BASE}/ledger.savings.v1.json`,
    title: 'Savings by agreement and period (v1)',
    type: 'object',
    additionalProperties: false,
    required: [...Object.keys(periodFigureBase), 'status', 'amount', 'pendingAdjustment'],
    properties: {
      ...periodFigureBase,
      status: { enum: ['posted', 'provisional'] },
      amount: { ...moneySchema, description: 'GBP; negative is a cost pressure' },
      pendingAdjustment: {
        ...moneySchema,
        description:
          'GBP: for a posted period, what the next close will post as a prior-period adjustment',
      },
    },
  },
};

const countSchema = { type: 'integer', minimum: 0 } as const;
const kmSchema = { type: ['string', 'null'], pattern: '^-?[0-9]+\\.[0-9]$' } as const;

export const OAP_METRICS_TOPIC: TopicContract = {
  name: 'ledger.oap-metrics.v1',
  description:
    'Out-of-area placement metrics for one agreement and period, after every change. ' +
    'Compacted: the latest per key.',
  key: '`<agreementId>|<period>`',
  keyPattern: '^[^|]+\\|[0-9]{4}-[0-9]{2}$',
  cleanupPolicy: 'compact',
  retentionMs: -1,
  partitions: 3,
  headers: ['event-id', 'position'],
  schema: {
    $schema: DRAFT_07,
    $id: `${SCHEMA_BASE}/ledger.oap-metrics.v1.json`,
    title: 'Out-of-area metrics by agreement and period (v1)',
    type: 'object',
    additionalProperties: false,
    required: [
      ...Object.keys(periodFigureBase),
      'complete',
      'countedOn',
      'activeAtPeriodEnd',
      'started',
      'ended',
      'bedDays',
      'cost',
      'meanDistanceKm',
      'meanDistanceMiles',
      'changeKm',
      'changeMiles',
      'repatriations',
    ],
    properties: {
      ...periodFigureBase,
      complete: { type: 'boolean', description: 'False while the period runs past asOf' },
      countedOn: calendarDateSchema,
      activeAtPeriodEnd: countSchema,
      started: countSchema,
      ended: countSchema,
      bedDays: countSchema,
      cost: moneySchema,
      meanDistanceKm: kmSchema,
      meanDistanceMiles: kmSchema,
      changeKm: kmSchema,
      changeMiles: kmSchema,
      repatriations: countSchema,
    },
  },
};

/** The public topics, in the order the relay writes a batch's messages. */
export const PUBLIC_TOPICS: readonly TopicContract[] = [
  LEDGER_EVENTS_TOPIC,
  BALANCES_TOPIC,
  SAVINGS_TOPIC,
  OAP_METRICS_TOPIC,
];

/**
 * Not a public contract: the relay keeps its checkpoint as this topic's committed offset for
 * its consumer group, written inside each publishing transaction (see apps/relay).
 */
export const RELAY_CHECKPOINT_TOPIC = 'ledger.relay-checkpoint';
