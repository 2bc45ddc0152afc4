import type { CommandRequest } from '@ledger/commands';
import { NameOrganisationDto } from '@ledger/contracts';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { answerWrite, organisationLocation, WriteReceipt } from '../../http/write-receipt';
import { odsCodeOfPath } from '../ods-code-path';

@ApiTags('organisations')
@Controller('v1/organisations')
export class NameOrganisationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':odsCode/names')
  @RequiresAction('NameOrganisation')
  @ApiOperation({
    summary: "Record an organisation's name from a date",
    description:
      'The organisation register: a name for the ODS code in the URL, in force from ' +
      '`effectiveFrom` until a naming with a later date (its history is kept). Who: ' +
      'commissioner-finance (any organisation), lead-provider-finance (its own), admin. ' +
      'Refusals of its own: 409 ORGANISATION.NAME_ALREADY_RECORDED (this name from this date ' +
      'is recorded already).',
  })
  @DocumentedWrite()
  async name(
    @Param('odsCode') odsCode: string,
    @Body() body: NameOrganisationDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    const data = {
      odsCode: odsCodeOfPath(odsCode),
      name: body.name,
      effectiveFrom: body.effectiveFrom,
    };
    const command = new RecordLedgerCommand({ type: 'NameOrganisation', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, organisationLocation(odsCode));
  }
}
