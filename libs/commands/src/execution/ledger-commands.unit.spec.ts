/**
 * Proves the command layer end to end on the real in-memory event store (no mocks): it reads,
 * authorises, decides with the right context, appends with the expected revision and the audit
 * metadata, honours If-Match and Idempotency-Key, and re-decides after losing a real race.
 */
import {
  AGREEMENT_EVENT_VERSIONS,
  agreementStreamId,
  caseStreamId,
  DomainError,
} from '@ledger/domain';
import { InMemoryEventStore, type EventStore, type EventToAppend } from '@ledger/event-store';
import type { CaseCommand } from '@ledger/domain';
import { fixedClock } from '../shared/clock';
import {
  AuthorisationError,
  ConcurrencyContentionError,
  IdempotencyKeyReusedError,
  RevisionMismatchError,
  StreamNotFoundError,
} from '../shared/command-errors';
import {
  AGREEMENT_ID,
  allocate,
  CASE_ID,
  caseManager,
  commissioner,
  createAgreement,
  leadFinance,
  outsider,
  registerReferral,
  requestBy,
  startOutOfAreaPlacement,
} from '../testing/command-fixtures';
import { LedgerCommands } from './ledger-commands';

const NOW = '2025-10-15T10:00:00.000Z';

function ledgerOn(store: EventStore = new InMemoryEventStore()) {
  return { store, ledger: new LedgerCommands({ store, clock: fixedClock(NOW) }) };
}

async function withAgreement() {
  const world = ledgerOn();
  await world.ledger.execute(createAgreement(), requestBy(commissioner));
  return world;
}

