import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
} from '@ledger/event-store';
import { inSpan, ledgerTracer, untraced } from '@ledger/event-store/tracing';
import { ConcurrencyContentionError } from '../shared/command-errors';
import type { Clock } from '../shared/clock';
import type { CommandRequest } from '../execution/command-request';
import { FoldedStreamCache } from '../execution/folded-stream-cache';
import { LedgerCommands } from '../execution/ledger-commands';
import { parseImportLine, type CommandDataValidator } from './import-line';
import { StagedEventStore } from './staged-event-store';

const tracer = ledgerTracer('@ledger/commands');

/**
 * How an import treats the lines that succeed when some fail. There is no default: the caller
 * must say which, because the two give very different ledgers.
 * - `all-or-nothing`: every line is decided in order against the state the earlier lines
 *   leave; if any line fails, nothing at all is written. Otherwise the whole file is written
 *   in one atomic transaction.
 * - `continue`: each line is recorded on its own as soon as it is decided; a failing line
 *   writes nothing and the import goes on with the next one.
 */
export type ImportMode = 'all-or-nothing' | 'continue';
export const IMPORT_MODES: readonly ImportMode[] = ['all-or-nothing', 'continue'];

export interface ImportLineResult {
  lineNumber: number;
  /** `not-applied`: the line was decided fine, but another line's failure kept the file out. */
  status: 'applied' | 'failed' | 'not-applied';
  commandType?: string;
  streamId?: string;
  revision?: number;
  /** Global log position of the line's last event (after commit, for all-or-nothing). */
  position?: number;
  /** True when an earlier import with the same Idempotency-Key had already recorded this line. */
  replayed?: boolean;
  error?: unknown;
}

export interface ImportReport {
  mode: ImportMode;
  /** Non-blank lines read. */
  lines: number;
  applied: number;
  failed: number;
  results: ImportLineResult[];
}

export interface BulkImportDependencies {
  store: EventStore;
  clock: Clock;
  validate: CommandDataValidator;
}

/** Runs an NDJSON file of ledger commands through the same command layer as the HTTP API. */
export class BulkImport {
  constructor(private readonly deps: BulkImportDependencies) {}

  /**
   * One `ledger.import` span with the counts; the lines' commands are not traced one by one
   * (a file holds up to 100,000), the commits of what they decided are.
   */
  run(ndjson: string, mode: ImportMode, request: CommandRequest): Promise<ImportReport> {
    const attributes = { 'ledger.import.mode': mode };
    return inSpan(tracer, 'ledger.import', { attributes }, async (span) => {
      const lines = splitLines(ndjson);
      const report =
        mode === 'continue'
          ? await this.runContinuing(lines, request)
          : await this.runAllOrNothing(lines, request);
      span.setAttributes({
        'ledger.import.lines': report.lines,
        'ledger.import.applied': report.applied,
        'ledger.import.failed': report.failed,
      });
      return report;
    });
  }

  /**
   * Continue mode decides the file in chunks of lines on a staged view of the store and
   * writes each chunk's successful lines in one transaction: one durable commit per chunk
   * instead of one per line, with the same results as recording line by line. If another
   * writer moves a stream under a chunk, that chunk is decided again line by line on the store.
   */
  private async runContinuing(lines: NumberedLine[], request: CommandRequest) {
    // A store that cannot commit several streams at once (EventStoreDB) records line by line.
    if (!this.deps.store.supportsMultiStreamAppend) {
      return reportOf('continue', await this.recordOneByOne(lines, request));
    }
    const results: ImportLineResult[] = [];
    // The streams folded while staging a chunk hold once it commits, so the next chunk starts
    // from them. A chunk that does not commit takes that memory with it.
    let streams = new FoldedStreamCache();
    for (let start = 0; start < lines.length; start += CONTINUE_CHUNK_LINES) {
      const chunk = lines.slice(start, start + CONTINUE_CHUNK_LINES);
      const { results: chunkResults, committed } = await this.recordChunk(chunk, request, streams);
      if (!committed) streams = new FoldedStreamCache();
      results.push(...chunkResults);
    }
    return reportOf('continue', results);
  }

  private async recordChunk(
    chunk: NumberedLine[],
    request: CommandRequest,
    streams: FoldedStreamCache,
  ): Promise<{ results: ImportLineResult[]; committed: boolean }> {
    const { results, commit } = await this.stage(chunk, request, streams);
    try {
      return { results: withCommittedPositions(results, await commit()), committed: true };
    } catch (error) {
      if (!(error instanceof ConcurrencyContentionError)) throw error;
      return { results: await this.recordOneByOne(chunk, request), committed: false };
    }
  }

