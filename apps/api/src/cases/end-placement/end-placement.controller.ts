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
import { EndPlacementDto } from '@ledger/contracts';

@ApiTags('cases')
@Controller('v1/cases')
export class EndPlacementController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/placements/:placementId/end')
  @RequiresAction('EndPlacement')
  @DocumentedWrite()
  async end(
    @Param('caseId') caseId: string,
    @Param('placementId') placementId: string,
    @Body() body: EndPlacementDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const data = { caseId, placementId, endDate: body.endDate, reason: body.reason };
    const command = new RecordLedgerCommand({ type: 'EndPlacement', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, caseLocation(caseId));
  }
}