describe('LedgerCommands: recording a decision', () => {
  it('appends the decided events with the full audit metadata', async () => {
    const { store, ledger } = ledgerOn();
    const request = requestBy(commissioner, { idempotencyKey: 'key-1' });
    const outcome = await ledger.execute(createAgreement(), request);

    expect(outcome.replayed).toBe(false);
    expect(outcome.append).toMatchObject({
      streamId: agreementStreamId(AGREEMENT_ID),
      nextExpectedRevision: 0,
    });
    const [event] = await store.readStream(agreementStreamId(AGREEMENT_ID));
    expect(event.type).toBe('AgreementCreated');
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.metadata).toEqual({
      schemaVersion: AGREEMENT_EVENT_VERSIONS.AgreementCreated,
      actor: commissioner,
      correlationId: 'corr-1',
      causationId: 'req-1',
      idempotencyKey: 'key-1',
      // Set by the store at append: the first event of a stream has no previous link.
      hashChain: {
        algorithm: 'sha256',
        previousHash: null,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
  });

  it('passes domain refusals through untouched and writes nothing', async () => {
    const { store, ledger } = await withAgreement();
    const refused = ledger.execute(createAgreement(), requestBy(commissioner));
    await expect(refused).rejects.toMatchObject({
      code: 'AGREEMENT.ALREADY_EXISTS',
      kind: 'conflict',
    });
    expect(await store.headPosition()).toBe(1);
  });

  it('decides a case command against the terms of the agreement it names', async () => {
    const { store, ledger } = await withAgreement();
    const refused = ledger.execute(registerReferral('camhs-tier4'), requestBy(caseManager));
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    await ledger.execute(registerReferral(), requestBy(caseManager));
    await ledger.execute(startOutOfAreaPlacement(), requestBy(caseManager));
    expect(await store.streamRevision(caseStreamId(CASE_ID))).toBe(1);
  });

  it('lets the case decider refuse a referral under an agreement that does not exist', async () => {
    const { store, ledger } = ledgerOn();
    const refused = ledger.execute(registerReferral(), requestBy(caseManager));
    await expect(refused).rejects.toMatchObject({ code: 'AGREEMENT.NOT_FOUND' });
    expect(await store.headPosition()).toBe(0);
  });

  it('answers a command for an agreement or case never recorded as not found', async () => {
    const { ledger } = ledgerOn();
    await expect(ledger.execute(allocate('a-1'), requestBy(commissioner))).rejects.toBeInstanceOf(
      StreamNotFoundError,
    );
    await expect(
      ledger.execute(startOutOfAreaPlacement(), requestBy(caseManager)),
    ).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
  });
});

describe('LedgerCommands: authorisation comes after reading and before deciding', () => {
  it('refuses an organisation outside the agreement, before any domain rule, writing nothing', async () => {
    const { store, ledger } = await withAgreement();
    // The referral is also invalid (unknown service line): scope must be refused first.
    const refused = ledger.execute(registerReferral('camhs-tier4'), requestBy(outsider));
    await expect(refused).rejects.toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
    expect(await store.headPosition()).toBe(1);
  });

  it('scopes a new agreement by the commissioner it names', async () => {
    const { ledger } = ledgerOn();
    const otherHub = { ...commissioner, organisationCode: '14A' };
    await expect(ledger.execute(createAgreement(), requestBy(otherHub))).rejects.toBeInstanceOf(
      AuthorisationError,
    );
  });

  it('refuses a role that may not perform the command at all', async () => {
    const { ledger } = await withAgreement();
    await expect(ledger.execute(allocate('a-1'), requestBy(leadFinance))).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('refuses to register a case id that is taken under an agreement out of scope', async () => {
    const { store, ledger } = await withAgreement();
    await ledger.execute(createAgreement('other-agreement'), requestBy(commissioner));
    await ledger.execute(registerReferral(), requestBy(caseManager));
    const otherCollaborative = { ...caseManager, organisationCode: 'RXT' };
    const reuse = registerReferral('adult-medium-secure', 'other-agreement');
    const head = await store.headPosition();
    await expect(ledger.execute(reuse, requestBy(otherCollaborative))).rejects.toMatchObject({
      code: 'AUTH.OUT_OF_SCOPE',
    });
    expect(await store.headPosition()).toBe(head);
  });
});

describe('LedgerCommands: If-Match', () => {
  it('appends when the named revision is the current one', async () => {
    const { ledger } = await withAgreement();
    const outcome = await ledger.execute(
      allocate('a-1'),
      requestBy(commissioner, { expectedRevision: 0 }),
    );
    expect(outcome.append.nextExpectedRevision).toBe(1);
  });

  it('refuses a stale revision before deciding, writing nothing', async () => {
    const { store, ledger } = await withAgreement();
    await ledger.execute(allocate('a-1'), requestBy(commissioner));
    const stale = ledger.execute(allocate('a-2'), requestBy(commissioner, { expectedRevision: 0 }));
    await expect(stale).rejects.toBeInstanceOf(RevisionMismatchError);
    await expect(stale).rejects.toMatchObject({ expectedRevision: 0, currentRevision: 1 });
    expect(await store.headPosition()).toBe(2);
  });

  it('refuses a revision for a stream that does not exist yet', async () => {
    const { ledger } = ledgerOn();
    const create = ledger.execute(
      createAgreement(),
      requestBy(commissioner, { expectedRevision: 0 }),
    );
    await expect(create).rejects.toMatchObject({ currentRevision: null });
  });
});

describe('LedgerCommands: Idempotency-Key', () => {
  it('gives back the original result for the same request, writing nothing new', async () => {
    const { store, ledger } = await withAgreement();
    const request = requestBy(commissioner, { idempotencyKey: 'alloc-key' });
    const first = await ledger.execute(allocate('a-1'), request);
    const again = await ledger.execute(allocate('a-1'), { ...request, causationId: 'req-2' });
    expect(again).toEqual({ append: first.append, position: first.position, replayed: true });
    expect(await store.headPosition()).toBe(2);
  });

  it('refuses the same key with a different request', async () => {
    const { store, ledger } = await withAgreement();
    const request = requestBy(commissioner, { idempotencyKey: 'alloc-key' });
    await ledger.execute(allocate('a-1'), request);
    await expect(ledger.execute(allocate('a-1', '2000.00'), request)).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await store.headPosition()).toBe(2);
  });

  it('scopes keys by subject: another person may use the same key', async () => {
    const { store, ledger } = await withAgreement();
    const colleague = { ...commissioner, subject: 'amira' };
    await ledger.execute(allocate('a-1'), requestBy(commissioner, { idempotencyKey: 'k' }));
    const theirs = await ledger.execute(
      allocate('a-2'),
      requestBy(colleague, { idempotencyKey: 'k' }),
    );
    expect(theirs.replayed).toBe(false);
    expect(await store.headPosition()).toBe(3);
  });

  it('replays a request that raced an identical one, writing it once', async () => {
    const { store, ledger } = await withAgreement();
    const request = requestBy(commissioner, { idempotencyKey: 'twice' });
    const [a, b] = await Promise.all([
      ledger.execute(allocate('a-1'), request),
      ledger.execute(allocate('a-1'), request),
    ]);
    expect(a.append).toEqual(b.append);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await store.headPosition()).toBe(2);
  });
});

describe('LedgerCommands: losing a race without If-Match', () => {
  it('re-reads and re-decides, so two concurrent allocations are both recorded', async () => {
    const { store, ledger } = await withAgreement();
    const outcomes = await Promise.all([
      ledger.execute(allocate('a-1'), requestBy(commissioner)),
      ledger.execute(allocate('a-2'), requestBy(commissioner)),
    ]);
    expect(outcomes.map((o) => o.append.nextExpectedRevision).sort()).toEqual([1, 2]);
    expect(await store.streamRevision(agreementStreamId(AGREEMENT_ID))).toBe(2);
  });

  it('gives up with a retryable contention error when every attempt loses', async () => {
    // A real competing writer, not a mock: every append of ours is preceded at once by
    // another allocation, so each decision is stale by the time it is appended.
    const store = new CompetingWriterStore();
    const { ledger } = ledgerOn(store);
    await ledger.execute(createAgreement(), requestBy(commissioner));
    store.competing = true;
    const refused = ledger.execute(allocate('mine'), requestBy(commissioner));
    await expect(refused).rejects.toBeInstanceOf(ConcurrencyContentionError);
    await expect(refused).rejects.toMatchObject({ attempts: 4, retryable: true });
    const types = (await store.readStream(agreementStreamId(AGREEMENT_ID))).map((e) => e.data);
    expect(types.some((data) => data.allocationId === 'mine')).toBe(false);
  });

  it('does not retry when the caller named a revision: that is their conflict (412)', async () => {
    const store = new CompetingWriterStore();
    const { ledger } = ledgerOn(store);
    await ledger.execute(createAgreement(), requestBy(commissioner));
    store.competing = true;
    const refused = ledger.execute(
      allocate('mine'),
      requestBy(commissioner, { expectedRevision: 0 }),
    );
    await expect(refused).rejects.toBeInstanceOf(RevisionMismatchError);
  });
});

/** An in-memory store where another writer appends to a stream right after each read of it. */
class CompetingWriterStore extends InMemoryEventStore {
  competing = false;
  private written = 0;

  /** Another writer always gets its allocation in just before ours. */
  override async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: Parameters<InMemoryEventStore['appendToStream']>[2],
  ) {
    if (this.competing) {
      this.written += 1;
      await super.appendToStream(streamId, [competingAllocation(this.written)], {
        expectedRevision: 'any',
      });
    }
    return super.appendToStream(streamId, events, options);
  }
}

function competingAllocation(n: number): EventToAppend {
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'BudgetAllocated',
    data: {
      agreementId: AGREEMENT_ID,
      allocationId: `theirs-${n}`,
      serviceLine: 'adult-medium-secure',
      amount: '12.00',
      effectiveDate: '2026-03-01',
      profile: 'even',
      phasing: [{ period: '2026-03', amount: '12.00' }],
    },
    metadata: {
      schemaVersion: 1,
      actor: commissioner,
      correlationId: 'other',
      causationId: 'other',
      idempotencyKey: null,
    },
  };
}

