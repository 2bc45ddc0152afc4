import { agreementListCsv, caseListCsv, csvField, toCsv } from './report-csv';

describe('CSV (RFC 4180)', () => {
  it('leaves plain fields alone and writes null as empty', () => {
    expect(csvField('spend:adult-medium-secure:in-area:RPG')).toBe(
      'spend:adult-medium-secure:in-area:RPG',
    );
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(false)).toBe('false');
  });

  it('quotes commas, quotes and line breaks, doubling quotes inside', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('ends every row, the header included, with CRLF', () => {
    expect(toCsv({ header: ['account', 'balance_gbp'], rows: [['commissioner', '-1.00']] })).toBe(
      'account,balance_gbp\r\ncommissioner,-1.00\r\n',
    );
  });
});

describe('the lists as CSV', () => {
  it('joins an agreement\'s partners and service lines with ";"', () => {
    const csv = toCsv(
      agreementListCsv({
        agreements: [
          {
            agreementId: 'slp-2025-26',
            financialYear: '2025/26',
            commissionerCode: '13R',
            leadProviderCode: 'RV5',
            partnerProviderCodes: ['RPG', 'RQY'],
            serviceLines: ['adult-medium-secure', 'adult-low-secure'],
            savingsHorizonDays: 365,
          },
        ],
      }),
    );
    expect(csv).toBe(
      'agreement_id,financial_year,commissioner_code,lead_provider_code,partner_provider_codes,service_lines,savings_horizon_days\r\n' +
        'slp-2025-26,2025/26,13R,RV5,RPG;RQY,adult-medium-secure;adult-low-secure,365\r\n',
    );
  });

  it('leaves the placement columns empty when no placement is open', () => {
    const base = {
      agreementId: 'slp-2025-26',
      financialYear: '2025/26',
      serviceLine: 'adult-medium-secure',
      patientRef: 'PSN-1',
      referralDate: '2025-05-01',
    };
    const csv = toCsv(
      caseListCsv({
        cases: [
          {
            ...base,
            caseId: 'c1',
            status: 'open',
            currentPlacement: {
              placementId: 'p1',
              setting: 'out-of-area',
              providerCode: 'NVC01',
              dailyRate: '685.50',
              dailyRateFrom: '2025-06-01',
              startDate: '2025-06-01',
            },
            dischargeDate: null,
          },
          {
            ...base,
            caseId: 'c2',
            status: 'discharged',
            currentPlacement: null,
            dischargeDate: '2025-10-01',
          },
        ],
      }),
    );
    expect(csv.split('\r\n')).toEqual([
      'case_id,agreement_id,financial_year,service_line,patient_ref,referral_date,status,placement_id,setting,provider_code,daily_rate_gbp,daily_rate_from,placement_start_date,discharge_date',
      'c1,slp-2025-26,2025/26,adult-medium-secure,PSN-1,2025-05-01,open,p1,out-of-area,NVC01,685.50,2025-06-01,2025-06-01,',
      'c2,slp-2025-26,2025/26,adult-medium-secure,PSN-1,2025-05-01,discharged,,,,,,,2025-10-01',
      '',
    ]);
  });
});
