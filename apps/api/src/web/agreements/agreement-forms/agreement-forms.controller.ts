import type { AgreementSummary, CommandOutcome, LedgerAction } from '@ledger/commands';
import { formatMoney, money, type FieldError } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadAgreementSummaryQuery } from '../../../agreements/read-agreement/read-agreement.handler';
import {
  RecordLedgerCommand,
  type RequestedCommand,
} from '../../../app/record-ledger-command.handler';
import { CurrentActor } from '../../../http/request/ledger-request.decorator';
import { formatCalendarDate, formatPounds } from '../../formatting/display';
import { PageRenderer } from '../../pages/page-renderer';
import { WebPages } from '../../pages/web-pages.decorator';
import { CsrfGuard } from '../../session/csrf.guard';
import { SignedInPage } from '../../session/page-access';
import { agreementFormPath, agreementPath, AGREEMENT_FORMS } from '../../web-paths';
import { assertMayPerform } from './agreement-actions';
import { formErrorSummary } from './form-errors';
import { commandRequestOf, hiddenFields, refusalOf, type FieldLabels } from './form-submission';
import {
  ALLOCATION_FIELDS,
  ALLOCATION_LABELS,
  allocationFieldOf,
  EMPTY_VALUES,
  enteredValues,
  readAllocation,
  readReinvestment,
  REINVESTMENT_FIELDS,
  REINVESTMENT_LABELS,
  reinvestmentFieldOf,
  type EnteredValues,
  type FormFields,
} from './write-forms';

/** One form page as it is drawn: the values to show, the errors, the revision to send. */
interface FormState {
  values: EnteredValues;
  errors: FieldError[];
  status: number;
  revision: number;
}

/** What a form needs to be drawn and sent: its write, template, title and words. */
interface FormKind {
  action: LedgerAction;
  form: keyof typeof AGREEMENT_FORMS;
  template: string;
  title: string;
  fields: string[];
  labels: FieldLabels;
  fieldOf: (code: string) => string;
}

const REINVESTMENT: FormKind = {
  action: 'CommitReinvestment',
  form: 'reinvestment',
  template: 'reinvestment-form.njk',
  title: 'Commit a reinvestment',
  fields: REINVESTMENT_FIELDS,
  labels: REINVESTMENT_LABELS,
  fieldOf: reinvestmentFieldOf,
};

const ALLOCATION: FormKind = {
  action: 'AllocateBudget',
  form: 'allocation',
  template: 'allocation-form.njk',
  title: 'Allocate budget',
  fields: ALLOCATION_FIELDS,
  labels: ALLOCATION_LABELS,
  fieldOf: allocationFieldOf,
};

/**
 * An agreement's write forms: commit a reinvestment (lead-provider finance) and allocate budget
 * (commissioner finance). Each page is offered only to an actor who may perform its write on
 * this agreement, and each post records the write through the CommandBus exactly as the API's
 * controller does, with the page's revision as If-Match and its key as Idempotency-Key: a form
 * sent twice writes once and shows the same answer; a page built on a revision that has since
 * moved gets a clear message and writes nothing.
 */
