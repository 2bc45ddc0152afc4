import type { CommandRequest } from '@ledger/commands';
import { formatMoney, money } from '@ledger/domain';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RecordLedgerCommand } from '../../app/record-ledger-command.handler';
import { RequiresAction } from '../../http/auth/route-access';
import { DocumentedWrite } from '../../http/documented-routes';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { agreementLocation, answerWrite, WriteReceipt } from '../../http/write-receipt';
import { CommitReinvestmentDto } from '@ledger/contracts';

/** A reinvestment's receipt: the write's, and the retained savings it was decided on. */
export class ReinvestmentReceipt extends WriteReceipt {
  @ApiProperty({
    example: '7065.00',
    description: 'Retained savings available just before this commitment (decimal string)',
  })
  retainedSavingsBefore!: string;

  @ApiProperty({
    example: '0.00',
    description: 'Retained savings available after it: before minus the amount committed',
  })
  retainedSavingsAfter!: string;
}

@ApiTags('agreements')
@Controller('v1/agreements')
export class CommitReinvestmentController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':agreementId/reinvestments')
  @RequiresAction('CommitReinvestment')
  // Above DocumentedWrite, so that its 201 (the plain receipt) gives way to this one.
  @ApiCreatedResponse({
    type: ReinvestmentReceipt,
    description:
      'Recorded, with the retained savings before and after it. ETag carries the new revision, ' +
      'Location the agreement',
  })
  @DocumentedWrite()
  async commit(
    @Param('agreementId') agreementId: string,
    @Body() body: CommitReinvestmentDto,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReinvestmentReceipt> {
    const { commitmentId, schemeId, amount, effectiveDate, description } = body;
    const data = { agreementId, commitmentId, schemeId, amount, effectiveDate, description };
    const command = new RecordLedgerCommand({ type: 'CommitReinvestment', data }, request);
    const outcome = await this.commandBus.execute(command);
    return { ...answerWrite(reply, outcome, agreementLocation(agreementId)), ...retained(outcome) };
  }
}

/**
 * The retained savings around the commitment, from the recorded event itself (so a replayed
 * Idempotency-Key answers the same figures): the decider records the balance it decided on as
 * `retainedSavingsBefore`, and the commitment takes exactly its amount from it.
 */
function retained(outcome: {
  append: { events: { type: string; data: Record<string, unknown> }[] };
}): Pick<ReinvestmentReceipt, 'retainedSavingsBefore' | 'retainedSavingsAfter'> {
  const event = outcome.append.events.find((e) => e.type === 'ReinvestmentCommitted');
  if (!event) throw new Error('A reinvestment recorded no ReinvestmentCommitted event');
  const before = String(event.data.retainedSavingsBefore);
  const after = money(before).minus(money(String(event.data.amount)));
  return {
    retainedSavingsBefore: formatMoney(money(before)),
    retainedSavingsAfter: formatMoney(after),
  };
}
