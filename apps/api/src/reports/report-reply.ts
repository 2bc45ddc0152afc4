import { toCsv, type CsvTable } from '@ledger/commands';
import type { FastifyReply } from 'fastify';
import type { ReportFormat } from './report-query.dto';

/**
 * Answers a report as JSON (returned for Nest to serialise) or as a CSV download named
 * `<agreement>-<report>-<asOf>.csv`.
 */
export function replyWithReport<T>(
  reply: FastifyReply,
  format: ReportFormat | undefined,
  report: T,
  csv: { table: (report: T) => CsvTable; agreementId: string; name: string; asOf: string },
): T | string {
  if (format !== 'csv') return report;
  const filename = `${csv.agreementId}-${csv.name}-${csv.asOf}.csv`.replace(/[^\w.-]/g, '_');
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`);
  return toCsv(csv.table(report));
}
