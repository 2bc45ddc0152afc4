/**
 * GET /v1/agreements and GET /v1/cases through the real API on a real SQLite file and its
 * embedded read model: four agreements of two commissioners and two collaboratives over three
 * years (RV5 leads the SLP ones and is a partner to North East London's), and cases in every
 * state a list tells apart. Each role sees exactly the agreements its read rule allows and the
 * cases under them; every filter narrows; pages follow `next` with nothing left out or shown
 * twice; CSV has the same rows; bad parameters are refused, and a read writes nothing.
 */
import type { LightMyRequestResponse } from 'fastify';
import * as f from './testing/ledger-fixtures';
import type { Caller } from './testing/ledger-test-app';
import { LedgerTestApp } from './testing/ledger-test-app';

const SLP_2025 = f.AGREEMENT_ID;
const SLP_2024 = 'slp-adult-secure-2024-25';
const NEL_2025 = 'nel-camhs-2025-26';
const NEL_2026 = 'nel-camhs-2026-27';

const nelCommissioner: Caller = f.outsiderCommissioner; // 14A
const nelCaseManager: Caller = { subject: 'jo', role: 'case-manager', organisationCode: 'RAT' };
const nelFinance: Caller = {
  subject: 'kim',
  role: 'lead-provider-finance',
  organisationCode: 'RAT',
};
const orphanAnalyst: Caller = { subject: 'lee', role: 'analyst', organisationCode: null };

interface AgreementRow {
  agreementId: string;
  financialYear: string;
}
interface CaseRow {
  caseId: string;
  agreementId: string;
  status: string;
  currentPlacement: { setting: string; providerCode: string; dailyRate: string } | null;
}
interface Page<K extends string, Row> {
  knownAt: number;
  nextCursor: string | null;
  next: string | null;
  rows: Row[];
  key: K;
}

let ledger: LedgerTestApp;

async function posted(path: string, as: Caller, body: unknown): Promise<void> {
  const response = await ledger.post(path, as, body);
  if (response.statusCode !== 201) {
    throw new Error(`${path} answered ${response.statusCode}: ${response.body}`);
  }
}

/** The cases: [id, agreement, who registers, service line, what happens to it]. */
type Story = 'unplaced' | 'out-of-area' | 'in-area' | 'repatriated' | 'discharged' | 'ended';
const CASES: [string, string, Caller, string, Story][] = [
  ['case-0001', SLP_2025, f.leadCaseManager, 'adult-medium-secure', 'out-of-area'],
  ['case-0002', SLP_2025, f.partnerCaseManager, 'adult-low-secure', 'in-area'],
  ['case-0003', SLP_2025, f.leadCaseManager, 'adult-medium-secure', 'unplaced'],
  ['case-0004', SLP_2025, f.leadCaseManager, 'adult-medium-secure', 'discharged'],
  ['case-0005', SLP_2025, f.partnerCaseManager, 'adult-medium-secure', 'repatriated'],
  ['case-0101', SLP_2024, f.leadCaseManager, 'adult-medium-secure', 'out-of-area'],
  ['case-0201', NEL_2025, nelCaseManager, 'camhs-tier4', 'out-of-area'],
  ['case-0202', NEL_2025, nelCaseManager, 'camhs-tier4', 'ended'],
  ['case-0301', NEL_2026, nelCaseManager, 'camhs-tier4', 'unplaced'],
];

const YEAR_OF: Record<string, string> = {
  [SLP_2024]: '2024',
  [SLP_2025]: '2025',
  [NEL_2025]: '2025',
  [NEL_2026]: '2026',
};

