import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { answerWrite, caseLocation, WriteReceipt } from '../../http/write-receipt';
import { RegisterReferralDto } from './register-referral.dto';
import { RegisterReferralCommand } from './register-referral.handler';

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
    const outcome = await this.commandBus.execute(new RegisterReferralCommand(body, request));
    return answerWrite(reply, outcome, caseLocation(body.caseId));
  }
}
