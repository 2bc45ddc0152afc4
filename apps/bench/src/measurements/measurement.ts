import type { BenchOptions, BenchSizes, MeasurementName } from '../options';

export interface BenchContext {
  options: BenchOptions;
  sizes: BenchSizes;
  /** Progress for the person watching; goes to stderr, not into the report. */
  log: (message: string) => void;
  /** Seconds left of the run's time budget (20 minutes full, 2 quick), profiles included. */
  secondsLeft: () => number;
}

export interface ReportTable {
  caption?: string;
  header: string[];
  rows: string[][];
}

export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
  /** Which short run `--profile-run` repeats under `node --cpu-prof` when the target is missed. */
  profileKey: string;
}

export interface MeasurementReport {
  name: MeasurementName;
  title: string;
  /** How it was measured, one paragraph per entry. */
  method: string[];
  tables: ReportTable[];
  targets: TargetResult[];
  notes: string[];
  seconds: number;
  /** The 1-minute load average when the measurement started (the machine is shared). */
  loadAtStart: number;
}

export interface Measurement {
  name: MeasurementName;
  title: string;
  run(context: BenchContext): Promise<Omit<MeasurementReport, 'seconds' | 'loadAtStart'>>;
  /** Profile keys this measurement can run alone for a CPU profile. */
  profileKeys: string[];
  /**
   * A short single run of one part, for `node --cpu-prof`. Calls `markStart` when the part
   * worth profiling begins (after start-up and warm-up), so the summary can leave those out.
   */
  profile(context: BenchContext, key: string, markStart: () => void): Promise<void>;
}
