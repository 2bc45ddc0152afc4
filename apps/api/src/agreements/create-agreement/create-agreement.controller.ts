import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({
    summary: 'Create a delegation agreement',
    description:
      'One commissioner delegating to one collaborative for one financial year. Naming ' +
      '`predecessorAgreementId` links it into a chain (docs/year-end.md): the predecessor must ' +
      'have the same commissioner and lead provider and the year just before, and keeps at ' +
      'most one successor; the link is recorded on both agreements in one atomic write. ' +
      'Refusals of its own: 409 AGREEMENT.ALREADY_EXISTS, 409 CHAIN.SUCCESSOR_EXISTS, ' +
      '422 CHAIN.PREDECESSOR_NOT_FOUND, CHAIN.COMMISSIONER_DIFFERS, ' +
      'CHAIN.LEAD_PROVIDER_DIFFERS, CHAIN.NOT_THE_NEXT_YEAR, CHAIN.SERVICE_LINE_DROPPED. ' +
      '`organisationNames` names any of its organisations in the register (OrganisationNamed, ' +
      "from the year's first day) in the same write.",
  })
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
      // Only when named, so a creation that starts a chain hashes (Idempotency-Key) as before.
      ...(body.predecessorAgreementId === undefined || body.predecessorAgreementId === null
        ? {}
        : { predecessorAgreementId: body.predecessorAgreementId }),
      // Likewise: only when given, so a creation without names hashes as it always did.
      ...(body.organisationNames === undefined || body.organisationNames === null
        ? {}
        : { organisationNames: body.organisationNames }),
    };
    const command = new RecordLedgerCommand({ type: 'CreateAgreement', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(body.agreementId));
  }
}
