import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EndPlacementDto } from './end-placement.dto';

export class EndPlacementCommand extends Command<CommandOutcome> {
  constructor(
    readonly caseId: string,
    readonly placementId: string,
    readonly body: EndPlacementDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(EndPlacementCommand)
export class EndPlacementHandler implements ICommandHandler<EndPlacementCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ caseId, placementId, body, request }: EndPlacementCommand): Promise<CommandOutcome> {
    const data = { caseId, placementId, endDate: body.endDate, reason: body.reason };
    return this.ledger.execute({ type: 'EndPlacement', data }, request);
  }
}
