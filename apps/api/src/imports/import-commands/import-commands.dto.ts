import { IMPORT_MODES, type ImportMode } from '@ledger/commands';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class ImportCommandsQueryDto {
  @ApiProperty({
    enum: IMPORT_MODES,
    description:
      'Required, no default. all-or-nothing: any failing line means nothing is written. ' +
      'continue: lines that succeed are written, failing lines are reported.',
  })
  @IsIn(IMPORT_MODES, { message: `must be one of ${IMPORT_MODES.join(', ')}` })
  mode!: ImportMode;
}
