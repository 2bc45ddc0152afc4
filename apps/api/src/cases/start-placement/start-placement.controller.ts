import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { answerWrite, caseLocation, WriteReceipt } from '../../http/write-receipt';
import { StartPlacementDto } from './start-placement.dto';
import { StartPlacementCommand } from './start-placement.handler';

@ApiTags('cases')
@Controller('v1/cases')
export class StartPlacementController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/placements')
  @RequiresAction('StartPlacement')
  @DocumentedWrite()
  async start(
    @Param('caseId') caseId: string,
    @Body() body: StartPlacementDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const outcome = await this.commandBus.execute(new StartPlacementCommand(caseId, body, request));
    return answerWrite(reply, outcome, caseLocation(caseId));
  }
}