async function recordLedger(): Promise<void> {
  await posted(f.paths.agreements, f.commissioner, f.agreementBody());
  await posted(f.paths.agreements, f.commissioner, {
    ...f.agreementBody(SLP_2024),
    financialYear: '2024/25',
    partnerProviderCodes: ['RPG'],
  });
  for (const [agreementId, financialYear] of [
    [NEL_2025, '2025/26'],
    [NEL_2026, '2026/27'],
  ]) {
    await posted(f.paths.agreements, nelCommissioner, {
      agreementId,
      commissionerCode: '14A',
      leadProviderCode: 'RAT',
      partnerProviderCodes: agreementId === NEL_2025 ? ['RV5'] : [],
      financialYear,
      serviceLines: ['camhs-tier4'],
    });
  }
  for (const [caseId, agreementId, as, serviceLine, story] of CASES) {
    const year = YEAR_OF[agreementId];
    await posted(f.paths.cases, as, {
      caseId,
      agreementId,
      serviceLine,
      patientRef: `PSN-${caseId.slice(-4)}`,
      referralDate: `${year}-05-01`,
    });
    if (story === 'unplaced') continue;
    const placement =
      story === 'in-area'
        ? f.inAreaPlacementBody({ startDate: `${year}-06-01` })
        : f.outOfAreaPlacementBody({
            startDate: `${year}-06-01`,
            providerCode: caseId === 'case-0101' ? 'NQ1' : 'NVC01',
          });
    await posted(f.paths.placements(caseId), as, placement);
    if (story === 'repatriated') {
      await posted(f.paths.repatriations(caseId), as, f.repatriationBody());
      await posted(f.paths.rateChanges('plc-2', caseId), as, {
        dailyRate: '475.00',
        effectiveDate: '2025-09-16',
      });
    }
    if (story === 'discharged') {
      await posted(f.paths.discharge(caseId), as, f.dischargeBody());
    }
    if (story === 'ended') {
      await posted(f.paths.endPlacement('plc-1', caseId), as, {
        ...f.endPlacementBody(),
        endDate: `${year}-08-01`,
      });
    }
  }
}

async function page<Row>(url: string, as: Caller, key: string): Promise<Page<string, Row>> {
  const response = await ledger.get(url, as);
  expect({ url, status: response.statusCode, body: response.body }).toMatchObject({
    url,
    status: 200,
  });
  const body = response.json<Record<string, unknown>>();
  return {
    knownAt: body.knownAt as number,
    nextCursor: body.nextCursor as string | null,
    next: body.next as string | null,
    rows: body[key] as Row[],
    key,
  };
}

const agreementIds = async (as: Caller, query = '') =>
  (await page<AgreementRow>(`/v1/agreements${query}`, as, 'agreements')).rows.map(
    (a) => a.agreementId,
  );
const caseIds = async (as: Caller, query = '') =>
  (await page<CaseRow>(`/v1/cases${query}`, as, 'cases')).rows.map((c) => c.caseId);

const problemOf = (response: LightMyRequestResponse) =>
  response.json<{ code: string; errors?: { field: string; message: string }[] }>();

beforeAll(async () => {
  ledger = await LedgerTestApp.start();
  await recordLedger();
});

afterAll(() => ledger.dispose());

