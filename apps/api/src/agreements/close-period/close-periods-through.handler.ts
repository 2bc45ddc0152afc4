import {
  closePeriodsThrough,
  type Clock,
  type CommandOutcome,
  type CommandRequest,
  type PeriodCloseReceipt,
} from '@ledger/commands';
import type { EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE } from '../../app/injection-tokens';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';

/** Close every open month of an agreement's year, in order, up to and including `through`. */
export class ClosePeriodsThroughCommand extends Command<PeriodCloseReceipt[]> {
  constructor(
    readonly agreementId: string,
    readonly through: string,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

/**
 * Plans the months (closePeriodsThrough: the agreement, who asks, `through` in the year and
 * ended), then sends each month's close on the CommandBus as the one-month request would be, so
 * each is decided, authorised and appended exactly like it, its own PeriodClosed event.
 */
@CommandHandler(ClosePeriodsThroughCommand)
export class ClosePeriodsThroughHandler implements ICommandHandler<ClosePeriodsThroughCommand> {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({
    agreementId,
    through,
    request,
  }: ClosePeriodsThroughCommand): Promise<PeriodCloseReceipt[]> {
    return closePeriodsThrough(
      {
        store: this.store,
        clock: this.clock,
        closePeriod: (data, monthRequest): Promise<CommandOutcome> =>
          this.commandBus.execute(
            new RecordLedgerCommand({ type: 'ClosePeriod', data }, monthRequest),
          ),
      },
      { agreementId, through },
      request,
    );
  }
}
