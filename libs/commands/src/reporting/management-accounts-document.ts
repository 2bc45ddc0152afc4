import type {
  ManagementAccounts,
  ManagementAccountsLine,
  SpendBreakdown,
} from '@ledger/read-model';
import {
  section,
  type CellValue,
  type ColumnKind,
  type ReportColumn,
  type ReportDocument,
} from './report-document';

/**
 * The month-end management accounts as tables (docs/exports.md): a section per kind of row,
 * each with a `Total` row where its figures add up, which the CSV gives one at a time
 * (`section=`) and the XLSX as a sheet each. Money stays the JSON's decimal strings.
 */

const col = (key: string, label: string, kind: ColumnKind): ReportColumn => ({ key, label, kind });
const text = (key: string, label: string) => col(key, label, 'text');
const money = (key: string, label: string) => col(key, label, 'money');
const moneyKeys = (columns: ReportColumn[]) =>
  columns.filter((c) => c.kind === 'money').map((c) => c.key);

const LINE_COLUMNS = [
  text('service_line', 'Service line'),
  money('budget_gbp', 'Budget'),
  money('own_cost_gbp', 'Own cost'),
  money('own_in_area_cost_gbp', 'Own in-area cost'),
  money('own_out_of_area_cost_gbp', 'Own out-of-area cost'),
  money('adjustments_cost_gbp', 'Adjustments cost'),
  money('cost_gbp', 'Cost'),
  money('own_savings_gbp', 'Own savings'),
  money('adjustments_savings_gbp', 'Adjustments savings'),
  money('savings_gbp', 'Savings'),
  money('variance_gbp', 'Variance'),
  money('budget_to_date_gbp', 'Budget to date'),
  money('cost_to_date_gbp', 'Cost to date'),
  money('savings_to_date_gbp', 'Savings to date'),
  money('variance_to_date_gbp', 'Variance to date'),
];

const BY_PROVIDER_COLUMNS = [
  text('service_line', 'Service line'),
  text('setting', 'Setting'),
  text('provider_code', 'Provider (ODS)'),
  money('own_cost_gbp', 'Own cost'),
  money('adjustments_cost_gbp', 'Adjustments cost'),
  money('cost_gbp', 'Cost'),
  money('cost_to_date_gbp', 'Cost to date'),
];

const ADJUSTMENT_KEY_COLUMNS = [
  text('service_line', 'Service line'),
  text('kind', 'Kind'),
  text('belongs_to_agreement_id', 'Belongs to agreement'),
  text('belongs_to_period', 'Belongs to period'),
];

const ADJUSTMENT_COLUMNS = [
  ...ADJUSTMENT_KEY_COLUMNS,
  money('cost_gbp', 'Cost'),
  money('in_area_cost_gbp', 'In-area cost'),
  money('out_of_area_cost_gbp', 'Out-of-area cost'),
  money('savings_gbp', 'Savings'),
];

const ADJUSTMENT_PROVIDER_COLUMNS = [
  ...ADJUSTMENT_KEY_COLUMNS,
  text('setting', 'Setting'),
  text('provider_code', 'Provider (ODS)'),
  money('cost_gbp', 'Cost'),
];

const REINVESTMENT_COLUMNS = [
  text('scheme_id', 'Scheme'),
  money('committed_gbp', 'Committed in month'),
  money('committed_to_date_gbp', 'Committed to date'),
];

const CARRY_FORWARD_COLUMNS = [
  text('entry', 'Entry'),
  text('from_agreement_id', 'From agreement'),
  text('to_agreement_id', 'To agreement'),
  money('amount_gbp', 'Amount'),
];

const RETAINED_COLUMNS = [
  text('figure', 'Figure'),
  text('description', 'Description'),
  money('amount_gbp', 'Amount'),
];

