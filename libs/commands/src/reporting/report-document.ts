import {
  formatPence,
  penceOf,
  type AccountStatement,
  type AgreementBalances,
  type BudgetReport,
  type ChainSummary,
  type OapMetricsReport,
  type ReportWarning,
  type SavingsReport,
} from '@ledger/read-model';

/**
 * The reports as tables, the one shape both downloads are written from: a CSV is one section
 * (`format=csv&section=…`), an XLSX workbook is every section, a sheet each. Sections hold one
 * kind of row each; summary rows (a statement's opening balance before the rows; totals and its
 * closing balance after them) carry their label in the section's label column.
 *
 * Money stays a decimal string here, exactly as in the JSON; every total is added up in integer
 * pence from the rows shown, so a totals row always equals the sum of its rows to the penny.
 * See docs/exports.md.
 */

/** How a column is written: the CSV writes every value as text, the XLSX by its kind. */
export type ColumnKind =
  /** Text kept as text everywhere: ids, codes, periods (`2025-04`), cursors, names. */
  | 'text'
  /** GBP, a decimal string with 2 places; a number with a £ format in the XLSX. */
  | 'money'
  /** A whole number (positions, nights, counts). */
  | 'count'
  /** A distance to 1 decimal place, a decimal string or null. */
  | 'distance'
  /** true or false. */
  | 'flag'
  /** A calendar date YYYY-MM-DD; a real date (shown yyyy-mm-dd) in the XLSX. */
  | 'date';

export type CellValue = string | number | boolean | null;

export interface ReportColumn {
  /** The CSV header: snake_case, money ending `_gbp`, distances `_km` or `_miles`. */
  key: string;
  /** The XLSX header, for people. */
  label: string;
  kind: ColumnKind;
  /** The same on every row (the agreement, the as-of date): the XLSX has it on its About sheet. */
  context?: boolean;
}

/** A row that is not a data row: a total, an opening or a closing balance. */
export interface SummaryRow {
  /** Written in the section's label column. */
  label: string;
  /** Values by column key; any other column is left empty. */
  values: Record<string, CellValue>;
}

export interface ReportSection {
  /** The `section` parameter that picks it as CSV: `by-period`, `by-case`… */
  key: string;
  /** The XLSX sheet's name (at most 31 characters). */
  title: string;
  /** The column that holds a summary row's label. */
  labelColumn: string;
  columns: ReportColumn[];
  rows: CellValue[][];
  /** Before the rows: a statement's opening balance. */
  leading: SummaryRow[];
  /** After the rows: totals, a statement's closing balance. */
  trailing: SummaryRow[];
}

