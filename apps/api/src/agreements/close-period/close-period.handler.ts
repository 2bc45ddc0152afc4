import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ClosePeriodDto } from './close-period.dto';

export class ClosePeriodCommand extends Command<CommandOutcome> {
  constructor(
    readonly agreementId: string,
    readonly body: ClosePeriodDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

/**
 * Hands the close to the command layer, which finds the agreement's cases, computes the
 * period's figures and the prior-period adjustments, and records `PeriodClosed`. The figures
 * are computed there, inside the write's retry loop, so that a close that loses a race to
 * another write on the agreement is decided again on fresh figures, never on stale ones.
 */
@CommandHandler(ClosePeriodCommand)
export class ClosePeriodHandler implements ICommandHandler<ClosePeriodCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ agreementId, body, request }: ClosePeriodCommand): Promise<CommandOutcome> {
    return this.ledger.closePeriod({ agreementId, period: body.period }, request);
  }
}