describe('who sees what', () => {
  const SLP_CASES = ['case-0101', 'case-0001', 'case-0002', 'case-0003', 'case-0004', 'case-0005'];
  const NEL_CASES = ['case-0201', 'case-0202', 'case-0301'];
  const ALL_AGREEMENTS = [SLP_2024, NEL_2025, SLP_2025, NEL_2026];
  const ALL_CASES = [
    'case-0101',
    'case-0001',
    'case-0002',
    'case-0003',
    'case-0004',
    'case-0005',
    'case-0201',
    'case-0202',
    'case-0301',
  ];
  const table: [string, Caller, string[], string[]][] = [
    ['a reviewer: everything', f.reviewer, ALL_AGREEMENTS, ALL_CASES],
    ['an admin: everything', f.admin, ALL_AGREEMENTS, ALL_CASES],
    ['a commissioner: its own', f.commissioner, [SLP_2024, SLP_2025], SLP_CASES],
    ['the other commissioner: its own', nelCommissioner, [NEL_2025, NEL_2026], NEL_CASES],
    [
      'a lead provider: those it leads, and one it is a partner to',
      f.leadFinance,
      [SLP_2024, NEL_2025, SLP_2025],
      [...SLP_CASES.slice(0, 1), 'case-0201', 'case-0202', ...SLP_CASES.slice(1)].sort(
        byYearThenId,
      ),
    ],
    [
      'a partner’s case manager: its collaborative’s',
      f.partnerCaseManager,
      [SLP_2024, SLP_2025],
      SLP_CASES,
    ],
    [
      'a partner named on one year only',
      { ...f.partnerCaseManager, organisationCode: 'RQY' },
      [SLP_2025],
      SLP_CASES.slice(1),
    ],
    ['the other collaborative’s case manager', nelCaseManager, [NEL_2025, NEL_2026], NEL_CASES],
    ['its lead provider’s finance', nelFinance, [NEL_2025, NEL_2026], NEL_CASES],
    ['an analyst of a commissioner', f.analyst, [SLP_2024, SLP_2025], SLP_CASES],
    ['an analyst of no organisation: nothing', orphanAnalyst, [], []],
    ['the independent provider that holds the beds: nothing', f.outsiderCaseManager, [], []],
    ['a finance team party to nothing: nothing', f.outsiderFinance, [], []],
  ];

  it.each(table)('%s', async (_, as, agreements, cases) => {
    expect(await agreementIds(as, '?limit=1000')).toEqual(agreements);
    expect(await caseIds(as, '?limit=1000')).toEqual(cases);
  });

  it('shows a case’s row: the pseudonym, status and open placement with its latest rate', async () => {
    const { rows } = await page<CaseRow>(
      '/v1/cases?agreementId=slp-adult-secure-2025-26',
      f.reviewer,
      'cases',
    );
    expect(rows.find((c) => c.caseId === 'case-0005')).toEqual({
      caseId: 'case-0005',
      agreementId: SLP_2025,
      financialYear: '2025/26',
      serviceLine: 'adult-medium-secure',
      patientRef: 'PSN-0005',
      referralDate: '2025-05-01',
      status: 'open',
      currentPlacement: {
        placementId: 'plc-2',
        setting: 'in-area',
        providerCode: 'RPG',
        dailyRate: '475.00',
        dailyRateFrom: '2025-09-16',
        startDate: '2025-09-01',
      },
      dischargeDate: null,
    });
    expect(rows.find((c) => c.caseId === 'case-0004')).toMatchObject({
      status: 'discharged',
      currentPlacement: null,
      dischargeDate: '2025-10-01',
    });
    const agreements = await page<AgreementRow>(
      '/v1/agreements?financialYear=2024/25',
      f.reviewer,
      'agreements',
    );
    expect(agreements.rows).toEqual([
      {
        agreementId: SLP_2024,
        financialYear: '2024/25',
        commissionerCode: '13R',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG'],
        serviceLines: ['adult-medium-secure', 'adult-low-secure'],
        savingsHorizonDays: 365,
      },
    ]);
    expect(agreements.knownAt).toBe(await ledger.head());
    expect(agreements.next).toBeNull();
  });
});

function byYearThenId(a: string, b: string): number {
  const year = (id: string) => (id.startsWith('case-01') ? 0 : 1);
  return year(a) - year(b) || (a < b ? -1 : a > b ? 1 : 0);
}

describe('filters', () => {
  it.each([
    ['?financialYear=2025/26', [NEL_2025, SLP_2025]],
    ['?financialYear=2025%2F26&leadProviderCode=RV5', [SLP_2025]],
    ['?leadProviderCode=RAT', [NEL_2025, NEL_2026]],
    ['?commissionerCode=13R', [SLP_2024, SLP_2025]],
    ['?commissionerCode=13R&financialYear=2026/27', []],
  ])('agreements%s', async (query, expected) => {
    expect(await agreementIds(f.reviewer, query)).toEqual(expected);
  });

  it.each([
    ['?agreementId=nel-camhs-2025-26', ['case-0201', 'case-0202']],
    ['?serviceLine=adult-low-secure', ['case-0002']],
    ['?status=discharged', ['case-0004']],
    ['?status=open&setting=none', ['case-0003', 'case-0202', 'case-0301']],
    ['?setting=in-area', ['case-0002', 'case-0005']],
    ['?setting=out-of-area&providerCode=NVC01', ['case-0001', 'case-0201']],
    ['?providerCode=NQ1', ['case-0101']],
    ['?providerCode=RPG&agreementId=slp-adult-secure-2025-26', ['case-0002', 'case-0005']],
  ])('cases%s', async (query, expected) => {
    expect(await caseIds(f.reviewer, query)).toEqual(expected);
  });

  it('narrows within the scope, never beyond it', async () => {
    expect(await caseIds(f.commissioner, '?agreementId=nel-camhs-2025-26')).toEqual([]);
    expect(await agreementIds(nelCommissioner, '?commissionerCode=13R')).toEqual([]);
  });
});

