import { SyntheticLedger, type AgreementPlan } from '../synthetic/synthetic-ledger';
import { LedgerWorld, readRowsAfter, type EventRow } from '../support/ledger-world';
import { tempSqlite } from '../support/temp-store';
import { perSecond, runWriters, timed } from '../support/timing';

export interface CommandPathRun {
  /** An existing SQLite file (its history stays); the run adds its own agreements. */
  path: string;
  writers: number;
  commands: number;
  seed: number;
  /** Makes this run's agreement and case ids unique within the file. */
  label: string;
  keepRows?: boolean;
  /** Record cases under these agreements, already in the log, instead of setting up new ones. */
  underAgreements?: AgreementPlan[];
}

export interface CommandPathResult {
  commands: number;
  ms: number;
  perSecond: number;
  /** The rows the timed commands wrote, for the raw baseline. */
  rows: EventRow[];
  /** Appends per group commit (per fsync) during the timed part. */
  meanGroupSize: number;
}

/**
 * Decide + durable append through LedgerCommands, no HTTP. The run's agreements are set up
 * first (not timed); then `writers` concurrent writers each record their own cases' commands
 * one after another (referrals, placements, rate changes, repatriations, ends, discharges), so
 * writers never touch the same stream. Each case command reads its case and its agreement.
 */
export async function runCommandPath(run: CommandPathRun): Promise<CommandPathResult> {
  const synthetic = new SyntheticLedger({ seed: run.seed, prefix: `${run.label}-` });
  const world = new LedgerWorld(run.path);
  let head: number;
  let ms: number;
  let meanGroupSize: number;
  let commands: number;
  try {
    if (!run.underAgreements) await world.executeAll(synthetic.setupCommands());
    head = await world.store.headPosition();
    const perWriter = Math.ceil(run.commands / run.writers);
    const agreements = run.underAgreements ?? synthetic.agreements;
    const lists = Array.from({ length: run.writers }, (_, writer) =>
      synthetic.caseCommands(perWriter, `${run.label}-w${writer}`, agreements),
    );
    commands = perWriter * run.writers;
    world.resetGroupCounts();
    ({ ms } = await timed(() => runWriters(lists, (planned) => world.execute(planned))));
    meanGroupSize = world.groupCommits === 0 ? 0 : world.groupedAppends / world.groupCommits;
  } finally {
    await world.close();
  }
  const rows = run.keepRows ? readRowsAfter(run.path, head) : [];
  if (run.keepRows && rows.length !== commands) {
    throw new Error(`${commands} commands wrote ${rows.length} events; expected one each`);
  }
  return { commands, ms, perSecond: perSecond(commands, ms), rows, meanGroupSize };
}

/** runCommandPath on a fresh file in os.tmpdir(), deleted afterwards. */
export async function runCommandPathOnFreshFile(
  run: Omit<CommandPathRun, 'path'>,
): Promise<CommandPathResult> {
  const file = tempSqlite(run.label);
  try {
    return await runCommandPath({ ...run, path: file.path });
  } finally {
    file.remove();
  }
}
