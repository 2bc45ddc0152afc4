import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate, IsOrganisationName } from '../validation/ledger-validators';

/** A name for the organisation in the URL, in force from a date (the organisation register). */
export class NameOrganisationDto {
  @ApiProperty({
    example: 'South London and Maudsley NHS Foundation Trust',
    description: 'Trimmed; 1 to 160 characters, not blank, no control characters',
  })
  @IsOrganisationName()
  name!: string;

  @ApiProperty({
    example: '2025-04-01',
    description: 'The first day the name is in force; it holds until a naming with a later date',
  })
  @IsCalendarDate()
  effectiveFrom!: string;
}