  /** Records each line on its own, straight on the store, in file order. */
  private async recordOneByOne(lines: NumberedLine[], request: CommandRequest) {
    const commands = new LedgerCommands({ store: this.deps.store, clock: this.deps.clock });
    const results: ImportLineResult[] = [];
    for (const line of lines) results.push(await this.recordLine(commands, line, request));
    return results;
  }

  private async runAllOrNothing(lines: NumberedLine[], request: CommandRequest) {
    const { results, commit } = await this.stage(lines, request);
    if (results.some((result) => result.status === 'failed')) {
      const kept = results.map((r) => (r.status === 'applied' ? notApplied(r) : r));
      return reportOf('all-or-nothing', kept);
    }
    return reportOf('all-or-nothing', withCommittedPositions(results, await commit()));
  }

  /** Decides the lines in order on a staged view of the store; writes nothing until commit. */
  private async stage(
    lines: NumberedLine[],
    request: CommandRequest,
    streams = new FoldedStreamCache(),
  ) {
    const staged = new StagedEventStore(this.deps.store);
    const commands = new LedgerCommands({ store: staged, clock: this.deps.clock, streams });
    const results: ImportLineResult[] = [];
    for (const line of lines) {
      results.push(await this.recordLine(commands, line, request));
    }
    return { results, commit: () => commitStaged(staged) };
  }

  private async recordLine(
    commands: LedgerCommands,
    line: NumberedLine,
    request: CommandRequest,
  ): Promise<ImportLineResult> {
    let commandType: string | undefined;
    try {
      const { command } = parseImportLine(line.text, line.lineNumber, this.deps.validate);
      commandType = command.type;
      const outcome = await untraced(() =>
        commands.execute(command, lineRequest(request, line.lineNumber)),
      );
      return {
        lineNumber: line.lineNumber,
        status: 'applied',
        commandType: command.type,
        streamId: outcome.append.streamId,
        revision: outcome.append.nextExpectedRevision,
        position: outcome.position,
        replayed: outcome.replayed,
      };
    } catch (error) {
      // An outage is not the line's fault: stop the import and let the caller retry it whole.
      if (error instanceof EventStoreUnavailableError) throw error;
      return { lineNumber: line.lineNumber, status: 'failed', commandType, error };
    }
  }
}

/** Lines decided together in continue mode, and written in one transaction. */
const CONTINUE_CHUNK_LINES = 500;

/**
 * One staged append per applied line that was not a replay, in line order: the commit's
 * results line up with them and give each line its real revision and position.
 */
function withCommittedPositions(
  results: ImportLineResult[],
  appends: AppendResult[],
): ImportLineResult[] {
  let next = 0;
  return results.map((result) => {
    if (result.status !== 'applied' || result.replayed) return result;
    const append = appends[next++];
    return { ...result, revision: append.nextExpectedRevision, position: append.lastPosition };
  });
}

/**
 * Another writer moved a stream the file was decided on: the file's lines might no longer
 * hold, so nothing is written and the caller is told to run the import again.
 */
async function commitStaged(staged: StagedEventStore) {
  try {
    return await staged.commit();
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) {
      throw new ConcurrencyContentionError(error.streamId, 1);
    }
    throw error;
  }
}

interface NumberedLine {
  lineNumber: number;
  text: string;
}

function splitLines(ndjson: string): NumberedLine[] {
  return ndjson
    .split(/\r?\n/)
    .map((text, index) => ({ lineNumber: index + 1, text }))
    .filter((line) => line.text.trim() !== '');
}

/**
 * Each line is its own cause inside the import's correlation. An import's Idempotency-Key
 * becomes one key per line (`<key>:line-<n>`), stored with that line's events, so sending the
 * same file again with the same key gives back the original results and writes nothing new.
 */
function lineRequest(request: CommandRequest, lineNumber: number): CommandRequest {
  return {
    actor: request.actor,
    correlationId: request.correlationId,
    causationId: `${request.causationId}:line-${lineNumber}`,
    idempotencyKey: request.idempotencyKey ? `${request.idempotencyKey}:line-${lineNumber}` : null,
    expectedRevision: null,
  };
}

function notApplied(result: ImportLineResult): ImportLineResult {
  return {
    lineNumber: result.lineNumber,
    status: 'not-applied',
    commandType: result.commandType,
    streamId: result.streamId,
  };
}

function reportOf(mode: ImportMode, results: ImportLineResult[]): ImportReport {
  return {
    mode,
    lines: results.length,
    applied: results.filter((r) => r.status === 'applied').length,
    failed: results.filter((r) => r.status === 'failed').length,
    results,
  };
}
