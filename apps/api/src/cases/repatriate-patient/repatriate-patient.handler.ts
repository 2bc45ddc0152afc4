import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RepatriatePatientDto } from './repatriate-patient.dto';

export class RepatriatePatientCommand extends Command<CommandOutcome> {
  constructor(
    readonly caseId: string,
    readonly body: RepatriatePatientDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(RepatriatePatientCommand)
export class RepatriatePatientHandler implements ICommandHandler<RepatriatePatientCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ caseId, body, request }: RepatriatePatientCommand): Promise<CommandOutcome> {
    const { placementId, bedType, providerCode, dailyRate, distanceFromHomeKm } =
      body.inAreaPlacement;
    const data = {
      caseId,
      outOfAreaPlacementId: body.outOfAreaPlacementId,
      repatriationDate: body.repatriationDate,
      inAreaPlacement: { placementId, bedType, providerCode, dailyRate, distanceFromHomeKm },
    };
    return this.ledger.execute({ type: 'RepatriatePatient', data }, request);
  }
}
