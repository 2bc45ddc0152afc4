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
import { CarryForwardDto } from '@ledger/contracts';

@ApiTags('agreements')
@Controller('v1/agreements')
export class CarryForwardController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':agreementId/carry-forward')
  @RequiresAction('CarryForward')
  @ApiOperation({
    summary: 'Carry retained savings forward to the next year',
    description:
      "Once the agreement's M12 is closed and its successor exists, moves its whole " +
      '`savings:retained` balance to the successor, once: `savings:retained` → ' +
      "`carried-forward` in this agreement's M12 (a year-end entry) and `brought-forward` → " +
      "`savings:retained` in the successor's earliest open period, in one atomic write on both " +
      'agreements. The body is `{}`. Refusals of its own: 422 CHAIN.YEAR_NOT_CLOSED, ' +
      '422 CHAIN.NO_SUCCESSOR, 422 CHAIN.SUCCESSOR_YEAR_CLOSED, ' +
      '409 CHAIN.CARRY_FORWARD_ALREADY_RECORDED.',
  })
  @DocumentedWrite()
  async carryForward(
    @Param('agreementId') agreementId: string,
    @Body() _body: CarryForwardDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt> {
    // Only what the caller asks: the ledger computes the amount (see RecordLedgerCommandHandler).
    const command = new RecordLedgerCommand(
      { type: 'CarryForward', data: { agreementId } },
      request,
    );
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }
}
