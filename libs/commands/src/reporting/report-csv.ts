import type {
  AccountStatement,
  AgreementBalances,
  AgreementListItem,
  CaseListItem,
  BudgetReport,
  OapMetricsReport,
  SavingsReport,
} from '@ledger/read-model';

/**
 * The reports as CSV (RFC 4180): a header row, then one row per line, CRLF line ends. Money
 * columns end in `_gbp` (decimal strings, 2 places), distances in `_km` or `_miles`.
 */
export interface CsvTable {
  header: string[];
  rows: (string | number | boolean | null)[][];
}

/** A field is quoted when it holds a comma, a quote, CR or LF; quotes inside are doubled. */
export function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: CsvTable): string {
  return [table.header, ...table.rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

export function balancesCsv(report: AgreementBalances): CsvTable {
  return {
    header: ['agreement_id', 'as_of', 'basis', 'known_at_position', 'account', 'balance_gbp'],
    rows: report.balances.map((b) => [
      report.agreementId,
      report.asOf,
      report.basis,
      report.knownAt,
      b.account,
      b.balance,
    ]),
  };
}

export function budgetCsv(report: BudgetReport): CsvTable {
  return {
    header: [
      'service_line',
      'period',
      'status',
      'budget_gbp',
      'spend_gbp',
      'in_area_spend_gbp',
      'out_of_area_spend_gbp',
      'pending_adjustment_gbp',
      'budget_to_date_gbp',
      'spend_to_date_gbp',
      'variance_gbp',
      'overspent',
      'line_full_year_budget_gbp',
      'line_forecast_outturn_gbp',
      'line_forecast_variance_gbp',
    ],
    rows: report.lines.flatMap((line) =>
      line.periods.map((p) => [
        line.serviceLine,
        p.period,
        p.status,
        p.budget,
        p.spend.total,
        p.spend.inArea,
        p.spend.outOfArea,
        p.pendingAdjustment,
        p.budgetToDate,
        p.spendToDate,
        p.variance,
        p.overspent,
        line.fullYearBudget,
        line.forecast.outturn,
        line.forecast.variance,
      ]),
    ),
  };
}

/**
 * One table for the savings report's parts, told apart by `kind`: `period` (by period),
 * `case` (by case and period), `reinvestment` (by scheme), `retained-available`.
 */
export function savingsCsv(report: SavingsReport): CsvTable {
  const row = (
    kind: string,
    period: string | null,
    caseId: string | null,
    schemeId: string | null,
    status: string | null,
    amount: string,
    pending: string | null,
  ) => [kind, period, caseId, schemeId, status, amount, pending];
  return {
    header: [
      'kind',
      'period',
      'case_id',
      'scheme_id',
      'status',
      'amount_gbp',
      'pending_adjustment_gbp',
    ],
    rows: [
      ...report.byPeriod.map((p) =>
        row('period', p.period, null, null, p.status, p.amount, p.pendingAdjustment),
      ),
      ...report.byCase.flatMap((c) =>
        c.periods.map((p) =>
          row('case', p.period, c.caseId, null, p.status, p.amount, p.pendingAdjustment),
        ),
      ),
      ...report.reinvestment.byScheme.map((s) =>
        row('reinvestment', null, null, s.schemeId, null, s.committed, null),
      ),
      row('retained-available', null, null, null, null, report.retainedSavingsAvailable, null),
    ],
  };
}

export function oapMetricsCsv(report: OapMetricsReport): CsvTable {
  return {
    header: [
      'period',
      'complete',
      'counted_on',
      'active_at_period_end',
      'started',
      'ended',
      'bed_days',
      'cost_gbp',
      'mean_distance_km',
      'mean_distance_miles',
      'change_km',
      'change_miles',
      'repatriations',
    ],
    rows: report.periods.map((p) => [
      p.period,
      p.complete,
      p.countedOn,
      p.activeAtPeriodEnd,
      p.started,
      p.ended,
      p.bedDays,
      p.cost,
      p.meanDistanceKm,
      p.meanDistanceMiles,
      p.changeKm,
      p.changeMiles,
      p.repatriations,
    ]),
  };
}

export function statementCsv(report: AccountStatement): CsvTable {
  return {
    header: [
      'cursor',
      'position',
      'recorded_at',
      'period',
      'posted_in',
      'source',
      'reference',
      'counter_account',
      'direction',
      'amount_gbp',
      'balance_gbp',
    ],
    rows: report.entries.map((e) => [
      e.cursor,
      e.position,
      e.recordedAt,
      e.period,
      e.postedIn,
      e.source,
      e.reference,
      e.counterAccount,
      e.direction,
      e.amount,
      e.balance,
    ]),
  };
}

/**
 * A page of `GET /v1/agreements`: one row per agreement; the partner codes and service lines,
 * lists in JSON, are joined with `;` (no ODS code or service line holds one).
 */
export function agreementListCsv(list: { agreements: AgreementListItem[] }): CsvTable {
  return {
    header: [
      'agreement_id',
      'financial_year',
      'commissioner_code',
      'lead_provider_code',
      'partner_provider_codes',
      'service_lines',
      'savings_horizon_days',
    ],
    rows: list.agreements.map((a) => [
      a.agreementId,
      a.financialYear,
      a.commissionerCode,
      a.leadProviderCode,
      a.partnerProviderCodes.join(';'),
      a.serviceLines.join(';'),
      a.savingsHorizonDays,
    ]),
  };
}

/** A page of `GET /v1/cases`: one row per case; the placement columns are empty when none is open. */
export function caseListCsv(list: { cases: CaseListItem[] }): CsvTable {
  return {
    header: [
      'case_id',
      'agreement_id',
      'financial_year',
      'service_line',
      'patient_ref',
      'referral_date',
      'status',
      'placement_id',
      'setting',
      'provider_code',
      'daily_rate_gbp',
      'daily_rate_from',
      'placement_start_date',
      'discharge_date',
    ],
    rows: list.cases.map((c) => {
      const p = c.currentPlacement;
      return [
        c.caseId,
        c.agreementId,
        c.financialYear,
        c.serviceLine,
        c.patientRef,
        c.referralDate,
        c.status,
        p?.placementId ?? null,
        p?.setting ?? null,
        p?.providerCode ?? null,
        p?.dailyRate ?? null,
        p?.dailyRateFrom ?? null,
        p?.startDate ?? null,
        c.dischargeDate,
      ];
    }),
  };
}
