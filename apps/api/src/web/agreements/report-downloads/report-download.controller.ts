import {
  chainReportDocument,
  managementAccountsDocument,
  oapMetricsDocument,
  ReportQueryError,
  savingsDocument,
  type Clock,
  type ReportDocument,
  type ReportName,
} from '@ledger/commands';
import { isPeriodId, type FieldError } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus, type Query as CqrsQuery } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { ReadChainReportQuery } from '../../../reports/read-chain-report/read-chain-report.handler';
import { ReadManagementAccountsQuery } from '../../../reports/read-management-accounts/read-management-accounts.handler';
import { ReadOapMetricsQuery } from '../../../reports/read-oap-metrics/read-oap-metrics.handler';
import { ReadSavingsQuery } from '../../../reports/read-savings/read-savings.handler';
import { replyWithReport } from '../../../reports/report-reply';
import type { ReportFormat } from '../../../reports/report-query.dto';
import { WebPages } from '../../pages/web-pages.decorator';
import { SignedInPage } from '../../session/page-access';
import { WEB_CLOCK } from '../../web-options';
import { readTimeTravel, type TimeTravelAddress } from '../agreement-overview/time-travel';

type Format = Extract<ReportFormat, 'csv' | 'xlsx'>;

/** The management accounts' address: a month and the knowledge time. */
export interface MonthAddress extends TimeTravelAddress {
  period?: string;
}

/** A month `YYYY-MM`, or absent for the latest closed; what fails is named as the API names it. */
export function readMonth(address: MonthAddress): {
  period: string | undefined;
  error?: FieldError;
} {
  const period = typeof address.period === 'string' ? address.period.trim() : '';
  if (period === '') return { period: undefined };
  if (!isPeriodId(period)) {
    return {
      period: undefined,
      error: { field: 'period', message: 'Enter the month as year and month, for example 2025-09' },
    };
  }
  return { period };
}

/** One report's downloads: the query it asks, its document, and the date that names its file. */
interface DownloadSpec<T> {
  report: ReportName;
  name: string;
  document: (report: T) => ReportDocument;
  query: (actor: Actor, agreementId: string, address: MonthAddress) => CqrsQuery<T>;
  asOf: (report: T) => string;
}

function spec<T>(download: DownloadSpec<T>): DownloadSpec<unknown> {
  return download as DownloadSpec<unknown>;
}

function clocks(address: TimeTravelAddress) {
  const { asOf, knownAt, errors } = readTimeTravel(address);
  if (errors.length > 0) throw new ReportQueryError(errors[0].field, errors[0].message);
  return { asOf, knownAt };
}

const DOWNLOADS = {
  savings: spec({
    report: 'savings',
    name: 'savings',
    document: savingsDocument,
    query: (actor, agreementId, address) =>
      new ReadSavingsQuery(actor, agreementId, clocks(address)),
    asOf: (report) => report.asOf,
  }),
  'out-of-area': spec({
    report: 'oap-metrics',
    name: 'oap-metrics',
    document: oapMetricsDocument,
    query: (actor, agreementId, address) =>
      new ReadOapMetricsQuery(actor, agreementId, clocks(address)),
    asOf: (report) => report.asOf,
  }),
  chain: spec({
    report: 'chain-report',
    name: 'chain-report',
    document: chainReportDocument,
    query: (actor, agreementId, address) =>
      new ReadChainReportQuery(actor, agreementId, clocks(address)),
    asOf: (report) => report.asOf,
  }),
  'management-accounts': spec({
    report: 'management-accounts',
    name: 'management-accounts',
    document: managementAccountsDocument,
    query: (actor, agreementId, address) => {
      const { knownAt } = clocks({ knownAt: address.knownAt });
      const { period, error } = readMonth(address);
      if (error) throw new ReportQueryError(error.field, error.message);
      return new ReadManagementAccountsQuery(actor, agreementId, { period, knownAt });
    },
    // The month names the file, as the API names it.
    asOf: (accounts) => accounts.period,
  }),
};

type DownloadName = keyof typeof DOWNLOADS;

/**
 * The downloads of an agreement's report pages (savings, out-of-area metrics, the chain report,
 * the month-end management accounts), for a signed-in session: the same queries and the same
 * files as the API's `format=csv|xlsx` (`replyWithReport`), as the overview's budget downloads
 * are (`BudgetDownloadController`). The API's own URLs stay bearer-token only.
 */
@WebPages()
@Controller('agreements')
export class ReportDownloadController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(WEB_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':agreementId/savings.csv')
  @SignedInPage('ReadReports')
  savingsCsv(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('savings', 'csv', id, a, actor, reply);
  }

  @Get(':agreementId/savings.xlsx')
  @SignedInPage('ReadReports')
  savingsXlsx(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('savings', 'xlsx', id, a, actor, reply);
  }

  @Get(':agreementId/out-of-area.csv')
  @SignedInPage('ReadReports')
  outOfAreaCsv(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('out-of-area', 'csv', id, a, actor, reply);
  }

  @Get(':agreementId/out-of-area.xlsx')
  @SignedInPage('ReadReports')
  outOfAreaXlsx(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('out-of-area', 'xlsx', id, a, actor, reply);
  }

  @Get(':agreementId/chain.csv')
  @SignedInPage('ReadReports')
  chainCsv(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('chain', 'csv', id, a, actor, reply);
  }

  @Get(':agreementId/chain.xlsx')
  @SignedInPage('ReadReports')
  chainXlsx(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('chain', 'xlsx', id, a, actor, reply);
  }

  @Get(':agreementId/management-accounts.csv')
  @SignedInPage('ReadReports')
  accountsCsv(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('management-accounts', 'csv', id, a, actor, reply);
  }

  @Get(':agreementId/management-accounts.xlsx')
  @SignedInPage('ReadReports')
  accountsXlsx(
    @Param('agreementId') id: string,
    @Query() a: MonthAddress,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.download('management-accounts', 'xlsx', id, a, actor, reply);
  }

  private async download(
    which: DownloadName,
    format: Format,
    agreementId: string,
    address: MonthAddress,
    actor: Actor,
    reply: FastifyReply,
  ): Promise<unknown> {
    const download = DOWNLOADS[which];
    const report: unknown = await this.queryBus.execute(
      download.query(actor, agreementId, address),
    );
    void reply.header('cache-control', 'no-store');
    return replyWithReport(reply, { format }, report, {
      report: download.report,
      document: download.document,
      agreementId,
      name: download.name,
      asOf: download.asOf(report),
      clock: this.clock,
    });
  }
}
