import { PeriodNotClosedError, type AgreementSummary, type ReportQuery } from '@ledger/commands';
import type { FieldError } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import type { ManagementAccounts } from '@ledger/read-model';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus, type Query as CqrsQuery } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadAgreementSummaryQuery } from '../../../agreements/read-agreement/read-agreement.handler';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { ReadChainReportQuery } from '../../../reports/read-chain-report/read-chain-report.handler';
import { ReadManagementAccountsQuery } from '../../../reports/read-management-accounts/read-management-accounts.handler';
import { ReadOapMetricsQuery } from '../../../reports/read-oap-metrics/read-oap-metrics.handler';
import { ReadSavingsQuery } from '../../../reports/read-savings/read-savings.handler';
import { formatCalendarDate, formatPeriod } from '../../formatting/display';
import { errorSummaryOf } from '../../pages/error-summary';
import { PageRenderer } from '../../pages/page-renderer';
import { WebPages } from '../../pages/web-pages.decorator';
import { SignedInPage } from '../../session/page-access';
import { agreementPagePath, type AgreementPage } from '../../web-paths';
import {
  readTimeTravel,
  timeTravelQuery,
  type TimeTravel,
  type TimeTravelAddress,
} from '../agreement-overview/time-travel';
import { agreementNavigation, readAtKnowledgeTime, timeTravelView } from '../agreement-pages';
import { readMonth, type MonthAddress } from '../report-downloads/report-download.controller';
import { chainSections } from './chain.view';
import { closedMonthLinks, managementAccountsSections } from './management-accounts.view';
import { outOfAreaSections } from './out-of-area.view';
import { warningsOf, type ReportSection } from './report-tables';
import { savingsSections } from './savings.view';

/** What one report page reads and shows, around the shared heading, navigation and clocks. */
interface ReportPage<T> {
  page: Exclude<AgreementPage, 'overview' | 'managementAccounts' | 'statements'>;
  heading: string;
  /** The query the API's report endpoint asks, at the page's clocks. */
  query: (clocks: ReportQuery) => CqrsQuery<T>;
  sections: (report: T) => ReportSection[];
  warnings?: (report: T) => string[];
  /** The downloads' file stem (`savings` → `savings.csv`) and what their links say. */
  download: { file: string; label: (report: T) => string };
}

/**
 * An agreement's report pages, each reading through the same query as the API's report
 * endpoint (so the same authorisation, 403 outside the agreement's parties, 404 for an unknown
 * agreement) at the business date and knowledge time of the GET form: savings, out-of-area
 * metrics and the chain report; and the month-end management accounts of a closed month.
 */
