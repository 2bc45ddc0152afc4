/**
 * The organisation register in the command layer, on the real in-memory event store: a name
 * recorded on its own (`NameOrganisation`, with its roles and If-Match), and names carried on
 * an agreement's creation and a placement's start, appended in the same atomic write as the
 * write's own event, each on its organisation's stream, and not again when already in force.
 */
import {
  organisationStreamId,
  type AgreementCommand,
  type CaseCommand,
  type OrganisationCommand,
} from '@ledger/domain';
import {
  InMemoryEventStore,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type StreamAppend,
} from '@ledger/event-store';
import { LedgerCommands } from '../execution/ledger-commands';
import { fixedClock } from '../shared/clock';
import { AuthorisationError, RevisionMismatchError } from '../shared/command-errors';
import {
  caseManager,
  commissioner,
  createAgreement,
  leadFinance,
  registerReferral,
  requestBy,
  startOutOfAreaPlacement,
} from '../testing/command-fixtures';

const NOW = '2025-10-15T10:00:00.000Z';

const nameOf = (odsCode: string, name: string, effectiveFrom: string): OrganisationCommand => ({
  type: 'NameOrganisation',
  data: { odsCode, name, effectiveFrom },
});

function withNames(names: Record<string, string>, agreementId?: string): AgreementCommand {
  const command = createAgreement(agreementId) as Extract<
    AgreementCommand,
    { type: 'CreateAgreement' }
  >;
  return { ...command, data: { ...command.data, organisationNames: names } };
}

function placementNamed(providerName: string): CaseCommand {
  const command = startOutOfAreaPlacement() as Extract<CaseCommand, { type: 'StartPlacement' }>;
  return { ...command, data: { ...command.data, providerName } };
}

const namings = async (store: EventStore, odsCode: string) =>
  (await store.readStream(organisationStreamId(odsCode))).map((e) => ({
    revision: e.revision,
    ...(e.data as object),
    by: e.metadata.actor.subject,
  }));

describe('NameOrganisation', () => {
  it('records a name on organisation-<odsCode> with its audit metadata, then a rename', async () => {
    const store = new InMemoryEventStore();
    const ledger = new LedgerCommands({ store, clock: fixedClock(NOW) });
    const first = await ledger.execute(
      nameOf('RV5', ' South London and Maudsley NHS FT ', '2025-04-01'),
      requestBy(leadFinance),
    );
    expect(first.append.streamId).toBe('organisation-RV5');
    await ledger.execute(
      nameOf('RV5', 'SLaM NHS FT', '2026-01-01'),
      requestBy(commissioner, { expectedRevision: 0 }),
    );
    expect(await namings(store, 'RV5')).toEqual([
      {
        revision: 0,
        odsCode: 'RV5',
        name: 'South London and Maudsley NHS FT',
        effectiveFrom: '2025-04-01',
        by: 'bob',
      },
      {
        revision: 1,
        odsCode: 'RV5',
        name: 'SLaM NHS FT',
        effectiveFrom: '2026-01-01',
        by: 'alice',
      },
    ]);
    const [event] = await store.readStream(organisationStreamId('RV5'));
    expect(event.metadata).toMatchObject({
      schemaVersion: 1,
      actor: leadFinance,
      correlationId: 'corr-1',
      causationId: 'req-1',
    });
  });

  it('refuses a trust naming another, a case manager, and a stale If-Match, writing nothing', async () => {
    const store = new InMemoryEventStore();
    const ledger = new LedgerCommands({ store, clock: fixedClock(NOW) });
    await expect(
      ledger.execute(nameOf('RPG', 'Oxleas', '2025-04-01'), requestBy(leadFinance)),
    ).rejects.toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
    await expect(
      ledger.execute(nameOf('RPG', 'Oxleas', '2025-04-01'), requestBy(caseManager)),
    ).rejects.toBeInstanceOf(AuthorisationError);
    await expect(
      ledger.execute(
        nameOf('RPG', 'Oxleas', '2025-04-01'),
        requestBy(commissioner, { expectedRevision: 0 }),
      ),
    ).rejects.toBeInstanceOf(RevisionMismatchError);
    expect(await store.headPosition()).toBe(0);
  });
});

