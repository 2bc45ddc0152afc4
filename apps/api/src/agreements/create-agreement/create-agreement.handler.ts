import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CreateAgreementDto } from './create-agreement.dto';

export class CreateAgreementCommand extends Command<CommandOutcome> {
  constructor(
    readonly body: CreateAgreementDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(CreateAgreementCommand)
export class CreateAgreementHandler implements ICommandHandler<CreateAgreementCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ body, request }: CreateAgreementCommand): Promise<CommandOutcome> {
    const data = {
      agreementId: body.agreementId,
      commissionerCode: body.commissionerCode,
      leadProviderCode: body.leadProviderCode,
      partnerProviderCodes: body.partnerProviderCodes,
      financialYear: body.financialYear,
      serviceLines: body.serviceLines,
      ...(body.savingsHorizonDays === undefined
        ? {}
        : { savingsHorizonDays: body.savingsHorizonDays }),
    };
    return this.ledger.execute({ type: 'CreateAgreement', data }, request);
  }
}