/** The real in-memory store, counting the stream reads a command makes. */
class CountingReadsStore extends InMemoryEventStore {
  streamReads = 0;

  override readStream(...args: Parameters<InMemoryEventStore['readStream']>) {
    this.streamReads += 1;
    return super.readStream(...args);
  }
}

const changeRate = (dailyRate: string): CaseCommand => ({
  type: 'ChangePlacementRate',
  data: { caseId: CASE_ID, placementId: 'plc-1', dailyRate, effectiveDate: '2025-07-01' },
});

describe('LedgerCommands: streams it has folded before', () => {
  it('decides a command on a stream it wrote last without reading the store', async () => {
    const store = new CountingReadsStore();
    const { ledger } = ledgerOn(store);
    await ledger.execute(createAgreement(), requestBy(commissioner));
    await ledger.execute(registerReferral(), requestBy(caseManager));
    await ledger.execute(startOutOfAreaPlacement(), requestBy(caseManager));
    const before = store.streamReads;
    for (const allocationId of ['a-1', 'a-2', 'a-3']) {
      await ledger.execute(allocate(allocationId), requestBy(commissioner));
    }
    await ledger.execute(changeRate('700.00'), requestBy(caseManager));
    expect(store.streamReads - before).toBe(0);
    expect(await store.streamRevision(agreementStreamId(AGREEMENT_ID))).toBe(3);
  });

  it('sees what another writer appended: a refusal on a stale state is decided again', async () => {
    // Two command layers on one store stand for two processes on one SQLite file.
    const store = new InMemoryEventStore();
    const mine = ledgerOn(store).ledger;
    const theirs = ledgerOn(store).ledger;
    await mine.execute(createAgreement(), requestBy(commissioner));
    await mine.execute(registerReferral(), requestBy(caseManager));
    // Only the other process knows the placement has started ...
    await theirs.execute(startOutOfAreaPlacement(), requestBy(caseManager));
    // ... so on its cached state this process would refuse the rate change (no placement).
    const changed = await mine.execute(changeRate('700.00'), requestBy(caseManager));
    expect(changed.append.events.map((event) => event.type)).toEqual(['PlacementRateChanged']);
    expect(await store.streamRevision(caseStreamId(CASE_ID))).toBe(2);
  });

  it('sees what another writer appended: a stale revision re-decides, and both are recorded', async () => {
    const store = new InMemoryEventStore();
    const mine = ledgerOn(store).ledger;
    const theirs = ledgerOn(store).ledger;
    await mine.execute(createAgreement(), requestBy(commissioner));
    await mine.execute(allocate('a-1'), requestBy(commissioner));
    await theirs.execute(allocate('a-2'), requestBy(commissioner));
    // The same allocation id again is refused on what the store holds, not on the cache.
    await expect(mine.execute(allocate('a-2'), requestBy(commissioner))).rejects.toMatchObject({
      code: 'BUDGET.MOVEMENT_ALREADY_RECORDED',
    });
    const outcome = await mine.execute(allocate('a-3'), requestBy(commissioner));
    expect(outcome.append.nextExpectedRevision).toBe(3);
  });

  it('answers If-Match against the store, not the cache', async () => {
    const store = new InMemoryEventStore();
    const mine = ledgerOn(store).ledger;
    const theirs = ledgerOn(store).ledger;
    await mine.execute(createAgreement(), requestBy(commissioner));
    await theirs.execute(allocate('a-1'), requestBy(commissioner));
    // The caller saw revision 1 (after the other allocation): that is current, so it is written.
    const outcome = await mine.execute(
      allocate('a-2'),
      requestBy(commissioner, { expectedRevision: 1 }),
    );
    expect(outcome.append.nextExpectedRevision).toBe(2);
    // Revision 1 is stale now: 412, whatever the cache holds.
    await expect(
      mine.execute(allocate('a-3'), requestBy(commissioner, { expectedRevision: 1 })),
    ).rejects.toBeInstanceOf(RevisionMismatchError);
  });

  it('registers a referral on a new case id without reading its stream', async () => {
    const store = new CountingReadsStore();
    const { ledger } = ledgerOn(store);
    await ledger.execute(createAgreement(), requestBy(commissioner));
    await ledger.execute(registerReferral(), requestBy(caseManager)); // reads the agreement's terms
    const before = store.streamReads;
    const referral = { ...registerReferral(), data: { ...registerReferral().data, caseId: 'c-2' } };
    await ledger.execute(referral as CaseCommand, requestBy(caseManager));
    expect(store.streamReads - before).toBe(0);
  });

  it('still refuses a referral on a case id another process has taken', async () => {
    const store = new InMemoryEventStore();
    const mine = ledgerOn(store).ledger;
    const theirs = ledgerOn(store).ledger;
    await mine.execute(createAgreement(), requestBy(commissioner));
    await theirs.execute(registerReferral(), requestBy(caseManager));
    await expect(mine.execute(registerReferral(), requestBy(caseManager))).rejects.toMatchObject({
      code: 'CASE.ALREADY_EXISTS',
    });
    expect(await store.streamRevision(caseStreamId(CASE_ID))).toBe(0);
  });

  it('forgets a stream whose append was a replay of an earlier request', async () => {
    const store = new CountingReadsStore();
    const { ledger } = ledgerOn(store);
    await ledger.execute(createAgreement(), requestBy(commissioner));
    const request = requestBy(commissioner, { idempotencyKey: 'once' });
    await ledger.execute(allocate('a-1'), request);
    const replay = await ledger.execute(allocate('a-1'), request);
    expect(replay.replayed).toBe(true);
    const next = await ledger.execute(allocate('a-2'), requestBy(commissioner));
    expect(next.append.nextExpectedRevision).toBe(2);
  });
});
