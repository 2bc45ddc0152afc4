import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StartPlacementDto } from './start-placement.dto';

export class StartPlacementCommand extends Command<CommandOutcome> {
  constructor(
    readonly caseId: string,
    readonly body: StartPlacementDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(StartPlacementCommand)
export class StartPlacementHandler implements ICommandHandler<StartPlacementCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ caseId, body, request }: StartPlacementCommand): Promise<CommandOutcome> {
    const data = {
      caseId,
      placementId: body.placementId,
      setting: body.setting,
      bedType: body.bedType,
      providerCode: body.providerCode,
      dailyRate: body.dailyRate,
      startDate: body.startDate,
      distanceFromHomeKm: body.distanceFromHomeKm,
      oapReasonCode: body.oapReasonCode ?? null,
    };
    return this.ledger.execute({ type: 'StartPlacement', data }, request);
  }
}
