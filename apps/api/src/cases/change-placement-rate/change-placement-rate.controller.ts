import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { answerWrite, caseLocation, WriteReceipt } from '../../http/write-receipt';
import { ChangePlacementRateDto } from '@ledger/contracts';

@ApiTags('cases')
@Controller('v1/cases')
export class ChangePlacementRateController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/placements/:placementId/rate-changes')
  @RequiresAction('ChangePlacementRate')
  @DocumentedWrite()
  async changeRate(
    @Param('caseId') caseId: string,
    @Param('placementId') placementId: string,
    @Body() body: ChangePlacementRateDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const data = {
      caseId,
      placementId,
      dailyRate: body.dailyRate,
      effectiveDate: body.effectiveDate,
    };
    const command = new RecordLedgerCommand({ type: 'ChangePlacementRate', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, caseLocation(caseId));
  }
}
