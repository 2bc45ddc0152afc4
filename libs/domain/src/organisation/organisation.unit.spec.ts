import { decideCase } from '../case/case.decider';
import { evolveCase, initialCaseState } from '../case/case.state';
import { decideAgreement } from '../agreement/agreement.decider';
import { initialAgreementState } from '../agreement/agreement.state';
import { DomainError } from '../shared/domain-error';
import {
  decideCarriedName,
  decideNameOrganisation,
  evolveOrganisation,
  initialOrganisationState,
  nameInForceOn,
  ORGANISATION_ERRORS,
  organisationNameProblem,
  organisationStreamId,
  type OrganisationState,
} from './index';

/**
 * The organisation register's rules (domain.md, "Words": an organisation is its ODS code):
 * a name is trimmed, 1 to 160 characters, not blank, holds no control character and no NHS
 * number; history is kept, so a renamed trust keeps its old name before the new one's date;
 * the same name again from the same date is refused as a 409 (it would change nothing), while a
 * name carried on another write records nothing when it is already in force.
 */
const SLAM = 'South London and Maudsley NHS Foundation Trust';

function namedFrom(...namings: [string, string][]): OrganisationState {
  return namings.reduce(
    (state, [name, effectiveFrom]) =>
      evolveOrganisation(state, {
        type: 'OrganisationNamed',
        data: { odsCode: 'RV5', name, effectiveFrom },
      }),
    initialOrganisationState(),
  );
}

function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

const name = (odsCode: string, raw: unknown, effectiveFrom: unknown = '2025-04-01') =>
  ({ type: 'NameOrganisation', data: { odsCode, name: raw, effectiveFrom } }) as never;

describe('organisation names: the rules', () => {
  it('records a trimmed name from a date, on the stream organisation-<odsCode>', () => {
    expect(
      decideNameOrganisation(name('RV5', `  ${SLAM}\u00a0`), initialOrganisationState()),
    ).toEqual([
      {
        type: 'OrganisationNamed',
        data: { odsCode: 'RV5', name: SLAM, effectiveFrom: '2025-04-01' },
      },
    ]);
    expect(organisationStreamId('RV5')).toBe('organisation-RV5');
  });

  it.each([
    ['blank', '   ', 'must not be blank'],
    ['empty', '', 'must not be blank'],
    ['161 characters', 'x'.repeat(161), 'must be at most 160 characters once trimmed'],
    ['a line break', 'Oxleas\nNHS FT', 'must not hold control characters such as line breaks'],
    ['an NHS number', 'Ward of 943 476 5919', 'must not hold an NHS number'],
    ['a number', 12, "must be the organisation's name, as text"],
    ['null', null, "must be the organisation's name, as text"],
  ])('refuses a name that is %s', (_what, raw, message) => {
    const error = refusal(() =>
      decideNameOrganisation(name('RV5', raw), initialOrganisationState()),
    );
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(error.kind).toBe(ORGANISATION_ERRORS['VALIDATION.FAILED'].kind);
    expect(error.fieldErrors).toEqual([{ field: 'name', message }]);
    expect(error.message).not.toContain('943 476 5919');
  });

  it('accepts 160 characters, counted as characters once trimmed (é and 🏥 are one each)', () => {
    expect(organisationNameProblem(` ${'é'.repeat(159)}🏥 `)).toBeNull();
    expect(organisationNameProblem('A')).toBeNull();
  });

  it('refuses every bad field at once: code, name and date', () => {
    const error = refusal(() =>
      decideNameOrganisation(name('rv5', ' ', '2025-02-30'), initialOrganisationState()),
    );
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['odsCode', 'name', 'effectiveFrom']);
  });

  it('refuses the same name again from the same date with 409 ORGANISATION.NAME_ALREADY_RECORDED', () => {
    const state = namedFrom([SLAM, '2025-04-01']);
    const error = refusal(() => decideNameOrganisation(name('RV5', ` ${SLAM} `), state));
    expect(error.code).toBe('ORGANISATION.NAME_ALREADY_RECORDED');
    expect(error.kind).toBe('conflict');
    expect(error.details).toEqual({ odsCode: 'RV5', effectiveFrom: '2025-04-01' });
  });

  it('records a correction from the same date, and the same name from another date', () => {
    const state = namedFrom([SLAM, '2025-04-01']);
    expect(decideNameOrganisation(name('RV5', 'SLaM'), state)).toHaveLength(1);
    expect(decideNameOrganisation(name('RV5', SLAM, '2025-06-01'), state)).toHaveLength(1);
    // Named A, corrected to B, then back to A: the latest for the date is B, so A is a change.
    const corrected = namedFrom([SLAM, '2025-04-01'], ['SLaM', '2025-04-01']);
    expect(decideNameOrganisation(name('RV5', SLAM), corrected)).toHaveLength(1);
  });
});

