import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasurementReport } from '../measurements/measurement';
import { renderReport, type RunInfo } from './benchmark-report';
import { isFullRun, reportPathFor, ReportPathError, writeReport } from './report-file';

const full = { quick: false, only: null, out: null };

function runInfo(overrides: Partial<RunInfo>): RunInfo {
  return {
    startedAt: new Date('2026-11-29T13:52:00Z'),
    command: 'npm run bench',
    git: 'abc1234, clean working tree',
    quick: false,
    only: null,
    fullRun: true,
    seed: 1,
    repetitions: 3,
    machine: { cpuModel: 'test CPU', cores: 2, ramGiB: 4, platform: 'linux x64', node: 'v20' },
    loadBefore: 'load average 0',
    loadAfter: 'load average 0',
    seconds: 10,
    profileSeconds: 0,
    ...overrides,
  };
}

const rebuildReport: MeasurementReport = {
  name: 'rebuild',
  title: 'Read-model rebuild',
  method: ['Rebuilt from an empty start.'],
  tables: [],
  targets: [],
  notes: [],
  seconds: 5,
  loadAtStart: 0.5,
};

describe('which file a run writes', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'ledger-bench-report-'));
    mkdirSync(join(repo, 'docs'));
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('gives docs/benchmarks.md to a full run only', () => {
    expect(isFullRun(full)).toBe(true);
    expect(isFullRun({ ...full, quick: true })).toBe(false);
    expect(isFullRun({ ...full, only: 'rebuild' })).toBe(false);
    expect(reportPathFor(full, repo)).toBe(join(repo, 'docs', 'benchmarks.md'));
    for (const partial of [
      { ...full, quick: true },
      { ...full, only: 'queries' as const },
      { ...full, quick: true, only: 'rebuild' as const },
    ]) {
      expect(reportPathFor(partial, repo)).toBe(join(repo, 'docs', 'benchmarks.partial.md'));
    }
  });

  it('takes --out relative to the working directory', () => {
    const out = { ...full, only: 'rebuild' as const, out: 'rebuild.md' };
    expect(reportPathFor(out, repo, join(repo, 'docs'))).toBe(join(repo, 'docs', 'rebuild.md'));
    expect(reportPathFor({ ...full, out: join(repo, 'x.md') }, repo)).toBe(join(repo, 'x.md'));
  });

  it('refuses to let a partial run write docs/benchmarks.md, however it is spelt', () => {
    const partial = { quick: true, only: null };
    expect(() => reportPathFor({ ...partial, out: 'docs/benchmarks.md' }, repo, repo)).toThrow(
      ReportPathError,
    );
    expect(() =>
      reportPathFor({ ...partial, out: '../docs/./benchmarks.md' }, repo, join(repo, 'docs')),
    ).toThrow(ReportPathError);
    // A full run may name it: that is where it goes anyway.
    expect(reportPathFor({ ...full, out: 'docs/benchmarks.md' }, repo, repo)).toBe(
      join(repo, 'docs', 'benchmarks.md'),
    );
  });

  it('leaves the full run as it was when a partial run writes its report', () => {
    const record = join(repo, 'docs', 'benchmarks.md');
    writeFileSync(record, '# Benchmarks\n\nthe last full run\n');
    const partial = { quick: true, only: 'rebuild' as const, out: null };
    const markdown = renderReport(
      runInfo({ quick: true, only: 'rebuild', fullRun: false }),
      [rebuildReport],
      [],
    );
    writeReport(reportPathFor(partial, repo), markdown);
    expect(readFileSync(record, 'utf8')).toBe('# Benchmarks\n\nthe last full run\n');
    expect(readFileSync(join(repo, 'docs', 'benchmarks.partial.md'), 'utf8')).toBe(markdown);
    // Written whole through a sibling file, which does not stay behind.
    expect(readdirSync(join(repo, 'docs')).sort()).toEqual([
      'benchmarks.md',
      'benchmarks.partial.md',
    ]);
  });

  it('replaces the previous report whole', () => {
    const path = join(repo, 'docs', 'benchmarks.md');
    writeFileSync(path, 'x'.repeat(10_000));
    writeReport(path, '# Benchmarks\n');
    expect(readFileSync(path, 'utf8')).toBe('# Benchmarks\n');
  });
});

describe('what the report says it is', () => {
  it('says a full run is one run, and where partial runs go', () => {
    const markdown = renderReport(runInfo({}), [rebuildReport], []);
    expect(markdown.startsWith('# Benchmarks\n')).toBe(true);
    expect(markdown).toContain('every\nsection below comes from that one run');
    expect(markdown).toContain('| measurements | all |');
  });

  it('says a partial run is partial, what it ran, and where the record is', () => {
    const markdown = renderReport(
      runInfo({ quick: true, only: 'rebuild', fullRun: false, command: 'npm run bench -- x' }),
      [rebuildReport],
      [],
    );
    expect(markdown.startsWith('# Benchmarks: partial run\n')).toBe(true);
    expect(markdown).toContain('the "rebuild" measurement only, at the `--quick` sizes');
    expect(markdown).toContain('`docs/benchmarks.md` holds the\nlast full run');
    expect(markdown).toContain('| measurements | only rebuild (`--only`) |');
    expect(markdown).toContain('## 1. Read-model rebuild');
  });
});
