/**
 * The month-end management accounts from the SQL read model, against a replay of the log. A
 * ledger history decided by the deciders (two agreements, twelve closes each, back-dated rate
 * changes giving prior-period adjustments, repatriations giving savings, virements and budget
 * adjustments) and, after it, domain.md's chain example (prior-year adjustments, the year-end
 * carry-forward and its brought-forward), is projected into a SQLite read model and into a
 * PostgreSQL schema (real PostgreSQL 15, nothing mocked) in batches of 37 events. For every
 * agreement and every period of its year, the accounts (or the refusal of a period not closed)
 * must be identical from SQLite, from PostgreSQL and from a fold of the whole log; and every
 * line must add up to the totals shown.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodsOf } from '@ledger/domain';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import type { ReadModelReader } from '../head';
import { foldEvents } from '../projection/projection';
import { readModelProjection, type ReadModelState } from '../read-model';
import { dropSchemas, requirePostgres, testSchemaName } from '../sql/testing/postgres-test-schema';
import { projectIntoSqliteAndPostgres } from '../sql/testing/projected-read-models';
import { CHAIN_A, CHAIN_B, chainHistory } from '../testing/chain-history';
import { writeSimulatedHistory } from '../testing/simulated-history';
import { managementAccounts, type MonthEndAnswer } from './management-accounts';
import { monthEndSourcesAt, monthEndSourcesFromRows } from './month-end-sources';
import { managementAccountsProblems } from './testing/accounts-add-up';

jest.setTimeout(120_000);

describe('management accounts from the SQL read model', () => {
  let dir: string;
  let events: RecordedEvent[];
  let replayed: ReadModelState;
  let agreementIds: string[];
  const readers: { dialect: string; reader: ReadModelReader }[] = [];
  const closers: (() => Promise<void>)[] = [];
  const schema = testSchemaName('month_end');

  beforeAll(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'management-accounts-'));
    const store = new SqliteEventStore(join(dir, 'ledger.sqlite'));
    try {
      await writeSimulatedHistory(store, { agreements: 2, months: 12, adjustmentsPerMonth: 3 });
      for (const { streamId, type, data, metadata } of chainHistory().events) {
        const event = { eventId: randomUUID(), type, data, metadata };
        await store.appendToStream(streamId, [event], { expectedRevision: 'any' });
      }
      events = await store.readAll();
    } finally {
      await store.close();
    }
    replayed = foldEvents(readModelProjection, events);
    agreementIds = events
      .filter((event) => event.type === 'AgreementCreated')
      .map((event) => event.data.agreementId as string);

    // Batches of 37 events, so closes and the facts they read fall in different batches.
    const projected = await projectIntoSqliteAndPostgres(events, {
      sqliteFile: join(dir, 'read-model.sqlite'),
      schema,
      batchSize: 37,
    });
    readers.push(...projected.readers);
    closers.push(() => projected.close());
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every period of the agreement's year, and the default (no period asked). */
  function answersFrom(
    sourcesOf: (agreementId: string) => Parameters<typeof managementAccounts>[0],
  ) {
    const answers: Record<string, MonthEndAnswer> = {};
    for (const agreementId of agreementIds) {
      const sources = sourcesOf(agreementId);
      answers[`${agreementId} latest`] = managementAccounts(sources, {});
      for (const period of periodsOf(sources.financialYear)) {
        answers[`${agreementId} ${period}`] = managementAccounts(sources, { period });
      }
    }
    return answers;
  }

  const replayAnswers = () =>
    answersFrom((agreementId) => monthEndSourcesAt(replayed, agreementId)!);

  it('covers prior-period and prior-year adjustments, both carry-forwards and a month not closed', () => {
    const answers = Object.entries(replayAnswers())
      .filter(([name]) => !name.endsWith('latest'))
      .map(([, answer]) => answer);
    const accounts = answers.flatMap((a) => (a.kind === 'accounts' ? [a.accounts] : []));
    const adjustments = accounts.flatMap((a) => a.totals.adjustments);
    expect(adjustments.some((a) => a.kind === 'prior-period')).toBe(true);
    expect(adjustments.some((a) => a.kind === 'prior-year')).toBe(true);
    const forwards = accounts.flatMap((a) =>
      a.carryForwards.map((c) => `${a.agreementId} ${c.kind}`),
    );
    expect(forwards).toEqual([`${CHAIN_A} carried-forward`, `${CHAIN_B} brought-forward`]);
    // B has closed only its M01 and the two simulated agreements their first eleven months:
    // 11 + 1 + 1 months answer that they are not closed.
    expect(answers.filter((a) => a.kind === 'period-not-closed')).toHaveLength(13);
    expect(agreementIds).toHaveLength(4);
  });

  it("reads domain.md's chain example as docs/year-end.md says: B's April and A's March", () => {
    const accountsOf = (agreementId: string, period: string, knownAt?: number) => {
      const answer = managementAccounts(monthEndSourcesAt(replayed, agreementId, knownAt)!, {
        period,
      });
      if (answer.kind !== 'accounts') throw new Error(`${agreementId} ${period} is not closed`);
      return answer.accounts;
    };
    // B's April: no nights of its own (the case was discharged on 2018-03-21); A's March loses
    // 11 × 450.00 = 4,950.00 of cost and 11 × 250.00 = 2,750.00 of savings, posted by B.
    const april = accountsOf(CHAIN_B, '2018-04');
    expect(april.lines[0].adjustments).toEqual([
      {
        kind: 'prior-year',
        belongsToAgreementId: CHAIN_A,
        period: '2018-03',
        cost: {
          total: '-4950.00',
          inArea: '-4950.00',
          outOfArea: '0.00',
          byProvider: [{ setting: 'in-area', providerCode: 'RPG', amount: '-4950.00' }],
        },
        savings: '-2750.00',
      },
    ]);
    expect(april.lines[0].month.cost.own.total).toBe('0.00');
    // 45,500.00 brought forward − 2,750.00 = 42,750.00, what B may reinvest.
    expect(april.carryForwards).toEqual([
      {
        kind: 'brought-forward',
        fromAgreementId: CHAIN_A,
        toAgreementId: CHAIN_B,
        amount: '45500.00',
      },
    ]);
    expect(april.retainedSavings.closing).toBe('42750.00');
    // A's March: the year-end entry, and 0.00 retained once it is recorded; 45,500.00 before.
    const march = accountsOf(CHAIN_A, '2018-03');
    expect(march.carryForwards).toEqual([
      {
        kind: 'carried-forward',
        fromAgreementId: CHAIN_A,
        toAgreementId: CHAIN_B,
        amount: '45500.00',
      },
    ]);
    expect(march.retainedSavings.closing).toBe('0.00');
    expect(march.lines[0].adjustments).toEqual([]);
    const carried = events.find((event) => event.type === 'SavingsCarriedForward')!;
    const before = accountsOf(CHAIN_A, '2018-03', carried.position - 1);
    expect(before.carryForwards).toEqual([]);
    expect(before.retainedSavings.closing).toBe('45500.00');
  });

  it('adds up every line to the totals, in every month of every agreement', () => {
    for (const [name, answer] of Object.entries(replayAnswers())) {
      if (answer.kind !== 'accounts') continue;
      expect({ name, problems: managementAccountsProblems(answer.accounts) }).toEqual({
        name,
        problems: [],
      });
    }
  });

  it.each(['SQLite', 'PostgreSQL'])(
    '%s: every month of every agreement equals the replay of the log',
    async (dialect) => {
      const { reader } = readers.find((r) => r.dialect === dialect)!;
      const rows = new Map<string, Awaited<ReturnType<ReadModelReader['monthEndPostings']>>>();
      for (const agreementId of agreementIds) {
        const read = await reader.monthEndPostings(agreementId);
        expect(read.agreementKnown).toBe(true);
        rows.set(agreementId, read);
      }
      const fromSql = answersFrom((agreementId) => {
        const view = monthEndSourcesAt(replayed, agreementId)!;
        const { checkpoint, rows: read } = rows.get(agreementId)!;
        return monthEndSourcesFromRows(view, read, checkpoint);
      });
      expect(fromSql).toEqual(replayAnswers());
    },
  );

  it.each(['SQLite', 'PostgreSQL'])(
    '%s: reads a few summed rows, not every posting',
    async (dialect) => {
      const { reader } = readers.find((r) => r.dialect === dialect)!;
      const read = await reader.monthEndPostings(agreementIds[0]);
      const postings = replayed.journal.store.postingsUpTo(agreementIds[0], read.checkpoint);
      expect(read.rows.postings.length).toBeLessThan(postings.length);
      // The periods in the order they closed, as the replay knows them.
      const closed = monthEndSourcesAt(replayed, agreementIds[0])!.closedPeriods;
      expect(read.rows.closedPeriods).toEqual([...closed]);
      expect(read.rows.closedPeriods.length).toBeGreaterThan(10);
      const unknown = await reader.monthEndPostings('no-such-agreement');
      expect(unknown).toMatchObject({
        agreementKnown: false,
        rows: { closedPeriods: [], postings: [] },
      });
    },
  );
});
