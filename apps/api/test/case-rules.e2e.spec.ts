/**
 * The case endpoints' own bad-input and business-rule answers (domain.md, "Bad input and its
 * answer"), through the real API on a real SQLite file. Each refusal proves nothing was
 * written; the generic contract is proved in write-endpoints.e2e.spec.ts.
 */
import * as f from './testing/ledger-fixtures';
import { expectRefusedWithoutWriting, fieldsOf } from './testing/ledger-expectations';
import { given } from './testing/ledger-givens';
import { LedgerTestApp } from './testing/ledger-test-app';
import { without } from './testing/write-endpoints';

let ledger: LedgerTestApp;

beforeEach(async () => {
  ledger = await LedgerTestApp.start();
});

afterEach(() => ledger.dispose());

const asCaseManager = (path: string, body: unknown) => () =>
  ledger.post(path, f.leadCaseManager, body);

describe('POST /v1/cases', () => {
  beforeEach(() => given.agreement(ledger));

  it('refuses a duplicate case with 409', async () => {
    await ledger.post(f.paths.cases, f.leadCaseManager, f.referralBody());
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.cases, f.referralBody()),
      409,
      'CASE.ALREADY_EXISTS',
    );
  });

  it('refuses an unknown service line', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.cases, f.referralBody({ serviceLine: 'camhs-tier4' })),
      422,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem)).toEqual(['serviceLine']);
  });

  it('refuses an agreement that does not exist', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.cases, f.referralBody({ agreementId: 'no-such-agreement' })),
      422,
      'AGREEMENT.NOT_FOUND',
    );
  });

  it('refuses a patient named by anything but a pseudonym', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.cases, f.referralBody({ patientRef: 'Jane Smith' })),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem)).toEqual(['patientRef']);
  });

  it('refuses an NHS number written with spaces', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.cases, f.referralBody({ patientRef: '943 476 5919' })),
      422,
      'PATIENT.NHS_NUMBER_REFUSED',
    );
  });
});

describe('POST /v1/cases/:id/placements', () => {
  beforeEach(() => given.referral(ledger));

  it('refuses a negative rate, a bad ODS code, an unknown setting and an impossible date', async () => {
    const body = f.outOfAreaPlacementBody({
      dailyRate: '-685.50',
      providerCode: 'nvc-01',
      setting: 'abroad',
      startDate: '2025-02-30',
    });
    const problem = await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.placements(), body),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem).sort()).toEqual(['dailyRate', 'providerCode', 'setting', 'startDate']);
    expect(problem.errors).toContainEqual({ field: 'dailyRate', message: 'must not be negative' });
  });

  it('accepts a block-funded in-area bed at a rate of 0', async () => {
    const response = await ledger.post(
      f.paths.placements(),
      f.leadCaseManager,
      f.inAreaPlacementBody({ dailyRate: '0' }),
    );
    expect(response.statusCode).toBe(201);
  });

  it('refuses a second open placement with 409', async () => {
    await ledger.post(f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody());
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(
        f.paths.placements(),
        f.inAreaPlacementBody({ placementId: 'plc-2', startDate: '2025-07-01' }),
      ),
      409,
      'PLACEMENT.ALREADY_OPEN',
    );
  });

  it('refuses a placement overlapping an earlier one of the same case', async () => {
    await ledger.post(f.paths.placements(), f.leadCaseManager, f.outOfAreaPlacementBody());
    await ledger.post(f.paths.endPlacement(), f.leadCaseManager, f.endPlacementBody());
    const problem = await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(
        f.paths.placements(),
        f.inAreaPlacementBody({ placementId: 'plc-2', startDate: '2025-09-01' }),
      ),
      422,
      'PLACEMENT.OVERLAPS',
    );
    expect(fieldsOf(problem)).toEqual(['startDate']);
  });

  it('answers 404 for a case never registered', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.placements('no-such-case'), f.outOfAreaPlacementBody()),
      404,
      'CASE.NOT_FOUND',
    );
  });
});

