import { ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator, ValidateIf, type ValidationArguments } from 'class-validator';
import { IsPeriodId } from '../validation/ledger-validators';

/** Refuses the field when `other` is sent too: the two say the same thing two ways. */
function NotWith(other: string) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName,
      options: {
        message: `is not sent with ${other}: send period to close one month, or through to close every open month up to it`,
      },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          (args.object as Record<string, unknown>)[other] === undefined,
      },
    });
}

/**
 * Closes one month of the agreement's year (`period`), or every open month up to and including
 * one (`through`): one of the two. The body names periods only: the ledger computes each
 * month's figures, and any prior-period adjustments, from the case histories.
 */
export class ClosePeriodDto {
  @ApiPropertyOptional({
    example: '2025-06',
    description:
      'The period to close, YYYY-MM: the next open period of the agreement’s year. ' +
      'Send this or through.',
  })
  @ValidateIf((body: ClosePeriodDto) => body.period !== undefined || body.through === undefined)
  @IsPeriodId()
  period?: string;

  @ApiPropertyOptional({
    example: '2025-09',
    description:
      'Close every open period of the year, in order, up to and including this one (YYYY-MM), ' +
      'each its own PeriodClosed event. Not all-or-nothing: a refusal part-way names the ' +
      'period and why, and the closes before it stand. Send this or period.',
  })
  @ValidateIf((body: ClosePeriodDto) => body.through !== undefined)
  @IsPeriodId()
  @NotWith('period')
  through?: string;
}
