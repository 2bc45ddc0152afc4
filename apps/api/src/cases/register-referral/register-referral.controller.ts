import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { answerWrite, caseLocation, WriteReceipt } from '../../http/write-receipt';
import { RegisterReferralDto } from '@ledger/contracts';

@ApiTags('cases')
@Controller('v1/cases')
export class RegisterReferralController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @RequiresAction('RegisterReferral')
  @DocumentedWrite()
  async register(
    @Body() body: RegisterReferralDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const { caseId, agreementId, serviceLine, patientRef, referralDate } = body;
    const data = { caseId, agreementId, serviceLine, patientRef, referralDate };
    const command = new RecordLedgerCommand({ type: 'RegisterReferral', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, caseLocation(caseId));
  }
}
