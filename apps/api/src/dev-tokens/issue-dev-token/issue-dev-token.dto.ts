import { LEDGER_ROLES, type LedgerRole } from '@ledger/commands';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsOdsCode } from '@ledger/contracts';

export class IssueDevTokenDto {
  @ApiProperty({ example: 'alice' })
  @Matches(/^[A-Za-z0-9._@-]{1,128}$/, {
    message: 'must be 1 to 128 letters, digits, ".", "_", "@" or "-"',
  })
  subject!: string;

  @ApiProperty({ enum: LEDGER_ROLES, example: 'commissioner-finance' })
  @IsIn(LEDGER_ROLES)
  role!: LedgerRole;

  @ApiPropertyOptional({
    example: '13R',
    nullable: true,
    description: 'ODS code; none for reviewers',
  })
  @IsOptional()
  @IsOdsCode()
  organisationCode?: string | null;
}
