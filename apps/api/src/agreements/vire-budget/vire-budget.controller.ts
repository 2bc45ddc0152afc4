import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { VireBudgetDto } from './vire-budget.dto';
import { VireBudgetCommand } from './vire-budget.handler';

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
    const outcome = await this.commandBus.execute(
      new VireBudgetCommand(agreementId, body, request),
    );
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}