export const REPORT_NAMES = [
  'balances',
  'budget',
  'savings',
  'oap-metrics',
  'statement',
  'chain-report',
  'management-accounts',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * Each report's sections, in sheet order; the first is the CSV's default. Fixed, so a request
 * can be checked before any figure is computed.
 */
export const REPORT_SECTIONS: Record<ReportName, readonly string[]> = {
  balances: ['balances'],
  budget: [
    'by-period',
    'by-line',
    'by-provider',
    'forecast',
    'prior-year',
    'posted-in-successor',
    'uncovered-nights',
  ],
  savings: [
    'by-period',
    'by-case',
    'repatriations',
    'reinvestment',
    'summary',
    'prior-year',
    'posted-in-successor',
    'uncovered-nights',
  ],
  'oap-metrics': ['by-period', 'uncovered-nights'],
  statement: ['entries'],
  'chain-report': ['by-year', 'oap-metrics'],
  'management-accounts': [
    'lines',
    'by-provider',
    'adjustments',
    'adjustments-by-provider',
    'reinvestment',
    'carry-forward',
    'retained-savings',
  ],
};

/**
 * Every report's last section: the organisations it mentions, with their names
 * (organisations/organisation-document.ts adds it to any report's document).
 */
export const ORGANISATIONS_SECTION = 'organisations';

/** The report's sections, in sheet order: its own, then `organisations`. */
export function reportSections(report: ReportName): readonly string[] {
  return [...REPORT_SECTIONS[report], ORGANISATIONS_SECTION];
}

export function isReportSection(report: ReportName, section: string): boolean {
  return reportSections(report).includes(section);
}

/** The section a CSV holds when none is asked for. */
export function defaultSection(report: ReportName): string {
  return REPORT_SECTIONS[report][0];
}

/** Null when `section` is one of the report's, else why not (for a 400 naming `section`). */
export function sectionProblem(report: ReportName, section: string): string | null {
  const sections = reportSections(report);
  return sections.includes(section)
    ? null
    : `must be one of the ${report} report's sections: ${sections.join(', ')}`;
}

/** A fact about the whole report, for the XLSX's About sheet. */
export interface AboutLine {
  label: string;
  value: CellValue;
  kind: ColumnKind;
}

export interface ReportDocument {
  report: ReportName;
  /** "Budget against actual", for people. */
  title: string;
  agreementId: string;
  about: AboutLine[];
  sections: ReportSection[];
}

/** The section asked for (the default when undefined); a RangeError names the allowed ones. */
export function sectionOf(document: ReportDocument, key?: string): ReportSection {
  const wanted = key ?? defaultSection(document.report);
  const section = document.sections.find((s) => s.key === wanted);
  if (!section) throw new RangeError(sectionProblem(document.report, wanted) ?? wanted);
  return section;
}

// ---------------------------------------------------------------------------------------------
// Building sections

const col = (key: string, label: string, kind: ColumnKind, context = false): ReportColumn =>
  context ? { key, label, kind, context } : { key, label, kind };

const text = (key: string, label: string) => col(key, label, 'text');
const money = (key: string, label: string) => col(key, label, 'money');
const count = (key: string, label: string) => col(key, label, 'count');

export interface SectionSpec {
  key: string;
  title: string;
  labelColumn: string;
  columns: ReportColumn[];
  rows: CellValue[][];
  /** Columns the `Total` row adds up (money in pence, counts as integers). None: no total. */
  totals?: string[];
  leading?: SummaryRow[];
  trailing?: SummaryRow[];
}

/** A section from its spec: the `Total` row (when `totals` names columns) before `trailing`. */
export function section(spec: SectionSpec): ReportSection {
  const trailing = [...(spec.trailing ?? [])];
  if (spec.totals && spec.totals.length > 0) {
    trailing.unshift(totalRow('Total', spec.columns, spec.rows, spec.totals));
  }
  return {
    key: spec.key,
    title: spec.title,
    labelColumn: spec.labelColumn,
    columns: spec.columns,
    rows: spec.rows,
    leading: spec.leading ?? [],
    trailing,
  };
}

/**
 * A summary row whose `keys` columns are the sums of those columns over `rows` (only the rows
 * `include` keeps): money added up in integer pence from the decimal strings shown, counts as
 * integers. Never through floating point. An empty cell (null) adds nothing.
 */
export function totalRow(
  label: string,
  columns: ReportColumn[],
  rows: CellValue[][],
  keys: string[],
  include: (row: CellValue[]) => boolean = () => true,
): SummaryRow {
  const values: Record<string, CellValue> = {};
  for (const key of keys) {
    const index = columns.findIndex((c) => c.key === key);
    const column = columns[index];
    if (!column) throw new Error(`No column ${key} to total`);
    const kept = rows
      .filter(include)
      .map((row) => row[index])
      .filter((v) => v !== null);
    if (column.kind === 'money') {
      values[key] = formatPence(kept.reduce<bigint>((sum, v) => sum + penceOf(String(v)), 0n));
    } else if (column.kind === 'count') {
      values[key] = kept.reduce<number>((sum, v) => sum + Number(v), 0);
    } else {
      throw new Error(`Column ${key} is ${column.kind}: only money and counts add up`);
    }
  }
  return { label, values };
}

// ---------------------------------------------------------------------------------------------
// The five reports

const agreementAbout = (agreementId: string, financialYear?: string): AboutLine[] => [
  { label: 'Agreement', value: agreementId, kind: 'text' },
  ...(financialYear === undefined
    ? []
    : [{ label: 'Financial year', value: financialYear, kind: 'text' as const }]),
];

const knownAtAbout = (knownAt: number): AboutLine => ({
  label: 'Known at log position',
  value: knownAt,
  kind: 'count',
});

/** The chain as known (its agreements, oldest first), and each warning's words. */
const chainAbout = (chain: ChainSummary, warnings: readonly ReportWarning[]): AboutLine[] => [
  {
    label: 'Chain of agreements',
    value: chain.agreements.map((a) => `${a.agreementId} (${a.financialYear})`).join(', '),
    kind: 'text',
  },
  ...warnings.map((w): AboutLine => ({
    label: `Warning ${w.code}`,
    value: w.message,
    kind: 'text',
  })),
];

/**
 * Uncovered nights by case (the CHAIN.UNCOVERED_NIGHTS warning of the chain's last agreement):
 * no rows when there is none.
 */
function uncoveredSection(warnings: readonly ReportWarning[]): ReportSection {
  return section({
    key: 'uncovered-nights',
    title: 'Uncovered nights',
    labelColumn: 'case_id',
    columns: [
      text('case_id', 'Case'),
      text('service_line', 'Service line'),
      text('registered_under', 'Registered under'),
      col('from', 'From', 'date'),
      col('through', 'Through', 'date'),
      count('bed_days', 'Uncovered nights'),
      money('would_cost_gbp', 'Would cost'),
    ],
    rows: warnings.flatMap((w) =>
      w.byCase.map((c) => [
        c.caseId,
        c.serviceLine,
        c.registeredUnder,
        w.from,
        w.through,
        c.bedDays,
        c.amount,
      ]),
    ),
    totals: ['bed_days', 'would_cost_gbp'],
  });
}

export function balancesDocument(report: AgreementBalances): ReportDocument {
  const columns = [
    col('agreement_id', 'Agreement', 'text', true),
    col('as_of', 'As of', 'date', true),
    col('basis', 'Basis', 'text', true),
    col('known_at_position', 'Known at position', 'count', true),
    text('account', 'Account'),
    money('balance_gbp', 'Balance'),
  ];
  return {
    report: 'balances',
    title: 'Account balances',
    agreementId: report.agreementId,
    about: [
      ...agreementAbout(report.agreementId),
      { label: 'As of', value: report.asOf, kind: 'date' },
      { label: 'Basis', value: report.basis, kind: 'text' },
      knownAtAbout(report.knownAt),
    ],
    sections: [
      section({
        key: 'balances',
        title: 'Balances',
        labelColumn: 'account',
        columns,
        rows: report.balances.map((b) => [
          report.agreementId,
          report.asOf,
          report.basis,
          report.knownAt,
          b.account,
          b.balance,
        ]),
        totals: ['balance_gbp'],
      }),
    ],
  };
}

export function budgetDocument(report: BudgetReport): ReportDocument {
  const byPeriodColumns = [
    text('service_line', 'Service line'),
    text('period', 'Period'),
    text('status', 'Status'),
    money('budget_gbp', 'Budget'),
    money('spend_gbp', 'Spend'),
    money('in_area_spend_gbp', 'In-area spend'),
    money('out_of_area_spend_gbp', 'Out-of-area spend'),
    money('pending_adjustment_gbp', 'Pending adjustment'),
    money('budget_to_date_gbp', 'Budget to date'),
    money('spend_to_date_gbp', 'Spend to date'),
    money('variance_gbp', 'Variance to date'),
    col('overspent', 'Overspent', 'flag'),
    money('line_full_year_budget_gbp', 'Line full-year budget'),
    money('line_forecast_outturn_gbp', 'Line forecast outturn'),
    money('line_forecast_variance_gbp', 'Line forecast variance'),
  ];
  const byLineColumns = [
    text('service_line', 'Service line'),
    money('full_year_budget_gbp', 'Full-year budget'),
    money('budget_to_date_gbp', 'Budget to date'),
    money('spend_to_date_gbp', 'Spend to date'),
    money('in_area_spend_to_date_gbp', 'In-area spend to date'),
    money('out_of_area_spend_to_date_gbp', 'Out-of-area spend to date'),
    money('posted_spend_gbp', 'Posted spend'),
    money('provisional_spend_gbp', 'Provisional spend'),
    money('pending_prior_period_adjustments_gbp', 'Pending prior-period adjustments'),
    money('variance_gbp', 'Variance to date'),
    col('overspent', 'Overspent', 'flag'),
    count('nights_left', 'Nights left'),
    money('forecast_remaining_cost_gbp', 'Forecast remaining cost'),
    money('forecast_outturn_gbp', 'Forecast outturn'),
    money('forecast_variance_gbp', 'Forecast variance'),
    col('overspend_forecast', 'Overspend forecast', 'flag'),
    money('prior_year_adjustments_gbp', 'Prior-year adjustments'),
  ];
  const byProviderColumns = [
    text('service_line', 'Service line'),
    text('setting', 'Setting'),
    text('provider_code', 'Provider (ODS)'),
    money('spend_to_date_gbp', 'Spend to date'),
  ];
  const forecastColumns = [
    text('service_line', 'Service line'),
    text('case_id', 'Case'),
    text('placement_id', 'Placement'),
    text('setting', 'Setting'),
    text('provider_code', 'Provider (ODS)'),
    money('daily_rate_gbp', 'Daily rate'),
    count('nights_left', 'Nights left'),
    money('remaining_cost_gbp', 'Remaining cost'),
  ];
  const spendColumns = [
    money('spend_gbp', 'Spend'),
    money('in_area_spend_gbp', 'In-area spend'),
    money('out_of_area_spend_gbp', 'Out-of-area spend'),
  ];
  const spendTotals = spendColumns.map((c) => c.key);
  const byLineMoney = byLineColumns.filter((c) => c.kind === 'money').map((c) => c.key);
  return {
    report: 'budget',
    title: 'Budget against actual',
    agreementId: report.agreementId,
    about: [
      ...agreementAbout(report.agreementId, report.financialYear),
      { label: 'As of', value: report.asOf, kind: 'date' },
      knownAtAbout(report.knownAt),
      ...chainAbout(report.chain, report.warnings),
    ],
    sections: [
      section({
        key: 'by-period',
        title: 'By period',
        labelColumn: 'service_line',
        columns: byPeriodColumns,
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
        // The period's own figures add up; the to-date and line columns are running or
        // repeated figures, and a sum of them would mean nothing: by-line has their totals.
        totals: [
          'budget_gbp',
          'spend_gbp',
          'in_area_spend_gbp',
          'out_of_area_spend_gbp',
          'pending_adjustment_gbp',
        ],
      }),
      section({
        key: 'by-line',
        title: 'By line',
        labelColumn: 'service_line',
        columns: byLineColumns,
        rows: report.lines.map((line) => [
          line.serviceLine,
          line.fullYearBudget,
          line.budgetToDate,
          line.spendToDate.total,
          line.spendToDate.inArea,
          line.spendToDate.outOfArea,
          line.postedSpend,
          line.provisionalSpend,
          line.pendingPriorPeriodAdjustments,
          line.variance,
          line.overspent,
          line.forecast.nightsLeft,
          line.forecast.remainingCost,
          line.forecast.outturn,
          line.forecast.variance,
          line.forecast.overspendForecast,
          line.priorYearAdjustments,
        ]),
        totals: byLineMoney,
      }),
      section({
        key: 'by-provider',
        title: 'By provider',
        labelColumn: 'service_line',
        columns: byProviderColumns,
        rows: report.lines.flatMap((line) =>
          line.spendToDate.byProvider.map((p) => [
            line.serviceLine,
            p.setting,
            p.providerCode,
            p.amount,
          ]),
        ),
        totals: ['spend_to_date_gbp'],
      }),
      section({
        key: 'forecast',
        title: 'Forecast',
        labelColumn: 'service_line',
        columns: forecastColumns,
        rows: report.lines.flatMap((line) =>
          line.forecast.activePlacements.map((p) => [
            line.serviceLine,
            p.caseId,
            p.placementId,
            p.setting,
            p.providerCode,
            p.dailyRate,
            p.nightsLeft,
            p.remainingCost,
          ]),
        ),
        totals: ['remaining_cost_gbp'],
      }),
      section({
        key: 'prior-year',
        title: 'Prior year',
        labelColumn: 'service_line',
        columns: [
          text('service_line', 'Service line'),
          text('belongs_to_agreement_id', 'Belongs to agreement'),
          text('period', 'Belongs to period'),
          text('posted_in', 'Posted in'),
          ...spendColumns,
        ],
        rows: report.lines.flatMap((line) =>
          line.priorYear.map((p) => [
            line.serviceLine,
            p.belongsToAgreementId,
            p.period,
            p.postedIn,
            p.spend.total,
            p.spend.inArea,
            p.spend.outOfArea,
          ]),
        ),
        totals: spendTotals,
      }),
      section({
        key: 'posted-in-successor',
        title: 'Posted in successor',
        labelColumn: 'service_line',
        columns: [
          text('service_line', 'Service line'),
          text('period', 'Period'),
          text('posted_in_agreement_id', 'Posted in agreement'),
          text('posted_in', 'Posted in period'),
          ...spendColumns,
        ],
        rows: report.lines.flatMap((line) =>
          line.postedInSuccessor.map((p) => [
            line.serviceLine,
            p.period,
            p.postedInAgreementId,
            p.postedIn,
            p.spend.total,
            p.spend.inArea,
            p.spend.outOfArea,
          ]),
        ),
        totals: spendTotals,
      }),
      uncoveredSection(report.warnings),
    ],
  };
}

export function savingsDocument(report: SavingsReport): ReportDocument {
  const byPeriodColumns = [
    text('period', 'Period'),
    text('status', 'Status'),
    money('amount_gbp', 'Savings'),
    money('pending_adjustment_gbp', 'Pending adjustment'),
  ];
  const byCaseColumns = [
    text('case_id', 'Case'),
    text('service_line', 'Service line'),
    text('period', 'Period'),
    text('status', 'Status'),
    money('amount_gbp', 'Savings'),
    money('pending_adjustment_gbp', 'Pending adjustment'),
  ];
  const repatriationColumns = [
    text('case_id', 'Case'),
    text('service_line', 'Service line'),
    col('repatriation_date', 'Repatriated on', 'date'),
    text('out_of_area_placement_id', 'Out-of-area placement'),
    text('in_area_placement_id', 'In-area placement'),
    money('out_of_area_daily_rate_gbp', 'Out-of-area daily rate'),
  ];
  const reinvestmentColumns = [text('scheme_id', 'Scheme'), money('committed_gbp', 'Committed')];
  const summaryColumns = [
    text('figure', 'Figure'),
    text('description', 'Description'),
    money('amount_gbp', 'Amount'),
  ];
  const { recognised } = report;
  return {
    report: 'savings',
    title: 'Savings and reinvestment',
    agreementId: report.agreementId,
    about: [
      ...agreementAbout(report.agreementId, report.financialYear),
      { label: 'As of', value: report.asOf, kind: 'date' },
      knownAtAbout(report.knownAt),
      ...chainAbout(report.chain, report.warnings),
    ],
    sections: [
      section({
        key: 'by-period',
        title: 'By period',
        labelColumn: 'period',
        columns: byPeriodColumns,
        rows: report.byPeriod.map((p) => [p.period, p.status, p.amount, p.pendingAdjustment]),
        totals: ['amount_gbp', 'pending_adjustment_gbp'],
      }),
      section({
        key: 'by-case',
        title: 'By case',
        labelColumn: 'case_id',
        columns: byCaseColumns,
        rows: report.byCase.flatMap((c) =>
          c.periods.map((p) => [
            c.caseId,
            c.serviceLine,
            p.period,
            p.status,
            p.amount,
            p.pendingAdjustment,
          ]),
        ),
        totals: ['amount_gbp', 'pending_adjustment_gbp'],
      }),
      section({
        key: 'repatriations',
        title: 'Repatriations',
        labelColumn: 'case_id',
        columns: repatriationColumns,
        rows: report.byCase.flatMap((c) =>
          c.repatriations.map((r) => [
            c.caseId,
            c.serviceLine,
            r.repatriationDate,
            r.outOfAreaPlacementId,
            r.inAreaPlacementId,
            r.outOfAreaDailyRate,
          ]),
        ),
      }),
      section({
        key: 'reinvestment',
        title: 'Reinvestment',
        labelColumn: 'scheme_id',
        columns: reinvestmentColumns,
        rows: report.reinvestment.byScheme.map((s) => [s.schemeId, s.committed]),
        totals: ['committed_gbp'],
      }),
      section({
        key: 'summary',
        title: 'Summary',
        labelColumn: 'figure',
        columns: summaryColumns,
        rows: [
          ['recognised-posted', 'Savings recognised: posted', recognised.posted],
          [
            'recognised-provisional',
            'Savings recognised: provisional (open periods and pending adjustments)',
            recognised.provisional,
          ],
          [
            'pending-prior-period-adjustments',
            'Of which pending prior-period adjustments',
            recognised.pendingPriorPeriodAdjustments,
          ],
          ['recognised-total', 'Savings recognised: total', recognised.total],
          ['reinvestment-committed', 'Reinvestment committed', report.reinvestment.total],
          [
            'retained-savings-available',
            'Retained savings available to commit',
            report.retainedSavingsAvailable,
          ],
          [
            'prior-year-adjustments',
            'Of the posted: prior-year adjustments for earlier agreements of the chain',
            recognised.priorYearAdjustments,
          ],
          [
            'posted-in-successor',
            'Late facts of this year posted in a later agreement of the chain (not counted here)',
            report.postedInSuccessor.total,
          ],
        ],
      }),
      section({
        key: 'prior-year',
        title: 'Prior year',
        labelColumn: 'case_id',
        columns: [
          text('case_id', 'Case'),
          text('service_line', 'Service line'),
          text('belongs_to_agreement_id', 'Belongs to agreement'),
          text('period', 'Belongs to period'),
          text('posted_in', 'Posted in'),
          money('amount_gbp', 'Savings'),
        ],
        rows: report.priorYear.adjustments.map((a) => [
          a.caseId,
          a.serviceLine,
          a.belongsToAgreementId,
          a.period,
          a.postedIn,
          a.amount,
        ]),
        totals: ['amount_gbp'],
      }),
      section({
        key: 'posted-in-successor',
        title: 'Posted in successor',
        labelColumn: 'case_id',
        columns: [
          text('case_id', 'Case'),
          text('service_line', 'Service line'),
          text('period', 'Period'),
          text('posted_in_agreement_id', 'Posted in agreement'),
          text('posted_in', 'Posted in period'),
          money('amount_gbp', 'Savings'),
        ],
        rows: report.postedInSuccessor.adjustments.map((a) => [
          a.caseId,
          a.serviceLine,
          a.period,
          a.postedInAgreementId,
          a.postedIn,
          a.amount,
        ]),
        totals: ['amount_gbp'],
      }),
      uncoveredSection(report.warnings),
    ],
  };
}

export function oapMetricsDocument(report: OapMetricsReport): ReportDocument {
  const columns = [
    text('period', 'Period'),
    col('complete', 'Complete', 'flag'),
    col('counted_on', 'Counted on', 'date'),
    count('active_at_period_end', 'Active OAPs at period end'),
    count('started', 'Started'),
    count('ended', 'Ended'),
    count('bed_days', 'OAP bed days'),
    money('cost_gbp', 'OAP cost'),
    col('mean_distance_km', 'Mean distance (km)', 'distance'),
    col('mean_distance_miles', 'Mean distance (miles)', 'distance'),
    col('change_km', 'Change (km)', 'distance'),
    col('change_miles', 'Change (miles)', 'distance'),
    count('repatriations', 'Repatriations'),
  ];
  return {
    report: 'oap-metrics',
    title: 'Out-of-area placement metrics',
    agreementId: report.agreementId,
    about: [
      ...agreementAbout(report.agreementId, report.financialYear),
      { label: 'As of', value: report.asOf, kind: 'date' },
      { label: 'Service line', value: report.serviceLine ?? 'all', kind: 'text' },
      knownAtAbout(report.knownAt),
      ...chainAbout(report.chain, report.warnings),
    ],
    sections: [
      section({
        key: 'by-period',
        title: 'By period',
        labelColumn: 'period',
        columns,
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
        // Flows add up over the periods; active OAPs and distances are stocks at period end.
        totals: ['started', 'ended', 'bed_days', 'cost_gbp', 'repatriations'],
      }),
      uncoveredSection(report.warnings),
    ],
  };
}

export function statementDocument(report: AccountStatement): ReportDocument {
  const columns = [
    text('cursor', 'Cursor'),
    count('position', 'Log position'),
    text('recorded_at', 'Recorded at (UTC)'),
    text('period', 'Period'),
    text('posted_in', 'Posted in'),
    text('source', 'Source'),
    text('reference', 'Reference'),
    text('counter_account', 'Counter account'),
    text('direction', 'Direction'),
    money('amount_gbp', 'Amount'),
    money('balance_gbp', 'Balance'),
  ];
  const rows: CellValue[][] = report.entries.map((e) => [
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
  ]);
  const direction = columns.findIndex((c) => c.key === 'direction');
  const moving = (way: string) => (row: CellValue[]) => row[direction] === way;
  return {
    report: 'statement',
    title: 'Account statement',
    agreementId: report.agreementId,
    about: [
      ...agreementAbout(report.agreementId),
      { label: 'Account', value: report.account, kind: 'text' },
      knownAtAbout(report.knownAt),
      { label: 'Next page after cursor', value: report.nextCursor ?? 'none', kind: 'text' },
    ],
    sections: [
      section({
        key: 'entries',
        title: 'Statement',
        labelColumn: 'cursor',
        columns,
        rows,
        leading: [{ label: 'Opening balance', values: { balance_gbp: report.openingBalance } }],
        trailing: [
          totalRow('Total in', columns, rows, ['amount_gbp'], moving('in')),
          totalRow('Total out', columns, rows, ['amount_gbp'], moving('out')),
          { label: 'Closing balance', values: { balance_gbp: report.closingBalance } },
        ],
      }),
    ],
  };
}
