/**
 * @nestjs/cqrs is the API's wiring, proved on the real app and a real SQLite file:
 * - every write the API accepts leaves its controller as exactly one message on the CommandBus,
 *   and every ledger command type is among them; every read leaves as exactly one query on the
 *   QueryBus, and every query handler is reached;
 * - a command sent on the CommandBus itself, with no HTTP at all, is recorded in the store (a
 *   period close with the figures the ledger computed), and the QueryBus reads it back;
 * - no controller holds the use-case layer itself, so none can go round the buses.
 */
import {
  BulkImport,
  LEDGER_COMMAND_TYPES,
  LedgerCommands,
  LedgerLists,
  LedgerOrganisations,
  LedgerQueries,
  LedgerReports,
  type CommandRequest,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { CommandBus, QueryBus, type ICommand, type IQuery } from '@nestjs/cqrs';
import { QUERY_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import type { LightMyRequestResponse } from 'fastify';
import { ReadAgreementSummaryQuery } from '../src/agreements/read-agreement/read-agreement.handler';
import { RecordLedgerCommand } from '../src/app/record-ledger-command.handler';
import { QUERY_HANDLERS, USE_CASE_CONTROLLERS } from '../src/app/use-case-catalogue';
import { ImportLedgerCommands } from '../src/imports/import-commands/import-commands.handler';
import * as f from './testing/ledger-fixtures';
import type { Caller } from './testing/ledger-test-app';
import { LedgerTestApp } from './testing/ledger-test-app';
import { WebVisitor } from './testing/web-visitor';

interface Dispatched {
  response: LightMyRequestResponse;
  commands: ICommand[];
  queries: IQuery[];
}

/** One write of the journey: who sends what where, and the ledger command it must become. */
interface Write {
  type: string;
  path: string;
  as: Caller;
  body: Record<string, unknown>;
}

const CLOSES: Write[] = ['04', '05', '06', '07', '08', '09'].map((month) => ({
  type: 'ClosePeriod',
  path: f.paths.periodCloses(),
  as: f.leadFinance,
  body: { period: `2025-${month}` },
}));

/**
 * Two years of a chain that ended before TODAY: 2023/24, closed through its M12, and its
 * successor 2024/25, so the year-end carry-forward has somewhere to go.
 */
const OLD_YEAR = 'slp-adult-secure-2023-24';
const CHAIN: Write[] = [
  {
    type: 'CreateAgreement',
    path: f.paths.agreements,
    as: f.commissioner,
    body: { ...f.agreementBody(OLD_YEAR), financialYear: '2023/24' },
  },
  ...['04', '05', '06', '07', '08', '09', '10', '11', '12', '01', '02', '03'].map(
    (month): Write => ({
      type: 'ClosePeriod',
      path: f.paths.periodCloses(OLD_YEAR),
      as: f.leadFinance,
      body: { period: `${Number(month) >= 4 ? 2023 : 2024}-${month}` },
    }),
  ),
  {
    type: 'CreateAgreement',
    path: f.paths.agreements,
    as: f.commissioner,
    body: {
      ...f.agreementBody('slp-adult-secure-2024-25'),
      financialYear: '2024/25',
      predecessorAgreementId: OLD_YEAR,
    },
  },
  { type: 'CarryForward', path: f.paths.carryForward(OLD_YEAR), as: f.leadFinance, body: {} },
];

/** A journey that sends every command type the API accepts, each through its own endpoint. */
const JOURNEY: Write[] = [
  {
    type: 'CreateAgreement',
    path: f.paths.agreements,
    as: f.commissioner,
    body: f.agreementBody(),
  },
  {
    type: 'AllocateBudget',
    path: f.paths.allocations(),
    as: f.commissioner,
    body: f.allocationBody(),
  },
  {
    type: 'AdjustBudget',
    path: f.paths.adjustments(),
    as: f.commissioner,
    body: f.adjustmentBody(),
  },
  { type: 'VireBudget', path: f.paths.virements(), as: f.leadFinance, body: f.virementBody() },
  { type: 'RegisterReferral', path: f.paths.cases, as: f.leadCaseManager, body: f.referralBody() },
  {
    type: 'StartPlacement',
    path: f.paths.placements(),
    as: f.leadCaseManager,
    body: f.outOfAreaPlacementBody(),
  },
  {
    type: 'ChangePlacementRate',
    path: f.paths.rateChanges(),
    as: f.leadCaseManager,
    body: f.rateChangeBody(),
  },
  {
    type: 'RepatriatePatient',
    path: f.paths.repatriations(),
    as: f.leadCaseManager,
    body: f.repatriationBody(),
  },
  ...CLOSES,
  {
    type: 'CommitReinvestment',
    path: f.paths.reinvestments(),
    as: f.leadFinance,
    body: f.reinvestmentBody({ amount: '5000.00' }),
  },
  {
    type: 'EndPlacement',
    path: f.paths.endPlacement('plc-2'),
    as: f.leadCaseManager,
    body: f.endPlacementBody({ endDate: '2025-10-10' }),
  },
  {
    type: 'DischargePatient',
    path: f.paths.discharge(),
    as: f.leadCaseManager,
    body: f.dischargeBody({ dischargeDate: '2025-10-12' }),
  },
  {
    type: 'NameOrganisation',
    path: f.paths.organisationNames('RPG'),
    as: f.commissioner,
    body: f.namingBody({ name: 'Oxleas NHS Foundation Trust' }),
  },
  ...CHAIN,
];

describe('@nestjs/cqrs wiring: writes on the CommandBus, reads on the QueryBus', () => {
  let ledger: LedgerTestApp;
  let commandBus: CommandBus;
  let queryBus: QueryBus;
  let sentCommands: jest.SpyInstance;
  let sentQueries: jest.SpyInstance;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    commandBus = ledger.app.get(CommandBus);
    queryBus = ledger.app.get(QueryBus);
    // Spies that watch and pass on: the real handlers still run.
    sentCommands = jest.spyOn(commandBus, 'execute');
    sentQueries = jest.spyOn(queryBus, 'execute');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await ledger.dispose();
  });

  /** What one request put on each bus. */
  async function dispatchedBy(send: () => Promise<LightMyRequestResponse>): Promise<Dispatched> {
    sentCommands.mockClear();
    sentQueries.mockClear();
    const response = await send();
    return {
      response,
      commands: sentCommands.mock.calls.map(([command]) => command as ICommand),
      queries: sentQueries.mock.calls.map(([query]) => query as IQuery),
    };
  }

  it('sends each write as one RecordLedgerCommand, for every ledger command type, and records it', async () => {
    const types: string[] = [];
    for (const write of JOURNEY) {
      const before = await ledger.head();
      const { response, commands, queries } = await dispatchedBy(() =>
        ledger.post(write.path, write.as, write.body),
      );
      expect({ write: write.type, status: response.statusCode }).toEqual({
        write: write.type,
        status: 201,
      });
      expect(queries).toEqual([]);
      expect(commands).toHaveLength(1);
      const [sent] = commands;
      expect(sent).toBeInstanceOf(RecordLedgerCommand);
      const { command, request } = sent as RecordLedgerCommand;
      expect(command.type).toBe(write.type);
      expect(request.actor).toEqual(write.as);
      expect(await ledger.head()).toBeGreaterThan(before);
      types.push(command.type);
    }
    expect(new Set(types)).toEqual(new Set(LEDGER_COMMAND_TYPES));
  });

  it('sends a bulk import as one ImportLedgerCommands', async () => {
    const line = {
      command: 'AllocateBudget',
      data: {
        ...f.allocationBody({ allocationId: 'alloc-imported', effectiveDate: '2025-11-01' }),
        agreementId: f.AGREEMENT_ID,
      },
    };
    const before = await ledger.head();
    const { response, commands, queries } = await dispatchedBy(async () =>
      ledger.app.inject({
        method: 'POST',
        url: '/v1/imports?mode=continue',
        headers: {
          authorization: `Bearer ${await ledger.token(f.commissioner)}`,
          'content-type': 'application/x-ndjson',
        },
        payload: JSON.stringify(line),
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ applied: 1, failed: 0 });
    expect(queries).toEqual([]);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(ImportLedgerCommands);
    expect(await ledger.head()).toBe(before + 1);
  });

  it('sends each read (of the API, and the web pages that only it reads) as one query, and reaches every query handler', async () => {
    const balances = await ledger.get(
      `${f.paths.agreement()}/reports/balances?asOf=2025-09-30`,
      f.reviewer,
    );
    const account = balances.json<{ balances: { account: string }[] }>().balances[0].account;
    const reads = [
      f.paths.agreement(),
      `${f.paths.agreement()}/events`,
      f.paths.case(),
      `${f.paths.case()}/events`,
      '/v1/events?limit=5',
      `${f.paths.agreement()}/reports/balances?format=csv`,
      `${f.paths.agreement()}/reports/budget`,
      `${f.paths.agreement()}/reports/savings?knownAtPosition=10`,
      `${f.paths.agreement()}/reports/oap-metrics`,
      `${f.paths.agreement()}/management-accounts?period=2025-09`,
      `${f.paths.agreement()}/chain-report`,
      `${f.paths.agreement()}/accounts/${encodeURIComponent(account)}/statement?limit=2`,
      '/v1/agreements?financialYear=2025/26',
      '/v1/cases?format=csv',
      '/v1/organisations?format=csv',
      f.paths.organisation('RPG'),
      `${f.paths.organisation('RPG')}/events`,
    ];
    const queried = new Set<unknown>();
    for (const path of reads) {
      const { response, commands, queries } = await dispatchedBy(() =>
        ledger.get(path, f.reviewer),
      );
      expect({ path, status: response.statusCode }).toEqual({ path, status: 200 });
      expect(commands).toEqual([]);
      expect(queries).toHaveLength(1);
      queried.add(Object.getPrototypeOf(queries[0]).constructor);
    }
    // The event log's search, one event and the hash-chain check are the web pages' reads.
    const reviewer = new WebVisitor(ledger);
    await reviewer.signIn(f.reviewer);
    for (const path of ['/events?type=PeriodClosed', '/events/1', '/events/verify']) {
      const { response, commands, queries } = await dispatchedBy(() => reviewer.get(path));
      expect({ path, status: response.statusCode }).toEqual({ path, status: 200 });
      expect(commands).toEqual([]);
      expect(queries).toHaveLength(1);
      queried.add(Object.getPrototypeOf(queries[0]).constructor);
    }
    const handled = QUERY_HANDLERS.map(
      (handler) => Reflect.getMetadata(QUERY_HANDLER_METADATA, handler) as unknown,
    );
    expect(queried).toEqual(new Set(handled));
  });

  it('gives no controller the use-case layer: each reaches it only through a bus', () => {
    const dependencies = (controller: object) =>
      (Reflect.getMetadata('design:paramtypes', controller) ?? []) as unknown[];
    const layer = [
      LedgerCommands,
      BulkImport,
      LedgerQueries,
      LedgerReports,
      LedgerLists,
      LedgerOrganisations,
    ];
    const holding = USE_CASE_CONTROLLERS.filter((controller) =>
      dependencies(controller).some((type) => layer.includes(type as never)),
    );
    expect(holding.map((controller) => controller.name)).toEqual([]);
    // Health and readiness ping the stores themselves: operations, not ledger reads.
    const withoutBus = USE_CASE_CONTROLLERS.filter(
      (controller) =>
        !dependencies(controller).some((type) => type === CommandBus || type === QueryBus),
    );
    expect(withoutBus.map((controller) => controller.name)).toEqual([
      'HealthController',
      'ReadinessController',
    ]);
  });

  it('records a command sent on the CommandBus with no HTTP, and reads it back on the QueryBus', async () => {
    const agreementId = 'bus-only-agreement';
    const request = (actor: Actor): CommandRequest => ({
      actor,
      correlationId: 'bus-test',
      causationId: 'bus-test-1',
    });
    const created = await commandBus.execute(
      new RecordLedgerCommand(
        { type: 'CreateAgreement', data: { ...f.agreementBody(agreementId) } },
        request(f.commissioner),
      ),
    );
    expect(created.append.streamId).toBe(`agreement-${agreementId}`);
    const closed = await commandBus.execute(
      new RecordLedgerCommand(
        { type: 'ClosePeriod', data: { agreementId, period: '2025-04' } },
        request(f.leadFinance),
      ),
    );

    const events = await ledger.store.readStream(`agreement-${agreementId}`);
    expect(events.map((event) => [event.type, event.revision])).toEqual([
      ['AgreementCreated', 0],
      ['PeriodClosed', 1],
    ]);
    expect(events[0].metadata).toMatchObject({ actor: f.commissioner, correlationId: 'bus-test' });
    // The close carries the figures the ledger computed (no cases: none), not a caller's.
    expect(events[1].data).toMatchObject({
      period: '2025-04',
      accruedCosts: [],
      recognisedSavings: [],
    });
    expect(closed.append.events.map((event) => event.eventId)).toEqual([events[1].eventId]);

    const summary = await queryBus.execute(new ReadAgreementSummaryQuery(f.reviewer, agreementId));
    expect(summary).toMatchObject({ agreementId, revision: 1, closedPeriods: ['2025-04'] });
  });
});
