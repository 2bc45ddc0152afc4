import {
  defaultSection,
  reportCsv,
  ReportQueryError,
  reportXlsx,
  sectionProblem,
  withOrganisationNames,
  XLSX_CONTENT_TYPE,
  type Clock,
  type ReportDocument,
  type ReportName,
} from '@ledger/commands';
import type { OrganisationName } from '@ledger/read-model';
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ReportFormat } from './report-query.dto';

/**
 * The OpenAPI 200 of a report: JSON (the report), CSV (one section, as text) or an XLSX
 * workbook (binary), by `format`.
 */
export const ReportResponse = (description: string) =>
  applyDecorators(
    ApiOkResponse({
      description,
      content: {
        'application/json': {},
        'text/csv': { schema: { type: 'string' } },
        [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
      },
    }),
  );

/** What a report's query says about its download. */
export interface DownloadQuery {
  format?: ReportFormat;
  section?: string;
}

/**
 * Checks `format` and `section` together, before any figure is computed: `section` picks the
 * CSV's section, so it is refused with JSON (the whole report) and XLSX (every section).
 */
export function checkDownload(report: ReportName, query: DownloadQuery): void {
  if (query.section === undefined) return;
  if (query.format !== 'csv') {
    throw new ReportQueryError(
      'section',
      'is for format=csv only: JSON holds the whole report and XLSX every section',
    );
  }
  const problem = sectionProblem(report, query.section);
  if (problem) throw new ReportQueryError('section', problem);
}

export interface Download<T> {
  report: ReportName;
  document: (report: T) => ReportDocument;
  agreementId: string;
  /** In the file name: `balances`, `statement-<account>`. */
  name: string;
  /** In the file name: the business date the report answers for. */
  asOf: string;
  clock: Clock;
}

/**
 * Answers a report as JSON (returned for Nest to serialise), as a CSV download of one section
 * (`<agreement>-<report>-<asOf>.csv`, or `<agreement>-<report>-<section>-<asOf>.csv` for any
 * section but the first), or as an XLSX workbook of every section
 * (`<agreement>-<report>-<asOf>.xlsx`).
 */
export async function replyWithReport<T>(
  reply: FastifyReply,
  query: DownloadQuery,
  report: T,
  download: Download<T>,
): Promise<T | string | Buffer> {
  checkDownload(download.report, query);
  if (query.format !== 'csv' && query.format !== 'xlsx') return report;
  const section =
    query.section === undefined || query.section === defaultSection(download.report)
      ? ''
      : `-${query.section}`;
  const filename = `${download.agreementId}-${download.name}${section}-${download.asOf}.${query.format}`;
  void reply.header(
    'content-disposition',
    `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
  );
  const document = documentOf(report, download.document);
  if (query.format === 'csv') {
    void reply.header('content-type', 'text/csv; charset=utf-8');
    return reportCsv(document, query.section);
  }
  void reply.header('content-type', XLSX_CONTENT_TYPE);
  return reportXlsx(document, { generatedAt: download.clock.now() });
}

/**
 * The report's tables, with the names beside its codes and its `organisations` section when the
 * report carries them (every report the API answers does: its handler adds them).
 */
function documentOf<T>(report: T, document: (report: T) => ReportDocument): ReportDocument {
  const { organisations } = report as { organisations?: OrganisationName[] };
  const tables = document(report);
  return organisations === undefined ? tables : withOrganisationNames(tables, organisations);
}