describe('organisation names: history', () => {
  const renamed = namedFrom(
    ['Oxleas NHS Trust', '2001-04-01'],
    ['Oxleas NHS Foundation Trust', '2006-05-01'],
  );

  it('keeps the old name for dates before the rename, the new one from its date', () => {
    expect(nameInForceOn(renamed.namings, '2000-12-31')).toBeNull();
    expect(nameInForceOn(renamed.namings, '2001-04-01')).toBe('Oxleas NHS Trust');
    expect(nameInForceOn(renamed.namings, '2006-04-30')).toBe('Oxleas NHS Trust');
    expect(nameInForceOn(renamed.namings, '2006-05-01')).toBe('Oxleas NHS Foundation Trust');
    expect(nameInForceOn(renamed.namings, '2025-10-15')).toBe('Oxleas NHS Foundation Trust');
  });

  it('lets a rename recorded first but dated later wait for its date (order of dates, not of recording)', () => {
    const backdated = namedFrom(['New', '2025-09-01'], ['Old', '2020-04-01']);
    expect(nameInForceOn(backdated.namings, '2025-08-31')).toBe('Old');
    expect(nameInForceOn(backdated.namings, '2025-09-01')).toBe('New');
  });

  it('gives the correction recorded last for a date', () => {
    const corrected = namedFrom(['Oxleas', '2025-04-01'], ['Oxleas NHS FT', '2025-04-01']);
    expect(nameInForceOn(corrected.namings, '2025-04-01')).toBe('Oxleas NHS FT');
  });
});

describe('organisation names carried on other writes', () => {
  it('records a carried name when none or another is in force that day, nothing when it is the name then', () => {
    expect(decideCarriedName('RV5', ` ${SLAM}`, '2025-04-01', initialOrganisationState())).toEqual([
      {
        type: 'OrganisationNamed',
        data: { odsCode: 'RV5', name: SLAM, effectiveFrom: '2025-04-01' },
      },
    ]);
    const state = namedFrom([SLAM, '2020-04-01']);
    expect(decideCarriedName('RV5', SLAM, '2025-04-01', state)).toEqual([]);
    expect(decideCarriedName('RV5', 'SLaM', '2025-04-01', state)).toHaveLength(1);
  });

  const agreement = (organisationNames: unknown) =>
    ({
      type: 'CreateAgreement',
      data: {
        agreementId: 'a1',
        commissionerCode: '13R',
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG'],
        financialYear: '2025/26',
        serviceLines: ['adult-low-secure'],
        organisationNames,
      },
    }) as never;

  it('checks an agreement’s organisationNames: its own codes only, each an organisation’s name', () => {
    expect(
      decideAgreement(agreement({ RV5: SLAM, RPG: 'Oxleas' }), initialAgreementState(), {
        today: '2025-10-15',
      }),
    ).toHaveLength(1);
    const error = refusal(() =>
      decideAgreement(
        agreement({ NVC01: 'Elsewhere', RPG: ' ', '13R': 'x'.repeat(161) }),
        initialAgreementState(),
        {
          today: '2025-10-15',
        },
      ),
    );
    expect(error.fieldErrors).toEqual([
      {
        field: 'organisationNames.NVC01',
        message:
          'must be the ODS code of the commissioner, the lead provider or a partner provider of this agreement',
      },
      { field: 'organisationNames.RPG', message: 'must not be blank' },
      { field: 'organisationNames.13R', message: 'must be at most 160 characters once trimmed' },
    ]);
    const notAnObject = refusal(() =>
      decideAgreement(agreement(['RV5']), initialAgreementState(), { today: '2025-10-15' }),
    );
    expect(notAnObject.fieldErrors).toEqual([
      { field: 'organisationNames', message: 'must be an object of ODS code → name' },
    ]);
  });

  it('checks a placement’s providerName like any other field of the placement', () => {
    const referred = evolveCase(initialCaseState(), {
      type: 'ReferralRegistered',
      data: {
        caseId: 'c1',
        agreementId: 'a1',
        serviceLine: 'adult-low-secure',
        patientRef: 'PSN-1',
        referralDate: '2025-05-01',
      },
    });
    const start = (providerName: unknown) =>
      ({
        type: 'StartPlacement',
        data: {
          caseId: 'c1',
          placementId: 'p1',
          setting: 'in-area',
          bedType: 'low-secure',
          providerCode: 'RPG',
          dailyRate: '450.00',
          startDate: '2025-06-01',
          distanceFromHomeKm: '5.0',
          providerName,
        },
      }) as never;
    const context = {
      today: '2025-10-15',
      agreement: {
        agreementId: 'a1',
        financialYear: '2025/26',
        serviceLines: ['adult-low-secure'],
        leadProviderCode: 'RV5',
        partnerProviderCodes: ['RPG'],
      },
    } as never;
    expect(decideCase(start('Oxleas NHS FT'), referred, context)).toHaveLength(1);
    expect(decideCase(start(null), referred, context)).toHaveLength(1);
    const error = refusal(() => decideCase(start('\t'), referred, context));
    expect(error.fieldErrors).toEqual([{ field: 'providerName', message: 'must not be blank' }]);
  });
});
