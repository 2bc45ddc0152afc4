import type { CommandRequest } from '@ledger/commands';
import { Body, Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresAction } from '../../http/auth/route-access';
import { RequestValidationError } from '@ledger/contracts';
import { LedgerRequest } from '../../http/request/ledger-request.decorator';
import { ImportCommandsQueryDto } from './import-commands.dto';
import { ImportLedgerCommands } from './import-commands.handler';
import { importReportView, type ImportReportView } from '@ledger/contracts';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('v1/imports')
export class ImportCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * One command per line. Every line is checked with the same field rules, business rules and
   * authorisation as its own endpoint. 200 with the report when the import was carried out
   * (in `continue` mode, some lines may have failed); 422 with the report when an
   * all-or-nothing import was refused because a line failed, in which case nothing was written.
   */
  @Post()
  @HttpCode(200)
  @RequiresAction('ImportCommands')
  @ApiConsumes(NDJSON_CONTENT_TYPE)
  @ApiBody({
    description: 'NDJSON: one {"command": "<CommandType>", "data": {...}} per line',
    schema: { type: 'string' },
  })
  @ApiOkResponse({ description: 'The import report, line by line' })
  async importCommands(
    @Query() query: ImportCommandsQueryDto,
    @Body() body: unknown,
    @LedgerRequest() request: CommandRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportReportView> {
    if (typeof body !== 'string') {
      throw new RequestValidationError([
        { field: '(body)', message: `must be NDJSON sent as ${NDJSON_CONTENT_TYPE}` },
      ]);
    }
    const report = await this.commandBus.execute(
      new ImportLedgerCommands(body, query.mode, request),
    );
    const view = importReportView(report);
    if (query.mode === 'all-or-nothing' && view.failed > 0) void reply.status(422);
    return view;
  }
}
