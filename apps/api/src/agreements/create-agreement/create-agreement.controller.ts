import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { CreateAgreementDto } from '@ledger/contracts';

@ApiTags('agreements')
@Controller('v1/agreements')
export class CreateAgreementController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @RequiresAction('CreateAgreement')
  @DocumentedWrite()
  async create(
    @Body() body: CreateAgreementDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const data = {
      agreementId: body.agreementId,
      commissionerCode: body.commissionerCode,
      leadProviderCode: body.leadProviderCode,
      partnerProviderCodes: body.partnerProviderCodes,
      financialYear: body.financialYear,
      serviceLines: body.serviceLines,
      ...(body.savingsHorizonDays === undefined
        ? {}
        : { savingsHorizonDays: body.savingsHorizonDays }),
    };
    const command = new RecordLedgerCommand({ type: 'CreateAgreement', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(body.agreementId));
  }
}
