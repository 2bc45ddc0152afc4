import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { AllocateBudgetDto } from './allocate-budget.dto';
import { AllocateBudgetCommand } from './allocate-budget.handler';

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
    const command = new AllocateBudgetCommand(agreementId, body, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}
