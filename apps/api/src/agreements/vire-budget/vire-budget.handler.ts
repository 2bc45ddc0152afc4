import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VireBudgetDto } from './vire-budget.dto';

export class VireBudgetCommand extends Command<CommandOutcome> {
  constructor(
    readonly agreementId: string,
    readonly body: VireBudgetDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(VireBudgetCommand)
export class VireBudgetHandler implements ICommandHandler<VireBudgetCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ agreementId, body, request }: VireBudgetCommand): Promise<CommandOutcome> {
    const { virementId, fromServiceLine, toServiceLine, amount, effectiveDate, reason } = body;
    const data = {
      agreementId,
      virementId,
      fromServiceLine,
      toServiceLine,
      amount,
      effectiveDate,
      reason,
    };
    return this.ledger.execute({ type: 'VireBudget', data }, request);
  }
}
