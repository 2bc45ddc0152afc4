import { codesMentioned, withOrganisations } from './report-organisations';

/**
 * Which organisations a report mentions, read from the report itself so that any report, new
 * ones included, is named the same way: its agreement's parties first, then every other code.
 */
describe('codesMentioned', () => {
  const parties = {
    commissionerCode: '13R',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG', 'RQY'],
  };

  it('puts the parties first, then every code of a field ending in Code or Codes, at any depth, in code order', () => {
    const report = {
      agreementId: 'slp',
      lines: [
        { spendToDate: { byProvider: [{ providerCode: 'NVC01' }, { providerCode: 'RPG' }] } },
        { forecast: { activePlacements: [{ providerCode: 'NQ1', oapReasonCode: '123' }] } },
      ],
      partnerProviderCodes: ['RQY', 'ZZ9'],
    };
    expect(codesMentioned(report, parties)).toEqual([
      '13R',
      'RV5',
      'RPG',
      'RQY',
      'NQ1',
      'NVC01',
      'ZZ9',
    ]);
  });

  it('finds the provider of a spend account, and nothing in other accounts or in non-codes', () => {
    const balances = {
      balances: [
        { account: 'spend:adult-low-secure:out-of-area:NVC01' },
        { account: 'budget:adult-low-secure' },
        { account: 'reinvestment:ABC123' },
      ],
      entries: [{ counterAccount: 'spend:adult-low-secure:in-area:RPG' }],
      agreementCode: 'not a code',
    };
    expect(codesMentioned(balances)).toEqual(['NVC01', 'RPG']);
  });

  it('adds the names last, keeping every field of the report', () => {
    const named = withOrganisations({ agreementId: 'slp', knownAt: 3 }, [
      { odsCode: 'RV5', name: null },
    ]);
    expect(Object.keys(named)).toEqual(['agreementId', 'knownAt', 'organisations']);
  });
});
