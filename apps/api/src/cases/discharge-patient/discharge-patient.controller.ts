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
import { DischargePatientDto } from '@ledger/contracts';

@ApiTags('cases')
@Controller('v1/cases')
export class DischargePatientController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':caseId/discharge')
  @RequiresAction('DischargePatient')
  @DocumentedWrite()
  async discharge(
    @Param('caseId') caseId: string,
    @Body() body: DischargePatientDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const data = { caseId, dischargeDate: body.dischargeDate, reason: body.reason };
    const command = new RecordLedgerCommand({ type: 'DischargePatient', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, caseLocation(caseId));
  }
}