describe('names carried on other writes', () => {
  it('records an agreement’s organisationNames from its year’s first day, in the same append', async () => {
    const store = new InMemoryEventStore();
    const ledger = new LedgerCommands({ store, clock: fixedClock(NOW) });
    const outcome = await ledger.execute(
      withNames({ RQY: 'South West London and St George’s', RV5: 'SLaM' }),
      requestBy(commissioner),
    );
    // The names go first (commissioner, lead, partners order), the agreement last: 3 events.
    expect(outcome.append.streamId).toBe('agreement-slp-adult-secure-2025-26');
    expect(outcome.append.lastPosition).toBe(3);
    const log = await store.readAll();
    expect(log.map((e) => [e.position, e.streamId, e.type])).toEqual([
      [1, 'organisation-RV5', 'OrganisationNamed'],
      [2, 'organisation-RQY', 'OrganisationNamed'],
      [3, 'agreement-slp-adult-secure-2025-26', 'AgreementCreated'],
    ]);
    expect(log[0].data).toEqual({ odsCode: 'RV5', name: 'SLaM', effectiveFrom: '2025-04-01' });
    expect(log[0].metadata.actor).toEqual(commissioner);
  });

  it('records nothing for a name already in force, and a new one when it differs', async () => {
    const store = new InMemoryEventStore();
    const ledger = new LedgerCommands({ store, clock: fixedClock(NOW) });
    await ledger.execute(nameOf('RV5', 'SLaM', '2020-04-01'), requestBy(commissioner));
    await ledger.execute(withNames({ RV5: 'SLaM', RPG: 'Oxleas' }), requestBy(commissioner));
    expect((await namings(store, 'RV5')).map((n) => n.revision)).toEqual([0]);
    expect(await namings(store, 'RPG')).toHaveLength(1);
  });

  it('records a placement’s providerName from its start date, under the case manager', async () => {
    const store = new InMemoryEventStore();
    const ledger = new LedgerCommands({ store, clock: fixedClock(NOW) });
    await ledger.execute(createAgreement(), requestBy(commissioner));
    await ledger.execute(registerReferral(), requestBy(caseManager));
    await ledger.execute(placementNamed('Independent Hospital Ltd'), requestBy(caseManager));
    expect(await namings(store, 'NVC01')).toEqual([
      {
        revision: 0,
        odsCode: 'NVC01',
        name: 'Independent Hospital Ltd',
        effectiveFrom: '2025-06-01',
        by: 'carol',
      },
    ]);
  });

  it('on a store without multi-stream appends, writes the names first and completes the write when sent again', async () => {
    const store = new SingleStreamStore();
    const ledger = new LedgerCommands({ store, clock: fixedClock(NOW) });
    // Twice: the first attempt's failure is decided again at once on a fresh read, which then
    // finds the name in force and appends the agreement alone: that fails too.
    store.failAppendsTo = { streamId: 'agreement-slp-adult-secure-2025-26', times: 2 };
    await expect(
      ledger.execute(withNames({ RV5: 'SLaM' }), requestBy(commissioner)),
    ).rejects.toThrow('connection lost');
    expect(await namings(store, 'RV5')).toHaveLength(1);
    await ledger.execute(withNames({ RV5: 'SLaM' }), requestBy(commissioner));
    // Named once: the resend found the name in force and wrote the agreement alone.
    expect((await store.readAll()).map((e) => e.streamId)).toEqual([
      'organisation-RV5',
      'agreement-slp-adult-secure-2025-26',
    ]);
  });
});

/** An in-memory store that, like EventStoreDB, cannot append to several streams at once. */
class SingleStreamStore extends InMemoryEventStore {
  override readonly supportsMultiStreamAppend = false;
  failAppendsTo: { streamId: string; times: number } | null = null;

  override appendToStreams(_batches: StreamAppend[]): Promise<AppendResult[]> {
    return Promise.reject(new Error('no multi-stream transactions here'));
  }

  override async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const failing = this.failAppendsTo;
    if (failing?.streamId === streamId && failing.times > 0) {
      failing.times -= 1;
      throw new Error('connection lost');
    }
    const [result] = await super.appendToStreams([{ streamId, events, options }]);
    return result;
  }
}
