import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommitReinvestmentDto } from './commit-reinvestment.dto';

export class CommitReinvestmentCommand extends Command<CommandOutcome> {
  constructor(
    readonly agreementId: string,
    readonly body: CommitReinvestmentDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(CommitReinvestmentCommand)
export class CommitReinvestmentHandler implements ICommandHandler<CommitReinvestmentCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ agreementId, body, request }: CommitReinvestmentCommand): Promise<CommandOutcome> {
    const { commitmentId, schemeId, amount, effectiveDate, description } = body;
    const data = { agreementId, commitmentId, schemeId, amount, effectiveDate, description };
    return this.ledger.execute({ type: 'CommitReinvestment', data }, request);
  }
}
