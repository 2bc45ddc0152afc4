import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DischargePatientDto } from './discharge-patient.dto';

export class DischargePatientCommand extends Command<CommandOutcome> {
  constructor(
    readonly caseId: string,
    readonly body: DischargePatientDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(DischargePatientCommand)
export class DischargePatientHandler implements ICommandHandler<DischargePatientCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ caseId, body, request }: DischargePatientCommand): Promise<CommandOutcome> {
    const data = { caseId, dischargeDate: body.dischargeDate, reason: body.reason };
    return this.ledger.execute({ type: 'DischargePatient', data }, request);
  }
}
