import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { ClosePeriodDto } from '@ledger/contracts';

@ApiTags('agreements')
@Controller('v1/agreements')
export class ClosePeriodController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':agreementId/period-closes')
  @RequiresAction('ClosePeriod')
  @ApiOperation({
    summary: 'Close a period',
    description:
      "Freezes the next open month once it has ended (by the server's date in England): posts " +
      "its accrued placement costs and recognised savings, computed from the agreement's cases, " +
      'and, as prior-period adjustments, any change late facts made to months already closed. ' +
      'Refusals of its own: 422 PERIOD.NOT_ENDED, 422 PERIOD.CLOSE_OUT_OF_ORDER, ' +
      '409 PERIOD.ALREADY_CLOSED, 422 VALIDATION.FAILED (a period outside the agreement’s year).',
  })
  @DocumentedWrite()
  async close(
    @Param('agreementId') agreementId: string,
    @Body() body: ClosePeriodDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    // Only what the caller asks: the ledger computes the figures (see RecordLedgerCommandHandler).
    const data = { agreementId, period: body.period };
    const command = new RecordLedgerCommand({ type: 'ClosePeriod', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}
