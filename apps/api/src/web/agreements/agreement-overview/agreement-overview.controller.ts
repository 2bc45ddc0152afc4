import type { AgreementSummary } from '@ledger/commands';
import { ClosePeriodDto } from '@ledger/contracts';
import type { FieldError } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadAgreementSummaryQuery } from '../../../agreements/read-agreement/read-agreement.handler';
import { RecordLedgerCommand } from '../../../app/record-ledger-command.handler';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { ReadBudgetQuery } from '../../../reports/read-budget/read-budget.handler';
import { PageRenderer } from '../../pages/page-renderer';
import { WebPages } from '../../pages/web-pages.decorator';
import { CsrfGuard } from '../../session/csrf.guard';
import { SignedInPage } from '../../session/page-access';
import { agreementPath } from '../../web-paths';
import { agreementActions, monthOf } from '../agreement-forms/agreement-actions';
import { formErrorSummary } from '../agreement-forms/form-errors';
import {
  commandRequestOf,
  labelled,
  refusalOf,
  validateAsApi,
  type WriteFormFields,
} from '../agreement-forms/form-submission';
import { agreementOverviewView } from './agreement-overview.view';
import { readAtKnowledgeTime } from '../agreement-pages';
import { readTimeTravel, type TimeTravel, type TimeTravelAddress } from './time-travel';

/** The period-close form: its period, and the hidden revision and key. */
interface ClosePeriodFields extends WriteFormFields {
  period?: string;
}

/** What a close form post adds to the overview: its success banner, or why it was refused. */
interface CloseOutcome {
  status: number;
  closed: string | null;
  errors: FieldError[];
}

/** The close form's one control: every refusal is summarised against its button. */
const CLOSE_FIELD = 'close-period';

/**
 * An agreement's overview: its terms (GET /v1/agreements/{id}'s query) and budget against
 * actual (the budget report's query) at the business date and knowledge time the GET form
 * asks, each checked by the use-case layer exactly as for the API. To lead-provider finance it
 * offers to close the next period, a form that posts here and records the close through the
 * CommandBus as POST /v1/agreements/{id}/period-closes does.
 */
@WebPages()
@Controller('agreements')
export class AgreementOverviewController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':agreementId')
  @SignedInPage('ReadReports')
  overview(
    @Param('agreementId') agreementId: string,
    @Query() address: TimeTravelAddress,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.render(agreementId, readTimeTravel(address), actor, request, reply, null);
  }

  /**
   * Closes a period with the form's revision as If-Match and its key as Idempotency-Key, then
   * shows the overview as it now stands: with a success banner, or with the API's refusal
   * (its message and code) in the error summary. A form sent twice closes the period once and
   * says so twice (the key replays the first close).
   */
  @Post(':agreementId/period-closes')
  @SignedInPage('ClosePeriod')
  @UseGuards(CsrfGuard)
  async close(
    @Param('agreementId') agreementId: string,
    @Body() fields: ClosePeriodFields,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const commandRequest = commandRequestOf(request, actor, fields ?? {});
    const period = fields.period ?? '';
    const labels = { period: 'Period' };
    const invalid = await validateAsApi(ClosePeriodDto, { period });
    let outcome: CloseOutcome;
    if (invalid.length > 0) {
      outcome = { status: 400, closed: null, errors: labelled(invalid, labels, CLOSE_FIELD) };
    } else {
      try {
        await this.commandBus.execute(
          new RecordLedgerCommand(
            { type: 'ClosePeriod', data: { agreementId, period } },
            commandRequest,
          ),
        );
        outcome = { status: 200, closed: monthOf(period), errors: [] };
      } catch (error) {
        const { errors, status } = refusalOf(error, labels, () => CLOSE_FIELD);
        outcome = { status, closed: null, errors: errors.map(toButton) };
      }
    }
    const now: TimeTravel = { asOf: undefined, knownAt: undefined, errors: [] };
    return this.render(agreementId, now, actor, request, reply, outcome);
  }

  private async render(
    agreementId: string,
    travel: TimeTravel,
    actor: Actor,
    request: FastifyRequest,
    reply: FastifyReply,
    close: CloseOutcome | null,
  ): Promise<string> {
    const summary: AgreementSummary = await this.queryBus.execute(
      new ReadAgreementSummaryQuery(actor, agreementId),
    );
    const { report, errors } =
      travel.errors.length > 0
        ? { report: null, errors: travel.errors }
        : await readAtKnowledgeTime(travel.knownAt, () =>
            this.queryBus.execute(
              new ReadBudgetQuery(actor, agreementId, {
                asOf: travel.asOf,
                knownAt: travel.knownAt,
              }),
            ),
          );
    const view = agreementOverviewView(summary, report, travel);
    const allErrors = [...errors, ...(close?.errors ?? [])];
    const status = close !== null && close.status !== 200 ? close.status : 400;
    return this.pages.render(request, reply, {
      template: 'agreement.njk',
      title: summary.agreementId,
      section: 'agreements',
      status: allErrors.length > 0 ? status : 200,
      hasErrors: allErrors.length > 0,
      data: {
        ...view,
        // A past moment is for reading: the writes are offered only on the ledger as it is now.
        actions:
          travel.asOf === undefined && travel.knownAt === undefined
            ? agreementActions(actor, summary)
            : null,
        closed: close?.closed ?? null,
        ...formErrorSummary(allErrors, agreementPath(agreementId)),
      },
    });
  }
}

/** A refusal of the close is about the button that asked for it (or the stale page). */
function toButton(error: FieldError): FieldError {
  return error.field === 'revision' ? error : { ...error, field: CLOSE_FIELD };
}