@WebPages()
@Controller('agreements')
export class AgreementReportsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':agreementId/savings')
  @SignedInPage('ReadReports')
  savings(
    @Param('agreementId') agreementId: string,
    @Query() address: TimeTravelAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.reportPage(request, reply, actor, agreementId, address, {
      page: 'savings',
      heading: 'Savings',
      query: (clocks) => new ReadSavingsQuery(actor, agreementId, clocks),
      sections: savingsSections,
      warnings: (report) => warningsOf(report.warnings),
      download: {
        file: 'savings',
        label: (report) => `Savings by month to ${formatCalendarDate(report.asOf)}`,
      },
    });
  }

  @Get(':agreementId/out-of-area')
  @SignedInPage('ReadReports')
  outOfArea(
    @Param('agreementId') agreementId: string,
    @Query() address: TimeTravelAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.reportPage(request, reply, actor, agreementId, address, {
      page: 'outOfArea',
      heading: 'Out-of-area placements',
      query: (clocks) => new ReadOapMetricsQuery(actor, agreementId, clocks),
      sections: outOfAreaSections,
      warnings: (report) => warningsOf(report.warnings),
      download: {
        file: 'out-of-area',
        label: (report) => `Out-of-area metrics by month to ${formatCalendarDate(report.asOf)}`,
      },
    });
  }

  @Get(':agreementId/chain')
  @SignedInPage('ReadReports')
  chain(
    @Param('agreementId') agreementId: string,
    @Query() address: TimeTravelAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.reportPage(request, reply, actor, agreementId, address, {
      page: 'chain',
      heading: 'Chain of agreements, year by year',
      query: (clocks) => new ReadChainReportQuery(actor, agreementId, clocks),
      sections: chainSections,
      download: {
        file: 'chain',
        label: (report) => `The chain by year to ${formatCalendarDate(report.asOf)}`,
      },
    });
  }

  @Get(':agreementId/management-accounts')
  @SignedInPage('ReadReports')
  async managementAccounts(
    @Param('agreementId') agreementId: string,
    @Query() address: MonthAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const summary = await this.summary(actor, agreementId);
    const travel = readTimeTravel({ knownAt: address.knownAt });
    const month = readMonth(address);
    const errors: FieldError[] = [...(month.error ? [month.error] : []), ...travel.errors];
    let accounts: ManagementAccounts | null = null;
    /** A month not closed: the API's own words (its 409's detail), shown in an inset. */
    let notice: string | null = null;
    if (errors.length === 0) {
      try {
        const answer = await readAtKnowledgeTime(travel.knownAt, () =>
          this.queryBus.execute(
            new ReadManagementAccountsQuery(actor, agreementId, {
              period: month.period,
              knownAt: travel.knownAt,
            }),
          ),
        );
        accounts = answer.report;
        errors.push(...answer.errors);
      } catch (error) {
        if (!(error instanceof PeriodNotClosedError)) throw error;
        notice = error.message;
      }
    }
    const query = timeTravelQuery({ asOf: undefined, knownAt: travel.knownAt });
    const fileQuery = accounts
      ? `?${new URLSearchParams({ period: accounts.period, ...(travel.knownAt ? { knownAt: travel.knownAt } : {}) }).toString()}`
      : query;
    const path = agreementPagePath(agreementId, 'managementAccounts');
    return this.pages.render(request, reply, {
      template: 'agreement-report.njk',
      title: accounts
        ? `Management accounts, ${formatPeriod(accounts.period)} – ${agreementId}`
        : `Management accounts – ${agreementId}`,
      section: 'agreements',
      status: errors.length > 0 ? 400 : 200,
      hasErrors: errors.length > 0,
      data: {
        agreementId,
        financialYear: summary.financialYear,
        heading: 'Month-end management accounts',
        navigation: agreementNavigation(agreementId, 'managementAccounts', travel),
        months: closedMonthLinks(
          agreementId,
          summary.closedPeriods,
          accounts?.period ?? null,
          travel.knownAt,
        ),
        timeTravel: timeTravelView(travel, accounts !== null || notice !== null),
        timeTravelForm: {
          action: path,
          asOf: false,
          hidden: month.period ? [{ name: 'period', value: month.period }] : [],
        },
        notice,
        warnings: [],
        sections: accounts ? managementAccountsSections(accounts) : [],
        downloads: accounts && {
          csv: `${path}.csv${fileQuery}`,
          xlsx: `${path}.xlsx${fileQuery}`,
          label: `Management accounts, ${formatPeriod(accounts.period)}`,
        },
        ...errorSummaryOf(errors),
      },
    });
  }

  private summary(actor: Actor, agreementId: string): Promise<AgreementSummary> {
    return this.queryBus.execute(new ReadAgreementSummaryQuery(actor, agreementId));
  }

  /**
   * A report page: the agreement's terms first (so an agreement the actor may not see, or that
   * does not exist, answers 403 or 404 as the API does), then the report at the form's clocks.
   */
  private async reportPage<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    agreementId: string,
    address: TimeTravelAddress,
    page: ReportPage<T>,
  ): Promise<string> {
    const summary = await this.summary(actor, agreementId);
    const travel: TimeTravel = readTimeTravel(address);
    const { report, errors } =
      travel.errors.length > 0
        ? { report: null, errors: travel.errors }
        : await readAtKnowledgeTime<T>(travel.knownAt, () =>
            this.queryBus.execute(page.query({ asOf: travel.asOf, knownAt: travel.knownAt })),
          );
    const path = agreementPagePath(agreementId, page.page);
    const query = timeTravelQuery(travel);
    return this.pages.render(request, reply, {
      template: 'agreement-report.njk',
      title: `${page.heading} – ${agreementId}`,
      section: 'agreements',
      status: errors.length > 0 ? 400 : 200,
      hasErrors: errors.length > 0,
      data: {
        agreementId,
        financialYear: summary.financialYear,
        heading: page.heading,
        navigation: agreementNavigation(agreementId, page.page, travel),
        timeTravel: timeTravelView(travel, report !== null),
        timeTravelForm: { action: path, asOf: true, hidden: [] },
        warnings: report && page.warnings ? page.warnings(report) : [],
        sections: report ? page.sections(report) : [],
        downloads: report && {
          csv: `${agreementPagePath(agreementId, 'overview')}/${page.download.file}.csv${query}`,
          xlsx: `${agreementPagePath(agreementId, 'overview')}/${page.download.file}.xlsx${query}`,
          label: page.download.label(report),
        },
        ...errorSummaryOf(errors),
      },
    });
  }
}
