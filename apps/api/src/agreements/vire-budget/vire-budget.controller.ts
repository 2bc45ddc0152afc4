import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { VireBudgetDto } from '@ledger/contracts';

@ApiTags('agreements')
@Controller('v1/agreements')
export class VireBudgetController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':agreementId/virements')
  @RequiresAction('VireBudget')
  @DocumentedWrite()
  async vire(
    @Param('agreementId') agreementId: string,
    @Body() body: VireBudgetDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const { virementId, fromServiceLine, toServiceLine, amount, effectiveDate, reason } = body;
    const data = {
      agreementId,
      virementId,
      fromServiceLine,
      toServiceLine,
      amount,
      effectiveDate,
      reason,
    };
    const command = new RecordLedgerCommand({ type: 'VireBudget', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}
