import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  balancesDocument,
  budgetDocument,
  LedgerOrganisations,
  LedgerReports,
  oapMetricsDocument,
  reportCsv,
  reportXlsx,
  savingsDocument,
  statementDocument,
  withOrganisationNames,
  type NameableReport,
  systemClock,
  type ReportDocument,
} from '@ledger/commands';
import type { CalendarDate } from '@ledger/domain';
import { SqliteEventStore, type Actor, type EventStore } from '@ledger/event-store';
import type { PeriodBasis } from '@ledger/read-model';
import { withDataDir, type CliConfig } from '@ledger/config';
import { connectConfiguredEventStore, SQLITE_FILE_NAME } from '@ledger/event-store/configured';

export const EXPORT_REPORTS = [
  'balances',
  'budget',
  'savings',
  'oap-metrics',
  'statement',
] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];

export interface ExportOptions {
  report: ExportReport;
  agreementId: string;
  /** The account, for `statement` only. */
  account?: string;
  asOf?: CalendarDate;
  knownAt?: string;
  knownAtPosition?: number;
  basis?: PeriodBasis;
  /** Statement paging, as the HTTP `after` and `limit`. */
  after?: string;
  limit?: number;
  format: ExportFormat;
  /** With csv: the report's section (docs/exports.md); its first by default. */
  section?: string;
  /** Who the export acts as; the role is always `reviewer`. */
  subject: string;
  dataDir?: string;
  /** Write here instead of stdout. */
  out?: string;
}

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where the body goes when there is no `--out` (never an XLSX workbook: that needs --out). */
export type ExportWrite = (body: string) => void;

const toStdout: ExportWrite = (body) => {
  process.stdout.write(body);
};

/**
 * `ledger export`: one agreement report, computed by the same `LedgerReports` and rendered by
 * the same tables as `GET /v1/agreements/:id/reports/...`, so the bytes equal the HTTP body
 * for the same query (JSON as `JSON.stringify` of the report, CSV with CRLF line ends and a
 * byte order mark). An XLSX workbook holds the same cells as the HTTP one, but its bytes differ
 * (it records when it was made), and it is written to `--out` only.
 * It acts as a `reviewer` and never writes: the SQLite ledger is opened read-only, so no
 * event (and no audit record) is recorded. Resolves to 0; throws (exit 3) when there is no
 * ledger or the agreement is unknown at the knowledge point.
 */
export async function exportReport(
  options: ExportOptions,
  config: CliConfig,
  write: ExportWrite = toStdout,
): Promise<number> {
  const store = await openForReading(options.dataDir, config);
  try {
    const body = await renderReport(
      new LedgerReports({ store, clock: systemClock }),
      { subject: options.subject, role: 'reviewer', organisationCode: null },
      options,
      new LedgerOrganisations({ store, clock: systemClock }),
    );
    if (options.out) writeOut(options.out, body);
    else if (typeof body === 'string') write(body);
    else throw new Error('An XLSX workbook is written to a file: give --out FILE');
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * The report's bytes and nothing else, into FILE: written beside it under a temporary name and
 * renamed over it, so a reader never sees half a report and a failed export leaves no file.
 */
function writeOut(file: string, body: string | Buffer): void {
  const path = resolve(file);
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  try {
    writeFileSync(partial, body);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'ENOENT' ? `${dirname(path)} does not exist` : message;
    throw new Error(`Cannot write --out ${path}: ${why}`);
  }
}

async function openForReading(dataDir: string | undefined, config: CliConfig): Promise<EventStore> {
  const settings = withDataDir(config.store, dataDir);
  if (settings.eventStore === 'memory') {
    throw new Error('LEDGER_EVENT_STORE is "memory": there is no stored ledger to export');
  }
  if (settings.eventStore === 'eventstoredb') {
    return connectConfiguredEventStore(settings, { clock: () => systemClock.now() });
  }
  const file = join(settings.dataDir, SQLITE_FILE_NAME);
  if (!existsSync(file)) throw new Error(`No ledger to export: ${file} does not exist`);
  return new SqliteEventStore(file, { readOnly: true });
}

async function renderReport(
  reports: LedgerReports,
  actor: Actor,
  options: ExportOptions,
  organisations: LedgerOrganisations,
): Promise<string | Buffer> {
  const { agreementId } = options;
  const knowledge = {
    ...(options.knownAt === undefined ? {} : { knownAt: options.knownAt }),
    ...(options.knownAtPosition === undefined ? {} : { knownAtPosition: options.knownAtPosition }),
  };
  const query = { ...knowledge, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) };
  // The names beside the codes, as the API's handlers add them: the same separate step.
  const as = async <T extends NameableReport>(
    report: T,
    document: (report: T) => ReportDocument,
  ): Promise<string | Buffer> => {
    const named = await organisations.named(report, knowledge);
    const tables = () => withOrganisationNames(document(named), named.organisations);
    if (options.format === 'csv') return reportCsv(tables(), options.section);
    if (options.format === 'xlsx') return reportXlsx(tables(), { generatedAt: systemClock.now() });
    return JSON.stringify(named);
  };
  switch (options.report) {
    case 'balances':
      return as(
        await reports.balances(actor, agreementId, {
          ...query,
          ...(options.basis === undefined ? {} : { basis: options.basis }),
        }),
        balancesDocument,
      );
    case 'budget':
      return as(await reports.budget(actor, agreementId, query), budgetDocument);
    case 'savings':
      return as(await reports.savings(actor, agreementId, query), savingsDocument);
    case 'oap-metrics':
      return as(await reports.oapMetrics(actor, agreementId, query), oapMetricsDocument);
    case 'statement':
      return as(
        await reports.statement(actor, agreementId, options.account ?? '', {
          ...knowledge,
          ...(options.after === undefined ? {} : { after: options.after }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
        }),
        statementDocument,
      );
  }
}
