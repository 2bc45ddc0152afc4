import {
  BulkImport,
  type CommandRequest,
  type ImportMode,
  type ImportReport,
} from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

/** An NDJSON file of ledger commands, one a line, to record in the given mode. */
export class ImportLedgerCommands extends Command<ImportReport> {
  constructor(
    readonly ndjson: string,
    readonly mode: ImportMode,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

/**
 * Runs the import: each line is checked with its endpoint's field rules, then decided and
 * authorised as its own command by the same command layer as a single write; all-or-nothing
 * appends every stream in one transaction, or nothing (BulkImport).
 */
@CommandHandler(ImportLedgerCommands)
export class ImportLedgerCommandsHandler implements ICommandHandler<ImportLedgerCommands> {
  constructor(private readonly bulkImport: BulkImport) {}

  execute({ ndjson, mode, request }: ImportLedgerCommands): Promise<ImportReport> {
    return this.bulkImport.run(ndjson, mode, request);
  }
}