export function managementAccountsDocument(accounts: ManagementAccounts): ReportDocument {
  const { lines } = accounts;
  return {
    report: 'management-accounts',
    title: 'Month-end management accounts',
    agreementId: accounts.agreementId,
    about: [
      { label: 'Agreement', value: accounts.agreementId, kind: 'text' },
      { label: 'Financial year', value: accounts.financialYear, kind: 'text' },
      { label: 'Period (posted in)', value: accounts.period, kind: 'text' },
      { label: 'Year to date from', value: accounts.yearToDateFrom, kind: 'text' },
      { label: 'Known at log position', value: accounts.knownAt, kind: 'count' },
    ],
    sections: [
      section({
        key: 'lines',
        title: 'Lines',
        labelColumn: 'service_line',
        columns: LINE_COLUMNS,
        rows: lines.map(lineRow),
        totals: moneyKeys(LINE_COLUMNS),
      }),
      section({
        key: 'by-provider',
        title: 'By provider',
        labelColumn: 'service_line',
        columns: BY_PROVIDER_COLUMNS,
        rows: lines.flatMap(providerRows),
        totals: moneyKeys(BY_PROVIDER_COLUMNS),
      }),
      section({
        key: 'adjustments',
        title: 'Adjustments',
        labelColumn: 'service_line',
        columns: ADJUSTMENT_COLUMNS,
        rows: lines.flatMap((line) =>
          line.adjustments.map((a) => [
            line.serviceLine,
            a.kind,
            a.belongsToAgreementId,
            a.period,
            a.cost.total,
            a.cost.inArea,
            a.cost.outOfArea,
            a.savings,
          ]),
        ),
        totals: moneyKeys(ADJUSTMENT_COLUMNS),
      }),
      section({
        key: 'adjustments-by-provider',
        title: 'Adjustments by provider',
        labelColumn: 'service_line',
        columns: ADJUSTMENT_PROVIDER_COLUMNS,
        rows: lines.flatMap((line) =>
          line.adjustments.flatMap((a) =>
            a.cost.byProvider.map((p) => [
              line.serviceLine,
              a.kind,
              a.belongsToAgreementId,
              a.period,
              p.setting,
              p.providerCode,
              p.amount,
            ]),
          ),
        ),
        totals: moneyKeys(ADJUSTMENT_PROVIDER_COLUMNS),
      }),
      section({
        key: 'reinvestment',
        title: 'Reinvestment',
        labelColumn: 'scheme_id',
        columns: REINVESTMENT_COLUMNS,
        rows: accounts.reinvestment.byScheme.map((s) => [s.schemeId, s.month, s.yearToDate]),
        totals: moneyKeys(REINVESTMENT_COLUMNS),
      }),
      section({
        key: 'carry-forward',
        title: 'Carry-forward',
        labelColumn: 'entry',
        columns: CARRY_FORWARD_COLUMNS,
        // A carried-forward and a brought-forward amount are not one flow: no total.
        rows: accounts.carryForwards.map((c) => [
          c.kind,
          c.fromAgreementId,
          c.toAgreementId,
          c.amount,
        ]),
      }),
      section({
        key: 'retained-savings',
        title: 'Retained savings',
        labelColumn: 'figure',
        columns: RETAINED_COLUMNS,
        // A reconciliation (opening, movements, closing), not figures to add up: no total.
        rows: retainedRows(accounts),
      }),
    ],
  };
}

function lineRow(line: ManagementAccountsLine): CellValue[] {
  const { month, yearToDate } = line;
  return [
    line.serviceLine,
    month.budget,
    month.cost.own.total,
    month.cost.own.inArea,
    month.cost.own.outOfArea,
    month.cost.adjustments.total,
    month.cost.total.total,
    month.savings.own,
    month.savings.adjustments,
    month.savings.total,
    month.variance,
    yearToDate.budget,
    yearToDate.cost.total,
    yearToDate.savings,
    yearToDate.variance,
  ];
}

/**
 * Every provider the line paid this month or earlier in the year: its own cost, its
 * adjustments' and both this month, and its cost to date ('0.00' where it has none).
 */
function providerRows(line: ManagementAccountsLine): CellValue[][] {
  const { own, adjustments, total } = line.month.cost;
  const parts: SpendBreakdown[] = [own, adjustments, total, line.yearToDate.cost];
  const keys = new Map<string, { setting: string; providerCode: string }>();
  for (const part of parts) {
    for (const p of part.byProvider) keys.set(`${p.setting}|${p.providerCode}`, p);
  }
  const amountIn = (part: SpendBreakdown, key: string) =>
    part.byProvider.find((p) => `${p.setting}|${p.providerCode}` === key)?.amount ?? '0.00';
  return [...keys]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { setting, providerCode }]) => [
      line.serviceLine,
      setting,
      providerCode,
      ...parts.map((part) => amountIn(part, key)),
    ]);
}

function retainedRows({ retainedSavings: r }: ManagementAccounts): CellValue[][] {
  return [
    ['opening', 'Retained savings posted before the month', r.opening],
    ['recognised', 'Savings recognised in the month (own and adjustments)', r.recognised],
    ['brought-forward', 'Brought forward from the previous year', r.broughtForward],
    ['reinvested', 'Committed to reinvestment schemes', r.reinvested],
    ['carried-forward', 'Carried forward to the next year', r.carriedForward],
    [
      'closing',
      'Retained savings at the end of the month (opening + recognised + brought forward − reinvested − carried forward)',
      r.closing,
    ],
  ];
}
