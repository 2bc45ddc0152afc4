import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RegisterReferralDto } from './register-referral.dto';

export class RegisterReferralCommand extends Command<CommandOutcome> {
  constructor(
    readonly body: RegisterReferralDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(RegisterReferralCommand)
export class RegisterReferralHandler implements ICommandHandler<RegisterReferralCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ body, request }: RegisterReferralCommand): Promise<CommandOutcome> {
    const { caseId, agreementId, serviceLine, patientRef, referralDate } = body;
    const data = { caseId, agreementId, serviceLine, patientRef, referralDate };
    return this.ledger.execute({ type: 'RegisterReferral', data }, request);
  }
}
