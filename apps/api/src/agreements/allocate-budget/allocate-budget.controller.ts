import type { CommandRequest } from '@ledger/commands';
import type { AllocateBudget, PhasingProfile } from '@ledger/domain';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { AllocateBudgetDto, type PhasingDto } from '@ledger/contracts';

@ApiTags('agreements')
@Controller('v1/agreements')
export class AllocateBudgetController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':agreementId/allocations')
  @RequiresAction('AllocateBudget')
  @DocumentedWrite()
  async allocate(
    @Param('agreementId') agreementId: string,
    @Body() body: AllocateBudgetDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const command: AllocateBudget = {
      type: 'AllocateBudget',
      data: {
        agreementId,
        allocationId: body.allocationId,
        serviceLine: body.serviceLine,
        amount: body.amount,
        effectiveDate: body.effectiveDate,
        phasing: phasingProfile(body.phasing),
      },
    };
    const outcome = await this.commandBus.execute(new RecordLedgerCommand(command, request));
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}

function phasingProfile(phasing: PhasingDto): PhasingProfile {
  if (phasing.kind === 'even') return { kind: 'even' };
  const months = (phasing.months ?? []).map(({ period, amount }) => ({ period, amount }));
  return { kind: 'explicit', months };
}
