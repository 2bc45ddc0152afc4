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
import { RepatriatePatientDto } from '@ledger/contracts';

@ApiTags('cases')
@Controller('v1/cases')
export class RepatriatePatientController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/repatriations')
  @RequiresAction('RepatriatePatient')
  @DocumentedWrite()
  async repatriate(
    @Param('caseId') caseId: string,
    @Body() body: RepatriatePatientDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const { placementId, bedType, providerCode, dailyRate, distanceFromHomeKm } =
      body.inAreaPlacement;
    const data = {
      caseId,
      outOfAreaPlacementId: body.outOfAreaPlacementId,
      repatriationDate: body.repatriationDate,
      inAreaPlacement: { placementId, bedType, providerCode, dailyRate, distanceFromHomeKm },
    };
    const command = new RecordLedgerCommand({ type: 'RepatriatePatient', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, caseLocation(caseId));
  }
}