describe('paging', () => {
  it('follows next, page after page, with nothing left out or shown twice', async () => {
    for (const [path, key, as] of [
      ['/v1/cases?limit=2', 'cases', f.reviewer],
      ['/v1/cases?status=open&limit=3', 'cases', f.leadFinance],
      ['/v1/agreements?limit=1', 'agreements', f.reviewer],
    ] as const) {
      const whole = (
        await page<{ caseId?: string; agreementId?: string }>(
          path.replace(/limit=\d+/, 'limit=1000'),
          as,
          key,
        )
      ).rows;
      const limit = Number(/limit=(\d+)/.exec(path)![1]);
      const seen: typeof whole = [];
      let url: string | null = path;
      let pages = 0;
      while (url !== null) {
        const response = await ledger.get(url, as);
        const body = response.json<Record<string, unknown>>();
        const rows = body[key] as typeof whole;
        expect(rows.length).toBeLessThanOrEqual(limit);
        seen.push(...rows);
        const next = body.next as string | null;
        if (next === null) {
          expect(body.nextCursor).toBeNull();
          expect(response.headers.link).toBeUndefined();
        } else {
          expect(rows).toHaveLength(limit);
          expect(response.headers.link).toBe(`<${next}>; rel="next"`);
          expect(new URL(next, 'http://x').searchParams.get('after')).toBe(body.nextCursor);
        }
        url = next;
        pages += 1;
      }
      expect({ path, seen }).toEqual({ path, seen: whole });
      expect(pages).toBe(Math.max(1, Math.ceil(whole.length / limit)));
    }
  });

  it('keeps the filters in the next link, and the cursor is the last row’s year and id', async () => {
    const first = await page<CaseRow>('/v1/cases?setting=out-of-area&limit=2', f.reviewer, 'cases');
    expect(first.rows.map((c) => c.caseId)).toEqual(['case-0101', 'case-0001']);
    expect(first.nextCursor).toBe('2025/26:case-0001');
    expect(first.next).toBe('/v1/cases?setting=out-of-area&limit=2&after=2025%2F26%3Acase-0001');
    const second = await page<CaseRow>(first.next!, f.reviewer, 'cases');
    expect(second.rows.map((c) => c.caseId)).toEqual(['case-0201']);
    expect(second.next).toBeNull();
  });
});

describe('CSV', () => {
  it('gives the same page as CSV, named for today, with the next page in Link', async () => {
    const json = await page<CaseRow>('/v1/cases?limit=4', f.reviewer, 'cases');
    const response = await ledger.get('/v1/cases?limit=4&format=csv', f.reviewer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="cases-2025-10-15.csv"',
    );
    expect(response.headers.link).toBe(
      '</v1/cases?limit=4&format=csv&after=2025%2F26%3Acase-0003>; rel="next"',
    );
    // UTF-8 with a byte order mark, as every CSV download, so Excel reads it as UTF-8.
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const lines = response.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'case_id,agreement_id,financial_year,service_line,patient_ref,referral_date,status,placement_id,setting,provider_code,provider_name,daily_rate_gbp,daily_rate_from,placement_start_date,discharge_date',
    );
    expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(
      json.rows.map((c) => c.caseId),
    );
    expect(lines[1]).toBe(
      'case-0101,slp-adult-secure-2024-25,2024/25,adult-medium-secure,PSN-0101,2024-05-01,open,plc-1,out-of-area,NQ1,,685.50,2024-06-01,2024-06-01,',
    );
    expect(lines[lines.length - 1]).toBe('');
  });

  it('lists agreements as CSV, partners and lines joined with ";"', async () => {
    const response = await ledger.get('/v1/agreements?format=csv', f.leadFinance);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="agreements-2025-10-15.csv"',
    );
    expect(response.body).toBe(
      '\uFEFF' +
        // A name column beside each code column, empty here: nobody has named them. The
        // partners' names are joined with ";" as their codes are, one place per partner.
        'agreement_id,financial_year,commissioner_code,commissioner_name,lead_provider_code,' +
        'lead_provider_name,partner_provider_codes,partner_provider_names,service_lines,' +
        'savings_horizon_days\r\n' +
        `${SLP_2024},2024/25,13R,,RV5,,RPG,,adult-medium-secure;adult-low-secure,365\r\n` +
        `${NEL_2025},2025/26,14A,,RAT,,RV5,,camhs-tier4,365\r\n` +
        `${SLP_2025},2025/26,13R,,RV5,,RPG;RQY,;,adult-medium-secure;adult-low-secure,365\r\n`,
    );
  });
});

