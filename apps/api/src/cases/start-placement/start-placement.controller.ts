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
import { StartPlacementDto } from '@ledger/contracts';

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
    const data = {
      caseId,
      placementId: body.placementId,
      setting: body.setting,
      bedType: body.bedType,
      providerCode: body.providerCode,
      dailyRate: body.dailyRate,
      startDate: body.startDate,
      distanceFromHomeKm: body.distanceFromHomeKm,
      oapReasonCode: body.oapReasonCode ?? null,
      // Only when given, so a placement without a name hashes (Idempotency-Key) as before.
      ...(body.providerName === undefined || body.providerName === null
        ? {}
        : { providerName: body.providerName }),
    };
    const command = new RecordLedgerCommand({ type: 'StartPlacement', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, caseLocation(caseId));
  }
}
