import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ChangePlacementRateDto } from './change-placement-rate.dto';

export class ChangePlacementRateCommand extends Command<CommandOutcome> {
  constructor(
    readonly caseId: string,
    readonly placementId: string,
    readonly body: ChangePlacementRateDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(ChangePlacementRateCommand)
export class ChangePlacementRateHandler implements ICommandHandler<ChangePlacementRateCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute(command: ChangePlacementRateCommand): Promise<CommandOutcome> {
    const { caseId, placementId, body, request } = command;
    const data = {
      caseId,
      placementId,
      dailyRate: body.dailyRate,
      effectiveDate: body.effectiveDate,
    };
    return this.ledger.execute({ type: 'ChangePlacementRate', data }, request);
  }
}
