import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    ramGiB: totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The 1, 5 and 15 minute load averages and free memory, formatted for the report. */
export function loadSnapshot(): string {
  const [one, five, fifteen] = loadavg().map((value) => value.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen}; ${(freemem() / 1024 ** 3).toFixed(1)} GiB free`;
}

/** The commit measured, and whether the working tree differed from it. */
export function gitState(cwd: string): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const changed = git('status', '--porcelain')
      .split('\n')
      .filter((line) => line !== '').length;
    return changed === 0
      ? `${head}, clean working tree`
      : `${head}, plus uncommitted changes in ${changed} paths of the working tree`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
