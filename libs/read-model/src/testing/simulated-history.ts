import { randomUUID } from 'node:crypto';
import { currentSchemaVersion, daysBetween } from '@ledger/domain';
import type { Actor, EventStore, EventToAppend } from '@ledger/event-store';
import {
  historyAgreementIds,
  playAgreement,
  type CommandHistoryOptions,
  type HistoryWriter,
} from './history-script';
import { LedgerSimulator } from './ledger-simulator';

/**
 * Writes the history script (`history-script.ts`) onto `store`: each command decided by the
 * domain's own deciders through the LedgerSimulator (period closes computed from the cases, as
 * the application computes them), and the events appended as the command layer would append
 * them, with the actor who sent each command. The read model's tests use it, so they need
 * nothing above the read model; `writeCommandHistory` in libs/commands' testing plays the same
 * script through LedgerCommands. Agreements are played one after another. Every command must be
 * accepted: a refusal throws. Resolves to the head position.
 */
export async function writeSimulatedHistory(
  store: EventStore,
  options: CommandHistoryOptions = {},
): Promise<number> {
  const simulator = new LedgerSimulator('2025-04-01');
  const appends: { actor: Actor; first: number; end: number }[] = [];
  const record = (actor: Actor, accepted: boolean, what: string, first: number): void => {
    if (!accepted) throw new Error(`The history script's ${what} was refused by the deciders`);
    appends.push({ actor, first, end: simulator.log.events.length });
  };
  const writer: HistoryWriter = {
    setNow: (now) => {
      const date = now.toISOString().slice(0, 10);
      // Each agreement's part starts in April again: the simulator's date may go back.
      simulator.advance(daysBetween(simulator.date, date));
    },
    run: (command, actor) => {
      const first = simulator.log.events.length;
      record(actor, simulator.run(command), command.type, first);
      return Promise.resolve();
    },
    closePeriod: (agreementId, period, actor) => {
      const first = simulator.log.events.length;
      record(actor, simulator.closeNextPeriod(agreementId), `close of ${period}`, first);
      return Promise.resolve();
    },
  };
  for (const agreementId of historyAgreementIds(options)) {
    await playAgreement(writer, agreementId, options);
  }
  const events = simulator.log.events;
  for (const [index, { actor, first, end }] of appends.entries()) {
    // One command's events belong to one stream, appended together as the command layer does.
    if (first === end) continue;
    const toAppend: EventToAppend[] = events.slice(first, end).map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        schemaVersion: currentSchemaVersion(event.type),
        actor,
        correlationId: `history-corr-${index + 1}`,
        causationId: `history-req-${index + 1}`,
        idempotencyKey: null,
      },
    }));
    await store.appendToStream(events[first].streamId, toAppend, { expectedRevision: 'any' });
  }
  return store.headPosition();
}
