import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AdjustBudgetDto } from './adjust-budget.dto';

export class AdjustBudgetCommand extends Command<CommandOutcome> {
  constructor(
    readonly agreementId: string,
    readonly body: AdjustBudgetDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(AdjustBudgetCommand)
export class AdjustBudgetHandler implements ICommandHandler<AdjustBudgetCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ agreementId, body, request }: AdjustBudgetCommand): Promise<CommandOutcome> {
    const { adjustmentId, serviceLine, amount, effectiveDate, reason } = body;
    const data = { agreementId, adjustmentId, serviceLine, amount, effectiveDate, reason };
    return this.ledger.execute({ type: 'AdjustBudget', data }, request);
  }
}
