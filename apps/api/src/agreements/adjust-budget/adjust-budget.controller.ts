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
import { AdjustBudgetDto } from '@ledger/contracts';

@ApiTags('agreements')
@Controller('v1/agreements')
export class AdjustBudgetController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':agreementId/adjustments')
  @RequiresAction('AdjustBudget')
  @DocumentedWrite()
  async adjust(
    @Param('agreementId') agreementId: string,
    @Body() body: AdjustBudgetDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const { adjustmentId, serviceLine, amount, effectiveDate, reason } = body;
    const data = { agreementId, adjustmentId, serviceLine, amount, effectiveDate, reason };
    const command = new RecordLedgerCommand({ type: 'AdjustBudget', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}
