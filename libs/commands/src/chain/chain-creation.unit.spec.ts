/**
 * Creating an agreement that follows another (domain.md, "Years: chains of agreements") in
 * the command layer, on the real in-memory event store: the successor's creation and the
 * predecessor's link are one atomic append across the two streams, the predecessor's revision
 * guards "at most one successor", and a store that cannot append atomically across streams
 * (EventStoreDB) writes the guarded link first and completes a half-written pair when the
 * command is sent again.
 */
import { agreementStreamId } from '@ledger/domain';
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
import { AuthorisationError } from '../shared/command-errors';
import { A_ID, B_ID, chainCommissioner, createA, createB } from '../testing/chain-fixtures';
import { leadFinance, requestBy } from '../testing/command-fixtures';
import { readChainOf } from './read-chain';

const NOW = '2018-03-01T09:00:00.000Z';

function ledgerOn(store: EventStore = new InMemoryEventStore()) {
  const ledger = new LedgerCommands({ store, clock: fixedClock(NOW) });
  const asCommissioner = (command: Parameters<LedgerCommands['execute']>[0], extra = {}) =>
    ledger.execute(command, requestBy(chainCommissioner, extra));
  return { store, ledger, asCommissioner };
}

const typesOf = async (store: EventStore, agreementId: string) =>
  (await store.readStream(agreementStreamId(agreementId))).map((e) => [e.revision, e.type]);

describe('CreateAgreement with a predecessor', () => {
  it('creates the successor and links the predecessor in one append', async () => {
    const { store, asCommissioner } = ledgerOn();
    await asCommissioner(createA());
    const outcome = await asCommissioner(createB());
    // The answer is the successor's own stream.
    expect(outcome.append.streamId).toBe(agreementStreamId(B_ID));
    const [created] = await store.readStream(agreementStreamId(B_ID));
    expect(created.metadata.schemaVersion).toBe(2);
    expect(created.data).toMatchObject({ agreementId: B_ID, predecessorAgreementId: A_ID });
    const [, link] = await store.readStream(agreementStreamId(A_ID));
    expect(link).toMatchObject({
      type: 'SuccessorAgreementCreated',
      revision: 1,
      data: { agreementId: A_ID, successorAgreementId: B_ID, successorFinancialYear: '2018/19' },
      metadata: { schemaVersion: 1, actor: chainCommissioner },
    });
    // One transaction: consecutive positions, the link first (it is the guard).
    expect(created.position).toBe(link.position + 1);
  });

  it('refuses a second successor with 409 CHAIN.SUCCESSOR_EXISTS and writes nothing', async () => {
    const { store, asCommissioner } = ledgerOn();
    await asCommissioner(createA());
    await asCommissioner(createB());
    const head = await store.headPosition();
    await expect(
      asCommissioner(createB({ agreementId: 'slp-adult-secure-2018-19-bis' })),
    ).rejects.toMatchObject({ code: 'CHAIN.SUCCESSOR_EXISTS', kind: 'conflict' });
    expect(await store.headPosition()).toBe(head);
  });

  it('lets exactly one of two racing successors win', async () => {
    const { store, asCommissioner } = ledgerOn();
    await asCommissioner(createA());
    const results = await Promise.allSettled([
      asCommissioner(createB()),
      asCommissioner(createB({ agreementId: 'slp-adult-secure-2018-19-bis' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected');
    expect(refused.reason).toMatchObject({
      code: 'CHAIN.SUCCESSOR_EXISTS',
    });
    expect(await typesOf(store, A_ID)).toEqual([
      [0, 'AgreementCreated'],
      [1, 'SuccessorAgreementCreated'],
    ]);
  });

  it.each([
    [{ predecessorAgreementId: 'nowhere' }, 'CHAIN.PREDECESSOR_NOT_FOUND'],
    [{ financialYear: '2019/20' }, 'CHAIN.NOT_THE_NEXT_YEAR'],
    [{ serviceLines: ['adult-low-secure'] }, 'CHAIN.SERVICE_LINE_DROPPED'],
    [{ leadProviderCode: 'RPG' }, 'CHAIN.LEAD_PROVIDER_DIFFERS'],
  ])('refuses %j with %s, writing nothing on either stream', async (overrides, code) => {
    const { store, asCommissioner } = ledgerOn();
    await asCommissioner(createA());
    await expect(asCommissioner(createB(overrides))).rejects.toMatchObject({ code });
    expect(await store.headPosition()).toBe(1);
  });

  it("keeps another commissioner's agreement out of reach: 403, saying nothing of it", async () => {
    const { asCommissioner, ledger } = ledgerOn();
    await asCommissioner(createA());
    const other = { ...chainCommissioner, organisationCode: 'QWE' };
    await expect(
      ledger.execute(createB({ commissionerCode: 'QWE' }), requestBy(other)),
    ).rejects.toBeInstanceOf(AuthorisationError);
    await expect(ledger.execute(createB(), requestBy({ ...leadFinance }))).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN_ROLE',
    });
  });

  it('replays the same request under its Idempotency-Key without a second link', async () => {
    const { store, asCommissioner } = ledgerOn();
    await asCommissioner(createA());
    const first = await asCommissioner(createB(), { idempotencyKey: 'create-b' });
    const again = await asCommissioner(createB(), { idempotencyKey: 'create-b' });
    expect(again).toEqual({ append: first.append, position: first.position, replayed: true });
    expect(await typesOf(store, A_ID)).toHaveLength(2);
  });
});

/** An in-memory store that, like EventStoreDB, cannot append to several streams at once. */
class SingleStreamStore extends InMemoryEventStore {
  override readonly supportsMultiStreamAppend = false;
  /** Appends to this stream fail, this many times, as a connection lost mid-command would. */
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

describe('CreateAgreement with a predecessor on a store without multi-stream appends', () => {
  it('writes the guarded link first, then the successor', async () => {
    const store = new SingleStreamStore();
    const { asCommissioner } = ledgerOn(store);
    await asCommissioner(createA());
    await asCommissioner(createB());
    expect(await typesOf(store, A_ID)).toEqual([
      [0, 'AgreementCreated'],
      [1, 'SuccessorAgreementCreated'],
    ]);
    expect(await typesOf(store, B_ID)).toEqual([[0, 'AgreementCreated']]);
  });

  it('completes a half-written creation when it is sent again, never linking twice', async () => {
    const store = new SingleStreamStore();
    const { asCommissioner } = ledgerOn(store);
    await asCommissioner(createA());
    // The command's first attempt (decided on what it remembered) and its retry on a fresh
    // read both lose the successor's append.
    store.failAppendsTo = { streamId: agreementStreamId(B_ID), times: 2 };
    await expect(asCommissioner(createB())).rejects.toThrow('connection lost');
    // The link landed, the successor did not.
    expect(await typesOf(store, A_ID)).toHaveLength(2);
    expect(await typesOf(store, B_ID)).toEqual([]);
    // Meanwhile the chain is A alone: a link to an agreement not created is not followed.
    const read = await readChainOf(store, A_ID);
    expect(read?.chain.agreements.map((t) => t.agreementId)).toEqual([A_ID]);
    await asCommissioner(createB());
    expect(await typesOf(store, A_ID)).toHaveLength(2);
    expect(await typesOf(store, B_ID)).toEqual([[0, 'AgreementCreated']]);
    // Another successor is still refused.
    await expect(
      asCommissioner(createB({ agreementId: 'slp-adult-secure-2018-19-bis' })),
    ).rejects.toMatchObject({ code: 'CHAIN.SUCCESSOR_EXISTS' });
  });
});
