import type { EventStore } from '@ledger/event-store';
import {
  historyAgreementIds,
  playAgreement,
  type CommandHistoryOptions,
  type HistoryWriter,
} from '@ledger/read-model/testing/history-script';
import type { Clock } from '../shared/clock';
import type { CommandRequest } from '../execution/command-request';
import { LedgerCommands } from '../execution/ledger-commands';

export type { CommandHistoryOptions } from '@ledger/read-model/testing/history-script';

/**
 * Writes the read model's history script (`@ledger/read-model/testing/history-script`) by
 * sending its commands through `LedgerCommands`, as the API does, on the given store: each
 * agreement by its own writer, concurrently, with the audit metadata the command layer records.
 * Every command must be accepted. Resolves to the head position. (Tests of the read model itself
 * play the same script through the deciders alone: `writeSimulatedHistory`.)
 */
export async function writeCommandHistory(
  store: EventStore,
  options: CommandHistoryOptions = {},
): Promise<number> {
  await Promise.all(
    historyAgreementIds(options).map((agreementId) =>
      playAgreement(commandWriter(store, agreementId), agreementId, options),
    ),
  );
  return store.headPosition();
}

function commandWriter(store: EventStore, agreementId: string): HistoryWriter {
  let now = new Date('2025-04-01T09:00:00.000Z');
  const clock: Clock = { now: () => new Date(now) };
  const ledger = new LedgerCommands({ store, clock });
  let requests = 0;
  const request = (actor: CommandRequest['actor']): CommandRequest => {
    requests += 1;
    return {
      actor,
      correlationId: `${agreementId}-corr-${requests}`,
      causationId: `${agreementId}-req-${requests}`,
    };
  };
  return {
    setNow: (next) => {
      now = next;
    },
    run: (command, actor) => ledger.execute(command, request(actor)),
    closePeriod: (id, period, actor) =>
      ledger.closePeriod({ agreementId: id, period }, request(actor)),
  };
}