describe('refusals', () => {
  it.each([
    ['/v1/agreements?year=2025/26', 'year', 'is not a field of this request'],
    ['/v1/agreements?financialYear=2025/27', 'financialYear', ''],
    ['/v1/agreements?financialYear=2025-26', 'financialYear', ''],
    ['/v1/agreements?leadProviderCode=rv5', 'leadProviderCode', 'ODS code'],
    ['/v1/agreements?commissionerCode=13R&commissionerCode=14A', 'commissionerCode', ''],
    ['/v1/agreements?limit=0', 'limit', ''],
    ['/v1/agreements?limit=1001', 'limit', ''],
    ['/v1/agreements?limit=ten', 'limit', ''],
    ['/v1/agreements?after=slp-adult-secure-2025-26', 'after', 'nextCursor'],
    ['/v1/agreements?format=xlsx', 'format', ''],
    ['/v1/agreements?minPosition=-1', 'minPosition', ''],
    ['/v1/cases?status=active', 'status', 'open, discharged'],
    ['/v1/cases?setting=home', 'setting', 'in-area, out-of-area, none'],
    ['/v1/cases?providerCode=NVC-01', 'providerCode', 'ODS code'],
    ['/v1/cases?serviceLine=Adult%20Secure', 'serviceLine', 'kebab-case'],
    ['/v1/cases?agreementId=a/b', 'agreementId', ''],
    ['/v1/cases?after=2025/26:', 'after', ''],
    ['/v1/cases?patientRef=PSN-0001', 'patientRef', 'is not a field of this request'],
  ])('%s → 400 naming %s', async (url, field, message) => {
    const before = await ledger.head();
    const response = await ledger.get(url, f.reviewer);
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('VALIDATION.FAILED');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field, message: expect.stringContaining(message) as string }),
      ]),
    );
    expect(await ledger.head()).toBe(before);
  });

  it('refuses an NHS number in a query value, without echoing it', async () => {
    const response = await ledger.get(`/v1/cases?agreementId=${f.NHS_NUMBER}`, f.reviewer);
    expect(response.statusCode).toBe(422);
    expect(problemOf(response).code).toBe('PATIENT.NHS_NUMBER_REFUSED');
    expect(response.body).not.toContain(f.NHS_NUMBER);
  });

  it('needs a token, and waits for minPosition only briefly', async () => {
    expect((await ledger.get('/v1/agreements')).statusCode).toBe(401);
    expect((await ledger.get('/v1/cases')).statusCode).toBe(401);
    const head = await ledger.head();
    const behind = await ledger.get(`/v1/cases?minPosition=${head + 1}`, f.reviewer);
    expect(behind.statusCode).toBe(503);
    expect(problemOf(behind).code).toBe('READ.LOG_BEHIND');
    expect(behind.headers['retry-after']).toBe('1');
  });
});

describe('reading your writes', () => {
  it('lists an agreement and a case as soon as they are written', async () => {
    const created = await ledger.post(f.paths.agreements, nelCommissioner, {
      agreementId: 'nel-camhs-2027-28',
      commissionerCode: '14A',
      leadProviderCode: 'RAT',
      partnerProviderCodes: [],
      financialYear: '2027/28',
      serviceLines: ['camhs-tier4'],
    });
    const position = created.json<{ position: number }>().position;
    const listed = await page<AgreementRow>(
      `/v1/agreements?minPosition=${position}&financialYear=2027/28`,
      nelCaseManager,
      'agreements',
    );
    expect(listed.rows.map((a) => a.agreementId)).toEqual(['nel-camhs-2027-28']);
    expect(listed.knownAt).toBe(position);
    await posted(f.paths.cases, nelCaseManager, {
      caseId: 'case-0401',
      agreementId: 'nel-camhs-2027-28',
      serviceLine: 'camhs-tier4',
      patientRef: 'PSN-0401',
      referralDate: '2027-05-01',
    });
    expect(await caseIds(nelCaseManager, '?agreementId=nel-camhs-2027-28')).toEqual(['case-0401']);
    expect(await caseIds(f.commissioner, '?agreementId=nel-camhs-2027-28')).toEqual([]);
  });
});
