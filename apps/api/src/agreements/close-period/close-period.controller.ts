import type { CommandRequest, PeriodCloseReceipt } from '@ledger/commands';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import {
  agreementLocation,
  answerWrite,
  etagOf,
  RecordedEventReceipt,
  WriteReceipt,
} from '../../http/write-receipt';
import { ClosePeriodDto } from '@ledger/contracts';
import { ClosePeriodsThroughCommand } from './close-periods-through.handler';

/** One month's close in the answer to `{"through": …}`: its period and its write receipt. */
export class PeriodCloseItem extends WriteReceipt {
  @ApiProperty({ example: '2025-05' }) period!: string;
}

/** The answer to `{"through": …}`: each month closed, in order. */
export class PeriodClosesReceipt {
  @ApiProperty({ example: '2025-09' }) through!: string;
  @ApiProperty({ type: [PeriodCloseItem] }) closes!: PeriodCloseItem[];
}

@ApiTags('agreements')
@Controller('v1/agreements')
@ApiExtraModels(WriteReceipt, PeriodClosesReceipt, PeriodCloseItem, RecordedEventReceipt)
export class ClosePeriodController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':agreementId/period-closes')
  @RequiresAction('ClosePeriod')
  @ApiOperation({
    summary: 'Close a period, or every open period up to one',
    description:
      "Freezes the next open month once it has ended (by the server's date in England): posts " +
      "its accrued placement costs and recognised savings, computed from the agreement's cases, " +
      'and, as prior-period adjustments, any change late facts made to months already closed. ' +
      'With {"through": "YYYY-MM"} instead of {"period": …}, closes each open month up to and ' +
      'including it, in order, each its own PeriodClosed event, and answers ' +
      `{through, closes: [...]} (schema ${getSchemaPath(PeriodClosesReceipt)}); a refusal ` +
      'part-way names failedPeriod and lists the closes that stand. ' +
      'Refusals of its own: 422 PERIOD.NOT_ENDED, 422 PERIOD.CLOSE_OUT_OF_ORDER, ' +
      '409 PERIOD.ALREADY_CLOSED, 422 VALIDATION.FAILED (a period outside the agreement’s year).',
  })
  // Above DocumentedWrite, so that its 201 (the plain receipt) gives way to this one.
  @ApiCreatedResponse({
    description:
      'Recorded: with period, the write receipt; with through, each month closed, in order. ' +
      'ETag carries the last revision, Location the agreement',
    schema: {
      oneOf: [{ $ref: getSchemaPath(WriteReceipt) }, { $ref: getSchemaPath(PeriodClosesReceipt) }],
    },
  })
  @DocumentedWrite()
  async close(
    @Param('agreementId') agreementId: string,
    @Body() body: ClosePeriodDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteReceipt | PeriodClosesReceipt> {
    if (body.through !== undefined)
      return this.closeThrough(agreementId, body.through, request, reply);
    // Only what the caller asks: the ledger computes the figures (see RecordLedgerCommandHandler).
    const data = { agreementId, period: body.period ?? '' };
    const command = new RecordLedgerCommand({ type: 'ClosePeriod', data }, request);
    const outcome = await this.commandBus.execute(command);
    return answerWrite(reply, outcome, agreementLocation(agreementId));
  }

  /** Each open month up to `through`, each an ordinary close (ClosePeriodsThroughHandler). */
  private async closeThrough(
    agreementId: string,
    through: string,
    request: CommandRequest,
    reply: FastifyReply,
  ): Promise<PeriodClosesReceipt> {
    const receipts = await this.commandBus.execute(
      new ClosePeriodsThroughCommand(agreementId, through, request),
    );
    const last = receipts[receipts.length - 1];
    void reply
      .status(201)
      .header('etag', etagOf(last.revision))
      .header('location', agreementLocation(agreementId));
    if (receipts.every((receipt) => receipt.replayed)) {
      void reply.header('idempotent-replayed', 'true');
    }
    return { through, closes: receipts.map(itemOf) };
  }
}

function itemOf({
  period,
  streamId,
  revision,
  position,
  events,
}: PeriodCloseReceipt): PeriodCloseItem {
  return { period, streamId, revision, position, events };
}