@WebPages()
@Controller('agreements')
export class AgreementFormsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly commandBus: CommandBus,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':agreementId/reinvestments/new')
  @SignedInPage('CommitReinvestment')
  reinvestmentForm(
    @Param('agreementId') agreementId: string,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.blankForm(REINVESTMENT, agreementId, actor, request, reply);
  }

  @Post(':agreementId/reinvestments/new')
  @SignedInPage('CommitReinvestment')
  @UseGuards(CsrfGuard)
  async commitReinvestment(
    @Param('agreementId') agreementId: string,
    @Body() fields: FormFields,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const reading = await readReinvestment(fields ?? {});
    return this.submit(REINVESTMENT, agreementId, fields ?? {}, actor, request, reply, {
      errors: reading.errors,
      command: reading.body && {
        type: 'CommitReinvestment',
        data: { agreementId, ...reading.body },
      },
      done: (outcome, summary) => {
        const body = reading.body!;
        const { before, after } = retainedAround(outcome);
        return {
          heading: `${formatPounds(body.amount)} committed to ${body.schemeId}`,
          rows: [
            ['Scheme', body.schemeId],
            ['Amount', formatPounds(body.amount)],
            ['Effective date', formatCalendarDate(body.effectiveDate)],
            ['Description', body.description],
            ['Retained savings available before', formatPounds(before)],
            ['Retained savings available after', formatPounds(after)],
          ],
          again: {
            href: agreementFormPath(summary.agreementId, 'reinvestment'),
            text: 'Commit another reinvestment',
          },
        };
      },
    });
  }

  @Get(':agreementId/allocations/new')
  @SignedInPage('AllocateBudget')
  allocationForm(
    @Param('agreementId') agreementId: string,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.blankForm(ALLOCATION, agreementId, actor, request, reply);
  }

  @Post(':agreementId/allocations/new')
  @SignedInPage('AllocateBudget')
  @UseGuards(CsrfGuard)
  async allocate(
    @Param('agreementId') agreementId: string,
    @Body() fields: FormFields,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const summary = await this.summaryFor(ALLOCATION, agreementId, actor);
    const reading = await readAllocation(fields ?? {}, summary.serviceLines);
    return this.submit(ALLOCATION, agreementId, fields ?? {}, actor, request, reply, {
      errors: reading.errors,
      command: reading.body && {
        type: 'AllocateBudget',
        data: {
          agreementId,
          allocationId: reading.body.allocationId,
          serviceLine: reading.body.serviceLine,
          amount: reading.body.amount,
          effectiveDate: reading.body.effectiveDate,
          phasing: { kind: 'even' },
        },
      },
      done: () => {
        const body = reading.body!;
        return {
          heading: `${formatPounds(body.amount)} allocated to ${body.serviceLine}`,
          rows: [
            ['Service line', body.serviceLine],
            ['Amount', formatPounds(body.amount)],
            ['Effective date', formatCalendarDate(body.effectiveDate)],
            ['Phasing', 'Even, from the effective month to March'],
          ],
          again: {
            href: agreementFormPath(agreementId, 'allocation'),
            text: 'Allocate more budget',
          },
        };
      },
    });
  }

  /** The agreement as it stands, once the actor is known to be allowed the form's write. */
  private async summaryFor(
    kind: FormKind,
    agreementId: string,
    actor: Actor,
  ): Promise<AgreementSummary> {
    const summary: AgreementSummary = await this.queryBus.execute(
      new ReadAgreementSummaryQuery(actor, agreementId),
    );
    assertMayPerform(actor, kind.action, summary);
    return summary;
  }

  private async blankForm(
    kind: FormKind,
    agreementId: string,
    actor: Actor,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<string> {
    const summary = await this.summaryFor(kind, agreementId, actor);
    return this.drawForm(kind, summary, request, reply, {
      values: EMPTY_VALUES(kind.fields),
      errors: [],
      status: 200,
      revision: summary.revision,
    });
  }

  /**
   * Sends a form: the page's own and the API's field errors are shown again with what was
   * entered; otherwise the write goes to the CommandBus, and its answer is a success page or
   * the form again with the refusal. A stale page is drawn on the agreement as it now stands
   * (its new revision and figures), so that it can be checked and sent again.
   */
  private async submit(
    kind: FormKind,
    agreementId: string,
    fields: FormFields,
    actor: Actor,
    request: FastifyRequest,
    reply: FastifyReply,
    write: {
      errors: FieldError[];
      command: RequestedCommand | null;
      done: (outcome: CommandOutcome, summary: AgreementSummary) => Done;
    },
  ): Promise<string> {
    const commandRequest = commandRequestOf(request, actor, fields);
    const values = enteredValues(fields, kind.fields);
    const revision = commandRequest.expectedRevision!;
    if (write.command === null) {
      const summary = await this.summaryFor(kind, agreementId, actor);
      return this.drawForm(kind, summary, request, reply, {
        values,
        errors: write.errors,
        status: 400,
        revision,
      });
    }
    let outcome: CommandOutcome;
    try {
      outcome = await this.commandBus.execute(
        new RecordLedgerCommand(write.command, commandRequest),
      );
    } catch (error) {
      const refusal = refusalOf(error, kind.labels, kind.fieldOf);
      const summary = await this.summaryFor(kind, agreementId, actor);
      return this.drawForm(kind, summary, request, reply, {
        values,
        errors: refusal.errors,
        status: refusal.status,
        revision: refusal.stale ? summary.revision : revision,
      });
    }
    const summary = await this.summaryFor(kind, agreementId, actor);
    const done = write.done(outcome, summary);
    return this.pages.render(request, reply, {
      template: 'agreement-form-done.njk',
      title: done.heading,
      section: 'agreements',
      data: {
        agreement: { agreementId: summary.agreementId, financialYear: summary.financialYear },
        agreementHref: agreementPath(summary.agreementId),
        heading: done.heading,
        rows: done.rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
        again: done.again,
      },
    });
  }

  private drawForm(
    kind: FormKind,
    summary: AgreementSummary,
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
  ): Promise<string> {
    const agreementHref = agreementPath(summary.agreementId);
    return this.pages.render(request, reply, {
      template: kind.template,
      title: kind.title,
      section: 'agreements',
      status: state.status,
      hasErrors: state.errors.length > 0,
      data: {
        heading: kind.title,
        action: agreementFormPath(summary.agreementId, kind.form),
        agreement: summary,
        agreementHref,
        retainedSavings: formatPounds(summary.retainedSavings),
        serviceLines: summary.serviceLines.map((line) => ({
          value: line,
          text: line,
          checked: state.values.text.serviceLine === line,
        })),
        values: state.values,
        ...hiddenFields(state.revision),
        ...formErrorSummary(state.errors, agreementHref),
      },
    });
  }
}

/** A success page's words: its heading, what was recorded, and the way to do another. */
interface Done {
  heading: string;
  rows: [string, string][];
  again: { href: string; text: string };
}

/**
 * The retained savings around a commitment, from the recorded event itself, as the API's
 * answer gives them (so a replayed key shows the same figures): the decider records the balance
 * it decided on, and the commitment takes exactly its amount from it.
 */
function retainedAround(outcome: CommandOutcome): { before: string; after: string } {
  const event = outcome.append.events.find((e) => e.type === 'ReinvestmentCommitted');
  if (!event) throw new Error('A reinvestment recorded no ReinvestmentCommitted event');
  const data = event.data as { retainedSavingsBefore: string; amount: string };
  const before = money(String(data.retainedSavingsBefore));
  return {
    before: formatMoney(before),
    after: formatMoney(before.minus(money(String(data.amount)))),
  };
}
