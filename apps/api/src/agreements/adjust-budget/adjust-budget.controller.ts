import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { AdjustBudgetDto } from './adjust-budget.dto';
import { AdjustBudgetCommand } from './adjust-budget.handler';

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
    const outcome = await this.commandBus.execute(
      new AdjustBudgetCommand(agreementId, body, request),
    );
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}
