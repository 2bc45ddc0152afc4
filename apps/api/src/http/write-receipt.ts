import type { CommandOutcome } from '@ledger/commands';
import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

export class RecordedEventReceipt {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'BudgetAllocated' }) type!: string;
  @ApiProperty({ description: 'Revision within the stream, from 0' }) revision!: number;
  @ApiProperty({ description: 'Position in the global log, from 1' }) position!: number;
}

/** What a write answers: the stream, its new revision, and each event recorded. */
export class WriteReceipt {
  @ApiProperty({ example: 'agreement-slp-adult-secure-2025-26' }) streamId!: string;
  @ApiProperty({ description: 'The stream revision after the write; send it back as If-Match' })
  revision!: number;
  @ApiProperty({ description: 'Global position of the last event written' }) position!: number;
  @ApiProperty({ type: [RecordedEventReceipt] }) events!: RecordedEventReceipt[];
}

/** The ETag of a stream at a revision: the value a later If-Match sends back. */
export const etagOf = (revision: number): string => `"${revision}"`;

/**
 * Answers a write: 201, the receipt, `ETag` and `Location`. A replay of an idempotent request
 * gets exactly the same answer, built from the stored result, plus `Idempotent-Replayed`.
 */
export function answerWrite(
  reply: FastifyReply,
  outcome: CommandOutcome,
  location: string,
): WriteReceipt {
  const { append, position, replayed } = outcome;
  void reply
    .status(201)
    .header('etag', etagOf(append.nextExpectedRevision))
    .header('location', location);
  if (replayed) void reply.header('idempotent-replayed', 'true');
  return {
    streamId: append.streamId,
    revision: append.nextExpectedRevision,
    position,
    events: append.events.map(({ eventId, type, revision, position }) => ({
      eventId,
      type,
      revision,
      position,
    })),
  };
}

export const agreementLocation = (agreementId: string): string =>
  `/v1/agreements/${encodeURIComponent(agreementId)}`;

export const caseLocation = (caseId: string): string => `/v1/cases/${encodeURIComponent(caseId)}`;

export const organisationLocation = (odsCode: string): string =>
  `/v1/organisations/${encodeURIComponent(odsCode)}`;
