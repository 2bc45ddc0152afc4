import { LedgerCommands, type CommandOutcome, type CommandRequest } from '@ledger/commands';
import type { PhasingProfile } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AllocateBudgetDto, PhasingDto } from './allocate-budget.dto';

export class AllocateBudgetCommand extends Command<CommandOutcome> {
  constructor(
    readonly agreementId: string,
    readonly body: AllocateBudgetDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(AllocateBudgetCommand)
export class AllocateBudgetHandler implements ICommandHandler<AllocateBudgetCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ agreementId, body, request }: AllocateBudgetCommand): Promise<CommandOutcome> {
    const data = {
      agreementId,
      allocationId: body.allocationId,
      serviceLine: body.serviceLine,
      amount: body.amount,
      effectiveDate: body.effectiveDate,
      phasing: phasingProfile(body.phasing),
    };
    return this.ledger.execute({ type: 'AllocateBudget', data }, request);
  }
}

function phasingProfile(phasing: PhasingDto): PhasingProfile {
  if (phasing.kind === 'even') return { kind: 'even' };
  const months = (phasing.months ?? []).map(({ period, amount }) => ({ period, amount }));
  return { kind: 'explicit', months };
}