describe('POST /v1/cases/:id/placements/:placementId/rate-changes', () => {
  beforeEach(() => given.outOfAreaPlacement(ledger));

  it('refuses a rate change before the placement started', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.rateChanges(), f.rateChangeBody({ effectiveDate: '2025-05-31' })),
      422,
      'PLACEMENT.RATE_CHANGE_OUTSIDE_PLACEMENT',
    );
  });

  it.each(['2025-09-15', '2025-09-20'])(
    'refuses a rate change on %s, on or after the placement ended',
    async (effectiveDate) => {
      await ledger.post(f.paths.endPlacement(), f.leadCaseManager, f.endPlacementBody());
      await expectRefusedWithoutWriting(
        ledger,
        asCaseManager(f.paths.rateChanges(), f.rateChangeBody({ effectiveDate })),
        422,
        'PLACEMENT.RATE_CHANGE_OUTSIDE_PLACEMENT',
      );
    },
  );

  it('refuses a negative rate and an unknown placement', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.rateChanges(), f.rateChangeBody({ dailyRate: '-1.00' })),
      400,
      'VALIDATION.FAILED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.rateChanges('plc-9'), f.rateChangeBody()),
      422,
      'PLACEMENT.NOT_FOUND',
    );
  });
});

describe('POST /v1/cases/:id/repatriations', () => {
  it('refuses a repatriation from an in-area placement', async () => {
    await given.inAreaPlacement(ledger);
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.repatriations(), f.repatriationBody()),
      422,
      'PLACEMENT.NOT_OUT_OF_AREA',
    );
  });

  it('names nested failing fields by dotted path', async () => {
    await given.outOfAreaPlacement(ledger);
    const body = f.repatriationBody();
    const inArea = { ...body.inAreaPlacement, providerCode: 'r', dailyRate: 450 };
    const problem = await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.repatriations(), { ...body, inAreaPlacement: inArea }),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem).sort()).toEqual([
      'inAreaPlacement.dailyRate',
      'inAreaPlacement.providerCode',
    ]);
  });

  it('refuses a missing in-area placement', async () => {
    await given.outOfAreaPlacement(ledger);
    const body = without(f.repatriationBody(), 'inAreaPlacement');
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.repatriations(), body),
      400,
      'VALIDATION.FAILED',
    );
  });
});

describe('POST /v1/cases/:id/placements/:placementId/end', () => {
  beforeEach(() => given.outOfAreaPlacement(ledger));

  it('refuses an end date before the start date', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.endPlacement(), f.endPlacementBody({ endDate: '2025-05-31' })),
      422,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem)).toEqual(['endDate']);
  });

  it('refuses ending a placement that has already ended', async () => {
    await ledger.post(f.paths.endPlacement(), f.leadCaseManager, f.endPlacementBody());
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.endPlacement(), f.endPlacementBody()),
      422,
      'PLACEMENT.NOT_OPEN',
    );
  });
});

describe('anything recorded for a discharged case', () => {
  beforeEach(() => given.discharge(ledger));

  const afterDischarge: [string, () => string, () => unknown][] = [
    [
      'a placement',
      () => f.paths.placements(),
      () => f.inAreaPlacementBody({ placementId: 'plc-3', startDate: '2025-10-02' }),
    ],
    ['a rate change', () => f.paths.rateChanges(), () => f.rateChangeBody()],
    ['a repatriation', () => f.paths.repatriations(), () => f.repatriationBody()],
    ['a placement end', () => f.paths.endPlacement(), () => f.endPlacementBody()],
    ['a second discharge', () => f.paths.discharge(), () => f.dischargeBody()],
  ];

  it.each(afterDischarge)('refuses %s', async (_what, path, body) => {
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(path(), body()),
      422,
      'CASE.DISCHARGED',
    );
  });

  it('ended the open placement on the discharge date', async () => {
    const summary = (await ledger.get(f.paths.case(), f.leadCaseManager)).json();
    expect(summary).toMatchObject({ status: 'discharged', dischargeDate: '2025-10-01' });
    expect(summary.placements[0].endDate).toBe('2025-10-01');
  });
});

describe('POST /v1/cases/:id/discharge', () => {
  it('refuses a discharge before the open placement started', async () => {
    await given.outOfAreaPlacement(ledger);
    await expectRefusedWithoutWriting(
      ledger,
      asCaseManager(f.paths.discharge(), f.dischargeBody({ dischargeDate: '2025-05-15' })),
      422,
      'VALIDATION.FAILED',
    );
  });
});
