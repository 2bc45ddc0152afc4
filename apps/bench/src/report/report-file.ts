import { renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { BenchOptions } from '../options';

/** Where a full run's report goes, relative to the repository root. */
export const FULL_REPORT = join('docs', 'benchmarks.md');
/** Where a partial run's report goes unless `--out` names another file. */
export const PARTIAL_REPORT = join('docs', 'benchmarks.partial.md');

/**
 * A full run measures everything at the full sizes, in one run: only such a run may write
 * docs/benchmarks.md, so that every section there comes from the same code, machine load and
 * sizes, and its ratios can be read across sections. Sections merged from different runs would
 * each be true and the page as a whole would not.
 */
export function isFullRun(options: Pick<BenchOptions, 'quick' | 'only'>): boolean {
  return !options.quick && options.only === null;
}

export class ReportPathError extends Error {}

/**
 * The file a run writes: docs/benchmarks.md for a full run, docs/benchmarks.partial.md for a
 * partial one, or `--out` (relative to the working directory). A partial run may not name
 * docs/benchmarks.md: that would replace the last full run with part of a run.
 */
export function reportPathFor(
  options: Pick<BenchOptions, 'quick' | 'only' | 'out'>,
  repoRoot: string,
  cwd = process.cwd(),
): string {
  const full = join(repoRoot, FULL_REPORT);
  if (options.out === null) return isFullRun(options) ? full : join(repoRoot, PARTIAL_REPORT);
  const out = isAbsolute(options.out) ? options.out : resolve(cwd, options.out);
  if (!isFullRun(options) && relative(full, out) === '') {
    throw new ReportPathError(
      `A partial run (--quick or --only) may not write ${FULL_REPORT}: it holds the last full ` +
        `run, every section from the same run. Leave out --out to write ${PARTIAL_REPORT}.`,
    );
  }
  return out;
}

/**
 * Writes the report whole or not at all (a sibling file renamed over it), so that a reader, or
 * another run finishing at the same time, never sees half a report.
 */
export function writeReport(path: string, markdown: string): void {
  const staging = `${path}.${process.pid}.tmp`;
  writeFileSync(staging, markdown);
  renameSync(staging, path);
}
