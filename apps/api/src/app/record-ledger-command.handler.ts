import {
  LedgerCommands,
  type CarryForwardRequest,
  type CommandOutcome,
  type CommandRequest,
  type LedgerCommand,
  type PeriodCloseRequest,
} from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

/**
 * What a caller may ask the ledger to record, in the ledger's own vocabulary (the shape an
 * import line carries): any ledger command, except that a period close names only the agreement
 * and the period. Its figures are the ledger's to compute, never the caller's to supply.
 */
export type RequestedCommand =
  | Exclude<LedgerCommand, { type: 'ClosePeriod' }>
  | { type: 'ClosePeriod'; data: PeriodCloseRequest }
  | { type: 'CarryForward'; data: CarryForwardRequest };

/** The one write the CommandBus carries for every ledger command type. */
export class RecordLedgerCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: RequestedCommand,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

/**
 * Runs the use case for any ledger command: honour the idempotency key, read the stream (and
 * the agreement a case belongs to), check the actor's role and scope, decide, append with the
 * expected revision, and decide again on fresh state after a lost race (LedgerCommands). A
 * period close first computes its figures from the agreement's cases, inside that retry loop,
 * so a close that loses a race is decided again on fresh figures, never on stale ones.
 */
@CommandHandler(RecordLedgerCommand)
export class RecordLedgerCommandHandler implements ICommandHandler<RecordLedgerCommand> {
  constructor(private readonly ledger: LedgerCommands) {}

  execute({ command, request }: RecordLedgerCommand): Promise<CommandOutcome> {
    if (command.type === 'ClosePeriod') return this.ledger.closePeriod(command.data, request);
    if (command.type === 'CarryForward') return this.ledger.carryForward(command.data, request);
    return this.ledger.execute(command, request);
  }
}
